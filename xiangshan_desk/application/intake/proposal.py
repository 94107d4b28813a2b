"""What a recognised court paper proposes to record, and recording it through the core's own operations once the
clerk has reviewed and confirmed (issue #23). Nothing here runs without that confirmation."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from xiangshan_desk.application import cases, identity, supervision
from xiangshan_desk.domain import rules
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.application.session import Actor
from xiangshan_desk.application.units import unit_id_by_name
from xiangshan_desk.application.intake import recognition as r
from xiangshan_desk.application.materials import MaterialKind

NEW_CASE, HEARING, DECISION, SUGGESTION = "new_case", "hearing", "decision", "suggestion"
ACTION_LABELS = {NEW_CASE: "登记新案件", HEARING: "在案件中登记开庭", DECISION: "登记本审级的裁判结果",
                 SUGGESTION: "登记司法建议"}
ACTIONS = {r.NOTICE: NEW_CASE, r.COMPLAINT: NEW_CASE, r.EVIDENCE_NOTICE: NEW_CASE, r.SUMMONS: HEARING,
           r.JUDGMENT_DOC: DECISION, r.RULING_DOC: DECISION, r.MEDIATION_DOC: DECISION, r.SUGGESTION_DOC: SUGGESTION}
JUDGMENT_KINDS = {r.JUDGMENT_DOC: rules.JUDGMENT, r.RULING_DOC: rules.RULING, r.MEDIATION_DOC: rules.MEDIATION}


@dataclass
class Proposal:
    action: str | None
    match: identity.CaseRef | None = None
    problem: str = ""               # why the matching case could not be found, shown in the dialog


def unit_for(name: str) -> int:
    """The unit a court paper names (its full name, or the list's: units.UnitResolver.find_written); an unknown
    name is refused with close names."""
    return unit_id_by_name(name, written=True)


def _unit_name(name: str | None) -> str | None:
    if not name:
        return None
    from xiangshan_desk.persistence.models import Unit
    try:
        return Unit.get_by_id(unit_for(name)).name
    except AppError:
        return name


def propose(document_type: str, case_number: str | None, unit: str | None) -> Proposal:
    """The action a document type proposes, and for a hearing or a decision the proceeding it belongs to, found
    by (案号, unit) under the identity rules (rules.md §6)."""
    action = ACTIONS.get(document_type)
    if action in (HEARING, DECISION, SUGGESTION) and case_number:
        try:
            return Proposal(action, identity.find_proceeding(case_number, _unit_name(unit)))
        except AppError as exc:
            return Proposal(action, None, exc.message)
    if action in (HEARING, DECISION):
        return Proposal(action, None, "文书中没有识别到案号，请填写案号")
    return Proposal(action)


def apply(actor: Actor, document_type: str, values: dict, received: dt.date,
          source_file: str | Path | None = None) -> int:
    """Record a reviewed document; ``values`` are the fields as the clerk confirmed them. Returns the case id (or
    the suggestion id for a judicial suggestion)."""
    action = ACTIONS.get(document_type)
    unit = (values.get("defendants") or [None])[0]
    if action is None:
        raise AppError("这类文书没有可登记的内容，请在案件中手工登记")
    if not unit:
        raise AppError("请填写被告单位", "defendants")
    unit_id = unit_for(unit)
    unit = _unit_name(unit)
    number = values.get("case_number") or ""
    if action == NEW_CASE:
        if not number:
            raise AppError("请填写案号（起诉状上没有案号时，以应诉通知书上的案号为准）", "case_number")
        level = rules.parse_case_number(number).level or rules.LEVEL_FIRST
        saved = cases.create_case(actor, {"unit_id": unit_id, "cause": values.get("cause") or "",
                                          "plaintiffs": "、".join(values.get("plaintiffs") or ())},
                                  {"level": level, "case_number": number, "court": values.get("court") or "",
                                   "complaint_received": received})
        case_id = saved.id
    elif action == SUGGESTION:
        case_id = None
        if number:
            case_id = identity.find_proceeding(number, unit).case_id
        suggestion_id = supervision.add_suggestion(actor, {"received": received, "court": values.get("court") or "",
                                                           "unit_id": unit_id, "case_id": case_id})
        if case_id is not None:
            attach_source(actor, case_id, source_file, document_type)
        return suggestion_id
    else:
        if not number:
            raise AppError("请填写案号", "case_number")
        ref = identity.find_proceeding(number, unit)
        case_id = ref.case_id
        if action == HEARING:
            hearing_at = values.get("hearing_at")
            if not hearing_at:
                raise AppError("请填写开庭时间", "hearing_at")
            cases.add_hearing(actor, ref.proceeding_id, {"date": hearing_at.date() if isinstance(hearing_at, dt.datetime)
                                                         else hearing_at, "place": values.get("hearing_place") or ""})
            cases.update_proceeding(actor, ref.proceeding_id, {"summons_received": received})
        else:
            changes = {"judgment_received": received, "judgment_kind": JUDGMENT_KINDS[document_type]}
            decision = values.get("decision")
            if decision:
                changes["decision"] = decision
            cases.update_proceeding(actor, ref.proceeding_id, changes)
    attach_source(actor, case_id, source_file, document_type)
    return case_id


def attach_source(actor: Actor, case_id: int, source_file: str | Path | None, document_type: str) -> bool:
    """Keep the court paper the case was registered from among the case's materials (issue #22), as its type."""
    if source_file is None:
        return False
    from xiangshan_desk.application import materials
    kind = MATERIAL_KINDS.get(document_type, MaterialKind.OTHER)
    materials.attach(actor, case_id, kind, [Path(source_file)])
    return True


# the recognised document type → the material type it is kept as
MATERIAL_KINDS = {r.NOTICE: MaterialKind.RESPONSE_NOTICE, r.EVIDENCE_NOTICE: MaterialKind.EVIDENCE_NOTICE,
                  r.SUMMONS: MaterialKind.SUMMONS, r.COMPLAINT: MaterialKind.COMPLAINT,
                  r.APPEAL_PETITION: MaterialKind.APPEAL, r.JUDGMENT_DOC: MaterialKind.DECISION,
                  r.RULING_DOC: MaterialKind.DECISION, r.MEDIATION_DOC: MaterialKind.DECISION,
                  r.SUGGESTION_DOC: MaterialKind.SUGGESTION}
