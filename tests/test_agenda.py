"""Calendar items, the to-do list and its exports, the reminder, the holiday editor's core, .ics export."""
import datetime as dt

import icalendar
import pytest
from docx import Document
from openpyxl import load_workbook

from xiangshan_desk.application import agenda, cases, holidays
from xiangshan_desk.application.documents.todo import write_todo
from xiangshan_desk.persistence.models import Deadline, Unit
from xiangshan_desk.domain.errors import AppError

D = dt.date
TODAY = dt.date.today()


def _unit(name):
    return Unit.get(Unit.name == name).id


def _case(actor, unit, number, **proc):
    return cases.create_case(actor, {"unit_id": _unit(unit), "plaintiffs": "甲"}, {"case_number": number, **proc}).id


def test_items_on_days_moved_by_holidays(db, actor):
    moved = _case(actor, "石浦镇", "（2025）浙0225行初1号", complaint_received="2025-01-15")
    saturday = _case(actor, "县公安局", "（2025）浙0225行初2号", complaint_received="2025-01-24")
    items = agenda.by_day(agenda.items_between(D(2025, 1, 1), D(2025, 2, 28), today=D(2025, 2, 6)))
    assert [(i.case_id, i.what) for i in items[D(2025, 2, 5)]] == [(moved, "答辩期限")]
    assert [(i.case_id, i.what) for i in items[D(2025, 2, 8)]] == [(saturday, "答辩期限")]   # 班: not extended
    assert items[D(2025, 2, 5)][0].status == agenda.OVERDUE
    assert items[D(2025, 2, 8)][0].status == agenda.DUE
    unit_only = agenda.items_between(D(2025, 1, 1), D(2025, 2, 28), unit_id=_unit("县公安局"), today=D(2025, 2, 6))
    assert {i.case_id for i in unit_only} == {saturday}


def test_todo_lists_overdue_and_soon_not_missed(db, actor):
    late = _case(actor, "石浦镇", "（2026）浙0225行初1号", complaint_received=TODAY - dt.timedelta(days=14))
    soon = _case(actor, "县公安局", "（2026）浙0225行初2号", complaint_received=TODAY - dt.timedelta(days=2))
    ended = _case(actor, "县公安局", "（2026）浙0225行初3号", complaint_received=TODAY - dt.timedelta(days=40),
                  decision="撤诉", effective_date=TODAY - dt.timedelta(days=1))
    items = agenda.todo(20)
    assert {i.case_id for i in items} == {late, soon}            # the withdrawn case's missed filing is gone
    # units in the official order (units.md: the townships before the county departments), not by name
    units = [i.unit for i in items]
    assert units == sorted(units, key=lambda name: Unit.get(Unit.name == name).sort_order)
    assert units[0] == "石浦镇" and units[-1] == "县公安局"
    late_items = [i for i in items if i.case_id == late]
    assert late_items[0].status == agenda.OVERDUE and late_items[0].responsible == "被诉单位"
    assert ended not in {i.case_id for i in agenda.todo(365)}
    only = agenda.todo(20, _unit("石浦镇"))
    assert {i.case_id for i in only} == {late}
    assert agenda.todo(0, today=TODAY) == [i for i in agenda.todo(0) if i.day <= TODAY]


def test_todo_exports(db, actor, tmp_path):
    _case(actor, "石浦镇", "（2026）浙0225行初1号", complaint_received=TODAY - dt.timedelta(days=14))
    _case(actor, "县公安局", "（2026）浙0225行初2号", complaint_received=TODAY - dt.timedelta(days=2),
          filing_received=TODAY - dt.timedelta(days=1), filing_complete=True)
    items = agenda.todo(20)
    sheet = load_workbook(write_todo(items, tmp_path / "待办.xlsx", 20)).active
    assert [c.value for c in sheet[2]] == ["单位", "案号", "事项", "到期日", "状态", "责任方", "备注"]
    assert sheet.max_row == 2 + len(items)
    document = Document(str(write_todo(items, tmp_path / "催办单.docx", 20)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert text.count("行政应诉事项催办单") == 2 and "石浦镇：" in text and "县公安局：" in text
    assert "司法局自办事项" in text                          # the forwarding is the Bureau's own
    cells = [row.cells[0].text for table in document.tables[:2] for row in table.rows[1:]]
    assert "（2026）浙0225行初1号" in cells and "（2026）浙0225行初2号" in cells
    with pytest.raises(AppError, match="只能导出为"):
        write_todo(items, tmp_path / "x.pdf", 20)


def test_reminder_counts(db, actor):
    assert not agenda.reminder(D(2025, 3, 10)).any
    _case(actor, "石浦镇", "（2025）浙0225行初1号", complaint_received="2025-03-07")
    assert agenda.reminder(D(2025, 3, 10)).overdue == 0
    due_today = agenda.reminder(D(2025, 3, 17))
    assert (due_today.overdue, due_today.due_today) == (0, 1) and "今日到期" in due_today.text
    assert agenda.reminder(D(2025, 3, 18)).overdue == 1


def test_entering_2027_through_the_editor_core(schedule_ending_2026, db, actor):
    case = _case(actor, "石浦镇", "（2026）浙0225行初9号", complaint_received="2026-12-20")
    defense = Deadline.get((Deadline.case == case) & (Deadline.kind == "defense_due"))
    assert defense.due == D(2027, 1, 4) and defense.unconfirmed
    assert not holidays.year_status(2027).covered and holidays.next_year_missing(D(2026, 12, 1))
    assert not holidays.next_year_missing(D(2026, 11, 30))
    entries = holidays.parse_schedule("2027-01-01 至 2027-01-04 放假\n2027-01-05 上班")
    moves = holidays.preview(entries, 2027)
    by_deadline = {m.deadline: m for m in moves}
    assert (by_deadline["答辩期限"].old, by_deadline["答辩期限"].new) == (D(2027, 1, 4), D(2027, 1, 5))
    assert by_deadline["答辩期限"].unconfirmed_before and not by_deadline["答辩期限"].unconfirmed_after
    assert (by_deadline["备案期限"].old, by_deadline["备案期限"].new) == (D(2026, 12, 28), D(2026, 12, 25))
    # the preview saved nothing
    assert Deadline.get((Deadline.case == case) & (Deadline.kind == "defense_due")).due == D(2027, 1, 4)
    with pytest.raises(AppError, match="来源"):
        holidays.apply(actor, entries, complete_year=2027, source="")
    assert holidays.apply(actor, entries, complete_year=2027, source="国办发明电〔2026〕1号") >= 1
    defense = Deadline.get((Deadline.case == case) & (Deadline.kind == "defense_due"))
    assert defense.due == D(2027, 1, 5) and not defense.unconfirmed
    assert holidays.year_status(2027).covered
    schedule = {d.day: d for d in holidays.year_schedule(2027)}
    assert schedule[D(2027, 1, 4)].working is False and schedule[D(2027, 1, 4)].source.startswith("录入")


@pytest.mark.parametrize("text, why", [("2027-02-06 到 2027-02-01 放假", "第 1 行的结束日期早于开始日期"),
                                       ("2027-02-06 休假了", "第 1 行“2027-02-06 休假了”无法识别，请写成"),
                                       ("2027-02-30 放假", "第 1 行的日期“2027-02-30”不是存在的日期"),
                                       ("", "没有填写任何日期")])
def test_schedule_input_errors(text, why):
    with pytest.raises(AppError, match=why):
        holidays.parse_schedule(text)




def test_ics_has_one_event_per_hearing_and_open_deadline(db, actor, tmp_path):
    case = _case(actor, "石浦镇", "（2026）浙0225行初1号", complaint_received=TODAY - dt.timedelta(days=2))
    proc = cases.case_detail(case).proceedings[0].facts.id
    cases.add_hearing(actor, proc, {"date": TODAY + dt.timedelta(days=30), "place": "第一法庭"})
    open_deadlines = Deadline.select().where(Deadline.closed == False).count()  # noqa: E712
    path, count = agenda.write_ics(tmp_path / "日历.ics", TODAY)
    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    events = [c for c in parsed.walk("VEVENT")]
    assert len(events) == count == open_deadlines + 1
    hearing = [e for e in events if str(e["summary"]).startswith("【开庭】")]
    assert len(hearing) == 1 and str(hearing[0]["location"]) == "第一法庭"
    assert hearing[0].decoded("dtstart") == TODAY + dt.timedelta(days=30)


def test_banner_and_status_bar_count_the_same_overdue_cases(db, actor):
    """issue #21: the banner counts overdue deadlines (项) and names their cases (件); the status bar's number is
    the same number of cases."""
    from xiangshan_desk.application import caselist
    first = _case(actor, "石浦镇", "（2025）浙0225行初1号", complaint_received="2025-03-07")
    second = _case(actor, "石浦镇", "（2025）浙0225行初2号", complaint_received="2025-03-07",
                   summons_received="2025-03-10")
    today = D(2025, 6, 1)
    due = agenda.reminder(today)
    assert due.overdue > due.overdue_cases == caselist.status_counts(today).overdue == 2
    assert f"{due.overdue} 项期限已逾期（涉及 2 件案件）" in due.text
    # a case in the recycle bin counts nowhere: neither its deadlines, nor itself
    cases.move_to_recycle_bin(actor, second)
    left = agenda.reminder(today)
    counts = caselist.status_counts(today)
    assert left.overdue_cases == counts.overdue == 1 and (counts.total, counts.open) == (1, 1)
    assert 0 < left.overdue < due.overdue
    cases.move_to_recycle_bin(actor, first)
    assert agenda.reminder(today) == agenda.Reminder(0, 0, 0)
    assert caselist.status_counts(today) == caselist.Counts(0, 0, 0)
