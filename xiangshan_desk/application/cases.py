"""The operations a clerk performs on cases, with validation, one transaction each, the audit trail,
and the stored deadlines kept current. Returns frozen dataclasses, never peewee rows."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from peewee import fn

from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import WorkCalendar, weekday_name
from xiangshan_desk.persistence.db import database
from xiangshan_desk.domain.errors import AppError, ConflictError
from xiangshan_desk.domain.fields import LINE, FieldSpec, clean_values
from xiangshan_desk.persistence.models import (AuditEntry, Case, Hearing, PerformanceRecord,
                     Proceeding, RiskRecord, Unit)
from xiangshan_desk.application import audit, identity
from xiangshan_desk.application.facts import case_facts
from xiangshan_desk.application.projection import refresh_deadlines
from xiangshan_desk.application.session import Actor, load_calendar  # noqa: F401  (part of this module's interface)


# ---------------------------------------------------------------------------------------------
# Field specifications: what a clerk may set, its type, its Chinese label, its closed list

CASE_FIELDS = {
    "unit_id": FieldSpec("被告单位", "int", required=True),
    "cause": FieldSpec("案由", "text", max_length=LINE, single_line=True),
    "plaintiffs": FieldSpec("原告", "text"),
    "major_fault": FieldSpec("重大过错", "bool"),
    "major_fault_reason": FieldSpec("重大过错理由", "text"),
    "loss_report_submitted": FieldSpec("败诉报告提交日期", "date"),
    "co_defendant_group": FieldSpec("共同被告关联号", "text", max_length=LINE, single_line=True),
    "notes": FieldSpec("备注", "text"),
}

PROCEEDING_FIELDS = {
    "level": FieldSpec("审级", "choice", choices=rules.PROCEEDING_LEVELS, required=True),
    "case_number": FieldSpec("案号", "text", max_length=LINE, single_line=True, required=True),
    "court": FieldSpec("法院", "text", max_length=LINE, single_line=True),
    "parent_id": FieldSpec("原审", "int"),
    "complaint_received": FieldSpec("收到起诉状副本日期", "date"),
    "defense_submitted": FieldSpec("答辩状提交日期", "date"),
    "defense_submission": FieldSpec("答辩状提交方式", "choice", choices=rules.SUBMISSION_WAYS),
    "filing_received": FieldSpec("备案日期", "date"),
    "filing_submission": FieldSpec("备案方式", "choice", choices=rules.SUBMISSION_WAYS),
    "tracking_numbers": FieldSpec("邮寄单号", "text", max_length=LINE, single_line=True),
    "filing_complete": FieldSpec("备案材料齐全", "bool"),
    "forwarded": FieldSpec("转报日期", "date"),
    "summons_received": FieldSpec("收到开庭传票日期", "date"),
    "head_list_filed": FieldSpec("出庭名单备案日期", "date"),
    "judgment_received": FieldSpec("收到裁判文书日期", "date"),
    "judgment_served": FieldSpec("裁判文书送达日期", "date"),
    "judgment_kind": FieldSpec("文书类型", "choice", choices=rules.JUDGMENT_KINDS, default=rules.JUDGMENT),
    "judgment_filed": FieldSpec("裁判文书备案日期", "date"),
    "decision": FieldSpec("裁判结果", "choice", choices=rules.APPELLATE_DECISIONS + rules.OUTCOMES),
    "decision_reasons": FieldSpec("法院裁判理由", "text"),
    "effective_date": FieldSpec("生效日期", "date"),
    # (2026-12) who must appear is decided per proceeding (rules.md §4); a new proceeding starts with these values
    "plaintiff_count": FieldSpec("原告人数", "int", minimum=1, maximum=1_000_000, default=1),
    "major_public_interest": FieldSpec("涉及重大公共利益", "bool"),
    "high_attention": FieldSpec("社会高度关注", "bool"),
    "high_risk": FieldSpec("败诉风险较高", "bool"),
    "written_recommendation": FieldSpec("书面建议主要负责人出庭", "bool"),
}

HEARING_FIELDS = {
    "date": FieldSpec("开庭日期", "date", required=True),
    "place": FieldSpec("开庭地点", "text", max_length=LINE, single_line=True),
    "attendee": FieldSpec("出庭人员", "text", max_length=LINE, single_line=True),
    "attendee_post": FieldSpec("职务", "text", max_length=LINE, single_line=True),
    "role": FieldSpec("出庭人员身份", "choice", choices=rules.APPEARANCE_ROLES),
    "left_without_permission": FieldSpec("中途退庭", "bool"),
    "absence_reason": FieldSpec("未出庭正当理由", "text"),
}

RISK_FIELDS = {
    "found_date": FieldSpec("风险发现日期", "date", required=True),
    "source": FieldSpec("风险来源", "choice", choices=rules.RISK_SOURCES, required=True),
    "report_filed": FieldSpec("风险报告备案日期", "date"),
    "basic_facts": FieldSpec("案件基本情况", "text"),
    "risk_points": FieldSpec("败诉风险点分析", "text"),
    "measures": FieldSpec("下一步工作措施", "text"),
    "resolution_plan": FieldSpec("争议化解方案", "text"),
}

# Pairs (earlier, later) that cannot be the other way round: a refusal, not a warning.
PROCEEDING_ORDER = (
    ("complaint_received", "filing_received"),
    ("complaint_received", "defense_submitted"),
    ("complaint_received", "judgment_received"),
    ("complaint_received", "judgment_served"),
    ("filing_received", "forwarded"),
    ("summons_received", "head_list_filed"),
    ("judgment_received", "judgment_filed"),
    ("judgment_received", "effective_date"),
)
FUTURE_WARNING_DAYS = 366


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Saved:
    """What an operation saved, with the warnings the clerk should see (nothing was refused)."""

    id: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class HearingRecord:
    id: int
    date: dt.date
    place: str
    attendee: str
    attendee_post: str
    role: str | None
    left_without_permission: bool
    absence_reason: str


@dataclass(frozen=True)
class PerformanceItem:
    id: int
    date: dt.date
    state: str
    note: str


@dataclass(frozen=True)
class ProceedingDetail:
    facts: rules.ProceedingFacts
    version: int
    court: str
    values: dict                       # every PROCEEDING_FIELDS value, as stored
    risk: dict | None                  # every RISK_FIELDS value, or None without a risk record
    hearings: tuple[HearingRecord, ...]
    deadlines: tuple[rules.DeadlineState, ...]
    compliance: rules.Compliance

    @property
    def title(self) -> str:
        return f"{self.facts.level} {self.facts.case_number}"


@dataclass(frozen=True)
class CaseDetail:
    id: int
    unit_id: int
    unit_name: str
    facts: rules.CaseFacts
    values: dict                       # every CASE_FIELDS value, as stored
    version: int
    proceedings: tuple[ProceedingDetail, ...]
    performance: tuple[PerformanceItem, ...]
    outcome: rules.Outcome | None
    lead: rules.Lead | None
    deleted: bool
    audit_mark: int = 0                # the newest audit entry of the case when it was read


def case_detail(case_id: int, today: dt.date | None = None, cal: WorkCalendar | None = None) -> CaseDetail:
    """Everything the case editor shows: facts, deadlines with status, appearance, outcome, lead."""
    today = today or dt.date.today()
    cal = cal or load_calendar()
    case = Case.get_or_none(Case.id == case_id)
    if case is None:
        raise AppError(f"案件不存在（编号 {case_id}）")
    facts = case_facts(case_id)
    states = rules.case_deadlines(cal, facts, today)
    rows = {p.id: p for p in Proceeding.select().where(Proceeding.case == case_id)}
    risks = {r.proceeding_id: r for r in RiskRecord.select().where(RiskRecord.proceeding.in_(list(rows)))}
    hearings: dict[int, list[HearingRecord]] = defaultdict(list)
    for h in Hearing.select().where(Hearing.proceeding.in_(list(rows))).order_by(Hearing.date, Hearing.id):
        hearings[h.proceeding_id].append(HearingRecord(h.id, h.date, h.place, h.attendee, h.attendee_post, h.role,
                                                       h.left_without_permission, h.absence_reason))
    details = []
    for p in facts.proceedings:
        row = rows[p.id]
        risk = risks.get(p.id)
        details.append(ProceedingDetail(
            p, row.version, row.court, {name: getattr(row, name) for name in PROCEEDING_FIELDS},
            {name: getattr(risk, name) for name in RISK_FIELDS} if risk else None, tuple(hearings[p.id]),
            tuple(s for s in states if s.proceeding_id == p.id), rules.appearance_compliance(facts, p, today)))
    performance = tuple(PerformanceItem(r.id, r.date, r.state, r.note) for r in PerformanceRecord.select()
                        .where(PerformanceRecord.case == case_id).order_by(PerformanceRecord.date, PerformanceRecord.id))
    values = {name: getattr(case, name) for name in CASE_FIELDS}
    mark = AuditEntry.select(fn.MAX(AuditEntry.id)).where(AuditEntry.case_id == case_id).scalar() or 0
    return CaseDetail(case.id, case.unit_id, case.unit.name, facts, values, case.version, tuple(details),
                      performance, rules.final_outcome(facts.proceedings, today),
                      rules.accountability_lead(cal, facts, today), case.deleted_at is not None, mark)


def changes_since(case_id: int, mark: int) -> list[str]:
    """What others recorded on the case after ``mark`` (an audit entry id), as lines a clerk reads."""
    entries = (AuditEntry.select().where((AuditEntry.case_id == case_id) & (AuditEntry.id > mark))
               .order_by(AuditEntry.id))
    lines = []
    for e in entries:
        who = e.operator or e.os_user or "（未署名）"
        what = f"{e.field}：{e.old_value or '（空）'} → {e.new_value or '（空）'}" if e.field else ""
        lines.append(f"{who} {e.at:%m-%d %H:%M} {e.action} {what}".rstrip())
    return lines


# ---------------------------------------------------------------------------------------------
# Validation shared by create and update


def check_proceeding(values: dict, today: dt.date) -> list[str]:
    """Refuse impossible date orders; return warnings for unusual but possible values."""
    for earlier, later in PROCEEDING_ORDER:
        a, b = values.get(earlier), values.get(later)
        if a is not None and b is not None and b < a:
            raise AppError(f"{PROCEEDING_FIELDS[later].label}（{b:%Y-%m-%d}）不能早于"
                           f"{PROCEEDING_FIELDS[earlier].label}（{a:%Y-%m-%d}）", later)
    warnings = []
    for name, spec in PROCEEDING_FIELDS.items():
        value = values.get(name)
        if spec.kind == "date" and value is not None and (value - today).days > FUTURE_WARNING_DAYS:
            warnings.append(f"{spec.label}（{value:%Y-%m-%d}）在一年以后，请确认")
    number = rules.parse_case_number(values.get("case_number") or "")
    if number.warning:
        warnings.append(number.warning)
    return warnings


def _normalise_case_number(values: dict) -> None:
    if "case_number" in values:
        values["case_number"] = rules.parse_case_number(values["case_number"]).text


def _require_unit(unit_id: int) -> Unit:
    unit = Unit.get_or_none(Unit.id == unit_id)
    if unit is None:
        raise AppError(f"被告单位不存在（编号 {unit_id}）", "unit_id")
    return unit


# ---------------------------------------------------------------------------------------------
# Operations


def create_case(actor: Actor, case: dict, proceeding: dict, today: dt.date | None = None) -> Saved:
    """Register a case with its first proceeding (usually when a complaint copy arrives)."""
    today = today or dt.date.today()
    case_values = clean_values(CASE_FIELDS, case, creating=True)
    proc_values = clean_values(PROCEEDING_FIELDS, {"level": rules.LEVEL_FIRST, **proceeding}, creating=True)
    _normalise_case_number(proc_values)
    warnings = check_proceeding(proc_values, today)
    unit = _require_unit(case_values.pop("unit_id"))
    with database.atomic():
        identity.check_number_free(unit.id, proc_values["case_number"])
        row = Case.create(unit=unit, created_by=actor.operator, **case_values)
        proc = Proceeding.create(case=row, parent=proc_values.pop("parent_id", None), **proc_values)
        audit.record(actor, "新增", "case", row.id, row.id,
               {"被告单位": (None, unit.name), "案号": (None, proc.case_number)})
        refresh_deadlines([row.id])
    return Saved(row.id, tuple(warnings))


def update_case(actor: Actor, case_id: int, changes: dict, expected_version: int | None = None) -> Saved:
    values = clean_values(CASE_FIELDS, changes)
    with database.atomic():
        row = Case.get_or_none(Case.id == case_id)
        if row is None:
            raise AppError(f"案件不存在（编号 {case_id}）")
        if "unit_id" in values:
            _require_unit(values["unit_id"])
            if values["unit_id"] != row.unit_id:
                identity.check_case_free(row.id, values["unit_id"])
        diff = apply_changes(row, values, CASE_FIELDS, expected_version, "案件")
        if diff:
            audit.record(actor, "修改", "case", row.id, row.id, diff)
            refresh_deadlines([row.id])
    return Saved(row.id)


def add_proceeding(actor: Actor, case_id: int, values: dict, today: dt.date | None = None) -> Saved:
    """Add a 二审 / 再审 (or a new 一审 after 发回重审) to the case, linked to the earlier proceeding."""
    today = today or dt.date.today()
    proc_values = clean_values(PROCEEDING_FIELDS, values, creating=True)
    _normalise_case_number(proc_values)
    warnings = check_proceeding(proc_values, today)
    with database.atomic():
        case = Case.get_or_none(Case.id == case_id)
        if case is None:
            raise AppError(f"案件不存在（编号 {case_id}）")
        identity.check_number_free(case.unit_id, proc_values["case_number"])
        parent_id = proc_values.pop("parent_id", None)
        if parent_id is None:
            last = (Proceeding.select().where(Proceeding.case == case_id)
                    .order_by(Proceeding.id.desc()).first())
            parent_id = last.id if last else None
        elif not Proceeding.select().where((Proceeding.id == parent_id) & (Proceeding.case == case_id)).exists():
            raise AppError("原审不属于本案件", "parent_id")
        if parent_id is not None:
            # a new proceeding starts with the previous one's appearance facts, unless given (rules.md §4 2026-12)
            parent = Proceeding.get_by_id(parent_id)
            for name in rules.APPEARANCE_FACTS:
                if name not in values:
                    proc_values[name] = getattr(parent, name)
        proc = Proceeding.create(case=case, parent=parent_id, **proc_values)
        audit.record(actor, "新增", "proceeding", proc.id, case_id,
               {"审级": (None, proc.level), "案号": (None, proc.case_number)})
        refresh_deadlines([case_id])
    return Saved(proc.id, tuple(warnings))


def update_proceeding(actor: Actor, proceeding_id: int, changes: dict, expected_version: int | None = None,
                      today: dt.date | None = None) -> Saved:
    today = today or dt.date.today()
    values = clean_values(PROCEEDING_FIELDS, changes)
    _normalise_case_number(values)
    with database.atomic():
        row = Proceeding.get_or_none(Proceeding.id == proceeding_id)
        if row is None:
            raise AppError(f"审级记录不存在（编号 {proceeding_id}）")
        if "case_number" in values and values["case_number"] != row.case_number:
            identity.check_number_free(row.case.unit_id, values["case_number"], proceeding_id=row.id)
        merged = {name: getattr(row, name) for name in PROCEEDING_FIELDS} | values
        warnings = check_proceeding(merged, today) if values else []
        diff = apply_changes(row, values, PROCEEDING_FIELDS, expected_version, "审级记录")
        if diff:
            audit.record(actor, "修改", "proceeding", row.id, row.case_id, diff)
            refresh_deadlines([row.case_id])
    return Saved(row.id, tuple(w for w in warnings if "案号" not in w or "case_number" in values))


def add_hearing(actor: Actor, proceeding_id: int, values: dict) -> Saved:
    hearing_values = clean_values(HEARING_FIELDS, values, creating=True)
    with database.atomic():
        proc = Proceeding.get_or_none(Proceeding.id == proceeding_id)
        if proc is None:
            raise AppError(f"审级记录不存在（编号 {proceeding_id}）")
        warnings = _check_hearing(hearing_values, proc.case.unit.kind, proc)
        row = Hearing.create(proceeding=proc, **hearing_values)
        audit.record(actor, "新增", "hearing", row.id, proc.case_id,
               {HEARING_FIELDS[k].label: (None, v) for k, v in hearing_values.items() if v not in (None, "", False)})
        refresh_deadlines([proc.case_id])
    return Saved(row.id, tuple(warnings))


def update_hearing(actor: Actor, hearing_id: int, changes: dict) -> Saved:
    values = clean_values(HEARING_FIELDS, changes)
    with database.atomic():
        row = Hearing.get_or_none(Hearing.id == hearing_id)
        if row is None:
            raise AppError(f"开庭记录不存在（编号 {hearing_id}）")
        warnings = _check_hearing({name: getattr(row, name) for name in HEARING_FIELDS} | values,
                                  row.proceeding.case.unit.kind, row.proceeding)
        diff = apply_changes(row, values, HEARING_FIELDS, None, "开庭记录")
        case_id = row.proceeding.case_id
        if diff:
            audit.record(actor, "修改", "hearing", row.id, case_id, diff)
            refresh_deadlines([case_id])
    return Saved(row.id, tuple(warnings) if "date" in values else ())


def delete_hearing(actor: Actor, hearing_id: int) -> None:
    with database.atomic():
        row = Hearing.get_or_none(Hearing.id == hearing_id)
        if row is None:
            raise AppError(f"开庭记录不存在（编号 {hearing_id}）")
        case_id = row.proceeding.case_id
        audit.record(actor, "删除", "hearing", row.id, case_id, {"开庭日期": (row.date, None)})
        row.delete_instance()
        refresh_deadlines([case_id])


def _check_hearing(values: dict, unit_kind: str, proceeding: Proceeding | None = None) -> list[str]:
    """Refuse an impossible hearing; return warnings for an unusual one (a rest day)."""
    refusal = rules.role_refusal(values.get("role"), unit_kind)
    if refusal:
        raise AppError(refusal, "role")
    day = values.get("date")
    received = proceeding.complaint_received if proceeding is not None else None
    if day is not None and received is not None and day < received:
        label = "收到上诉状副本日期" if proceeding.level == rules.LEVEL_SECOND else "收到起诉状副本日期"
        raise AppError(f"开庭日期（{day:%Y-%m-%d}）不能早于{label}（{received:%Y-%m-%d}）", "date")
    warnings = []
    if day is not None and not load_calendar().is_working(day):
        warnings.append(f"开庭日期（{day:%Y-%m-%d} {weekday_name(day)}）是休息日，请核对")
    if values.get("left_without_permission") and values.get("role") in (None, rules.ROLE_ABSENT):
        raise AppError("未出庭的开庭记录不能同时记为中途退庭", "left_without_permission")
    return warnings


def set_risk(actor: Actor, proceeding_id: int, values: dict) -> Saved:
    """Record (or update) the loss risk found in a proceeding and its report."""
    with database.atomic():
        proc = Proceeding.get_or_none(Proceeding.id == proceeding_id)
        if proc is None:
            raise AppError(f"审级记录不存在（编号 {proceeding_id}）")
        row = RiskRecord.get_or_none(RiskRecord.proceeding == proceeding_id)
        risk_values = clean_values(RISK_FIELDS, values, creating=row is None)
        found = risk_values.get("found_date", row.found_date if row else None)
        filed = risk_values.get("report_filed", row.report_filed if row else None)
        if found and filed and filed < found:
            raise AppError(f"风险报告备案日期（{filed:%Y-%m-%d}）不能早于风险发现日期（{found:%Y-%m-%d}）",
                           "report_filed")
        if row is None:
            row = RiskRecord.create(proceeding=proc, **risk_values)
            audit.record(actor, "新增", "risk", row.id, proc.case_id,
                   {RISK_FIELDS[k].label: (None, v) for k, v in risk_values.items() if v not in (None, "")})
        else:
            diff = apply_changes(row, risk_values, RISK_FIELDS, None, "风险记录")
            if diff:
                audit.record(actor, "修改", "risk", row.id, proc.case_id, diff)
        refresh_deadlines([proc.case_id])
    return Saved(row.id)


def record_performance(actor: Actor, case_id: int, date: dt.date | str, state: str, note: str = "") -> Saved:
    spec = {"date": FieldSpec("记录日期", "date", required=True),
            "state": FieldSpec("履行情况", "choice", choices=rules.PERFORMANCE_STATES, required=True),
            "note": FieldSpec("说明", "text", max_length=LINE)}
    values = clean_values(spec, {"date": date, "state": state, "note": note}, creating=True)
    with database.atomic():
        if not Case.select().where(Case.id == case_id).exists():
            raise AppError(f"案件不存在（编号 {case_id}）")
        row = PerformanceRecord.create(case=case_id, **values)
        audit.record(actor, "新增", "performance", row.id, case_id, {"履行情况": (None, values["state"])})
    return Saved(row.id)


def move_to_recycle_bin(actor: Actor, case_id: int) -> None:
    with database.atomic():
        updated = (Case.update(deleted_at=dt.datetime.now().replace(microsecond=0),
                               deleted_by=actor.operator or actor.os_user, version=Case.version + 1)
                   .where((Case.id == case_id) & Case.deleted_at.is_null()).execute())
        if not updated:
            raise AppError("案件不存在或已在回收站中")
        identity.sync([case_id])
        audit.record(actor, "移入回收站", "case", case_id, case_id)


def restore_case(actor: Actor, case_id: int) -> None:
    with database.atomic():
        if Case.select().where((Case.id == case_id) & Case.deleted_at.is_null(False)).exists():
            identity.check_case_free(case_id)        # its 案号 may have been registered again meanwhile
        updated = (Case.update(deleted_at=None, deleted_by=None, version=Case.version + 1)
                   .where((Case.id == case_id) & Case.deleted_at.is_null(False)).execute())
        if not updated:
            raise AppError("回收站中没有这个案件")
        identity.sync([case_id])
        audit.record(actor, "从回收站恢复", "case", case_id, case_id)


def save_case(actor: Actor, case_id: int | None, case_values: dict, proceeding_id: int | None,
              proceeding_values: dict, risk_values: dict | None = None, case_version: int | None = None,
              proceeding_version: int | None = None, today: dt.date | None = None,
              hearings: list[dict] | None = None) -> Saved:
    """The case editor's 保存: the case, its shown proceeding, its risk record and hearings added before the case
    was first saved, in one transaction (a refused hearing saves nothing).

    ``risk_values`` None or all empty leaves the risk record alone. Returns the case id and warnings.
    """
    warnings: list[str] = []
    with database.atomic():
        if case_id is None:
            saved = create_case(actor, case_values, proceeding_values, today)
            case_id = saved.id
            proceeding_id = Proceeding.get(Proceeding.case == case_id).id
        else:
            update_case(actor, case_id, case_values, case_version)
            saved = update_proceeding(actor, proceeding_id, proceeding_values, proceeding_version, today)
        warnings.extend(saved.warnings)
        if risk_values and any(v not in (None, "") for v in risk_values.values()):
            set_risk(actor, proceeding_id, risk_values)
        for hearing in hearings or ():
            warnings.extend(add_hearing(actor, proceeding_id, hearing).warnings)
    return Saved(case_id, tuple(warnings))


def empty_recycle_bin(actor: Actor) -> int:
    """Delete for good every case in the recycle bin. Returns how many; each deletion is recorded."""
    with database.atomic():
        doomed = list(Case.select(Case.id, Case.current_case_number).where(Case.deleted_at.is_null(False)))
        for case in doomed:
            audit.record(actor, "清空回收站（永久删除）", "case", case.id, case.id,
                   {"案号": (case.current_case_number, None)})
        ids = [c.id for c in doomed]
        for start in range(0, len(ids), 500):
            Case.delete().where(Case.id.in_(ids[start:start + 500])).execute()
    # their materials went with them; a stored file no other case holds is deleted only now (issue #22)
    from xiangshan_desk.application.materials import purge_unreferenced
    purge_unreferenced()
    return len(ids)


def apply_changes(row, values: dict, specs: dict[str, FieldSpec], expected_version: int | None,
           what: str) -> dict[str, tuple]:
    """Set changed fields on ``row`` and save it, bumping the version; returns label -> (old, new)."""
    diff = {}
    for name, value in values.items():
        attr = name
        old = getattr(row, attr)
        if old != value:
            diff[name] = (old, value)
    if not diff:
        return {}
    model_fields = type(row)._meta.fields
    # "unit_id" / "parent_id" name the foreign key field "unit" / "parent"
    update = {model_fields[name if name in model_fields else name[:-3]]: value
              for name, (_, value) in diff.items()}
    query = type(row).update(update)
    condition = type(row).id == row.id
    if hasattr(row, "version"):
        query = type(row).update({**update, type(row).version: type(row).version + 1})
        if expected_version is not None:
            condition &= type(row).version == expected_version
    if not query.where(condition).execute():
        raise ConflictError(f"该{what}已被其他人修改，请核对后重新保存。")
    for name, (_, value) in diff.items():
        setattr(row, name, value)
    return {specs[name].label: change for name, change in diff.items()}


def count_cases(include_deleted: bool = False) -> int:
    query = Case.select(fn.COUNT(Case.id))
    if not include_deleted:
        query = query.where(Case.deleted_at.is_null())
    return query.scalar() or 0
