"""The annual assessment (考核) of units, computed from the figures the program already has.

Each item has a weight and a threshold the Bureau edits (设置 → 考核规则); docs/考核规则.md documents the
default. An item without a denominator for a unit (no concluded case, no hearing …) is "不适用": it scores
nothing and its weight leaves that unit's total, which is scaled to 100 over the applicable weights.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xiangshan_desk.application import stats, supervision
from xiangshan_desk.domain import rules
from xiangshan_desk.application.cases import Actor
from xiangshan_desk.application import audit
from xiangshan_desk.persistence.db import database
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import AssessmentRule, Case, Deadline, Unit

# key, label, weight, threshold, what the threshold means
DEFAULT_RULES = (
    ("loss_rate", "败诉率控制", 25, str(rules.LOSS_RATE_LIMIT), "败诉率低于该值得满分，达到或超过不得分"),
    ("appearance", "负责人出庭率", 20, "", "按出庭率得分（出庭率×权重）"),
    ("principal", "主要负责人应出尽出", 10, "", "应由主要负责人出庭的审级中实际出庭的比例×权重"),
    ("timeliness", "各项期限按期办理", 20, "", "当年到期的备案、名单备案、风险报告、裁判备案、败诉报告按期比例×权重"),
    ("leads", "问责线索", 10, "5", "无线索得满分，每件扣该分值，扣完为止"),
    ("suggestions", "司法建议按期答复", 5, "", "按期答复的比例×权重"),
    ("training", "培训和旁听庭审", 10, "2", "全年参加次数达到该值得满分，不足按比例"),
)
THRESHOLD_NOTES = {key: note for key, _, _, _, note in DEFAULT_RULES}
NOT_APPLICABLE = "不适用"     # an item without a denominator for the unit scores nothing (not a deadline status)
# the deadlines whose lateness the §7 figures count (备案, 名单备案, 风险报告, 裁判备案, 败诉报告)
LATE_KINDS = tuple(stats.OVERDUE_FIGURES.values())


@dataclass(frozen=True)
class Rule:
    key: str
    label: str
    weight: int
    threshold: str
    enabled: bool

    @property
    def note(self) -> str:
        return THRESHOLD_NOTES.get(self.key, "")


def rules() -> list[Rule]:
    """The rules in force, seeding the documented default the first time."""
    if not AssessmentRule.select().exists():
        with database.atomic():
            for order, (key, label, weight, threshold, _) in enumerate(DEFAULT_RULES):
                AssessmentRule.create(key=key, label=label, weight=weight, threshold=threshold, sort_order=order)
    return [Rule(r.key, r.label, r.weight, r.threshold, r.enabled)
            for r in AssessmentRule.select().order_by(AssessmentRule.sort_order)]


def save_rule(actor: Actor, key: str, weight: int, threshold: str, enabled: bool = True) -> None:
    rules()
    row = AssessmentRule.get_or_none(AssessmentRule.key == key)
    if row is None:
        raise AppError(f"没有考核项目 {key}")
    if not 0 <= int(weight) <= 100:
        raise AppError("权重应在 0—100 之间")
    if key in ("loss_rate", "leads", "training"):
        try:
            value = float(threshold)
        except ValueError:
            raise AppError(f"“{row.label}”的参数应为数字（{THRESHOLD_NOTES[key]}）") from None
        if value <= 0:
            raise AppError(f"“{row.label}”的参数应大于 0")
    with database.atomic():
        changes = {}
        for name, value in (("权重", int(weight)), ("参数", threshold), ("启用", bool(enabled))):
            field = {"权重": "weight", "参数": "threshold", "启用": "enabled"}[name]
            if getattr(row, field) != value:
                changes[f"{row.label}{name}"] = (getattr(row, field), value)
                setattr(row, field, value)
        if changes:
            row.save()
            audit.record(actor, "修改", "assessment", row.id, None, changes)


@dataclass(frozen=True)
class ItemScore:
    key: str
    label: str
    weight: int
    score: float | None            # None: 不适用
    how: str                       # how the score was computed, in words

    @property
    def text(self) -> str:
        return NOT_APPLICABLE if self.score is None else f"{self.score:.1f}"


@dataclass(frozen=True)
class UnitScore:
    unit: str
    items: tuple[ItemScore, ...]
    total: float | None             # scaled to 100 over the applicable weights
    rank: int | None = None


def _timeliness(year: int, today: dt.date) -> dict[int, tuple[int, int]]:
    """Per unit id: (deadlines due in the year and settled or past due, of which met on time)."""
    first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    query = (Deadline.select(Case.unit, Deadline.due, Deadline.done, Deadline.missed).join(Case)
             .where(Case.deleted_at.is_null() & Deadline.kind.in_(LATE_KINDS) & Deadline.due.between(first, last)
                    & (Deadline.lapsed == False)  # noqa: E712  (不适用: not owed, not scored)
                    & (Deadline.done.is_null(False) | (Deadline.due < today) | Deadline.missed)))
    counts: dict[int, list[int]] = {}
    for unit_id, due, done, _missed in query.tuples():
        entry = counts.setdefault(unit_id, [0, 0])
        entry[0] += 1
        entry[1] += done is not None and done <= due
    return {k: (v[0], v[1]) for k, v in counts.items()}


def compute(year: int, today: dt.date | None = None) -> list[UnitScore]:
    """Every active unit's score sheet for the year, ranked by total (units with nothing applicable last)."""
    today = today or dt.date.today()
    in_force = [r for r in rules() if r.enabled]
    period = stats.Period.year(year)
    figures = {row.unit_name: row.figures for row in stats.compute(period, today=today).units}
    timely = _timeliness(year, today)
    suggestions = supervision.suggestion_figures(period.start, period.end, today)
    training = supervision.training_by_unit(period.start, period.end)
    sheets = []
    for unit in Unit.select().where(Unit.active == True).order_by(Unit.sort_order, Unit.name):  # noqa: E712
        f = figures.get(unit.name, stats.Figures())
        items = []
        for rule in in_force:
            items.append(_score(rule, f, timely.get(unit.id), suggestions.get(unit.name), training.get(unit.name)))
        applicable = [i for i in items if i.score is not None]
        weights = sum(i.weight for i in applicable)
        total = sum(i.score for i in applicable) / weights * 100 if weights else None
        sheets.append(UnitScore(unit.name, tuple(items), total))
    ordered = sorted((s for s in sheets if s.total is not None), key=lambda s: -s.total)
    ranks = {}
    for position, sheet in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        ranks[sheet.unit] = ranks[previous.unit] if previous and round(previous.total, 6) == round(sheet.total, 6) \
            else position
    return [UnitScore(s.unit, s.items, s.total, ranks.get(s.unit)) for s in
            sorted(sheets, key=lambda s: (s.total is None, ranks.get(s.unit, 0), s.unit))]


def _score(rule: Rule, f: stats.Figures, timely, suggestions, training) -> ItemScore:
    w = rule.weight
    if rule.key == "loss_rate":
        rate, line = f.loss_rate(), float(rule.threshold or rules.LOSS_RATE_LIMIT)
        if rate is None:
            return ItemScore(rule.key, rule.label, w, None, "全年无审结案件")
        score = w if rate < line else 0.0
        return ItemScore(rule.key, rule.label, w, score,
                         f"败诉 {f.count('lost')} / 审结 {f.count('concluded')} = {rate:.1%}，"
                         f"{'低于' if rate < line else '达到或超过'} {line:.0%}")
    if rule.key == "appearance":
        rate = f.appearance_rate()
        if rate is None:
            return ItemScore(rule.key, rule.label, w, None, "全年无开庭审理")
        return ItemScore(rule.key, rule.label, w, rate * w,
                         f"负责人出庭 {f.count('head_appeared')} / 开庭审理 {f.count('heard')} = {rate:.1%} × {w}")
    if rule.key == "principal":
        rate = f.principal_rate()
        if rate is None:
            return ItemScore(rule.key, rule.label, w, None, "全年无应由主要负责人出庭的审级")
        appeared = f.count(stats.PRINCIPAL_BOTH)
        return ItemScore(rule.key, rule.label, w, rate * w,
                         f"主要负责人出庭 {appeared} / 应出庭 {f.count('principal_required')} = {rate:.1%} × {w}")
    if rule.key == "timeliness":
        if not timely or not timely[0]:
            return ItemScore(rule.key, rule.label, w, None, "全年无到期事项")
        total, met = timely
        return ItemScore(rule.key, rule.label, w, met / total * w, f"按期 {met} / 到期 {total} = {met / total:.1%} × {w}")
    if rule.key == "leads":
        per = float(rule.threshold or 5)
        count = f.count("leads")
        score = max(0.0, w - per * count)
        return ItemScore(rule.key, rule.label, w, score, f"问责线索 {count} 件，每件扣 {per:g} 分")
    if rule.key == "suggestions":
        if suggestions is None or not suggestions.received:
            return ItemScore(rule.key, rule.label, w, None, "全年未收到司法建议")
        rate = suggestions.replied_on_time / suggestions.received
        return ItemScore(rule.key, rule.label, w, rate * w,
                         f"按期答复 {suggestions.replied_on_time} / 收到 {suggestions.received} = {rate:.1%} × {w}")
    if rule.key == "training":
        target = float(rule.threshold or 2)
        done = (training.sessions + training.observations) if training else 0
        score = min(1.0, done / target) * w
        return ItemScore(rule.key, rule.label, w, score, f"参加培训和旁听庭审 {done} 次，目标 {target:g} 次")
    return ItemScore(rule.key, rule.label, w, None, "未知的考核项目")


def write_workbook(year: int, path, today: dt.date | None = None):
    """One row per unit, a column per item, total and rank; a second sheet says how each score was computed."""
    from xiangshan_desk.application.documents.excel import SCORE, add_table_sheet, new_workbook, save_workbook
    sheets = compute(year, today)
    in_force = [r for r in rules() if r.enabled]
    workbook = new_workbook()
    headers = ["名次", "单位"] + [f"{r.label}（{r.weight}）" for r in in_force] + ["得分（百分制）"]
    rows = [[s.rank if s.rank is not None else "—", s.unit]
            + [i.score if i.score is not None else NOT_APPLICABLE for i in s.items]
            + [s.total if s.total is not None else NOT_APPLICABLE] for s in sheets]
    add_table_sheet(workbook, "考核得分", f"{year}年度行政应诉工作考核得分", headers, rows,
                    {0: "0", **{index: SCORE for index in range(2, len(headers))}})
    # scores and parameters as numbers (a reader sorts and sums them), "不适用" where there is none
    add_table_sheet(workbook, "计算说明", f"{year}年度考核各项得分的计算", ["单位", "项目", "权重", "得分", "计算"],
                    [[s.unit, i.label, i.weight, i.score if i.score is not None else NOT_APPLICABLE, i.how]
                     for s in sheets for i in s.items], {2: "0", 3: SCORE})
    add_table_sheet(workbook, "考核规则", "考核项目、权重和参数（设置 → 考核规则）", ["项目", "权重", "参数", "说明"],
                    [[r.label, r.weight, _number(r.threshold), r.note] for r in in_force], {1: "0", 2: "General"})
    return save_workbook(workbook, path)


def _number(text: str):
    """A parameter as a number when it is one ("0.08", "30"), else the text as typed."""
    try:
        value = float(text)
    except (TypeError, ValueError):
        return text
    return int(value) if value.is_integer() else value
