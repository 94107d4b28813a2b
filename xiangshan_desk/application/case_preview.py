"""What the case editor shows beside the fields while the clerk types: each deadline of the shown proceeding
(due day, weekday, status), who must appear, whether the proceeding's appearance complied, the accountability
lead, the final outcome and the proposed effective date.

Computed from the form's values as typed (text for dates, as in the widgets) and what was loaded with the case;
no database access, so the editor can call it on every keystroke.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from xiangshan_desk.application.cases import PROCEEDING_FIELDS
from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import UNCONFIRMED, WorkCalendar, weekday_name
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.domain.fields import parse_date

# Which deadline is shown beside which field (its act, or its trigger).
DEADLINE_BESIDE = {"complaint_received": "defense_due", "filing_received": "filing_due", "forwarded": "forward_due",
                   "head_list_filed": "head_list_due", "report_filed": "risk_report_due",
                   "judgment_filed": "judgment_filing_due", "loss_report_submitted": "loss_report_due"}
# A posted document's date is its posting date (rules.md §3): these date fields' labels follow their way field.
ACT_DATE_WAYS = {"defense_submitted": "defense_submission", "filing_received": "filing_submission"}
# The case-wide deadline shown whichever proceeding is on screen.
CASE_WIDE = ("loss_report_due",)
NO_PROPOSAL = "填写送达日期后给出建议"


def deadline_text(state: rules.DeadlineState, cal: WorkCalendar | None = None) -> str:
    """How a deadline reads in the editor: 2025-03-24 周一 · 未到期（还剩4天） · 未确认 (周日（调休上班） on an
    adjusted working day)."""
    if state.due is None:
        return f"{state.kind.label}：{state.text}"
    weekday = cal.weekday_text(state.due.day) if cal is not None else weekday_name(state.due.day)
    text = f"{state.kind.label}：{state.due.day.isoformat()} {weekday} · {state.text}"
    if state.note:
        text += f" · {state.note}"
    if state.unconfirmed:
        text += f" · {UNCONFIRMED}（该年节假日安排尚未录入）"
    return text


@dataclass(frozen=True)
class Loaded:
    """What the editor read with the case: the rules' facts of every proceeding and which one is shown.
    ``None`` facts for a case not yet saved."""

    facts: rules.CaseFacts | None = None
    shown: int = 0

    @property
    def proceeding(self) -> rules.ProceedingFacts:
        if self.facts is None or not self.facts.proceedings:
            return rules.ProceedingFacts(id=-1)
        return self.facts.proceedings[self.shown]


@dataclass(frozen=True)
class Preview:
    deadlines: dict[str, rules.DeadlineState]          # kind id -> state: the shown proceeding's and the case's
    deadline_texts: dict[str, str]
    requirement_text: str
    compliance_text: str
    compliance_failed: bool
    lead_lines: tuple[str, ...]                        # empty: no lead
    outcome_text: str
    proposal: dt.date | None
    proposal_text: str
    act_labels: dict[str, str] = field(default_factory=dict)   # date field -> its label (交邮 when posted)
    case_number_hint: str = ""


def _date(value) -> dt.date | None:
    """A date as typed; text that is not (yet) a date counts as empty."""
    try:
        return parse_date(value)
    except AppError:
        return None


def form_facts(case_values: dict, proc_values: dict, risk_values: dict, unit_kind: str,
               loaded: Loaded = Loaded()) -> tuple[rules.CaseFacts, rules.ProceedingFacts]:
    """The rules' facts with the shown proceeding's values as typed (unparseable dates count as empty)."""
    base = loaded.proceeding
    proc = replace(
        base, complaint_received=_date(proc_values.get("complaint_received")),
        defense_submitted=_date(proc_values.get("defense_submitted")),
        filing_received=_date(proc_values.get("filing_received")),
        filing_complete=bool(proc_values.get("filing_complete")),
        forwarded=_date(proc_values.get("forwarded")), summons_received=_date(proc_values.get("summons_received")),
        head_list_filed=_date(proc_values.get("head_list_filed")), risk_found=_date(risk_values.get("found_date")),
        risk_report_filed=_date(risk_values.get("report_filed")),
        judgment_received=_date(proc_values.get("judgment_received")),
        judgment_served=_date(proc_values.get("judgment_served")),
        judgment_kind=proc_values.get("judgment_kind") or rules.JUDGMENT,
        judgment_filed=_date(proc_values.get("judgment_filed")), decision=proc_values.get("decision"),
        effective_date=_date(proc_values.get("effective_date")),
        plaintiff_count=proc_values.get("plaintiff_count") or 1,
        major_public_interest=bool(proc_values.get("major_public_interest")),
        high_attention=bool(proc_values.get("high_attention")), high_risk=bool(proc_values.get("high_risk")),
        written_recommendation=bool(proc_values.get("written_recommendation")))
    others = loaded.facts.proceedings if loaded.facts is not None else ()
    procs = tuple(proc if i == loaded.shown else p for i, p in enumerate(others)) or (proc,)
    facts = rules.CaseFacts(
        unit_kind=unit_kind, major_fault=bool(case_values.get("major_fault")),
        major_fault_reason=case_values.get("major_fault_reason") or "",
        performance=loaded.facts.performance if loaded.facts else None,
        refusal_recorded=loaded.facts.refusal_recorded if loaded.facts else None,
        loss_report_submitted=_date(case_values.get("loss_report_submitted")), proceedings=procs,
        id=loaded.facts.id if loaded.facts else None)
    return facts, proc


def _outcome_text(facts: rules.CaseFacts, today: dt.date) -> str:
    outcome = rules.final_outcome(facts.proceedings, today)
    pending = rules.final_outcome(facts.proceedings)
    if outcome is None and pending is not None:
        return (f"待生效：{rules.outcome_text(pending.outcome, pending.is_loss)}，"
                f"{pending.effective_date.isoformat()} 生效，生效前案件仍为在办、不计入统计")
    if outcome is None:
        return "尚未生效"
    return f"{rules.outcome_text(outcome.outcome, outcome.is_loss)}，{outcome.effective_date.isoformat()} 生效"


def case_preview(cal: WorkCalendar, case_values: dict, proc_values: dict, risk_values: dict, unit_kind: str,
                 loaded: Loaded = Loaded(), today: dt.date | None = None) -> Preview:
    """Everything the editor shows beside the fields, from the values as typed (see the module docstring)."""
    today = today or dt.date.today()
    facts, proc = form_facts(case_values, proc_values, risk_values, unit_kind, loaded)
    states = rules.case_deadlines(cal, facts, today)
    shown = {s.kind.id: s for s in states if s.proceeding_id == proc.id or s.kind.id in CASE_WIDE}
    requirement = rules.appearance_requirement(facts, proc)
    compliance = rules.appearance_compliance(facts, proc, today)
    lead = rules.accountability_lead(cal, facts, today)
    proposal, proposal_text = None, NO_PROPOSAL
    if proc.judgment_served and proc.judgment_kind in rules.JUDGMENT_KINDS:
        computed = rules.proposed_effective_date(cal, proc.judgment_served, proc.judgment_kind, proc.level)
        appealable = proc.level == rules.LEVEL_FIRST and proc.judgment_kind != rules.MEDIATION
        basis = "上诉期届满次日（未上诉时）" if appealable else "送达之日"
        proposal = computed.day
        proposal_text = (f"{computed.day.isoformat()} {weekday_name(computed.day)}（{basis}）"
                         + (f" · {UNCONFIRMED}" if computed.unconfirmed else ""))
    act_labels = {name: rules.act_date_label(PROCEEDING_FIELDS[name].label, proc_values.get(way))
                  for name, way in ACT_DATE_WAYS.items()}
    number = str(proc_values.get("case_number") or "")
    return Preview(
        deadlines=shown, deadline_texts={kind: deadline_text(state, cal) for kind, state in shown.items()},
        requirement_text=f"应由{requirement.label}出庭（{requirement.reason_text}）",
        compliance_text=compliance.text, compliance_failed=compliance.applicable and not compliance.compliant,
        lead_lines=tuple(f"{r.number}. {r.text}（{r.date.isoformat()}）" for r in lead.reasons) if lead else (),
        outcome_text=_outcome_text(facts, today), proposal=proposal, proposal_text=proposal_text,
        act_labels=act_labels,
        case_number_hint=rules.parse_case_number(number).warning if number.strip() else "")
