"""Frozen reported figures (报送, rules.md §7 2026-12): store a period's figures as reported, list what changed since.

A period's statistics are always computed afresh; a frozen version keeps every count per unit and for the county,
the counted items behind each, the basis, the time and the operator, so that every place showing the period can
offer the figures as reported and list each difference (figure, unit, case, and the change behind it from the
audit trail). Freezing again adds a version; nothing ever changes a stored version.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from peewee import fn

from xiangshan_desk.application import stats
from xiangshan_desk.application.audit import AUDIT_ENTITIES
from xiangshan_desk.application.cases import Actor
from xiangshan_desk.application import audit
from xiangshan_desk.persistence.db import database
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import AuditEntry, Case, FrozenReport
from xiangshan_desk.application.stats import Period, Statistics

ENTITY = "frozen_report"


@dataclass(frozen=True)
class Frozen:
    """One stored version of a period's reported figures."""

    id: int
    period: Period
    version: int
    basis: str
    frozen_at: dt.datetime
    computed_for: dt.date
    operator: str
    note: str
    units: tuple[tuple[int | None, str, dict], ...]     # (unit id, name as reported, counts)
    county: dict
    co_defendant_note: str
    case_lists: dict                                     # scope ("county" or unit id as text) -> key -> items

    def table(self, keys: tuple[str, ...] = stats.QUARTERLY_COLUMNS, include=None) -> stats.UnitTable:
        """The unit table exactly as reported."""
        return stats.table_from_counts([(name, counts, uid) for uid, name, counts in self.units], self.county,
                                       self.basis, keys, self.co_defendant_note, include)

    def lines(self, unit_id: int | None, key: str) -> list[stats.CaseLine]:
        """The cases behind one reported figure of a unit (None: 合计) as they were reported: the case lists
        stored with the version, with the 案号 and the unit as reported, never the cases counted today."""
        scope = "county" if unit_id is None else str(unit_id)
        items = self.case_lists.get(scope, {}).get(key, [])
        names = {str(uid): name for uid, name, _ in self.units}
        rank = {name: index for index, (_, name, _) in enumerate(self.units)}
        unit_of = {}
        for unit_scope, lists in self.case_lists.items():
            if unit_scope != "county":
                for listed in lists.values():
                    unit_of.update({item[0]: names.get(unit_scope, "") for item in listed})
        ids = [item[0] for item in items]
        # the plaintiffs are the case's own (not a figure; the lists stored none)
        plaintiffs = dict(Case.select(Case.id, Case.plaintiffs).where(Case.id.in_(ids)).tuples()) if ids else {}
        found = [stats.CaseLine(case_id, number, unit_of.get(case_id, ""), stats.detail_text(detail or ""),
                                plaintiffs.get(case_id, "") or "")
                 for case_id, _proceeding_id, number, detail in items]
        return sorted(found, key=lambda line: (rank.get(line.unit, len(rank)), line.case_number))

    @property
    def caption(self) -> str:
        who = f"，{self.operator}" if self.operator else ""
        return f"第{self.version}版（{self.frozen_at:%Y-%m-%d %H:%M}报送{who}）"


def _items(refs: list[stats.Ref], result: Statistics) -> list[list]:
    return [[ref.case_id, ref.proceeding_id, result.number_of(ref), ref.detail] for ref in refs]


def freeze(actor: Actor, period: Period, basis: str = stats.BASIS_ALL, note: str = "",
           today: dt.date | None = None) -> Frozen:
    """报送并冻结: store the period's figures as they are now, as a new version; recorded in the history."""
    result = stats.compute(period, basis, today)
    units = [[row.unit_id, row.unit_name, row.figures.counts] for row in result.units if row.figures.any()]
    lists = {"county": {key: _items(refs, result) for key, refs in result.county.items.items() if refs}}
    for row in result.units:
        if row.figures.any():
            lists[str(row.unit_id)] = {key: _items(refs, result) for key, refs in row.figures.items.items() if refs}
    with database.atomic():
        latest = (FrozenReport.select(FrozenReport.version)
                  .where((FrozenReport.start == period.start) & (FrozenReport.end == period.end))
                  .order_by(FrozenReport.version.desc()).first())
        version = latest.version + 1 if latest else 1
        row = FrozenReport.create(
            period_label=period.label, start=period.start, end=period.end, version=version, basis=basis,
            frozen_at=dt.datetime.now().replace(microsecond=0), computed_for=result.today,
            operator=actor.operator, os_user=actor.os_user, note=note,
            figures=json.dumps({"units": units, "county": result.county.counts,
                                "co_defendant_note": result.co_defendant_note}, ensure_ascii=False),
            case_lists=json.dumps(lists, ensure_ascii=False))
        audit.record(actor, "报送并冻结", ENTITY, row.id, None,
               {"统计期间": (None, f"{period.label}（第{version}版，{stats.BASIS_LABELS[basis]}）"),
                **({"说明": (None, note)} if note else {})})
    return _load(row)


def _load(row: FrozenReport) -> Frozen:
    figures = json.loads(row.figures)
    frozen_at = row.frozen_at if isinstance(row.frozen_at, dt.datetime) else dt.datetime.fromisoformat(str(row.frozen_at))
    return Frozen(row.id, Period(_date(row.start), _date(row.end), row.period_label), row.version, row.basis,
                  frozen_at, _date(row.computed_for), row.operator, row.note,
                  tuple((uid, name, counts) for uid, name, counts in figures["units"]), figures["county"],
                  figures.get("co_defendant_note", ""), json.loads(row.case_lists))


def _date(value) -> dt.date:
    return dt.date.fromisoformat(str(value)[:10]) if not isinstance(value, dt.date) else value


def versions(period: Period) -> list[Frozen]:
    """The period's frozen versions, oldest first."""
    return [_load(row) for row in FrozenReport.select()
            .where((FrozenReport.start == period.start) & (FrozenReport.end == period.end))
            .order_by(FrozenReport.version)]


def latest(period: Period) -> Frozen | None:
    found = versions(period)
    return found[-1] if found else None


def get(period: Period, version: int | None = None) -> Frozen:
    """The version asked for (the latest when None); refused when the period was never frozen."""
    found = versions(period)
    if not found:
        raise AppError(f"{period.label}尚未报送冻结（报表页“报送并冻结…”或 python -m xiangshan_desk freeze）。")
    if version is None:
        return found[-1]
    for frozen in found:
        if frozen.version == version:
            return frozen
    raise AppError(f"{period.label}没有第{version}版报送数据（共{len(found)}版）。")


# ---------------------------------------------------------------------------------------------
# Differences from the frozen version


@dataclass(frozen=True)
class Difference:
    figure: str             # 收案数 …
    unit: str               # a unit, or 合计
    old: int
    new: int
    case_id: int | None
    case_number: str
    change: str             # 新计入 / 不再计入 / "" (the count alone changed)
    cause: str              # the audit trail's changes to the case since the freeze

    @property
    def text(self) -> str:
        case = f"，{self.case_number}{self.change}" if self.case_number else ""
        cause = f"（{self.cause}）" if self.cause else ""
        return f"{self.unit}{self.figure}：{self.old} → {self.new}{case}{cause}"


def differences(frozen: Frozen, result: Statistics) -> list[Difference]:
    """Every figure of every unit (and 合计) that differs from the frozen version, case by case, each with the
    changes the audit trail recorded for that case after the freeze."""
    now_units = {row.unit_id: row for row in result.units}
    scopes: list[tuple[str, str, dict, dict[str, list]]] = []
    reported = {uid: (name, counts) for uid, name, counts in frozen.units}
    for uid in [uid for uid, _, _ in frozen.units] + [row.unit_id for row in result.units
                                                     if row.figures.any() and row.unit_id not in reported]:
        name, counts = reported.get(uid, (now_units[uid].unit_name if uid in now_units else "", {}))
        scopes.append((str(uid), name, counts, now_units[uid].figures if uid in now_units else None))
    scopes.append(("county", "合计", frozen.county, result.county))
    found: list[Difference] = []
    causes: dict[int, str] = {}
    changed_cases: set[int] = set()
    pending: list[tuple] = []
    for scope, name, old_counts, figures in scopes:
        old_lists = frozen.case_lists.get(scope, {})
        for key, label in stats.COUNT_LABELS.items():
            old = int(old_counts.get(key, 0))
            new = figures.count(key) if figures is not None else 0
            # 合计 counts a co-defendant lawsuit once, through whichever co-defendant comes first: the lawsuit is
            # the same when another co-defendant's case stands for it now
            by_number = scope == "county" and key in stats.PER_LAWSUIT
            # an item's detail tells deadlines apart; elsewhere it is the outcome, which may change while the case
            # stays counted
            deadline = key in stats.OVERDUE_FIGURES
            old_items = {((i[2],) if by_number else (i[0], i[1], i[3] if deadline else "")): (i[2], i[0])
                         for i in old_lists.get(key, [])}
            new_items = ({((result.number_of(r),) if by_number
                           else (r.case_id, r.proceeding_id, r.detail if deadline else "")):
                          (result.number_of(r), r.case_id) for r in figures.items[key]}
                         if figures is not None and (old != new or old_items) else {})
            if old == new and set(old_items) == set(new_items):
                continue
            gone = [(k, old_items[k], "不再计入") for k in old_items if k not in new_items]
            added = [(k, new_items[k], "新计入") for k in new_items if k not in old_items]
            if not gone and not added:
                pending.append((label, name, old, new, None, "", ""))
            for _key, (number, case_id), change in sorted(gone + added, key=lambda item: item[1]):
                changed_cases.add(case_id)
                pending.append((label, name, old, new, case_id, number, change))
    if changed_cases:
        causes = _causes(changed_cases, frozen)
    for label, name, old, new, case_id, number, change in pending:
        found.append(Difference(label, name, old, new, case_id, number, change,
                                causes.get(case_id, "") if case_id is not None else ""))
    return found


def _causes(case_ids: set[int], frozen: Frozen) -> dict[int, str]:
    """case id -> the changes recorded for it after the freeze (field: old → new), or why it was counted anew."""
    # after the freeze's own history entry (times alone cannot order entries written within one second)
    mark = (AuditEntry.select(fn.MAX(AuditEntry.id))
            .where((AuditEntry.entity == ENTITY) & (AuditEntry.entity_id == frozen.id)).scalar())
    after = AuditEntry.id > mark if mark is not None else AuditEntry.at >= frozen.frozen_at
    entries: dict[int, list[str]] = {}
    for entry in (AuditEntry.select().where(AuditEntry.case_id.in_(list(case_ids)) & after)
                  .order_by(AuditEntry.id)):
        what = AUDIT_ENTITIES.get(entry.entity, entry.entity)
        if entry.field:
            text = f"{stats.chinese_date(entry.at.date())} {entry.operator} {entry.action}{what}{entry.field}：" \
                   f"{entry.old_value or '空'} → {entry.new_value or '空'}"
        else:
            text = f"{stats.chinese_date(entry.at.date())} {entry.operator} {entry.action}{what}"
        entries.setdefault(entry.case_id, []).append(text)
    result = {}
    for case_id in case_ids:
        texts = entries.get(case_id)
        result[case_id] = "；".join(texts[-5:]) if texts else "历史记录中没有报送后的修改（期限、节假日安排或日期推移所致）"
    return result
