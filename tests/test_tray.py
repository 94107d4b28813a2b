"""Issue #24 through real widgets: the tray's red count and notification round, the window kept in the tray,
a clicked notification's items in 待办, 今日提醒 copied and printed with 督办留痕 in the case history,
无后续安排, and the 提醒 settings."""
import datetime as dt

import pytest

pytest.importorskip("PySide6")

from PySide6.QtGui import QColor  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from docx import Document  # noqa: E402

from xiangshan_desk.application import cases, reminders  # noqa: E402
from xiangshan_desk.persistence.paths import data_dir  # noqa: E402
from xiangshan_desk.persistence.models import Unit  # noqa: E402
from xiangshan_desk.application.settings import Settings  # noqa: E402

from ui import operations  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.files import FileDialogs  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.tray import ReminderTray, badge_pixmap  # noqa: E402


TODAY = dt.date.today()
FRIDAY_0830 = dt.datetime(2025, 9, 26, 8, 30)


def _case(actor, unit, number, **proc):
    unit_id = Unit.get(Unit.name == unit).id
    return cases.create_case(actor, {"unit_id": unit_id, "plaintiffs": "甲"}, {"case_number": number, **proc}).id


@pytest.fixture
def window(qtbot, db, db_path, monkeypatch):
    monkeypatch.setattr(ReminderTray, "available", staticmethod(lambda: True))
    app = QApplication.instance()
    quit_on_close = app.quitOnLastWindowClosed()
    win = MainWindow(AppContext(Settings(operator="王书记员"), str(db_path)))
    qtbot.addWidget(win)
    win.show()
    win.load_first_screen()
    yield win
    assert operations.wait_all()                      # nothing left running into the next test's database
    if win.tray is not None:
        win.tray.stop()
    app.setQuitOnLastWindowClosed(quit_on_close)


def _red(pixmap, x, y):
    colour = QColor(pixmap.toImage().pixel(x, y))
    return colour.red() > 180 and colour.green() < 90 and colour.blue() < 90


def test_badge_shows_the_overdue_count_in_red(qtbot):
    assert not _red(badge_pixmap(0), 52, 12)
    for count in (3, 42, 250):
        pixmap = badge_pixmap(count)
        assert pixmap.width() == 64 and _red(pixmap, 48, 10)


def test_a_round_at_0830_notifies_each_item_at_its_step_once(qtbot, db, db_path, ledger):
    context = AppContext(Settings(), str(db_path))
    path = reminders.state_path(data_dir(), context.db_label)
    reminders.ReminderState(dt.datetime(2025, 9, 25, 14, 0)).save(path)       # the last round: Thursday 14:00
    clock = [FRIDAY_0830]
    tray = ReminderTray(context, clock=lambda: clock[0])
    with qtbot.waitSignal(tray.notified, timeout=10000) as blocker:
        tray.check()
    note = blocker.args[0]
    # The filing (due 9-18) was overdue at the last round already; the defense (due Thursday) is newly overdue.
    assert [(step, item.unit, item.what) for step, item in note.entries] == [
        ("overdue", "石浦镇", "答辩期限"),
        ("due_in_3", "丹东街道", "转报期限"), ("due_in_3", "县公安局", "出庭名单备案期限"),
        ("due_in_7", "石浦镇", "开庭")]
    assert note.overdue_total == 2
    assert tray.last_notification is note
    qtbot.waitUntil(lambda: tray.overdue == 2, timeout=5000)  # the red count, as of the clock's day
    assert "已逾期 2 项" in tray.icon.toolTip() and "下次提醒：9月26日 14:00" in tray.icon.toolTip()
    saved = reminders.ReminderState.load(path)
    assert saved.last_slot == FRIDAY_0830 and len(saved.notified) == 4
    # 14:00 the same day: a new round, nothing new to say; a restarted program remembers the announcements.
    clock[0] = dt.datetime(2025, 9, 26, 14, 0)
    again = ReminderTray(context, clock=lambda: clock[0])
    shown = []
    again.notified.connect(shown.append)
    again.check()
    assert again.wait()
    qtbot.waitUntil(lambda: not again._checking, timeout=5000)
    assert shown == []
    # National Day: no round at all, the database is not even read.
    clock[0] = dt.datetime(2025, 10, 2, 8, 30)
    again.check()
    assert not again._checking
    # 立即检查提醒 on that holiday: the clerk asked, so a round runs, still each step once.
    with qtbot.waitSignal(again.notified, timeout=10000) as forced:
        again.check_action.trigger()
    assert [(step, item.what) for step, item in forced.args[0].entries] == [
        ("overdue", "转报期限"), ("overdue", "出庭名单备案期限"), ("due_in_7", "答辩期限")]
    assert reminders.ReminderState.load(path).last_slot == dt.datetime(2025, 9, 26, 14, 0)  # the schedule's own
    tray.stop()
    again.stop()


def test_closing_keeps_the_program_in_the_tray_and_a_click_shows_the_items(qtbot, window, actor):
    late = _case(actor, "石浦镇", "（2026）浙0225行初1号", complaint_received=TODAY - dt.timedelta(days=40))
    _case(actor, "县公安局", "（2026）浙0225行初2号", complaint_received=TODAY - dt.timedelta(days=45))
    assert window.start_reminders()
    window.update_reminders()
    assert window.tray.overdue == 4 and "已逾期 4 项" in window.tray.todo_action.text()
    assert "已逾期 4 项" in window.tray.icon.toolTip()
    assert not QApplication.instance().quitOnLastWindowClosed()
    window.close()                                          # the window's ×
    assert not window.isVisible() and window.tray is not None
    assert window._context.settings.tray_hint_shown
    window.tray.icon.messageClicked.emit()                  # a click on that hint opens the window as it was
    assert window.isVisible() and window.tabs.currentIndex() == 0
    window.close()
    assert not window.isVisible()
    # The clerk clicks a notification naming only the 石浦镇 case's items.
    from xiangshan_desk.application import agenda
    keys = frozenset(reminders.item_key(i) for i in agenda.todo(7) if i.case_id == late)
    window.tray.show_notification(reminders.Notification(
        dt.datetime.now(), tuple(("overdue", i) for i in agenda.todo(7) if i.case_id == late)))
    window.tray.icon.messageClicked.emit()
    tab = window.calendar_tab
    assert window.isVisible() and window.tabs.currentWidget() is tab and tab.pages.currentIndex() == 1
    assert operations.wait_all()                      # the to-do list is read off the UI thread
    assert {reminders.item_key(i) for i in tab._todo_items} == keys and tab.todo_model.rowCount() == 2
    assert tab.show_all_button.isVisible() and "提醒中的事项" in tab.todo_label.text()
    tab.show_all_button.click()
    assert operations.wait_all() and tab.todo_model.rowCount() == 4 and not tab.show_all_button.isVisible()
    # 文件 → 退出 really ends the program.
    window.quit_action.trigger()
    assert not window.isVisible() and window.tray is None


def test_without_a_tray_closing_closes(qtbot, db, db_path, monkeypatch):
    monkeypatch.setattr(ReminderTray, "available", staticmethod(lambda: False))
    win = MainWindow(AppContext(Settings(), str(db_path)))
    qtbot.addWidget(win)
    win.show()
    assert win.start_reminders() is False and win.tray is None
    assert win.close() is True


def test_digest_copied_and_printed_are_recorded_in_the_case_history(qtbot, window, actor, tmp_path, monkeypatch):
    late = _case(actor, "石浦镇", "（2026）浙0225行初1号", complaint_received=TODAY - dt.timedelta(days=40))
    window.show_todo()
    tab = window.calendar_tab
    assert operations.wait_all()                      # the to-do list read for the page, before the digest
    QApplication.clipboard().clear()
    messages = []
    tab.copy_digest(messages.append)
    assert tab.wait_background()
    qtbot.waitUntil(lambda: messages != [], timeout=5000)
    text = QApplication.clipboard().text()
    assert "【石浦镇】2项，已逾期2项" in text and "（2026）浙0225行初1号　答辩期限" in text
    assert "已记入 2 项的督办留痕" in tab.todo_label.text() and messages == [tab.todo_label.text()]
    target = tmp_path / "今日提醒.docx"
    monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a: str(target)))
    tab.digest_print_button.click()
    assert tab.wait_background()
    qtbot.waitUntil(lambda: "已生成今日提醒" in tab.todo_label.text(), timeout=5000)
    assert Document(str(target)).paragraphs[0].text == "行政应诉今日提醒"
    notice = tmp_path / "催办单.docx"
    monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a: str(notice)))
    tab.todo_word_button.click()
    assert tab.wait_background() and notice.exists()
    editor = window.open_case(late)
    history = [[editor.history_model.data(editor.history_model.index(r, c)) for c in range(8)]
               for r in range(editor.history_model.rowCount())]
    urged = [(row[1], row[3], row[4], row[5]) for row in history if row[4] == "督办"]
    assert sorted(urged) == sorted([("王书记员", f"督办：{how}", "督办", what)
                                    for how in ("今日提醒（复制发送）", "今日提醒（打印）", "催办单（打印）")
                                    for what in ("备案期限", "答辩期限")])
    editor.close()


def test_nothing_scheduled_view_lists_the_stale_case(qtbot, window, actor):
    long_ago = TODAY - dt.timedelta(days=120)
    stale = _case(actor, "石浦镇", "（2026）浙0225行初7号", complaint_received=long_ago,
                  defense_submitted=long_ago + dt.timedelta(days=10), filing_received=long_ago + dt.timedelta(days=5),
                  filing_complete=True, forwarded=long_ago + dt.timedelta(days=6))
    _case(actor, "县公安局", "（2026）浙0225行初8号", complaint_received=TODAY - dt.timedelta(days=3))
    window.stale_action.trigger()
    tab = window.calendar_tab

    def loaded(rows):
        assert tab.wait_background()
        qtbot.waitUntil(lambda: tab.stale_model.rowCount() == rows and "正在查找" not in tab.todo_label.text(),
                        timeout=5000)
    loaded(1)
    assert tab.todo_stack.currentWidget() is tab.stale_view and tab.stale_days.isVisible()
    assert not tab.digest_copy_button.isVisible()
    assert [s.case_id for s in tab._stale] == [stale] and "共 1 件" in tab.todo_label.text()
    row = [tab.stale_model.data(tab.stale_model.index(0, c)) for c in range(6)]
    assert row[:2] == ["石浦镇", "（2026）浙0225行初7号"] and row[5] == "110"
    assert "提交答辩状" in row[4]
    tab.stale_days.setValue(200)
    loaded(0)
    tab.stale_view.doubleClicked.emit(tab.stale_model.index(0, 0))      # nothing there: nothing opens
    tab.stale_days.setValue(30)
    loaded(1)
    tab.stale_view.doubleClicked.emit(tab.stale_model.index(0, 0))
    assert window._editors[-1].case_id == stale
    window._editors[-1].close()


def test_reminder_settings_dialog(qtbot, window):
    dialog = window.show_reminder_settings()
    assert "“7日内到期、3日内到期、明日到期、今日到期、新逾期”各提醒一次" in dialog.note.text()   # reminders.STEP_TEXT
    assert not dialog.autostart_check.isEnabled() or dialog.autostart_check.isEnabled() == (
        __import__("sys").platform == "win32")
    dialog.times_edit.setText("9点")
    assert dialog.save() is False and "无效" in dialog.message.text()
    dialog.times_edit.setText("15:30、09:00")
    dialog.stale_spin.setValue(45)
    dialog.tray_check.setChecked(False)
    assert dialog.save() is True
    s = window._context.settings
    assert s.reminder_times == ["09:00", "15:30"] and s.stale_days == 45 and s.minimize_to_tray is False
    assert Settings.load().reminder_times == ["09:00", "15:30"]
    assert window.calendar_tab.stale_days.value() == 45
    dialog.close()
