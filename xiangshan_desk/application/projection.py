"""The projection: what is stored because it is derived — each case's deadlines and the case list's columns —
recomputed from the facts whenever a case, the holiday table or the date of a pending decision changes."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from xiangshan_desk.application import identity
from xiangshan_desk.application.facts import CaseRow, facts_for_cases
from xiangshan_desk.application.session import load_calendar
from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import WorkCalendar
from xiangshan_desk.persistence import bulk
from xiangshan_desk.persistence.db import database, id_list
from xiangshan_desk.persistence.models import Case, Deadline, Proceeding


def refresh_deadlines(case_ids: Iterable[int], cal: WorkCalendar | None = None,
                      today: dt.date | None = None) -> int:
    """Recompute and store the deadlines and the case list's columns of these cases.

    Returns how many cases were recomputed. What is stored depends on today's date only through a decision
    pending effect (``Case.pending_effective``), and ``refresh_pending`` brings those cases up to date.
    """
    cal = cal or load_calendar()
    today = today or dt.date.today()
    loaded = facts_for_cases(case_ids)
    rows = []
    summaries = []
    appearances = []
    for cid, (case, facts) in loaded.items():
        appearances.extend((p.id, (rules.head_appeared(p), rules.principal_appeared(p),
                                   rules.appearance_requirement(facts, p).rank is rules.Rank.PRINCIPAL))
                           for p in facts.proceedings)
        states = rules.case_deadlines(cal, facts, today)
        for state in states:
            if state.due is None:
                continue
            missed = state.status is rules.Status.MISSED
            lapsed = state.status is rules.Status.LAPSED
            rows.append((cid, state.proceeding_id, state.kind.id, state.trigger, state.due.day, state.done,
                         state.done is not None or missed or lapsed, missed, lapsed, state.due.unconfirmed,
                         state.due.first, state.due.last))
        columns = case_list_columns(cal, case, facts, states, today)
        summaries.append((cid, [columns[name] for name in LIST_COLUMNS]))
    with database.atomic():
        ids = list(loaded)
        for start in range(0, len(ids), 500):
            Deadline.delete().where(Deadline.case.in_(id_list(ids[start:start + 500]))).execute()
        bulk.insert_rows(Deadline, DEADLINE_COLUMNS, rows)
        bulk.update_rows(Case, LIST_COLUMNS, summaries)
        bulk.update_rows(Proceeding, ("head_appeared", "principal_appeared", "principal_required"), appearances)
        identity.sync(ids)
    return len(loaded)


def refresh_pending(today: dt.date | None = None) -> int:
    """Recompute the cases whose pending decision has taken effect since they were last computed."""
    today = today or dt.date.today()
    due = [cid for (cid,) in Case.select(Case.id).where(Case.pending_effective <= today).tuples()]
    return refresh_deadlines(due, today=today)


def refresh_all_cases() -> int:
    """Recompute every case (after a migration that adds derived columns)."""
    return refresh_deadlines([cid for (cid,) in Case.select(Case.id).tuples()])


DEADLINE_COLUMNS = ("case", "proceeding", "kind", "trigger", "due", "done", "closed", "missed", "lapsed", "unconfirmed",
                    "span_first", "span_last")


LIST_COLUMNS = ("current_case_number", "current_level", "complaint_received", "first_received", "defense_due",
                "filing_due", "next_hearing", "earliest_open_due", "next_due_kind", "concluded", "outcome", "is_loss",
                "effective_date", "pending_effective", "has_risk", "lead_date", "search_text",
                "defense_due_unconfirmed", "filing_due_unconfirmed", "next_due_unconfirmed")


def case_list_columns(cal: WorkCalendar, case: CaseRow, facts: rules.CaseFacts,
                      states: list[rules.DeadlineState], today: dt.date) -> dict:
    """The derived columns the case list filters and sorts on (see models.Case)."""
    procs = facts.proceedings
    current = procs[-1] if procs else rules.ProceedingFacts()
    first = next((p for p in procs if p.level == rules.LEVEL_FIRST), current)
    by_kind = {s.kind.id: s for s in states if s.proceeding_id == current.id}
    open_states = sorted((s for s in states if s.due is not None and not s.closed), key=lambda s: s.due.day)
    open_dues = [s.due.day for s in open_states]                                    # open or overdue
    scheduled = [h.date for p in procs for h in p.hearings if not h.held]
    # the outcome in effect today; a decision still pending is remembered so that the case is recomputed on the
    # day it takes effect (refresh_pending): until then the earlier effective outcome stands (rules.md §3, §6)
    outcome = rules.final_outcome(procs, today)
    pending = [p.effective_date for p in procs if p.decision and p.effective_date and p.effective_date > today]
    lead = rules.accountability_lead(cal, facts, today, arisen_only=False)   # stored: dated, counted from its date
    defense, filing = by_kind.get("defense_due"), by_kind.get("filing_due")
    searchable = " ".join([*(p.case_number for p in procs), case.plaintiffs, case.cause, case.unit_name])
    return {
        "current_case_number": current.case_number, "current_level": current.level,
        "complaint_received": current.complaint_received, "first_received": first.complaint_received,
        "defense_due": defense.due.day if defense and defense.due else None,
        "filing_due": filing.due.day if filing and filing.due else None,
        "next_hearing": min(scheduled) if scheduled else None,
        "earliest_open_due": min(open_dues) if open_dues else None,
        "next_due_kind": open_states[0].kind.id if open_states else "",
        # the 未确认 marks of these three dates, from the same states (rules.md §3)
        "defense_due_unconfirmed": bool(defense and defense.unconfirmed),
        "filing_due_unconfirmed": bool(filing and filing.unconfirmed),
        "next_due_unconfirmed": bool(open_states and open_states[0].unconfirmed),
        "concluded": outcome is not None, "outcome": outcome.outcome if outcome else "",
        "is_loss": bool(outcome and outcome.is_loss),
        "effective_date": outcome.effective_date if outcome else None,
        "pending_effective": min(pending) if pending else None,
        "has_risk": any(p.risk_found for p in procs), "lead_date": lead.date if lead else None,
        "search_text": searchable.lower(),
    }

