"""Facts from the database: stored rows → the rules' facts (rules.CaseFacts), in a few queries per 900 cases. The
one mapper from rows to rule facts; projection, statistics and the case read model all load facts here."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from xiangshan_desk.domain import rules
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.db import id_list
from xiangshan_desk.persistence.models import Case, Hearing, PerformanceRecord, Proceeding, RiskRecord, Unit


@dataclass(frozen=True)
class CaseRow:
    """The few stored columns of a case that derived values need besides the rules' facts."""

    id: int
    unit_id: int
    plaintiffs: str
    cause: str
    unit_name: str = ""


def facts_for_cases(case_ids: Iterable[int]) -> dict[int, tuple[CaseRow, rules.CaseFacts]]:
    """The rules' facts of these cases, with their rows, in a few queries per 900 cases."""
    ids = list(case_ids)
    result: dict[int, tuple[CaseRow, rules.CaseFacts]] = {}
    for start in range(0, len(ids), 900):
        result.update(_facts_chunk(ids[start:start + 900]))
    return result


_PROC_COLUMNS = (Proceeding.id, Proceeding.case, Proceeding.level, Proceeding.case_number, Proceeding.parent,
                 Proceeding.complaint_received, Proceeding.defense_submitted, Proceeding.filing_received,
                 Proceeding.filing_complete, Proceeding.forwarded, Proceeding.summons_received,
                 Proceeding.head_list_filed, Proceeding.judgment_received, Proceeding.judgment_served,
                 Proceeding.judgment_kind, Proceeding.judgment_filed, Proceeding.decision, Proceeding.effective_date,
                 Proceeding.plaintiff_count, Proceeding.major_public_interest, Proceeding.high_attention,
                 Proceeding.high_risk, Proceeding.written_recommendation)


def _facts_chunk(ids: list[int]) -> dict[int, tuple[CaseRow, rules.CaseFacts]]:
    # Plain tuples, not model instances: this runs over every case when the holiday table changes.
    cases = list(Case.select(Case.id, Case.unit, Case.plaintiffs, Case.cause, Unit.name, Unit.kind,
                             Case.major_fault, Case.major_fault_reason,
                             Case.loss_report_submitted).join(Unit).where(Case.id.in_(id_list(ids))).tuples())
    procs = list(Proceeding.select(*_PROC_COLUMNS).where(Proceeding.case.in_(id_list(ids))).order_by(Proceeding.id).tuples())
    proc_ids = [p[0] for p in procs]
    hearings = _hearings(proc_ids)
    risks: dict[int, tuple] = {}
    if proc_ids:
        for pid, found, filed in (RiskRecord.select(RiskRecord.proceeding, RiskRecord.found_date,
                                                    RiskRecord.report_filed)
                                  .where(RiskRecord.proceeding.in_(id_list(proc_ids))).tuples()):
            risks[pid] = (found, filed)
    performance: dict[int, list] = defaultdict(list)
    for case_id, date, state in (PerformanceRecord.select(PerformanceRecord.case, PerformanceRecord.date,
                                                          PerformanceRecord.state)
                                 .where(PerformanceRecord.case.in_(id_list(ids)))
                                 .order_by(PerformanceRecord.date, PerformanceRecord.id).tuples()):
        performance[case_id].append((date, state))
    by_case: dict[int, list] = defaultdict(list)
    for (pid, case_id, level, number, parent, complaint, defense, filing, complete, forwarded, summons, head_list,
         judgment, served, kind, judgment_filed, decision, effective, count, interest, attention, risk,
         recommendation) in procs:
        found, filed = risks.get(pid, (None, None))
        by_case[case_id].append(rules.ProceedingFacts(
            level=level, case_number=number, id=pid, parent_id=parent, complaint_received=complaint,
            defense_submitted=defense, filing_received=filing, filing_complete=complete, forwarded=forwarded,
            summons_received=summons, head_list_filed=head_list, risk_found=found, risk_report_filed=filed,
            judgment_received=judgment, judgment_served=served, judgment_kind=kind, judgment_filed=judgment_filed,
            decision=decision, effective_date=effective, hearings=tuple(hearings[pid]), plaintiff_count=count,
            major_public_interest=bool(interest), high_attention=bool(attention), high_risk=bool(risk),
            written_recommendation=bool(recommendation)))
    result = {}
    for cid, unit_id, plaintiffs, cause, unit_name, kind, fault, fault_reason, loss_report in cases:
        records = performance[cid]
        refusals = [date for date, state in records if state == rules.PERFORMANCE_REFUSED]
        result[cid] = CaseRow(cid, unit_id, plaintiffs, cause, unit_name), rules.CaseFacts(
            unit_kind=kind, major_fault=fault,
            major_fault_reason=fault_reason, performance=records[-1][1] if records else None,
            refusal_recorded=min(refusals) if refusals else None, loss_report_submitted=loss_report,
            proceedings=tuple(by_case[cid]), id=cid)
    return result


def _hearings(proc_ids: list[int]) -> dict[int, list[rules.HearingFacts]]:
    """Every hearing of these proceedings, by proceeding, in date order."""
    hearings: dict[int, list[rules.HearingFacts]] = defaultdict(list)
    if proc_ids:
        for hid, pid, date, role, left, reason, attendee in (
                Hearing.select(Hearing.id, Hearing.proceeding, Hearing.date, Hearing.role,
                               Hearing.left_without_permission, Hearing.absence_reason, Hearing.attendee)
                .where(Hearing.proceeding.in_(id_list(proc_ids))).order_by(Hearing.date, Hearing.id).tuples()):
            hearings[pid].append(rules.HearingFacts(date, role, bool(left), reason, attendee, hid))
    return hearings


def appearance_facts(proceeding_ids: Iterable[int]) -> dict[int, tuple[rules.CaseFacts, rules.ProceedingFacts]]:
    """What the appearance rules of rules.md §4 read for these proceedings, by proceeding id: the case's unit kind
    and the proceeding's hearings and appearance facts (not the cases' complete facts: the proceedings heard in a
    quarter of 100,000 cases are thousands)."""
    ids = list(dict.fromkeys(proceeding_ids))
    result: dict[int, tuple[rules.CaseFacts, rules.ProceedingFacts]] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        hearings = _hearings(chunk)
        for pid, case_id, kind, *own in (
                Proceeding.select(Proceeding.id, Proceeding.case, Unit.kind,
                                  *(getattr(Proceeding, name) for name in rules.APPEARANCE_FACTS))
                .join(Case).join(Unit).where(Proceeding.id.in_(id_list(chunk))).tuples()):
            values = {name: value if name == "plaintiff_count" else bool(value)
                      for name, value in zip(rules.APPEARANCE_FACTS, own)}
            result[pid] = (rules.CaseFacts(unit_kind=kind, id=case_id),
                           rules.ProceedingFacts(id=pid, hearings=tuple(hearings[pid]), **values))
    return result


def case_facts(case_id: int) -> rules.CaseFacts:
    loaded = facts_for_cases([case_id]).get(case_id)
    if loaded is None:
        raise AppError(f"案件不存在（编号 {case_id}）")
    return loaded[1]

