"""The 日历 tab, the to-do view, the start-up banner and the holiday editor, through real widgets."""
import datetime as dt

import pytest

pytest.importorskip("PySide6")

from xiangshan_desk.application import cases  # noqa: E402
from xiangshan_desk.persistence.models import Deadline, Unit  # noqa: E402

from ui import operations  # noqa: E402
from ui.files import FileDialogs  # noqa: E402


D = dt.date
TODAY = dt.date.today()


def _case(actor, unit, number, **proc):
    unit_id = Unit.get(Unit.name == unit).id
    return cases.create_case(actor, {"unit_id": unit_id, "plaintiffs": "甲"}, {"case_number": number, **proc}).id




def test_month_view_marks_holidays_adjusted_days_and_items(qtbot, db, actor, window):
    moved = _case(actor, "石浦镇", "（2025）浙0225行初1号", complaint_received="2025-01-15")
    saturday = _case(actor, "县公安局", "（2025）浙0225行初2号", complaint_received="2025-01-24")
    tab = window.calendar_tab
    window.tabs.setCurrentWidget(tab)
    items = tab.select_day(D(2025, 2, 8))
    assert [i.case_id for i in items] == [saturday]
    assert tab.month.mark(D(2025, 2, 8)) == "班" and tab.month.mark(D(2025, 1, 29)) == "休"
    assert tab.month.mark(D(2025, 2, 10)) == ""
    assert tab.month.counts(D(2025, 2, 5))["overdue"] == 1
    assert tab.select_day(D(2025, 2, 5))[0].case_id == moved
    assert tab.day_model.rowCount() == 1 and tab.day_model.data(tab.day_model.index(0, 3)) == "答辩期限"
    assert tab.select_day(D(2025, 2, 6)) == []
    tab.kind_combo.setCurrentIndex(1)              # hearings only
    assert tab.select_day(D(2025, 2, 5)) == []
    tab.kind_combo.setCurrentIndex(0)
    tab.unit_combo.setCurrentIndex(tab.unit_combo.findText("县公安局"))
    assert tab.select_day(D(2025, 2, 5)) == []
    # double-clicking an item opens its case
    tab.unit_combo.setCurrentIndex(0)
    tab.select_day(D(2025, 2, 8))
    tab.day_view.doubleClicked.emit(tab.day_model.index(0, 0))
    assert window._editors[-1].case_id == saturday
    window._editors[-1].close()
    tab.go_today()
    assert tab.month.selectedDate().toPython() == TODAY


def test_todo_view_and_exports(qtbot, db, actor, window, tmp_path, monkeypatch):
    _case(actor, "石浦镇", "（2026）浙0225行初1号", complaint_received=TODAY - dt.timedelta(days=14))
    window.refresh()
    assert operations.wait_all()                      # the banner's facts are read off the UI thread
    assert window.banner.isVisible() and "已逾期" in window.banner_label.text()
    window.banner_button.click()
    tab = window.calendar_tab
    assert window.tabs.currentWidget() is tab and tab.pages.currentIndex() == 1
    items = tab.reload_todo()
    assert tab.todo_model.rowCount() == len(items) >= 1
    target = tmp_path / "催办单.docx"
    monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a: str(target)))
    tab.todo_word_button.click()
    assert operations.wait_all()                      # written in a separate process
    assert target.exists() and "已导出" in tab.todo_label.text()
    from docx import Document
    assert "（2026）浙0225行初1号" in "".join(cell.text for table in Document(target).tables
                                          for row in table.rows for cell in row.cells)
    from xiangshan_desk.application import escalation
    recorded = escalation.history(items[0].case_id)           # 督办留痕, written by that process
    assert len(recorded) == len(items) and {entry[2] for entry in recorded} == {"催办单（打印）"}


def test_the_calendar_exports_an_ics_file(qtbot, db, actor, window, tmp_path, monkeypatch):
    _case(actor, "石浦镇", "（2026）浙0225行初1号", complaint_received=TODAY - dt.timedelta(days=3))
    tab = window.calendar_tab
    target = tmp_path / "日历.ics"
    monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a: str(target)))
    tab.export_ics_button.click()
    assert operations.wait_all()
    text = target.read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in text and "（2026）浙0225行初1号" in text
    assert "已导出" in tab.day_label.text() and str(target) in tab.day_label.text()


def test_no_banner_when_nothing_is_due(qtbot, db, actor, window):
    assert not window.banner.isVisible()
    _case(actor, "石浦镇", "（2026）浙0225行初1号", complaint_received=TODAY)
    window.refresh()
    assert operations.wait_all() and not window.banner.isVisible()          # due in a week: nothing pops up


def test_holiday_editor_previews_and_applies(schedule_ending_2026, qtbot, db, actor, window):
    case = _case(actor, "石浦镇", "（2026）浙0225行初9号", complaint_received="2026-12-20")
    editor = window.show_holiday_editor()
    editor.year_spin.setValue(2027)
    assert "尚无节假日安排" in editor.status_label.text()
    editor.entry_edit.setPlainText("2027-01-01 至 2027-01-04 放假\n2027-01-05 上班")
    editor.complete_check.setChecked(True)
    assert editor.preview() is None and "来源" in editor.message.text()
    editor.source_edit.setText("国办发明电〔2026〕1号")
    previewing = editor.preview()
    assert previewing.wait()
    moves = previewing.result
    assert any(m.old == D(2027, 1, 4) and m.new == D(2027, 1, 5) for m in moves)
    assert editor.moves_model.rowCount() == len(moves) and editor.apply_button.isEnabled()
    applying = editor.apply()
    assert applying.wait() and applying.result >= 1
    defense = Deadline.get((Deadline.case == case) & (Deadline.kind == "defense_due"))
    assert defense.due == D(2027, 1, 5) and not defense.unconfirmed
    assert "已录入完整安排" in editor.status_label.text()
    assert editor.days_model.rowCount() == 5
    editor.close()


def test_next_year_warning(schedule_ending_2026, qtbot, db, window):
    window.update_reminders(D(2026, 12, 1))
    assert window.holiday_banner.isVisible() and "2027年节假日安排尚未录入" in window.holiday_label.text()
    window.update_reminders(D(2026, 11, 30))
    assert not window.holiday_banner.isVisible()


def test_day_pane_follows_the_month_and_days_are_coloured_by_the_calendar(qtbot, db, window):
    """issue #21: the pane does not keep a day of another month; 调休 Saturdays are working days, not red."""
    from PySide6.QtCore import QDate
    tab = window.calendar_tab
    tab.month.setSelectedDate(QDate(2025, 9, 10))
    tab.month.setCurrentPage(2025, 10)
    assert operations.wait_all()                      # the month is read off the UI thread
    assert tab.day_label.text().startswith("2025-10-10")
    assert not tab.month.is_drawn_as_rest_day(dt.date(2025, 9, 28))      # adjusted working Sunday
    assert tab.month.is_drawn_as_rest_day(dt.date(2025, 10, 1)) and tab.month.is_drawn_as_rest_day(dt.date(2025, 10, 5))
    assert not tab.month.is_drawn_as_rest_day(dt.date(2025, 10, 11))     # adjusted working Saturday


def test_todo_rows_are_coloured_like_the_case_list(qtbot, db, actor, window):
    from PySide6.QtCore import Qt

    from ui.case_list_model import OVERDUE_BACKGROUND
    _case(actor, "石浦镇", "（2025）浙0225行初1号", complaint_received="2025-03-07")
    tab = window.calendar_tab
    tab.reload_todo()
    rows = [r for r in range(tab.todo_model.rowCount())]
    assert rows and all(tab.todo_model.data(tab.todo_model.index(r, 0), Qt.ItemDataRole.BackgroundRole)
                        == OVERDUE_BACKGROUND for r in rows)


def test_the_todo_list_is_shown_from_texts_made_off_the_ui_thread(qtbot, db, actor, window, monkeypatch):
    """Twenty thousand to-do rows on 100,000 cases: each value becomes the text shown once, in the worker; the window
    only hands the texts to the table (benchmarks/README.md, 界面线程最长停顿)."""
    import dataclasses
    import threading

    from xiangshan_desk.application import agenda
    converted_on_ui_thread = []

    class Text(str):
        def __str__(self):                  # what turning a value into a cell's text calls
            converted_on_ui_thread.append(threading.current_thread() is threading.main_thread())
            return str.__str__(self)
    read = agenda.todo

    def todo(*args, **kwargs):
        return [dataclasses.replace(i, unit=Text(i.unit), case_number=Text(i.case_number), what=Text(i.what),
                                    status_text=Text(i.status_text), responsible=Text(i.responsible))
                for i in read(*args, **kwargs)]
    monkeypatch.setattr(agenda, "todo", todo)
    _case(actor, "石浦镇", "（2025）浙0225行初1号", complaint_received="2025-03-07")
    _case(actor, "县公安局", "（2026）浙0225行初2号", complaint_received=TODAY)
    tab = window.calendar_tab
    window.tabs.setCurrentWidget(tab)
    tab.pages.setCurrentIndex(1)
    assert operations.wait_all()
    converted_on_ui_thread.clear()
    tab.todo_days.setValue(30)
    assert operations.wait_all()
    model = tab.todo_model
    shown = [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert len(shown) == len(tab._todo_items) >= 2
    assert converted_on_ui_thread and not any(converted_on_ui_thread)      # all in the worker, none in the window
    assert [(row[0], row[1], row[2]) for row in shown] == [(i.unit, i.case_number, i.what) for i in tab._todo_items]
    assert all(type(text) is str for row in shown for text in row)


def test_rows_model_shows_values_as_text_or_prepared_texts_as_they_are(qtbot):
    from PySide6.QtCore import Qt

    from ui.rows_model import RowsModel, RowTexts
    model = RowsModel(["名称", "件数", "备注"])
    model.set_rows([("石浦镇", 3, None), ("县公安局", 0, "说明")], keys=[11, 12])
    assert [[model.data(model.index(r, c)) for c in range(3)] for r in range(2)] == [["石浦镇", "3", ""],
                                                                                   ["县公安局", "0", "说明"]]
    assert (model.rowCount(), model.key(1), model.key(2)) == (2, 12, None)
    assert model.data(model.index(1, 2), Qt.ItemDataRole.ToolTipRole) == "说明"
    texts = RowTexts([("甲", 1, None)], 3)
    assert texts.columns == [["甲"], ["1"], [""]]
    model.set_rows(texts)
    assert model.rowCount() == 1 and model.data(model.index(0, 1)) == "1" and model.key(0) == 0
    model.set_rows([])
    assert model.rowCount() == 0 and model.data(model.index(0, 0)) is None
