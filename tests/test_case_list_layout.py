"""At 1366×768 (issue #21): the case list scrolls sideways instead of squeezing; every column holding a 案号 shows
the whole 案号 (case list, recycle bin, report drill-down, to-do); 下一期限 marks a 调休 working weekend."""
import datetime as dt

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QByteArray  # noqa: E402
from PySide6.QtWidgets import QStyle  # noqa: E402

from ui import operations  # noqa: E402
from ui.case_list_model import COLUMNS  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.recycle_bin import RecycleBinDialog  # noqa: E402
from xiangshan_desk.application import cases  # noqa: E402
from xiangshan_desk.persistence.models import Unit  # noqa: E402
from xiangshan_desk.application.session import Actor  # noqa: E402
from xiangshan_desk.application.settings import Settings  # noqa: E402

pytestmark = pytest.mark.usefixtures("no_modal_boxes")
LONG = "（2026）浙0225行初12345号"
COLUMN = {key: n for n, (key, _header, _show) in enumerate(COLUMNS)}


def _shows_whole(view, column: int) -> list[str]:
    """The texts of ``column`` that do not fit their cell (the view would cut them to “（2026）浙…”)."""
    model = view.model()
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    width = view.columnWidth(column)
    metrics = view.fontMetrics()
    return [text for text in (model.data(model.index(r, column)) or "" for r in range(model.rowCount()))
            if metrics.horizontalAdvance(text) + 2 * margin > width]


@pytest.fixture
def window(qtbot, db, db_path):
    unit = Unit.get(Unit.name == "石浦镇").id
    actor = Actor("王书记员", "clerk")
    today = dt.date.today()
    for n, number in enumerate([LONG, "（2026）浙02行终7号", "（2026）浙0225行初3号"]):
        cases.create_case(actor, {"unit_id": unit, "plaintiffs": "宁波某建设工程有限公司", "cause": "不履行法定职责"},
                          {"case_number": number, "complaint_received": (today - dt.timedelta(days=3 + n)).isoformat()})
    win = MainWindow(AppContext(Settings(operator="王书记员"), str(db_path)))
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    win.load_first_screen()
    return win


def test_the_case_list_scrolls_sideways_and_keeps_the_case_number_whole(qtbot, window):
    table = window.case_list.table
    assert window.width() <= 1366
    assert _shows_whole(table, COLUMN["case_number"]) == []
    for key in ("unit", "plaintiffs", "cause", "next_due"):        # the other columns are not squeezed either
        assert _shows_whole(table, COLUMN[key]) == [], key
    total = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
    assert total > table.viewport().width()
    assert table.horizontalScrollBar().maximum() > 0                # the table scrolls sideways


def test_a_saved_or_dragged_narrow_case_number_column_grows_back(qtbot, window, db_path):
    table = window.case_list.table
    table.horizontalHeader().resizeSection(0, 80)                   # dragged narrow
    assert table.columnWidth(0) == window.case_list.case_number_width()
    # a layout saved by an older version, with a narrow 案号 column, is restored by the next window
    table.horizontalHeader().blockSignals(True)
    table.setColumnWidth(0, 60)
    window.save_state()
    table.horizontalHeader().blockSignals(False)
    assert QByteArray.fromBase64(window._context.settings.list_header.encode())
    second = MainWindow(AppContext(window._context.settings, str(db_path)))
    qtbot.addWidget(second)
    second.resize(1366, 768)
    second.show()
    second.load_first_screen()
    assert second.case_list.table.columnWidth(0) == second.case_list.case_number_width()
    assert _shows_whole(second.case_list.table, 0) == []


def test_the_recycle_bin_shows_whole_case_numbers(qtbot, window):
    for case_id in [window.case_list.model.case_id(r) for r in range(window.case_list.model.rowCount())]:
        cases.move_to_recycle_bin(Actor("王书记员", "clerk"), case_id)
    dialog = RecycleBinDialog(window._context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 3
    assert _shows_whole(dialog.view, 0) == []


def test_the_to_do_and_the_day_list_show_whole_case_numbers(qtbot, window):
    window.show_todo()
    tab = window.calendar_tab
    items = tab.show_todo()
    ours = next(item for item in items if item.case_number == LONG)
    assert LONG in [tab.todo_model.data(tab.todo_model.index(r, 1)) for r in range(tab.todo_model.rowCount())]
    assert _shows_whole(tab.todo_view, 1) == []
    tab.select_day(ours.day)
    assert operations.wait_all()                 # the day's items are read off the UI thread
    assert LONG in [tab.day_model.data(tab.day_model.index(r, 1)) for r in range(tab.day_model.rowCount())]
    assert _shows_whole(tab.day_view, 1) == []


def test_the_report_drill_down_shows_whole_case_numbers(qtbot, window):
    tab = window.report_tab
    window.tabs.setCurrentWidget(tab)
    tab.year_spin.setValue(dt.date.today().year)
    tab.compute()
    assert operations.wait_all()                 # counted off the UI thread
    model = tab.table_model
    total = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "合计")
    found = []
    for column in range(1, model.columnCount()):
        found = tab.show_cases(total, column)
        if any(line.case_number == LONG for line in found):
            break
    assert any(line.case_number == LONG for line in found)
    assert _shows_whole(tab.drill_view, 0) == []


def test_next_due_on_an_adjusted_working_weekend_says_so(qtbot, db, db_path):
    """2025-01-11 + 15 days = 2025-01-26, a Sunday worked before the Spring Festival: the list's 答辩期限 reads
    周日（调休上班）, in the calendar's one wording (WorkCalendar.weekday_text), and so does 下一期限 while open."""
    unit = Unit.get(Unit.name == "石浦镇").id
    case_id = cases.create_case(Actor("王书记员", "clerk"), {"unit_id": unit, "plaintiffs": "张三", "cause": "行政处罚"},
                                {"case_number": "（2025）浙0225行初9号", "complaint_received": "2025-01-11",
                                 "filing_received": "2025-01-15", "filing_complete": True,
                                 "forwarded": "2025-01-16"}).id
    win = MainWindow(AppContext(Settings(operator="王书记员"), str(db_path)))
    qtbot.addWidget(win)
    win.show()
    win.load_first_screen()
    model = win.case_list.model
    row = model.row_of_case(case_id)
    defense = model.data(model.index(row, COLUMN["defense_due"]))
    assert defense == "2025-01-26 " + win._context.calendar().weekday_text(dt.date(2025, 1, 26))
    assert defense == "2025-01-26 周日（调休上班）"
    next_due = model.data(model.index(row, COLUMN["next_due"]))
    assert "1月26日 周日（调休上班）" in next_due and next_due.startswith("答辩期限")
