"""The notice's rules as rules.md §3–§6 state them: deadlines, appearance, accountability leads, outcomes, case numbers.

Every function here is pure: it takes frozen facts and a WorkCalendar and returns frozen results.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xiangshan_desk.domain.calendar import Computed, WorkCalendar
from xiangshan_desk.domain.vocabulary import (  # noqa: F401 - re-exported: rules is the domain's public face
    act_date_label, APPEAL_WITHDRAWN, APPEARANCE_ROLES, appearance_roles, APPELLATE_DECISIONS, BUREAU,
    DEADLINE_KINDS, deadline_status, DeadlineKind, DEADLINES, DECISION_ALIASES, decisions_for, Instance, is_loss,
    JUDGMENT, JUDGMENT_KINDS, JudgmentKind, KIND_COUNTY_GOVERNMENT, KIND_DEPARTMENT, KIND_TOWNSHIP, KIND_VERTICAL,
    LEVEL_FIRST, LEVEL_RETRIAL, LEVEL_SECOND, LOSS_OUTCOMES, LOSS_RATE_LIMIT, MEDIATION, MEDIATION_OR_WITHDRAWAL,
    NON_LOSS_OUTCOMES, NOT_JUDGMENT_OUTCOMES, outcome_text, OUTCOMES, PERFORMANCE_REFUSED, PERFORMANCE_STATES,
    PerformanceState, plaintiff_count_warning, POSTED, PRINCIPAL_APPEARANCE_PLAINTIFFS, PROCEEDING_LEVELS, Rank, REMANDED,
    RISK_SOURCES, RiskSource, Role, ROLE_ABSENT, ROLE_COUNTY_LEADER, ROLE_DEPUTY, ROLE_LAWYER, ROLE_OTHER_HEAD,
    ROLE_PRINCIPAL, ROLE_RANKS, role_refusal, ROLE_STAFF, RULING, Status, status_text, stored_status,
    SUBMISSION_WAYS, SubmissionWay, UNIT, UNIT_KINDS, UnitKind, UPHELD, WITHDRAWAL_OUTCOMES)

# ---------------------------------------------------------------------------------------------
# Facts the rules read (built by cases.py from the database, or by tests directly)


@dataclass(frozen=True)
class HearingFacts:
    date: dt.date
    role: str | None = None            # None: not recorded yet (a scheduled hearing)
    left_without_permission: bool = False
    absence_reason: str = ""           # the clerk's good reason when nobody appeared
    attendee: str = ""
    id: int | None = None

    @property
    def held(self) -> bool:
        """A role is recorded. Whether the hearing has taken place also needs today: see ``held_by``."""
        return self.role is not None

    def held_by(self, today: dt.date | None) -> bool:
        """Held by ``today``: a role recorded for a date still ahead is a plan, not an appearance (rules.md §4)."""
        return self.role is not None and (today is None or self.date <= today)

    @property
    def rank(self) -> Rank:
        return ROLE_RANKS.get(self.role or "", Rank.NOBODY)


@dataclass(frozen=True)
class ProceedingFacts:
    level: str = LEVEL_FIRST
    case_number: str = ""
    id: int | None = None
    parent_id: int | None = None
    complaint_received: dt.date | None = None     # 二审: receipt of the appeal petition copy
    defense_submitted: dt.date | None = None
    filing_received: dt.date | None = None
    filing_complete: bool = False
    forwarded: dt.date | None = None
    summons_received: dt.date | None = None
    head_list_filed: dt.date | None = None
    risk_found: dt.date | None = None
    risk_report_filed: dt.date | None = None
    judgment_received: dt.date | None = None
    judgment_served: dt.date | None = None
    judgment_kind: str = JUDGMENT
    judgment_filed: dt.date | None = None
    decision: str | None = None
    effective_date: dt.date | None = None
    hearings: tuple[HearingFacts, ...] = ()
    # (2026-12) what decides who must appear belongs to each proceeding (rules.md §4)
    plaintiff_count: int = 1
    major_public_interest: bool = False
    high_attention: bool = False
    high_risk: bool = False
    written_recommendation: bool = False


APPEARANCE_FACTS = ("plaintiff_count", "major_public_interest", "high_attention", "high_risk",
                    "written_recommendation")


@dataclass(frozen=True)
class CaseFacts:
    unit_kind: str = KIND_DEPARTMENT
    major_fault: bool = False
    major_fault_reason: str = ""
    performance: str | None = None               # the latest 履行情况
    refusal_recorded: dt.date | None = None      # when the clerk first recorded 拒不履行
    loss_report_submitted: dt.date | None = None
    proceedings: tuple[ProceedingFacts, ...] = ()
    id: int | None = None

    @property
    def county_government(self) -> bool:
        return self.unit_kind == KIND_COUNTY_GOVERNMENT


# ---------------------------------------------------------------------------------------------
# §3 Deadlines


DEFENSE_DAYS = 15
FILING_WORKING_DAYS_BEFORE = 5
FORWARD_WORKING_DAYS = 3
HEAD_LIST_WORKING_DAYS = 3
RISK_REPORT_DAYS = 10
JUDGMENT_FILING_WORKING_DAYS = 5
LOSS_REPORT_DAYS = 20
APPEAL_DAYS = {JUDGMENT: 15, RULING: 10}


def defense_due(cal: WorkCalendar, complaint_received: dt.date) -> Computed:
    return cal.days_after(complaint_received, DEFENSE_DAYS)


def filing_due(cal: WorkCalendar, defense: Computed) -> Computed:
    """5 working days before the (extended) defense deadline (rules.md §9)."""
    return cal.working_days_before(defense.day, FILING_WORKING_DAYS_BEFORE).merged(defense)


def forward_due(cal: WorkCalendar, filing_received: dt.date) -> Computed:
    return cal.working_days_after(filing_received, FORWARD_WORKING_DAYS)


def head_list_due(cal: WorkCalendar, summons_received: dt.date) -> Computed:
    return cal.working_days_after(summons_received, HEAD_LIST_WORKING_DAYS)


def risk_report_due(cal: WorkCalendar, risk_found: dt.date) -> Computed:
    return cal.days_after(risk_found, RISK_REPORT_DAYS)


def judgment_filing_due(cal: WorkCalendar, judgment_received: dt.date) -> Computed:
    return cal.working_days_after(judgment_received, JUDGMENT_FILING_WORKING_DAYS)


def loss_report_due(cal: WorkCalendar, effective: dt.date) -> Computed:
    return cal.days_after(effective, LOSS_REPORT_DAYS)


_COMPUTE = {
    "defense_due": defense_due,
    "filing_due": lambda cal, complaint_received: filing_due(cal, defense_due(cal, complaint_received)),
    "forward_due": forward_due,
    "head_list_due": head_list_due,
    "risk_report_due": risk_report_due,
    "judgment_filing_due": judgment_filing_due,
    "loss_report_due": loss_report_due,
}


def due_from_trigger(cal: WorkCalendar, kind_id: str, trigger: dt.date) -> Computed:
    """The due date of deadline ``kind_id`` started by the date of its ``DeadlineKind.trigger``."""
    return _COMPUTE[kind_id](cal, trigger)


def proposed_effective_date(cal: WorkCalendar, served: dt.date, kind: str = JUDGMENT,
                            level: str = LEVEL_FIRST) -> Computed:
    """The day after the appeal period ends, for a first-instance decision not appealed.

    Second-instance, retrial and mediation documents take effect on service (rules.md §3).
    """
    if level != LEVEL_FIRST or kind == MEDIATION:
        return Computed(served, False, served, served)
    period_end = cal.days_after(served, APPEAL_DAYS[kind])
    effective = period_end.day + dt.timedelta(days=1)
    return Computed(effective, period_end.unconfirmed, period_end.first, period_end.last)


@dataclass(frozen=True)
class DeadlineState:
    kind: DeadlineKind
    proceeding_id: int | None
    trigger: dt.date | None = None
    due: Computed | None = None
    done: dt.date | None = None
    status: Status = Status.NOT_STARTED
    days: int = 0                      # late by / left / overdue by, in calendar days
    note: str = ""

    @property
    def unconfirmed(self) -> bool:
        return self.due is not None and self.due.unconfirmed

    @property
    def closed(self) -> bool:
        """No longer on the to-do list: done, missed, lapsed, or not started."""
        return self.status not in (Status.OPEN, Status.OVERDUE)

    @property
    def counts_as_late(self) -> bool:
        """Counted by the 逾期 statistics (rules.md §7): met late, overdue, or missed (never lapsed)."""
        return self.status in (Status.LATE, Status.OVERDUE, Status.MISSED)

    @property
    def text(self) -> str:
        return status_text(self.status, self.days)


def _state(kind_id: str, proceeding: ProceedingFacts, trigger: dt.date | None, due: Computed | None,
           done: dt.date | None, today: dt.date, ended_on: dt.date | None, note: str = "") -> DeadlineState:
    kind = DEADLINES[kind_id]
    status, days = deadline_status(due.day if due else None, done, today, ended_on, kind.pre_decision)
    return DeadlineState(kind, proceeding.id, trigger, due, done, status, days, note)


def in_effect(p: ProceedingFacts, today: dt.date | None) -> bool:
    """(2026-12) The decision has taken effect: an effective date after today is pending (待生效)."""
    return p.effective_date is not None and (today is None or p.effective_date <= today)


def proceeding_end(proceeding: ProceedingFacts, later: ProceedingFacts | None,
                   today: dt.date | None = None) -> dt.date | None:
    """The end date of a proceeding that has ended, else None (rules.md §3, 2026-12).

    It has ended when its decision took effect, it was withdrawn, or a later proceeding exists; the end date is the
    earliest recorded of the decision's receipt, its date of effect and the withdrawal, and for a superseded
    proceeding with none of these, the trigger date of the next one. ``dt.date.max`` when none is recorded.
    """
    p = proceeding
    withdrawn = p.decision in WITHDRAWAL_OUTCOMES or p.decision == APPEAL_WITHDRAWN
    if not (in_effect(p, today) or withdrawn or later is not None):
        return None
    recorded = [d for d in (p.judgment_received, p.effective_date if in_effect(p, today) else None) if d]
    if recorded:
        return min(recorded)
    if later is not None and later.complaint_received is not None:
        return later.complaint_received
    return dt.date.max


def proceeding_deadlines(cal: WorkCalendar, proceeding: ProceedingFacts, today: dt.date,
                         ended: dt.date | None = None) -> list[DeadlineState]:
    """The deadlines of one proceeding except ``loss_report_due``, which belongs to the case. ``ended``: the
    proceeding's end date (``proceeding_end``) when it has ended."""
    p = proceeding

    def due(kind_id: str) -> Computed | None:
        trigger = getattr(p, DEADLINES[kind_id].trigger)
        return due_from_trigger(cal, kind_id, trigger) if trigger else None

    defense = due("defense_due")
    filing_done = p.filing_received if p.filing_complete else None
    filing_note = "备案材料不齐" if p.filing_received and not p.filing_complete else ""
    return [
        _state("defense_due", p, p.complaint_received, defense, p.defense_submitted, today, ended),
        # the filing deadline counts back from the defense deadline: that is its stored trigger
        _state("filing_due", p, defense.day if defense else None, due("filing_due"), filing_done, today, ended,
               filing_note),
        _state("forward_due", p, p.filing_received, due("forward_due"), p.forwarded, today, ended),
        _state("head_list_due", p, p.summons_received, due("head_list_due"), p.head_list_filed, today, ended),
        _state("risk_report_due", p, p.risk_found, due("risk_report_due"), p.risk_report_filed, today, ended),
        _state("judgment_filing_due", p, p.judgment_received, due("judgment_filing_due"), p.judgment_filed,
               today, ended),
    ]


def case_deadlines(cal: WorkCalendar, case: CaseFacts, today: dt.date) -> list[DeadlineState]:
    """Every deadline of every proceeding of the case, and the case's loss report deadline."""
    states: list[DeadlineState] = []
    for p in case.proceedings:
        later = next((q for q in case.proceedings if q.parent_id is not None and q.parent_id == p.id), None)
        # a recorded date of effect ends the proceeding's pre-decision deadlines even while it is pending: what is
        # stored must not change when the date comes (docs/规则补充说明.md); outcomes and figures wait for it
        states.extend(proceeding_deadlines(cal, p, today, proceeding_end(p, later)))
    # the stored outcome includes a decision pending effect: its loss report deadline runs from the effective date
    outcome = final_outcome(case.proceedings)
    final = outcome.proceeding if outcome else (case.proceedings[-1] if case.proceedings else ProceedingFacts())
    due = None
    trigger = None
    note = ""
    if outcome is not None and outcome.is_loss:
        trigger = outcome.effective_date
        due = loss_report_due(cal, trigger)
        note = "生效后起算" if trigger > today else ""
    states.append(_state("loss_report_due", final, trigger, due, case.loss_report_submitted, today, None, note))
    return states


# ---------------------------------------------------------------------------------------------
# §6 Outcomes


@dataclass(frozen=True)
class Outcome:
    outcome: str                       # an outcome type of LOSS_OUTCOMES / NON_LOSS_OUTCOMES
    effective_date: dt.date
    proceeding: ProceedingFacts        # the proceeding whose decision took effect last

    @property
    def is_loss(self) -> bool:
        return is_loss(self.outcome)


def _substantive_outcome(p: ProceedingFacts, by_id: dict) -> str | None:
    """The outcome type a decision amounts to, following 维持原判 / 撤回上诉 back to the earlier decision."""
    seen = set()
    while p is not None and id(p) not in seen:
        seen.add(id(p))
        if p.decision in OUTCOMES:
            return p.decision
        if p.decision in (UPHELD, APPEAL_WITHDRAWN):
            p = by_id.get(p.parent_id)
            continue
        return None
    return None


def final_outcome(proceedings: tuple[ProceedingFacts, ...] | list[ProceedingFacts],
                  today: dt.date | None = None) -> Outcome | None:
    """The outcome that took effect last (rules.md §6), or None while nothing has taken effect.

    With ``today``, a decision whose effective date is after today is pending (待生效, rules.md §3 2026-12) and
    does not count yet; without it (what is stored), it does, and readers compare its date with today.
    """
    by_id = {p.id: p for p in proceedings if p.id is not None}
    effective = [p for p in proceedings if in_effect(p, today) and p.decision]
    # Later proceedings win ties on the same date: an appeal withdrawn on the day of effect, say.
    order = {id(p): i for i, p in enumerate(proceedings)}
    for p in sorted(effective, key=lambda q: (q.effective_date, order[id(q)]), reverse=True):
        outcome = _substantive_outcome(p, by_id)
        if outcome is not None:
            return Outcome(outcome, p.effective_date, p)
    return None


# ---------------------------------------------------------------------------------------------
# §4 Court appearance


@dataclass(frozen=True)
class Requirement:
    rank: Rank
    reasons: tuple[str, ...]
    county_leader: bool = False       # the county government is sued: its county leader in charge is meant

    @property
    def label(self) -> str:
        if self.rank is Rank.PRINCIPAL:
            return "分管县领导" if self.county_leader else "主要负责人"
        return "负责人"

    @property
    def reason_text(self) -> str:
        return "；".join(self.reasons)


def appearance_requirement(case: CaseFacts, proceeding: ProceedingFacts) -> Requirement:
    """Who must appear for the unit in this proceeding, and why (rules.md §4): the unit decides the county
    government's case, the proceeding's own facts the rest (2026-12)."""
    if case.county_government:
        return Requirement(Rank.PRINCIPAL, ("县政府为被告，分管副县长出庭应诉",), county_leader=True)
    p = proceeding
    reasons = []
    if p.plaintiff_count >= PRINCIPAL_APPEARANCE_PLAINTIFFS:
        reasons.append(f"原告{p.plaintiff_count}人，{PRINCIPAL_APPEARANCE_PLAINTIFFS}人以上")
    if p.major_public_interest:
        reasons.append("涉及重大公共利益")
    if p.high_attention:
        reasons.append("社会高度关注或者可能引发群体性事件")
    if p.high_risk:
        reasons.append("败诉风险较高")
    if p.written_recommendation:
        reasons.append("人民法院或县司法局书面建议主要负责人出庭")
    if reasons:
        return Requirement(Rank.PRINCIPAL, tuple(reasons))
    return Requirement(Rank.HEAD, ("被诉行政机关负责人必须出庭应诉",))


@dataclass(frozen=True)
class Compliance:
    requirement: Requirement
    applicable: bool                  # False while the proceeding has no held hearing
    compliant: bool
    reason: str                       # why not compliant (empty when compliant or not applicable)
    best_rank: Rank

    @property
    def text(self) -> str:
        if not self.applicable:
            return "尚未开庭"
        return "符合要求" if self.compliant else f"不符合：{self.reason}"


def appearance_compliance(case: CaseFacts, proceeding: ProceedingFacts,
                          today: dt.date | None = None) -> Compliance:
    """Whether some hearing of the proceeding had a person of the required level who stayed (SPC 2020 art. 7).
    With ``today``, hearings dated after it are not yet held and give no verdict."""
    requirement = appearance_requirement(case, proceeding)
    held = [h for h in proceeding.hearings if h.held_by(today)]
    if not held:
        return Compliance(requirement, False, False, "", Rank.NOBODY)
    best = max(h.rank for h in held)
    if any(h.rank >= requirement.rank and not h.left_without_permission for h in held):
        return Compliance(requirement, True, True, "", best)
    if any(h.rank >= requirement.rank for h in held):
        reason = "负责人未经法庭许可中途退庭"
    elif best is Rank.NOBODY:
        reason = "无人出庭"
    elif best is Rank.STAFF:
        reason = "仅工作人员或律师出庭"
    else:
        reason = f"出庭人员级别低于要求（应由{requirement.label}出庭）"
    return Compliance(requirement, True, False, reason, best)


def head_appeared(proceeding: ProceedingFacts) -> bool:
    """A head of any level appeared at some hearing of the proceeding (rules.md §7 负责人出庭数)."""
    return any(h.rank >= Rank.HEAD for h in proceeding.hearings if h.held)


def principal_appeared(proceeding: ProceedingFacts) -> bool:
    return any(h.rank >= Rank.PRINCIPAL for h in proceeding.hearings if h.held)


# ---------------------------------------------------------------------------------------------
# §5 Accountability leads


@dataclass(frozen=True)
class LeadReason:
    number: int            # 1..5 as in rules.md §5
    text: str
    date: dt.date


@dataclass(frozen=True)
class Lead:
    reasons: tuple[LeadReason, ...]

    @property
    def date(self) -> dt.date:
        return min(r.date for r in self.reasons)

    @property
    def text(self) -> str:
        return "；".join(r.text for r in self.reasons)


def accountability_lead(cal: WorkCalendar, case: CaseFacts, today: dt.date,
                        arisen_only: bool = True) -> Lead | None:
    """The case's accountability lead with every reason that holds (rules.md §5), or None.

    A reason arises on its date; with ``arisen_only`` (what a clerk is shown) reasons dated after today (a hearing
    not yet held, a decision pending effect) are left out. What is stored keeps them (``arisen_only=False``) so that
    the stored lead date needs no recomputation when the day comes; the figures count it from that day.
    """
    lead = _all_lead_reasons(cal, case)
    if lead is None or not arisen_only:
        return lead
    arisen = tuple(r for r in lead.reasons if r.date <= today)
    return Lead(arisen) if arisen else None


def _all_lead_reasons(cal: WorkCalendar, case: CaseFacts) -> Lead | None:
    reasons: list[LeadReason] = []
    outcome = final_outcome(case.proceedings)
    if outcome is not None and outcome.is_loss:
        if case.major_fault:
            detail = f"：{case.major_fault_reason}" if case.major_fault_reason else ""
            reasons.append(LeadReason(1, f"被诉行政机关存在重大过错导致败诉{detail}", outcome.effective_date))
        unfiled = [p for p in case.proceedings if p.complaint_received and not _filing_met(cal, p)]
        if unfiled:
            numbers = "、".join(p.case_number or p.level for p in unfiled)
            reasons.append(LeadReason(2, f"未履行行政诉讼备案程序且案件败诉（{numbers}）", outcome.effective_date))
    for p in case.proceedings:
        for h in sorted((h for h in p.hearings if h.held), key=lambda h: h.date):
            if h.role == ROLE_ABSENT and not h.absence_reason.strip():
                reasons.append(LeadReason(3, f"{h.date:%Y-%m-%d}开庭无正当理由拒不到庭", h.date))
            elif h.left_without_permission:
                reasons.append(LeadReason(3, f"{h.date:%Y-%m-%d}开庭出庭人员未经法庭许可中途退庭", h.date))
        held = sorted(h.date for h in p.hearings if h.held)
        if held and not head_appeared(p):
            label = p.case_number or p.level
            reasons.append(LeadReason(4, f"被诉行政机关负责人未出庭应诉（{label}）", held[0]))
    if case.refusal_recorded is not None:
        reasons.append(LeadReason(5, "拒不履行生效裁判文书", case.refusal_recorded))
    if not reasons:
        return None
    return Lead(tuple(sorted(reasons, key=lambda r: (r.date, r.number))))


def _filing_met(cal: WorkCalendar, p: ProceedingFacts) -> bool:
    if not (p.complaint_received and p.filing_received and p.filing_complete):
        return False
    return p.filing_received <= filing_due(cal, defense_due(cal, p.complaint_received)).day


# ---------------------------------------------------------------------------------------------
# §6 Case numbers

# Longest first, so 行赔初 is not read as 行 + 赔初, nor 行审复 as 行审.
TYPE_CODES = tuple(sorted(
    ("行初", "行终", "行再", "行申", "行监", "行抗", "行他", "行辖", "行赔初", "行赔终", "行赔再", "行赔申",
     "行审", "行审复", "行非诉", "行提"),
    key=len, reverse=True))
TYPE_LEVELS = {"行初": LEVEL_FIRST, "行赔初": LEVEL_FIRST, "行终": LEVEL_SECOND, "行赔终": LEVEL_SECOND,
               "行再": LEVEL_RETRIAL, "行赔再": LEVEL_RETRIAL}
PROVINCE_CODES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵最"
_CASE_NUMBER = re.compile(
    r"^[（(]\s*(?P<year>\d{4})\s*[）)]\s*(?P<court>[" + PROVINCE_CODES + r"]\d*)"
    r"(?P<type>" + "|".join(TYPE_CODES) + r")(?P<serial>\d+)号$")


@dataclass(frozen=True)
class CaseNumber:
    text: str                   # as stored: full-width brackets when well-formed, else as typed (trimmed)
    year: int | None = None
    court_code: str | None = None
    type_code: str | None = None
    serial: int | None = None
    warning: str = ""

    @property
    def well_formed(self) -> bool:
        return self.year is not None

    @property
    def level(self) -> str | None:
        return TYPE_LEVELS.get(self.type_code or "")


def parse_case_number(text: str) -> CaseNumber:
    """Parse an SPC case number; anything else is kept as typed with a warning, never rejected."""
    stripped = (text or "").strip()
    compact = re.sub(r"\s+", "", stripped)
    match = _CASE_NUMBER.match(compact)
    if match is None:
        warning = "案号为空" if not compact else "案号不符合“（年份）法院代字类型字号”格式，已按原文保存"
        return CaseNumber(stripped, warning=warning)
    normalized = f"（{match['year']}）{match['court']}{match['type']}{match['serial']}号"
    return CaseNumber(normalized, int(match["year"]), match["court"], match["type"], int(match["serial"]))
