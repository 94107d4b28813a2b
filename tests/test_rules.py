"""Deadlines' status, appearance, accountability leads, outcomes and case numbers (rules.md §3–§6)."""
import datetime as dt

import pytest

from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import WorkCalendar
from xiangshan_desk.domain.rules import CaseFacts, HearingFacts, Rank, ProceedingFacts, Status

D = dt.date
CAL = WorkCalendar()


# --- deadline status -----------------------------------------------------------------------

@pytest.mark.parametrize("due, done, today, ended, pre, expected", [
    (None, None, D(2025, 3, 1), None, True, (Status.NOT_STARTED, 0)),
    (D(2025, 3, 17), D(2025, 3, 17), D(2025, 4, 1), None, True, (Status.MET, 0)),
    (D(2025, 3, 17), D(2025, 3, 20), D(2025, 4, 1), None, True, (Status.LATE, 3)),
    (D(2025, 3, 17), None, D(2025, 3, 14), None, True, (Status.OPEN, 3)),
    (D(2025, 3, 17), None, D(2025, 3, 17), None, True, (Status.OPEN, 0)),
    (D(2025, 3, 17), None, D(2025, 3, 19), None, True, (Status.OVERDUE, 2)),
    (D(2025, 3, 17), None, D(2025, 3, 19), D(2025, 3, 18), True, (Status.MISSED, 2)),
    (D(2025, 3, 17), None, D(2025, 3, 19), D(2025, 3, 17), True, (Status.MISSED, 2)),   # due on the end date
    (D(2025, 3, 17), None, D(2025, 3, 19), D(2025, 3, 16), True, (Status.LAPSED, 0)),   # due after it ended
    (D(2025, 3, 17), None, D(2025, 3, 19), D(2025, 3, 18), False, (Status.OVERDUE, 2)),
])
def test_deadline_status(due, done, today, ended, pre, expected):
    assert rules.deadline_status(due, done, today, ended, pre) == expected


@pytest.mark.parametrize("status, days, text", [
    (Status.MET, 0, "已按期"), (Status.LATE, 3, "逾期3天完成"), (Status.OPEN, 5, "未到期（还剩5天）"),
    (Status.OPEN, 0, "今日到期"), (Status.OVERDUE, 2, "已逾期2天"), (Status.MISSED, 9, "未办理"),
    (Status.LAPSED, 0, "不适用"), (Status.NOT_STARTED, 0, "尚未起算"),
])
def test_the_eight_status_words(status, days, text):
    assert rules.status_text(status, days) == text


def test_stored_status_reads_back_what_was_computed():
    assert rules.stored_status(D(2025, 3, 17), None, False, True, D(2025, 4, 1)) == (Status.LAPSED, 0)
    assert rules.stored_status(D(2025, 3, 17), None, True, False, D(2025, 4, 1)) == (Status.MISSED, 15)
    assert rules.stored_status(D(2025, 3, 17), None, False, False, D(2025, 4, 1)) == (Status.OVERDUE, 15)
    assert rules.stored_status(D(2025, 3, 17), D(2025, 3, 18), True, False, D(2025, 4, 1)) == (Status.LATE, 1)


def test_a_withdrawal_before_the_filing_deadline_leaves_it_lapsed_and_uncounted():
    # complaint 2025-03-07: defense due 03-24, filing due 03-17; withdrawn by a ruling received 03-12
    p = ProceedingFacts(id=1, complaint_received=D(2025, 3, 7), judgment_received=D(2025, 3, 12),
                        judgment_kind=rules.RULING, decision="撤诉", effective_date=D(2025, 3, 12))
    states = {s.kind.id: s for s in rules.case_deadlines(CAL, CaseFacts(proceedings=(p,)), D(2025, 4, 1))}
    for kind in ("filing_due", "defense_due"):
        assert states[kind].status is Status.LAPSED and states[kind].text == "不适用"
        assert not states[kind].counts_as_late and states[kind].closed


def test_a_superseded_proceeding_ends_on_the_next_ones_trigger():
    first = ProceedingFacts(id=1, complaint_received=D(2025, 3, 7))
    second = ProceedingFacts(id=2, parent_id=1, level=rules.LEVEL_SECOND, complaint_received=D(2025, 3, 20))
    assert rules.proceeding_end(first, second) == D(2025, 3, 20)
    states = {(s.proceeding_id, s.kind.id): s
              for s in rules.case_deadlines(CAL, CaseFacts(proceedings=(first, second)), D(2025, 5, 1))}
    assert states[(1, "filing_due")].status is Status.MISSED        # due 03-17, before 03-20
    assert states[(1, "defense_due")].status is Status.LAPSED       # due 03-24, after 03-20


def test_a_decision_pending_effect_is_not_an_outcome_until_its_date():
    p = ProceedingFacts(id=1, complaint_received=D(2025, 3, 7), judgment_received=D(2025, 6, 2),
                        decision="撤销", effective_date=D(2025, 7, 1))
    assert rules.final_outcome((p,), D(2025, 6, 30)) is None
    assert rules.final_outcome((p,), D(2025, 7, 1)).is_loss
    assert rules.final_outcome((p,)).effective_date == D(2025, 7, 1)          # stored as recorded
    loss = {s.kind.id: s for s in rules.case_deadlines(CAL, CaseFacts(proceedings=(p,)), D(2025, 6, 20))}
    assert loss["loss_report_due"].note == "生效后起算" and loss["loss_report_due"].status is Status.OPEN


def test_proceeding_deadlines_and_texts():
    p = ProceedingFacts(id=1, complaint_received=D(2025, 3, 7), filing_received=D(2025, 3, 18),
                        filing_complete=True, summons_received=D(2025, 9, 26))
    states = {s.kind.id: s for s in rules.proceeding_deadlines(CAL, p, D(2025, 9, 29))}
    assert states["defense_due"].due.day == D(2025, 3, 24)
    assert states["defense_due"].text == "已逾期189天"
    assert states["filing_due"].text == "逾期1天完成"
    assert states["forward_due"].due.day == D(2025, 3, 21)
    assert states["forward_due"].status is Status.OVERDUE
    assert states["head_list_due"].text == "未到期（还剩1天）"
    assert states["risk_report_due"].text == "尚未起算"
    assert states["forward_due"].kind.responsible == rules.BUREAU


def test_incomplete_filing_is_not_done():
    p = ProceedingFacts(id=1, complaint_received=D(2025, 3, 7), filing_received=D(2025, 3, 10))
    filing = {s.kind.id: s for s in rules.proceeding_deadlines(CAL, p, D(2025, 3, 12))}["filing_due"]
    assert filing.status is Status.OPEN and filing.note == "备案材料不齐"


def test_pre_decision_deadline_missed_after_the_proceeding_ended_but_judgment_filing_stays_overdue():
    p = ProceedingFacts(id=1, complaint_received=D(2025, 3, 7), judgment_received=D(2025, 6, 2),
                        decision="驳回诉讼请求", effective_date=D(2025, 6, 20))
    case = CaseFacts(proceedings=(p,))
    states = {s.kind.id: s for s in rules.case_deadlines(CAL, case, D(2025, 7, 1))}
    assert states["defense_due"].status is Status.MISSED and states["defense_due"].closed
    assert states["defense_due"].counts_as_late
    assert states["judgment_filing_due"].status is Status.OVERDUE
    assert states["loss_report_due"].status is Status.NOT_STARTED   # not a loss


def test_proposed_effective_date():
    # judgment served 2025-06-03: appeal period ends 06-18 (Wed), effective 06-19
    assert rules.proposed_effective_date(CAL, D(2025, 6, 3)).day == D(2025, 6, 19)
    # ruling: 10 days → 06-13 (Fri), effective 06-14
    assert rules.proposed_effective_date(CAL, D(2025, 6, 3), rules.RULING).day == D(2025, 6, 14)
    # appeal period ending on a rest day is extended first: served 2025-09-16 + 15 = 10-01 (National Day)
    assert rules.proposed_effective_date(CAL, D(2025, 9, 16)).day == D(2025, 10, 10)
    # second instance and mediation take effect on service
    assert rules.proposed_effective_date(CAL, D(2025, 6, 3), level=rules.LEVEL_SECOND).day == D(2025, 6, 3)
    assert rules.proposed_effective_date(CAL, D(2025, 6, 3), rules.MEDIATION).day == D(2025, 6, 3)


def test_loss_report_deadline_for_lost_case():
    p = ProceedingFacts(id=1, complaint_received=D(2025, 1, 2), decision="撤销", effective_date=D(2025, 5, 6))
    case = CaseFacts(proceedings=(p,), loss_report_submitted=D(2025, 5, 30))
    state = {s.kind.id: s for s in rules.case_deadlines(CAL, case, D(2025, 6, 1))}["loss_report_due"]
    assert state.due.day == D(2025, 5, 26)
    assert state.text == "逾期4天完成"


# --- appearance ----------------------------------------------------------------------------

@pytest.mark.parametrize("facts, reason", [
    (ProceedingFacts(plaintiff_count=60), "原告60人，50人以上"),
    (ProceedingFacts(plaintiff_count=50), "原告50人，50人以上"),
    (ProceedingFacts(major_public_interest=True), "涉及重大公共利益"),
    (ProceedingFacts(high_attention=True), "社会高度关注或者可能引发群体性事件"),
    (ProceedingFacts(high_risk=True), "败诉风险较高"),
    (ProceedingFacts(written_recommendation=True), "人民法院或县司法局书面建议主要负责人出庭"),
])
def test_principal_head_required(facts, reason):
    requirement = rules.appearance_requirement(CaseFacts(proceedings=(facts,)), facts)
    assert requirement.rank is Rank.PRINCIPAL
    assert requirement.reasons == (reason,)
    assert requirement.label == "主要负责人"


def test_a_head_is_required_otherwise():
    requirement = rules.appearance_requirement(CaseFacts(), ProceedingFacts(plaintiff_count=49))
    assert requirement.rank is Rank.HEAD and requirement.label == "负责人"


def test_county_government_case_requires_county_leader():
    case = CaseFacts(unit_kind=rules.KIND_COUNTY_GOVERNMENT, proceedings=(ProceedingFacts(
        id=1, hearings=(HearingFacts(D(2025, 5, 8), rules.ROLE_COUNTY_LEADER),)),))
    requirement = rules.appearance_requirement(case, case.proceedings[0])
    assert requirement.rank is Rank.PRINCIPAL and requirement.label == "分管县领导"
    assert rules.appearance_compliance(case, case.proceedings[0]).compliant
    deputy = CaseFacts(unit_kind=rules.KIND_COUNTY_GOVERNMENT, proceedings=(ProceedingFacts(
        id=1, hearings=(HearingFacts(D(2025, 5, 8), rules.ROLE_DEPUTY),)),))
    compliance = rules.appearance_compliance(deputy, deputy.proceedings[0])
    assert not compliance.compliant and "级别低于要求" in compliance.reason


def _compliance(proceeding_kwargs, *hearings):
    p = ProceedingFacts(id=1, hearings=tuple(hearings), **proceeding_kwargs)
    case = CaseFacts(proceedings=(p,))
    return rules.appearance_compliance(case, p)


def test_two_hearings_only_second_had_a_head_is_compliant():
    c = _compliance({}, HearingFacts(D(2025, 4, 1), rules.ROLE_STAFF), HearingFacts(D(2025, 5, 1), rules.ROLE_DEPUTY))
    assert c.applicable and c.compliant and c.text == "符合要求"


@pytest.mark.parametrize("proceeding_kwargs, hearing, reason", [
    ({}, HearingFacts(D(2025, 4, 1), rules.ROLE_LAWYER), "仅工作人员或律师出庭"),
    ({}, HearingFacts(D(2025, 4, 1), rules.ROLE_ABSENT), "无人出庭"),
    ({"plaintiff_count": 80}, HearingFacts(D(2025, 4, 1), rules.ROLE_OTHER_HEAD), "出庭人员级别低于要求（应由主要负责人出庭）"),
    ({}, HearingFacts(D(2025, 4, 1), rules.ROLE_DEPUTY, left_without_permission=True), "负责人未经法庭许可中途退庭"),
])
def test_non_compliance_reasons(proceeding_kwargs, hearing, reason):
    c = _compliance(proceeding_kwargs, hearing)
    assert not c.compliant and c.reason == reason


def test_scheduled_hearing_only_is_not_yet_applicable():
    c = _compliance({}, HearingFacts(D(2025, 4, 1)))
    assert not c.applicable and c.text == "尚未开庭"


# --- accountability leads ------------------------------------------------------------------

def _lost(**kwargs):
    return ProceedingFacts(id=1, case_number="（2025）浙0225行初1号", complaint_received=D(2025, 3, 7),
                           decision="撤销", effective_date=D(2025, 7, 1), **kwargs)


def test_no_lead_for_a_clean_lost_case():
    p = _lost(filing_received=D(2025, 3, 17), filing_complete=True,
              hearings=(HearingFacts(D(2025, 5, 1), rules.ROLE_DEPUTY),))
    assert rules.accountability_lead(CAL, CaseFacts(proceedings=(p,)), D(2025, 8, 1)) is None


def test_reason_1_major_fault():
    p = _lost(filing_received=D(2025, 3, 17), filing_complete=True)
    lead = rules.accountability_lead(CAL, CaseFacts(major_fault=True, major_fault_reason="未履行告知程序",
                                                    proceedings=(p,)), D(2025, 8, 1))
    assert [r.number for r in lead.reasons] == [1]
    assert lead.date == D(2025, 7, 1) and "未履行告知程序" in lead.text


@pytest.mark.parametrize("filing", [
    {},                                                               # never filed
    {"filing_received": D(2025, 3, 18), "filing_complete": True},     # filed a day late
    {"filing_received": D(2025, 3, 10), "filing_complete": False},    # materials incomplete
])
def test_reason_2_loss_without_completed_filing(filing):
    lead = rules.accountability_lead(CAL, CaseFacts(proceedings=(_lost(**filing),)), D(2025, 8, 1))
    assert [r.number for r in lead.reasons] == [2] and lead.date == D(2025, 7, 1)


def test_reason_2_needs_a_loss():
    p = ProceedingFacts(id=1, complaint_received=D(2025, 3, 7), decision="驳回诉讼请求", effective_date=D(2025, 7, 1))
    assert rules.accountability_lead(CAL, CaseFacts(proceedings=(p,)), D(2025, 8, 1)) is None


def test_reason_3_absent_without_good_reason_and_4_no_head():
    p = ProceedingFacts(id=1, hearings=(HearingFacts(D(2025, 5, 6), rules.ROLE_ABSENT),))
    lead = rules.accountability_lead(CAL, CaseFacts(proceedings=(p,)), D(2025, 8, 1))
    assert [r.number for r in lead.reasons] == [3, 4] and lead.date == D(2025, 5, 6)
    excused = ProceedingFacts(id=1, hearings=(HearingFacts(D(2025, 5, 6), rules.ROLE_ABSENT,
                                                           absence_reason="法院同意延期到庭"),))
    lead = rules.accountability_lead(CAL, CaseFacts(proceedings=(excused,)), D(2025, 8, 1))
    assert [r.number for r in lead.reasons] == [4]


def test_reason_3_left_without_permission():
    p = ProceedingFacts(id=1, hearings=(HearingFacts(D(2025, 5, 6), rules.ROLE_PRINCIPAL, True),))
    lead = rules.accountability_lead(CAL, CaseFacts(proceedings=(p,)), D(2025, 8, 1))
    assert [r.number for r in lead.reasons] == [3] and "中途退庭" in lead.text


def test_reason_4_staff_only_dates_from_first_hearing():
    p = ProceedingFacts(id=1, hearings=(HearingFacts(D(2025, 6, 3), rules.ROLE_LAWYER),
                                        HearingFacts(D(2025, 5, 6), rules.ROLE_STAFF)))
    lead = rules.accountability_lead(CAL, CaseFacts(proceedings=(p,)), D(2025, 8, 1))
    assert [r.number for r in lead.reasons] == [4] and lead.date == D(2025, 5, 6)


def test_two_hearings_only_second_had_a_head_is_no_lead():
    p = ProceedingFacts(id=1, hearings=(HearingFacts(D(2025, 5, 6), rules.ROLE_STAFF),
                                        HearingFacts(D(2025, 6, 3), rules.ROLE_OTHER_HEAD)))
    assert rules.accountability_lead(CAL, CaseFacts(proceedings=(p,)), D(2025, 8, 1)) is None


def test_reason_5_refusal_to_perform():
    lead = rules.accountability_lead(CAL, CaseFacts(performance="拒不履行", refusal_recorded=D(2025, 9, 9)),
                                     D(2025, 10, 1))
    assert [r.number for r in lead.reasons] == [5] and lead.date == D(2025, 9, 9)


# --- outcomes ------------------------------------------------------------------------------

def _appeal(first_decision, second_decision, second_effective=D(2025, 11, 1)):  # noqa: B008 - immutable
    first = ProceedingFacts(id=1, level="一审", decision=first_decision)
    second = ProceedingFacts(id=2, level="二审", parent_id=1, decision=second_decision,
                             effective_date=second_effective)
    return (first, second)


def test_first_instance_loss_reversed_on_appeal_is_not_a_loss():
    outcome = rules.final_outcome(_appeal("撤销", "驳回诉讼请求"))
    assert outcome.outcome == "驳回诉讼请求" and not outcome.is_loss
    assert outcome.effective_date == D(2025, 11, 1)


def test_first_instance_win_reversed_on_appeal_is_a_loss():
    outcome = rules.final_outcome(_appeal("驳回诉讼请求", "确认违法"))
    assert outcome.is_loss and outcome.proceeding.id == 2


def test_upheld_and_withdrawn_appeal_take_the_earlier_outcome():
    assert rules.final_outcome(_appeal("撤销", rules.UPHELD)).outcome == "撤销"
    assert rules.final_outcome(_appeal("驳回起诉", rules.APPEAL_WITHDRAWN)).outcome == "驳回起诉"


def test_remand_has_no_outcome_until_the_new_first_instance_takes_effect():
    first, second = _appeal("撤销", rules.REMANDED)
    assert rules.final_outcome((first, second)) is None
    retried = ProceedingFacts(id=3, level="一审", parent_id=2, decision="驳回诉讼请求", effective_date=D(2026, 3, 1))
    assert rules.final_outcome((first, second, retried)).outcome == "驳回诉讼请求"


def test_appealed_first_instance_has_no_effect_of_its_own():
    first = ProceedingFacts(id=1, decision="撤销")
    second = ProceedingFacts(id=2, level="二审", parent_id=1)
    assert rules.final_outcome((first, second)) is None


def test_loss_classification():
    assert all(rules.is_loss(o) for o in ("撤销", "确认违法但不撤销", "行政赔偿", "责令履行法定职责"))
    assert not any(rules.is_loss(o) for o in ("驳回诉讼请求", "撤诉", "调解", "其他", None))


# --- case numbers --------------------------------------------------------------------------

@pytest.mark.parametrize("text, year, court, code, serial, level", [
    ("（2023）浙0225行初123号", 2023, "浙0225", "行初", 123, "一审"),
    ("(2023)浙0225行初123号", 2023, "浙0225", "行初", 123, "一审"),
    (" (2024）浙02行终45号 ", 2024, "浙02", "行终", 45, "二审"),
    ("（2024）浙行再3号", 2024, "浙", "行再", 3, "再审"),
    ("（2024）浙行申12号", 2024, "浙", "行申", 12, None),
    ("（2025）浙0225行赔初7号", 2025, "浙0225", "行赔初", 7, "一审"),
    ("（2025）浙02行赔终8号", 2025, "浙02", "行赔终", 8, "二审"),
    ("（2025）浙0225行审复2号", 2025, "浙0225", "行审复", 2, None),
    ("（2025）浙0225行审20号", 2025, "浙0225", "行审", 20, None),
])
def test_case_number_forms(text, year, court, code, serial, level):
    number = rules.parse_case_number(text)
    assert (number.year, number.court_code, number.type_code, number.serial) == (year, court, code, serial)
    assert number.level == level
    assert number.text.startswith("（") and "）" in number.text and not number.warning


def test_case_number_court_code():
    assert rules.parse_case_number("（2023）浙0225行初1号").court_code == "浙0225"
    assert rules.parse_case_number("（2023）浙02行终1号").court_code == "浙02"


@pytest.mark.parametrize("text", ["（2015）象行初字第14号", "2023浙0225行初123号", "（2023）浙0225行初号", "abc"])
def test_malformed_case_numbers_kept_with_warning(text):
    number = rules.parse_case_number(text)
    assert number.text == text and number.warning and not number.well_formed


def test_each_proceeding_decides_its_own_requirement():
    """rules.md §4 (2026-12): 60 plaintiffs at first instance, one of them appeals."""
    first = ProceedingFacts(id=1, plaintiff_count=60)
    appeal = ProceedingFacts(id=2, parent_id=1, level=rules.LEVEL_SECOND, plaintiff_count=1)
    case = CaseFacts(proceedings=(first, appeal))
    assert rules.appearance_requirement(case, first).rank is Rank.PRINCIPAL
    assert rules.appearance_requirement(case, appeal).rank is Rank.HEAD


@pytest.mark.parametrize("names, count, warned", [
    ("张三、李四、王五", 1, True), ("张三、李四、王五", 3, False), ("张三", 1, False), ("张三等", 60, False),
    ("张三等60人", 60, False), ("", 5, False), ("某某有限公司，张三", 2, False),
])
def test_plaintiff_count_hint(names, count, warned):
    assert bool(rules.plaintiff_count_warning(names, count)) is warned
