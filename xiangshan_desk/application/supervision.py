"""The Bureau's supervision records (notice 二(五), 三): judicial suggestions, typical cases, training and court
observation — their operations, audit trail, and the figures the half-year report needs."""
from __future__ import annotations

import calendar
import enum
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import JOIN

from xiangshan_desk.domain import rules
from xiangshan_desk.application.cases import Actor, apply_changes
from xiangshan_desk.application import audit
from xiangshan_desk.persistence.db import database
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.domain.fields import FieldSpec, clean_values
from xiangshan_desk.persistence.models import Case, JudicialSuggestion, Training, TrainingUnit, TypicalCase, Unit

class TrainingKind(enum.StrEnum):
    TRAINING = "培训"
    HEARING_VISIT = "旁听庭审"


TRAINING_KINDS = tuple(TrainingKind)
SUGGESTION_FIELDS = {
    "received": FieldSpec("收到日期", "date", required=True),
    "court": FieldSpec("法院", "text", max_length=100),
    "unit_id": FieldSpec("涉及单位", "int", required=True),
    "case_id": FieldSpec("来源案件", "int"),
    "summary": FieldSpec("建议内容摘要", "text"),
    "reply_due": FieldSpec("答复期限", "date"),
    "reply_date": FieldSpec("答复日期", "date"),
    "measures": FieldSpec("采取的措施", "text"),
}
TYPICAL_FIELDS = {
    "title": FieldSpec("标题", "text", required=True, max_length=200),
    "summary": FieldSpec("案情简介", "text"),
    "lesson": FieldSpec("启示", "text"),
}
TRAINING_FIELDS = {
    "date": FieldSpec("日期", "date", required=True),
    "kind": FieldSpec("类别", "choice", choices=TRAINING_KINDS, required=True),
    "organiser": FieldSpec("组织单位", "text", max_length=100),
    "topic": FieldSpec("主题", "text", max_length=200),
}
DEFAULT_REPLY_MONTHS = 2


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------------------------------------
# Judicial suggestions


@dataclass(frozen=True)
class SuggestionRow:
    id: int
    received: dt.date
    court: str
    unit: str
    unit_id: int
    case_number: str
    summary: str
    reply_due: dt.date
    reply_date: dt.date | None
    measures: str
    status: rules.Status
    days: int

    @property
    def status_text(self) -> str:
        return {rules.Status.MET: "按期答复"}.get(self.status,
                                                 rules.status_text(self.status, self.days).replace("完成", "答复"))

    @property
    def overdue(self) -> bool:
        return self.status is rules.Status.OVERDUE


def _check_suggestion(values: dict) -> None:
    if values.get("unit_id") is not None and not Unit.select().where(Unit.id == values["unit_id"]).exists():
        raise AppError("涉及单位不存在", "unit_id")
    if values.get("case_id") is not None and not Case.select().where(Case.id == values["case_id"]).exists():
        raise AppError("来源案件不存在", "case_id")
    received, due, reply = values.get("received"), values.get("reply_due"), values.get("reply_date")
    if received and due and due < received:
        raise AppError("答复期限不能早于收到日期", "reply_due")
    if received and reply and reply < received:
        raise AppError("答复日期不能早于收到日期", "reply_date")


def add_suggestion(actor: Actor, values: dict) -> int:
    """Register a judicial suggestion; the reply is due 2 months after receipt unless the court stated a date."""
    cleaned = clean_values(SUGGESTION_FIELDS, values, creating=True)
    if cleaned.get("reply_due") is None:
        cleaned["reply_due"] = add_months(cleaned["received"], DEFAULT_REPLY_MONTHS)
    _check_suggestion(cleaned)
    with database.atomic():
        row = JudicialSuggestion.create(unit=cleaned.pop("unit_id"), case=cleaned.pop("case_id", None), **cleaned)
        audit.record(actor, "新增", "suggestion", row.id, row.case_id,
               {"司法建议": (None, f"{row.received:%Y-%m-%d} {row.court}")})
    return row.id


def update_suggestion(actor: Actor, suggestion_id: int, changes: dict) -> None:
    cleaned = clean_values(SUGGESTION_FIELDS, changes)
    with database.atomic():
        row = JudicialSuggestion.get_or_none(JudicialSuggestion.id == suggestion_id)
        if row is None:
            raise AppError(f"司法建议不存在（编号 {suggestion_id}）")
        _check_suggestion({name: getattr(row, name) for name in SUGGESTION_FIELDS} | cleaned)
        case_id = row.case_id
        diff = apply_changes(row, cleaned, SUGGESTION_FIELDS, None, "司法建议")
        if diff:
            audit.record(actor, "修改", "suggestion", suggestion_id, case_id, diff)


def list_suggestions(first: dt.date | None = None, last: dt.date | None = None,
                     today: dt.date | None = None) -> list[SuggestionRow]:
    """Suggestions received between first and last (all when not given), newest first, with reply status."""
    today = today or dt.date.today()
    query = (JudicialSuggestion.select(JudicialSuggestion, Unit.id, Unit.name, Case.id, Case.current_case_number)
             .join(Unit, on=(JudicialSuggestion.unit == Unit.id)).switch(JudicialSuggestion)
             .join(Case, JOIN.LEFT_OUTER, on=(JudicialSuggestion.case == Case.id), attr="source_case")
             .order_by(JudicialSuggestion.received.desc(), JudicialSuggestion.id.desc()))
    if first is not None:
        query = query.where(JudicialSuggestion.received.between(first, last))
    rows = []
    for s in query:
        status, days = rules.deadline_status(s.reply_due, s.reply_date, today)
        rows.append(SuggestionRow(s.id, s.received, s.court, s.unit.name, s.unit_id,
                                  getattr(getattr(s, "source_case", None), "current_case_number", "") or "",
                                  s.summary, s.reply_due,
                                  s.reply_date, s.measures, status, days))
    return rows


@dataclass(frozen=True)
class SuggestionFigures:
    received: int
    replied: int
    replied_on_time: int


def suggestion_figures(first: dt.date, last: dt.date, today: dt.date | None = None) -> dict[str, SuggestionFigures]:
    """Received / replied / replied on time, per unit name and "合计", for suggestions received in the period."""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for row in list_suggestions(first, last, today):
        for key in (row.unit, "合计"):
            per[key][0] += 1
            per[key][1] += row.reply_date is not None
            per[key][2] += row.status is rules.Status.MET
    return {k: SuggestionFigures(*v) for k, v in per.items()}


# ---------------------------------------------------------------------------------------------
# Typical cases


def mark_typical(actor: Actor, case_id: int, year: int, quarter: int, values: dict) -> int:
    if quarter not in (1, 2, 3, 4):
        raise AppError("季度应为 1—4")
    cleaned = clean_values(TYPICAL_FIELDS, values, creating=True)
    with database.atomic():
        if not Case.select().where(Case.id == case_id).exists():
            raise AppError(f"案件不存在（编号 {case_id}）")
        existing = TypicalCase.get_or_none(TypicalCase.case == case_id)
        if existing is not None:
            raise AppError(f"该案件已是{existing.year}年第{existing.quarter}季度的典型案例，不能重复选入")
        row = TypicalCase.create(case=case_id, year=year, quarter=quarter, **cleaned)
        audit.record(actor, "选为典型案例", "typical", row.id, case_id,
               {"典型案例": (None, f"{year}年第{quarter}季度：{row.title}")})
    return row.id


def unmark_typical(actor: Actor, case_id: int) -> None:
    with database.atomic():
        row = TypicalCase.get_or_none(TypicalCase.case == case_id)
        if row is None:
            raise AppError("该案件不是典型案例")
        audit.record(actor, "取消典型案例", "typical", row.id, case_id, {"典型案例": (row.title, None)})
        row.delete_instance()


@dataclass(frozen=True)
class TypicalRow:
    case_id: int
    case_number: str
    unit: str
    title: str
    summary: str
    lesson: str
    outcome: str
    year: int
    quarter: int


def typical_cases(year: int, quarter: int | None = None) -> list[TypicalRow]:
    query = (TypicalCase.select(TypicalCase, Case.current_case_number, Case.outcome, Unit.name)
             .join(Case).join(Unit).where(TypicalCase.year == year).order_by(TypicalCase.quarter, TypicalCase.id))
    if quarter is not None:
        query = query.where(TypicalCase.quarter == quarter)
    return [TypicalRow(t.case_id, t.case.current_case_number, t.case.unit.name, t.title, t.summary, t.lesson,
                       t.case.outcome or "尚未生效", t.year, t.quarter) for t in query]


# ---------------------------------------------------------------------------------------------
# Training and court observation


def add_training(actor: Actor, date, kind: str, organiser: str, topic: str,
                 participants: list[tuple[int, int, int]]) -> int:
    """A session with its participating units: (unit id, people, of whom heads)."""
    values = clean_values(TRAINING_FIELDS, {"date": date, "kind": kind, "organiser": organiser, "topic": topic},
                          creating=True)
    if not participants:
        raise AppError("请至少填写一个参加单位")
    seen = set()
    for unit_id, people, heads in participants:
        if unit_id in seen:
            raise AppError("同一单位只能填写一次")
        seen.add(unit_id)
        if not Unit.select().where(Unit.id == unit_id).exists():
            raise AppError("参加单位不存在")
        if people < 1 or heads < 0 or heads > people:
            raise AppError("参加人数至少为 1，其中负责人数不能超过参加人数")
    with database.atomic():
        row = Training.create(**values)
        for unit_id, people, heads in participants:
            TrainingUnit.create(training=row, unit=unit_id, people=people, heads=heads)
        audit.record(actor, "新增", "training", row.id, None,
               {values["kind"]: (None, f"{values['date']:%Y-%m-%d} {values['topic']}（{len(participants)}个单位）")})
    return row.id


@dataclass(frozen=True)
class TrainingRow:
    id: int
    date: dt.date
    kind: str
    organiser: str
    topic: str
    units: int
    people: int
    heads: int


def list_trainings(year: int | None = None) -> list[TrainingRow]:
    query = Training.select().order_by(Training.date.desc())
    if year is not None:
        query = query.where(Training.date.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    rows = []
    for t in query:
        parts = list(t.participants)
        rows.append(TrainingRow(t.id, t.date, t.kind, t.organiser, t.topic, len(parts),
                                sum(p.people for p in parts), sum(p.heads for p in parts)))
    return rows


@dataclass(frozen=True)
class TrainingFigures:
    sessions: int
    observations: int
    people: int
    heads: int


def training_by_unit(first: dt.date, last: dt.date) -> dict[str, TrainingFigures]:
    """Per unit name (and "合计"): training sessions, court observations, people and heads taking part."""
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    sessions: dict[str, set[int]] = defaultdict(set)
    query = (TrainingUnit.select(TrainingUnit, Training.id, Training.kind, Unit.name).join(Training)
             .switch(TrainingUnit).join(Unit).where(Training.date.between(first, last)))
    for part in query:
        per[part.unit.name][0 if part.training.kind == TrainingKind.TRAINING else 1] += 1
        sessions[part.training.kind].add(part.training.id)
        for key in (part.unit.name, "合计"):
            per[key][2] += part.people
            per[key][3] += part.heads
    if per:
        per["合计"][0], per["合计"][1] = len(sessions[TrainingKind.TRAINING]), len(sessions[TrainingKind.HEARING_VISIT])
    return {k: TrainingFigures(*v) for k, v in per.items()}
