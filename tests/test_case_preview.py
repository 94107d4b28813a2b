"""The case editor's live preview, computed without Qt and without the database (only the last test opens one)
from the values as typed (issue #20 point 4); and the courts the editor proposes, from the courts table."""
import datetime as dt
from dataclasses import replace

from xiangshan_desk.application.case_preview import Loaded, case_preview, form_facts
from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import WorkCalendar

CAL = WorkCalendar()
TODAY = dt.date(2025, 3, 20)


def _typed(**proc):
    """A new case's form as the widgets give it: text for dates, the list's data for choices."""
    return {"major_fault": False, "major_fault_reason": "", "loss_report_submitted": ""}, \
        {"case_number": "(2025)浙0225行初101号", "level": rules.LEVEL_FIRST, "plaintiff_count": 1, **proc}, {}


def test_deadlines_of_a_new_case_follow_the_typed_dates():
    preview = case_preview(CAL, *_typed(complaint_received="2025-03-07"), unit_kind=rules.KIND_TOWNSHIP, today=TODAY)
    assert preview.deadlines["defense_due"].due.day == dt.date(2025, 3, 24)
    assert preview.deadline_texts["defense_due"].startswith("答辩期限：2025-03-24 周一 · ")
    assert "2025-03-17 周一" in preview.deadline_texts["filing_due"]
    assert preview.deadlines["filing_due"].status == rules.Status.OVERDUE          # 2025-03-17 < 2025-03-20
    assert "已逾期" in preview.deadline_texts["filing_due"]
    # filed in time with complete papers: met
    preview = case_preview(CAL, *_typed(complaint_received="2025-03-07", filing_received="2025-03-14",
                                        filing_complete=True), unit_kind=rules.KIND_TOWNSHIP, today=TODAY)
    assert preview.deadlines["filing_due"].status == rules.Status.MET
    assert "2025-03-19 周三" in preview.deadline_texts["forward_due"]


def test_half_typed_and_impossible_dates_count_as_empty():
    for typed in ("2025-0", "2025-02-30", "明天", ""):
        preview = case_preview(CAL, *_typed(complaint_received=typed), unit_kind=rules.KIND_TOWNSHIP, today=TODAY)
        assert preview.deadlines["defense_due"].due is None
    assert form_facts(*_typed(complaint_received="2025年3月7日"), unit_kind=rules.KIND_TOWNSHIP)[1].complaint_received \
        == dt.date(2025, 3, 7)


def test_requirement_lead_outcome_and_proposal():
    case, proc, risk = _typed(complaint_received="2025-01-06", judgment_served="2025-03-03",
                              judgment_kind=rules.JUDGMENT, decision=rules.OUTCOMES[0], high_risk=True)
    preview = case_preview(CAL, case, proc, risk, unit_kind=rules.KIND_TOWNSHIP, today=TODAY)
    assert preview.requirement_text.startswith("应由") and "败诉风险较高" in preview.requirement_text
    assert preview.proposal is not None and "上诉期届满次日" in preview.proposal_text
    assert preview.outcome_text == "尚未生效"
    assert preview.lead_lines == ()
    # the effective date typed: the outcome takes effect
    preview = case_preview(CAL, case, {**proc, "effective_date": "2025-03-19"}, risk, unit_kind=rules.KIND_TOWNSHIP,
                           today=TODAY)
    assert preview.outcome_text.endswith("2025-03-19 生效")
    # no service date: no proposal
    assert case_preview(CAL, *_typed(), unit_kind=rules.KIND_TOWNSHIP, today=TODAY).proposal is None


def test_posted_documents_and_odd_case_numbers_are_named():
    case, proc, risk = _typed(filing_submission=rules.POSTED)
    preview = case_preview(CAL, case, {**proc, "case_number": "（2015）象行初字第14号"}, risk,
                           unit_kind=rules.KIND_TOWNSHIP, today=TODAY)
    assert preview.act_labels["filing_received"] != preview.act_labels["defense_submitted"]
    assert "交邮" in preview.act_labels["filing_received"]
    assert "格式" in preview.case_number_hint
    assert case_preview(CAL, *_typed(), unit_kind=rules.KIND_TOWNSHIP, today=TODAY).case_number_hint == ""


def test_the_shown_proceeding_is_replaced_and_the_others_kept():
    """Editing the second instance: the first stays as loaded; the shown one takes the typed values."""
    first = rules.ProceedingFacts(id=1, complaint_received=dt.date(2024, 9, 2), decision=rules.OUTCOMES[0],
                                  judgment_received=dt.date(2024, 12, 2))
    second = rules.ProceedingFacts(id=2, level=rules.LEVEL_SECOND, parent_id=1, case_number="（2025）浙02行终5号")
    loaded = Loaded(rules.CaseFacts(unit_kind=rules.KIND_TOWNSHIP, proceedings=(first, second), id=7), shown=1)
    case, proc, risk = _typed(complaint_received="2025-03-03")
    facts, shown = form_facts(case, proc, risk, rules.KIND_TOWNSHIP, loaded)
    assert facts.proceedings[0] == first
    assert shown == facts.proceedings[1] and shown.id == 2 and shown.level == rules.LEVEL_SECOND
    assert shown.complaint_received == dt.date(2025, 3, 3) and facts.id == 7
    preview = case_preview(CAL, case, proc, risk, rules.KIND_TOWNSHIP, loaded, today=TODAY)
    assert all(s.proceeding_id in (2, None) for s in preview.deadlines.values())
    assert replace(shown, complaint_received=None) == replace(second, plaintiff_count=1)


def test_appeal_court_and_the_court_of_a_case_number_come_from_the_courts_table(db, actor):
    from xiangshan_desk.application import reference
    from xiangshan_desk.application.units import appeal_court, court_of
    assert appeal_court("象山县人民法院") == "宁波市中级人民法院"
    assert appeal_court("宁波市奉化区人民法院") == "宁波市中级人民法院"        # a district court: no 县 in its name
    assert appeal_court("", "（2025）浙0226行初3号") == "宁波市中级人民法院"     # found by the 案号
    assert appeal_court("宁波市中级人民法院") == "浙江省高级人民法院"
    assert appeal_court("") == "" and appeal_court("某某法院", "随便写的") == ""
    assert court_of("(2025)浙0225行初101号") == "象山县人民法院" and court_of("随便写的") == ""
    # a court the clerks add (设置 → 基础数据) is known at once
    reference.save_court(actor, "浙0203", "宁波市海曙区人民法院")
    assert court_of("（2025）浙0203行初1号") == "宁波市海曙区人民法院"
    assert appeal_court("宁波市海曙区人民法院") == "宁波市中级人民法院"
