"""ui/operations.py: core work off the UI thread — callbacks on the UI thread, the two kinds of error, a progress
dialog only after the delay, 取消, and the data-changed signal after work that changed data."""
import threading
import time

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QThread  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget  # noqa: E402
from shiboken6 import isValid  # noqa: E402

from ui import operations  # noqa: E402
from ui.context import AppContext, Change  # noqa: E402
from xiangshan_desk.domain.errors import AppError  # noqa: E402
from xiangshan_desk.application.settings import Settings  # noqa: E402

pytestmark = pytest.mark.usefixtures("no_modal_boxes")


@pytest.fixture
def parent(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    assert operations.wait_all(10_000)


def _on_ui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_success_runs_the_work_off_the_ui_thread_and_the_callback_on_it(parent):
    seen = {}

    def work(progress):
        seen["work_on_ui"] = _on_ui_thread()
        progress(1, 2)
        return 42

    def done(result):
        seen["result"] = result
        seen["done_on_ui"] = _on_ui_thread()
    finished = []
    op = operations.run(parent, "正在计算…", work, done, on_finished=lambda: finished.append(True))
    assert op.wait(5000)
    assert seen == {"work_on_ui": False, "result": 42, "done_on_ui": True}
    assert finished == [True] and op.dialog is None and not operations.busy()


def test_an_app_error_goes_to_on_error_or_to_a_chinese_message_box(parent, monkeypatch):
    errors = []
    op = operations.run(parent, "正在导出…", lambda progress: (_ for _ in ()).throw(AppError("文件已被其他程序打开。")),
                        lambda result: errors.append(("done", result)), on_error=lambda exc: errors.append(exc.message))
    op.wait(5000)
    assert errors == ["文件已被其他程序打开。"]

    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent_, title, text: boxes.append((parent_, title, text)))
    operations.run(parent, "正在导出…", lambda progress: (_ for _ in ()).throw(AppError("磁盘已满。"))).wait(5000)
    assert boxes == [(parent, "无法完成操作", "磁盘已满。")]


def test_an_unexpected_error_goes_to_the_error_box_even_with_on_error(parent, monkeypatch):
    shown, handled, finished = [], [], []
    monkeypatch.setattr("ui.errors.show_error", lambda parent_, exc, *args: shown.append((parent_, exc)))

    def work(progress):
        raise ZeroDivisionError("bug")
    operations.run(parent, "正在统计…", work, on_error=handled.append,
                   on_finished=lambda: finished.append(True)).wait(5000)
    assert handled == [] and finished == [True]
    assert shown[0][0] is parent and isinstance(shown[0][1], ZeroDivisionError)
    assert "ZeroDivisionError" in shown[0][1].__traceback_text__


def test_the_progress_dialog_appears_only_after_the_delay(parent, qtbot):
    release = threading.Event()
    quick = operations.run(parent, "正在读取…", lambda progress: "fast")
    quick.wait(5000)
    assert quick.dialog is None                              # done before the delay: nothing shown

    def slow(progress):
        progress(3, 10)
        release.wait(10)
        return "slow"
    op = operations.run(parent, "正在导出季度统计表…", slow)
    qtbot.wait(operations.PROGRESS_DELAY_MS // 2)
    assert op.dialog is None                                 # not yet
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.isVisible(), timeout=3000)
    dialog = op.dialog
    assert dialog.labelText() == "正在导出季度统计表…"
    assert (dialog.value(), dialog.maximum()) == (3, 10)      # the core's progress, forwarded
    release.set()
    op.wait(5000)
    assert op.result == "slow" and op.dialog is None
    assert not isValid(dialog) or not dialog.isVisible()


def test_cancel_stops_the_work_at_its_next_progress_report(parent, qtbot):
    reached = []
    outcome = []

    def work(progress):
        for step in range(1000):
            progress(step, 1000)
            reached.append(step)
            threading.Event().wait(0.01)
        return "finished"
    op = operations.run(parent, "正在导入台账…", work, outcome.append, on_error=outcome.append,
                        on_finished=lambda: outcome.append("finished callback"), cancellable=True)
    qtbot.waitUntil(lambda: op.dialog is not None, timeout=3000)
    buttons = op.dialog.findChildren(QPushButton)
    assert [b.text() for b in buttons] == ["取消"]
    buttons[0].click()                                       # the clerk presses 取消
    assert op.wait(5000)
    assert op.cancelled and op.result is None
    assert outcome == ["finished callback"]                  # neither done nor an error box
    assert len(reached) < 1000


def test_a_non_cancellable_operation_has_no_cancel_button(parent, qtbot):
    release = threading.Event()
    op = operations.run(parent, "正在恢复数据库…", lambda progress: release.wait(10))
    qtbot.waitUntil(lambda: op.dialog is not None, timeout=3000)
    assert [b.text() for b in op.dialog.findChildren(QPushButton) if b.isVisible()] == []
    op.cancel()
    release.set()
    op.wait(5000)
    assert not op.cancelled and op.result is True


def test_work_that_changed_data_emits_data_changed_even_if_its_window_closed(qtbot):
    context = AppContext(Settings(), "test")
    heard, done = [], []
    context.signals.data_changed.connect(heard.append)
    window = QWidget()
    window.show()
    op = operations.run(window, "正在导入台账…", lambda progress: threading.Event().wait(0.2), done.append,
                        context=context, changes=Change.ALL)
    window.deleteLater()
    qtbot.waitUntil(lambda: op.done, timeout=5000)
    assert heard == ["all"] and done == []                   # the signal still went out; the dead window's callback not

    failing = operations.run(None, "正在导入台账…", lambda progress: (_ for _ in ()).throw(AppError("不是台账。")),
                             on_error=lambda exc: None, context=context, changes=Change.ALL)
    failing.wait(5000)
    assert heard == ["all"]                                  # nothing changed: no signal


def test_quiet_reads_show_nothing_and_hand_errors_over(qtbot):
    got, errors = [], []
    operations.read(lambda: 7, got.append).wait(5000)
    operations.read(lambda: 1 / 0, got.append, errors.append).wait(5000)
    assert got == [7] and isinstance(errors[0], ZeroDivisionError)
    assert not operations.busy()


# --- the data-changed signal: open tabs and dialogs follow it, nobody calls their refresh ------------------------

def _case(actor, unit, number, **proc):
    from xiangshan_desk.application import cases
    from xiangshan_desk.application.units import unit_id_by_name
    unit_id = unit_id_by_name(unit)
    return cases.create_case(actor, {"unit_id": unit_id, "plaintiffs": "甲"}, {"case_number": number, **proc}).id




def test_the_case_list_and_the_status_bar_follow_the_signal(window, actor):
    assert window.case_list.model.rowCount() == 0
    case_id = _case(actor, "石浦镇", "（2025）浙0225行初1号", complaint_received="2025-04-10")
    assert window.case_list.model.rowCount() == 0           # changed behind the window's back: not yet shown
    window._context.notify_changed(Change.CASES)
    assert window.case_list.model.case_id(0) == case_id
    assert operations.wait_all()                             # the counts are read off the UI thread
    assert "案件 1 件" in window.counts_label.text()


def test_the_report_tab_recounts_on_the_signal_in_the_background(window, actor):
    report = window.report_tab
    window.tabs.setCurrentWidget(report)
    report.year_spin.setValue(2025)
    report.period_combo.setCurrentIndex(1)                  # 第二季度
    assert operations.wait_all()
    model = report.table_model

    def total_received():
        column = 1 + [c.key for c in model.table.columns].index("received")
        return model.data(model.index(model.rowCount() - 1, column))
    assert total_received() == "0"
    _case(actor, "石浦镇", "（2025）浙0225行初1号", complaint_received="2025-04-10")
    window._context.notify_changed(Change.CASES)
    assert report._computing is not None and not report._computing.done     # counting off the UI thread
    assert operations.wait_all()
    assert total_received() == "1"


def test_a_hidden_report_tab_recounts_when_next_shown(window, actor):
    report = window.report_tab
    window.tabs.setCurrentWidget(report)
    report.year_spin.setValue(2025)
    report.period_combo.setCurrentIndex(1)
    assert operations.wait_all()
    window.tabs.setCurrentWidget(window.case_list)
    _case(actor, "石浦镇", "（2025）浙0225行初1号", complaint_received="2025-04-10")
    window._context.notify_changed(Change.CASES)
    assert not operations.busy()                             # nothing counted for a tab nobody sees
    window.tabs.setCurrentWidget(report)
    assert operations.wait_all()
    assert report._stats.county.count("received") == 1


def test_the_recycle_bin_and_the_calendar_follow_the_signal(window, actor, qtbot):
    from ui.recycle_bin import RecycleBinDialog
    import datetime as dt
    case_id = _case(actor, "石浦镇", "（2026）浙0225行初1号", complaint_received=dt.date.today() - dt.timedelta(days=14))
    window._context.notify_changed(Change.CASES)
    calendar = window.calendar_tab
    window.tabs.setCurrentWidget(calendar)
    assert operations.wait_all()                              # the calendar reads its items off the UI thread
    bin_dialog = window.show_recycle_bin()
    assert isinstance(bin_dialog, RecycleBinDialog) and bin_dialog.model.rowCount() == 0
    assert calendar.todo_model.rowCount() >= 1
    window.case_list.select_case(case_id)
    window.delete_selected()                                  # the main window says only that cases changed
    assert bin_dialog.model.rowCount() == 1                   # ... and the open recycle bin shows it
    assert operations.wait_all()
    assert calendar.todo_model.rowCount() == 0 and window.case_list.model.rowCount() == 0
    bin_dialog.select_row(0)
    assert bin_dialog.restore_selected() and operations.wait_all()
    assert window.case_list.model.rowCount() == 1 and calendar.todo_model.rowCount() >= 1
    bin_dialog.close()


def test_no_window_wires_another_windows_refresh():
    """The hand-wired refreshes are gone: dialogs announce changes through the context, not signals of their own."""
    import pathlib
    folder = pathlib.Path(__file__).resolve().parent.parent / "ui"
    source = {path.name: path.read_text(encoding="utf-8") for path in folder.glob("*.py")}
    main = source["main_window.py"]
    for wiring in ("imported.connect", "restored.connect", "changed.connect(self.refresh)",
                   "changed.connect(self.case_list.refresh)", "_refresh_reports", "tasks"):
        assert wiring not in main, wiring
    assert "tasks.py" not in source
    threads = [name for name, text in source.items() if name != "operations.py"
               and any(word in text for word in ("QThreadPool", "QRunnable", "QThread(", "threading."))]
    assert threads == []


def test_cycles_are_collected_on_the_ui_threads_timer_and_not_while_work_runs(parent, qapp, monkeypatch):
    """No automatic collection (in a worker it holds the GIL away from the window, 0.8 s on 100,000 cases; inside
    Qt's destructors it crashed); the UI thread collects on a timer, except while an operation's work runs."""
    import gc

    from ui.app import create_application
    assert create_application([]) is qapp and not gc.isenabled()
    assert qapp._xiangshan_collector.isActive() and qapp._xiangshan_collector.interval() == operations.COLLECT_EVERY_MS
    operations.collect_now(full=True)
    release = threading.Event()
    seen = []
    running = operations.run(parent, "正在导出…", lambda progress: (seen.append(gc.isenabled()), release.wait(10)))
    try:
        assert operations.collect_now() is False
    finally:
        release.set()
    assert running.wait(10_000) and seen == [False]
    collected = []
    gc.callbacks.append(lambda phase, info: collected.append(info["generation"]) if phase == "start" else None)
    try:
        assert operations.collect_now() is True                     # just after a full one: the young generations
        assert operations.collect_now(full=True) is True
        monkeypatch.setattr(operations, "_in_use", lambda: True)
        monkeypatch.setattr(operations, "_last_full", [time.monotonic() - operations.COLLECT_ALL_IDLE_S - 1])
        operations.collect_now()                                    # the clerk is working: not everything yet
        monkeypatch.setattr(operations, "_in_use", lambda: False)
        operations.collect_now()                                    # in another program: everything
        monkeypatch.setattr(operations, "_last_full", [time.monotonic() - operations.COLLECT_ALL_AT_LATEST_S - 1])
        monkeypatch.setattr(operations, "_in_use", lambda: True)
        operations.collect_now()                                    # an hour on: everything, even while working
    finally:
        gc.callbacks.pop()
    assert collected == [1, 2, 1, 2, 2]


def test_closing_the_window_while_its_progress_shows_loses_nothing(qtbot):
    """The clerk closes the dialog during a long export: the work finishes, nothing is called on the dead window."""
    release, done = threading.Event(), []
    window = QWidget()
    window.show()
    op = operations.run(window, "正在导出…", lambda progress: release.wait(10) and "written", done.append)
    qtbot.waitUntil(lambda: op.dialog is not None, timeout=3000)
    window.deleteLater()
    qtbot.waitUntil(lambda: not isValid(window), timeout=3000)
    release.set()
    assert op.wait(5000) and op.result == "written" and op.error is None
    assert done == [] and not operations.busy()


def test_the_records_import_runs_through_the_helper(window, tmp_path):
    from xiangshan_desk.application.supervision_io import export_records
    dialog = window.show_supervision()
    path = export_records(tmp_path / "监督记录.xlsx")
    importing = dialog.import_file(str(path))
    assert isinstance(importing, operations.Operation) and importing.wait()
    assert "司法建议：导入 0 项，已有 0 项" in dialog.message.text()
    broken = tmp_path / "坏.xlsx"
    broken.write_bytes(b"not a workbook")
    assert dialog.import_file(str(broken)).wait()            # refused in Chinese in the dialog, nothing imported
    assert dialog.message.text() and "Traceback" not in dialog.message.text()
    dialog.close()


def test_an_export_that_replaced_stored_characters_says_so(parent, monkeypatch):
    """Text an older version stored with characters Excel and Word cannot carry is exported with “\ufffd” (issue
    #25); the window says how many, as the command line does, instead of hiding it."""
    from xiangshan_desk.application.outputs import writable
    boxes = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent_, title, text: boxes.append((parent_, title, text)))
    results = []
    op = operations.run(parent, "正在导出…", lambda progress: writable("原告\ufffe甲\x07"), results.append)
    assert op.wait(5000)
    assert results == ["原告\ufffd甲\ufffd"]
    assert len(boxes) == 1 and boxes[0][1] == "导出提示" and "2 个无法写入文件的字符" in boxes[0][2]
    operations.run(parent, "正在导出…", lambda progress: writable("原告甲"), results.append).wait(5000)
    assert len(boxes) == 1                       # clean text: nothing to say


def test_work_in_a_process_reports_on_the_ui_thread_and_cancels_like_any_other(parent, qtbot, tmp_path):
    """run_in_process: the worker only waits for a child process (application.processes); the result, the progress
    dialog, 取消 and the error box are those of run()."""
    import os

    from tests import process_work
    results = []
    op = operations.run_in_process(parent, "正在导出…", process_work.process_id, (), results.append)
    assert op.wait(30_000) and results and results[0] != os.getpid()

    target = tmp_path / "结果.txt"
    outcome = []
    op = operations.run_in_process(parent, "正在导出…", process_work.write_after_steps, (str(target), 3000),
                                   outcome.append, reports_progress=True, cancellable=True,
                                   on_finished=lambda: outcome.append("finished callback"))
    qtbot.waitUntil(lambda: op.dialog is not None and op.dialog.maximum() == 3000, timeout=30_000)
    op.dialog.findChildren(QPushButton)[0].click()           # 取消
    assert op.wait(30_000) and op.cancelled
    assert outcome == ["finished callback"] and list(tmp_path.iterdir()) == []

    errors = []
    op = operations.run_in_process(parent, "正在导出…", process_work.refuse, ("文件已被其他程序打开。",),
                                   on_error=lambda exc: errors.append(exc.message))
    assert op.wait(30_000) and errors == ["文件已被其他程序打开。"]
