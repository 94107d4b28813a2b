"""The case list's SQL filters, search, sort and paging over the derived columns."""
import datetime as dt

import pytest

from xiangshan_desk.application import caselist, cases
from xiangshan_desk.domain.calendar import WorkCalendar
from xiangshan_desk.application.caselist import CaseFilter
from xiangshan_desk.persistence.models import Unit

D = dt.date
TODAY = D(2025, 4, 1)


def _unit(name):
    return Unit.get(Unit.name == name).id


@pytest.fixture
def three_cases(db, actor):
    a = cases.create_case(actor, {"unit_id": _unit("石浦镇"), "plaintiffs": "张三丰", "cause": "行政处罚"},
                          {"case_number": "(2025)浙0225行初1号", "complaint_received": "2025-03-07"})
    b = cases.create_case(actor, {"unit_id": _unit("县公安局"), "plaintiffs": "李四", "cause": "政府信息公开"},
                          {"case_number": "(2025)浙0225行初2号", "complaint_received": "2025-03-25",
                           "filing_received": "2025-03-28", "filing_complete": True})
    c = cases.create_case(actor, {"unit_id": _unit("县公安局"), "plaintiffs": "王五", "cause": "行政许可"},
                          {"case_number": "(2024)浙0225行初9号", "complaint_received": "2024-05-06",
                           "judgment_received": "2024-08-01", "decision": "撤销", "effective_date": "2024-08-20"})
    return a.id, b.id, c.id


def ids(rows):
    return [r.id for r in rows]


def test_search_matches_number_plaintiff_unit_and_cause(three_cases):
    a, b, c = three_cases
    assert ids(caselist.query_rows(CaseFilter(text="三丰"), today=TODAY)) == [a]
    assert ids(caselist.query_rows(CaseFilter(text="(2025)浙0225行初2"), today=TODAY)) == [b]
    assert set(ids(caselist.query_rows(CaseFilter(text="公安"), today=TODAY))) == {b, c}
    assert ids(caselist.query_rows(CaseFilter(text="信息公开"), today=TODAY)) == [b]
    assert caselist.query_rows(CaseFilter(text="100%"), today=TODAY) == []


def test_search_follows_a_renamed_or_merged_unit(three_cases, actor):
    from xiangshan_desk.application import reference
    a, b, c = three_cases
    reference.save_unit(actor, _unit("石浦镇"), {"name": "石浦新镇"})
    assert ids(caselist.query_rows(CaseFilter(text="石浦新镇"), today=TODAY)) == [a]
    assert caselist.count_rows(CaseFilter(text="石浦新镇"), TODAY) == 1
    reference.merge_units(actor, _unit("县公安局"), _unit("石浦新镇"))
    assert set(ids(caselist.query_rows(CaseFilter(text="石浦新镇"), today=TODAY))) == {a, b, c}
    assert caselist.query_rows(CaseFilter(text="公安"), today=TODAY) == []


def test_filters(three_cases):
    a, b, c = three_cases
    assert set(ids(caselist.query_rows(CaseFilter(unit_id=_unit("县公安局")), today=TODAY))) == {b, c}
    assert ids(caselist.query_rows(CaseFilter(year=2024), today=TODAY)) == [c]
    assert ids(caselist.query_rows(CaseFilter(state="已结"), today=TODAY)) == [c]
    assert ids(caselist.query_rows(CaseFilter(losses_only=True), today=TODAY)) == [c]
    # a: filing due 03-17 is overdue on 04-01; c: its judgment filing and loss report are overdue;
    # b: forward due 04-02 is within 10 days
    assert set(ids(caselist.query_rows(CaseFilter(overdue_only=True), today=TODAY))) == {a, c}
    assert b in ids(caselist.query_rows(CaseFilter(due_within_days=10), today=TODAY))
    assert caselist.count_rows(CaseFilter(unit_kind="县级部门"), today=TODAY) == 2


def test_sort_and_paging(three_cases):
    a, b, c = three_cases
    newest_first = ids(caselist.query_rows(CaseFilter(), sort="complaint_received", today=TODAY))
    assert newest_first == [b, a, c]
    assert ids(caselist.query_rows(CaseFilter(), sort="complaint_received", descending=False, today=TODAY)) == [c, a, b]
    assert ids(caselist.query_rows(CaseFilter(), offset=1, limit=1, today=TODAY)) == [a]


def test_urgency_colours(three_cases):
    a, b, _ = three_cases
    soon = caselist.soon_limit(WorkCalendar(), TODAY)
    rows = {r.id: r for r in caselist.query_rows(CaseFilter(), today=TODAY)}
    assert caselist.urgency(rows[a], TODAY, soon) == "overdue"
    assert caselist.state_text(rows[a], TODAY) == "已逾期15天"
    # b's earliest open deadline is forward_due 2025-04-02 (3 working days after 03-28): amber
    assert rows[b].earliest_open_due == D(2025, 4, 2)
    assert caselist.urgency(rows[b], TODAY, soon) == "soon"


def test_recycle_bin_filter(three_cases, actor):
    a, b, c = three_cases
    cases.move_to_recycle_bin(actor, a)
    assert a not in ids(caselist.query_rows(CaseFilter(), today=TODAY))
    binned = caselist.query_rows(CaseFilter(recycle_bin=True), today=TODAY)
    assert ids(binned) == [a] and binned[0].deleted_by == "测试员"
    assert caselist.status_counts(TODAY).total == 2
    # the whole list is counted as every case less the recycle bin; a filter counts its own way
    assert caselist.count_rows(CaseFilter(), TODAY) == caselist.count_rows(CaseFilter(text="  "), TODAY) == 2
    assert caselist.count_rows(CaseFilter(recycle_bin=True), TODAY) == 1


def test_ordered_ids_follow_the_pages_of_every_sort(db):
    """The list model counts and pages a text search by ``query_ids`` and scrolls by id; the order must be the
    one the paged query gives, for every sort, both directions, with and without a search."""
    from xiangshan_desk.application import demo
    demo.generate(300, seed=5, today=TODAY)
    for text in ("", "行政", "（2024）"):
        f = CaseFilter(text=text)
        for sort in caselist.SORT_FIELDS:
            for descending in (True, False):
                ids = caselist.query_ids(f, sort, descending, TODAY)
                paged = caselist.query_rows(f, sort, descending, 0, 1000, TODAY)
                assert ids == [r.id for r in paged], (text, sort, descending)
                assert len(ids) == caselist.count_rows(f, TODAY)
                assert caselist.rows_by_ids(ids[37:41]) == paged[37:41]
    assert caselist.count_rows(CaseFilter(text="行政"), TODAY) > 0


def test_rows_by_ids_keeps_the_order_given_and_skips_gone_cases(three_cases):
    a, b, c = three_cases
    assert [r.id for r in caselist.rows_by_ids([c, a, 999999, b])] == [c, a, b]
    assert caselist.rows_by_ids([]) == []
    from xiangshan_desk.persistence.db import id_list
    from xiangshan_desk.persistence.models import Case
    assert list(Case.select().where(Case.id.in_(id_list([])))) == []


def test_the_next_deadline_column_names_which_deadline_when_and_how_it_stands(db, actor):
    """issue #21: 下一期限 (name + date + status), from the one status wording."""
    unit = Unit.get(Unit.name == "石浦镇").id
    saved = cases.create_case(actor, {"unit_id": unit}, {"case_number": "（2025）浙0225行初61号",
                                                         "complaint_received": "2025-03-07"})
    row = caselist.rows_by_ids([saved.id])[0]
    assert row.next_due_kind == "filing_due"
    assert caselist.next_due_text(row, D(2025, 3, 19), "周一") == "备案期限 3月17日 周一 · 已逾期2天"
    assert caselist.next_due_text(row, D(2025, 3, 14)) == "备案期限 3月17日 · 未到期（还剩3天）"


def test_an_unconfirmed_deadline_carries_the_mark_in_the_list(schedule_ending_2026, db, actor):
    """rules.md §3: a deadline computed on a year without a holiday schedule (2027 here) carries 未确认 wherever its
    date is printed — in 答辩期限, 备案期限 and 下一期限 too, read from the case row alone."""
    unit = _unit("石浦镇")
    late = cases.create_case(actor, {"unit_id": unit}, {"case_number": "（2026）浙0225行初71号",
                                                        "complaint_received": "2026-12-20"})
    early = cases.create_case(actor, {"unit_id": unit}, {"case_number": "（2026）浙0225行初72号",
                                                         "complaint_received": "2026-03-06"})
    row, confirmed = caselist.rows_by_ids([late.id, early.id])
    assert (row.defense_due, row.filing_due, row.next_due_kind) == (D(2027, 1, 4), D(2026, 12, 28), "filing_due")
    assert row.defense_due_unconfirmed and row.filing_due_unconfirmed and row.next_due_unconfirmed
    assert caselist.due_text(row.defense_due, row.defense_due_unconfirmed, "周一") == "2027-01-04 周一（未确认）"
    assert caselist.due_text(row.filing_due, row.filing_due_unconfirmed) == "2026-12-28（未确认）"
    assert (caselist.next_due_text(row, D(2026, 12, 21), "周一")
            == "备案期限 12月28日 周一（未确认） · 未到期（还剩7天）")
    assert not (confirmed.defense_due_unconfirmed or confirmed.filing_due_unconfirmed
                or confirmed.next_due_unconfirmed)
    assert caselist.due_text(confirmed.defense_due, confirmed.defense_due_unconfirmed, "周一") == "2026-03-23 周一"
    assert "未确认" not in caselist.next_due_text(confirmed, D(2026, 3, 10), "周一")
    assert caselist.due_text(None, True) == ""
    # the list's query reads the marks with the dates (one query on the case row, as every page does)
    assert caselist.query_rows(CaseFilter(text="行初71号"), today=D(2026, 12, 21)) == [row]
    # once the year's schedule is entered, the marks go with the recomputation
    from xiangshan_desk.application.holidays import set_year_complete
    set_year_complete(actor, 2027, True, "国办发明电〔2026〕X号")
    row = caselist.rows_by_ids([late.id])[0]
    assert not (row.defense_due_unconfirmed or row.filing_due_unconfirmed or row.next_due_unconfirmed)
