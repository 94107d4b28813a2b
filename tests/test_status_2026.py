"""rules.md §3 (2026-12) through the database: lapsed deadlines stored and never counted, decisions pending effect
counted nowhere until their date, and the one status wording everywhere."""
import datetime as dt

from xiangshan_desk import agenda, caselist, cases, rules, stats
from xiangshan_desk.models import Deadline, Unit
from xiangshan_desk.stats import Period

D = dt.date
Q1 = Period.quarter(2025, 1)


def _case(actor, number, **proc):
    saved = cases.create_case(actor, {"unit_id": Unit.get(Unit.name == "石浦镇").id},
                              {"case_number": number, **proc})
    return saved.id, cases.case_detail(saved.id).proceedings[0].facts.id


def test_a_withdrawal_before_the_filing_deadline_is_not_counted(db, actor):
    # complaint 2025-03-07: filing due 03-17, defense due 03-24; the withdrawal ruling is received on 03-12
    case_id, proc = _case(actor, "（2025）浙0225行初1号", complaint_received="2025-03-07")
    cases.update_proceeding(actor, proc, {"judgment_received": "2025-03-12", "judgment_kind": "裁定",
                                          "decision": "撤诉", "effective_date": "2025-03-12"})
    stored = {d.kind: d for d in Deadline.select().where(Deadline.case == case_id)}
    assert stored["filing_due"].lapsed and stored["filing_due"].closed and not stored["filing_due"].missed
    assert rules.stored_status(stored["filing_due"].due, None, False, True, D(2025, 4, 1))[0] is rules.Status.LAPSED
    figures = {row.unit_name: row.figures for row in stats.compute(Q1, today=D(2025, 4, 1)).units}["石浦镇"]
    assert figures.count("filing_overdue") == 0 and figures.count("concluded") == 1
    todo = [item.what for item in agenda.todo(30, None, today=D(2025, 3, 16)) if item.case_id == case_id]
    assert todo == ["裁判文书备案期限"]              # the withdrawal ruling is still to be filed; the rest lapsed
    detail = cases.case_detail(case_id, today=D(2025, 4, 1))
    texts = {s.kind.id: s.text for p in detail.proceedings for s in p.deadlines}
    assert texts["filing_due"] == "不适用" and texts["defense_due"] == "不适用"


def test_a_decision_pending_effect_counts_nowhere_until_its_date(db, actor):
    case_id, proc = _case(actor, "（2025）浙0225行初2号", complaint_received="2025-01-06")
    cases.update_proceeding(actor, proc, {"judgment_received": "2025-03-10", "decision": "撤销",
                                          "effective_date": "2025-03-28", "judgment_filed": "2025-03-12"})
    before, after = D(2025, 3, 27), D(2025, 3, 28)
    county = stats.compute(Q1, today=before).county
    assert county.count("concluded") == 0 and county.count("lost") == 0
    county = stats.compute(Q1, today=after).county
    assert county.count("concluded") == 1 and county.count("lost") == 1
    open_filter = caselist.CaseFilter(state=caselist.STATE_OPEN)
    rows = caselist.query_rows(open_filter, today=before)
    assert [r.id for r in rows] == [case_id] and caselist.state_text(rows[0], before) == "在办（3月28日生效）"
    assert caselist.count_rows(open_filter, after) == 0
    assert caselist.count_rows(caselist.CaseFilter(state=caselist.STATE_CONCLUDED), after) == 1
    assert (caselist.status_counts(before).open, caselist.status_counts(after).open) == (1, 0)
    # the editor's live view: pending until the date, then the outcome; its loss report deadline runs from it
    assert cases.case_detail(case_id, today=before).outcome is None
    assert cases.case_detail(case_id, today=after).outcome.is_loss
