"""The longest UI-thread stall per operation, on a large database (issue #20 point 3).

    python benchmarks/ui_stall.py DATABASE [--only 名称 …] [--ledger 台账.xlsx] [--out stalls.json]

Opens the main window on a copy of DATABASE (build one with ``python -m xiangshan_desk --db big.sqlite3 demo
--cases 100000``), then runs each operation the way the clerk triggers it (buttons and menu slots; the file
dialogs answer with a path in a scratch folder, questions with 是). A 10 ms QTimer on the UI thread records
the gap between its ticks; the longest gap from the click until the operation has finished and the window has
refreshed (plus a settling time) is the operation's stall: how long the window could not repaint or answer a
click. A window that never blocks shows about 10–20 ms. Exports that run in a child process (催办单, .ics) are
measured the same way: until the operation has reported back.

The script only uses what exists both before and after issue #20's operation helper, so the same file measures
the older tree (run it with that tree first on ``PYTHONPATH``, or copy it into that tree's benchmarks/).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if __name__ == "__main__":     # (not when an export's child process imports this script as its main module)
    SCRATCH = Path(tempfile.mkdtemp(prefix="xiangshan_stall_"))
    os.environ["XIANGSHAN_DESK_DATA"] = str(SCRATCH / "userdata")     # settings and backups: never the user's
SETTLE_S = 0.5
TICK_MS = 10


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("database")
    parser.add_argument("--only", nargs="*")
    parser.add_argument("--ledger", help="a ledger (.xlsx) to import (export ledger of a smaller demo)")
    parser.add_argument("--out")
    parser.add_argument("--why", action="store_true",
                        help="print where the UI thread was during each stall longer than 80 ms (sampled stacks)")
    args = parser.parse_args()

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    try:                                  # the application as the program builds it (its collector policy too)
        from ui.app import create_application
    except ImportError:                   # a tree from before ui/app.py
        app = QApplication(sys.argv[:1])
    else:
        app = create_application(sys.argv[:1])
    work = SCRATCH / "stall.sqlite3"
    shutil.copy(args.database, work)

    import datetime as dt

    import ui.files
    from ui.context import AppContext
    from ui.main_window import MainWindow
    if (ROOT / "xiangshan_desk" / "application").is_dir():
        from xiangshan_desk.application.bootstrap import open_workspace
        from xiangshan_desk.application.settings import Settings
    else:                                          # the tree before issue #20's layers ("before" measurements)
        from xiangshan_desk.db import open_database as open_workspace
        from xiangshan_desk.settings import Settings
    print(f"measuring {ui.files.__file__}", file=sys.stderr)

    out = SCRATCH / "out"
    out.mkdir()
    counter = iter(range(1, 10_000))

    def save_path(cls, parent, title, suggested, file_filter):
        suffix = file_filter.split("*")[-1].rstrip(")").strip() if "*" in file_filter else ""
        return str(out / f"{next(counter)}_{Path(suggested).stem}{suffix}")
    ui.files.FileDialogs.ask_save_path = classmethod(save_path)
    ui.files.OpenAfterExport.ask = classmethod(lambda cls, parent, path: "")
    boxes: list[str] = []
    for name in ("warning", "critical", "information"):
        setattr(QMessageBox, name, staticmethod(lambda *a, **k: boxes.append(str(a[2:3])) or
                                                QMessageBox.StandardButton.Ok))
    QMessageBox.question = staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes)
    QMessageBox.exec = lambda self: boxes.append(self.text()) or 0

    open_workspace(work)
    window = MainWindow(AppContext(Settings(operator="基准测试"), str(work)))
    window.resize(1400, 820)
    window.show()
    window.load_first_screen()
    app.processEvents()

    longest = [0.0]
    clock = QElapsedTimer()
    ticker = QTimer()
    ticker.setInterval(TICK_MS)

    last_tick = [time.perf_counter()]

    def tick() -> None:
        gap = clock.restart() / 1000
        longest[0] = max(longest[0], gap)
        last_tick[0] = time.perf_counter()
    ticker.timeout.connect(tick)
    if args.why:
        _watch_stalls(last_tick)

    def busy() -> bool:
        if not (ROOT / "ui" / "operations.py").exists():     # the older tree: its one background runner
            runner = getattr(window, "tasks", None)
            return runner is not None and runner.busy
        from ui import operations
        return bool(operations._running)

    def measure(name: str, trigger, finished=lambda: True) -> dict:
        boxes.clear()
        loop = QEventLoop()
        started = time.perf_counter()
        longest[0] = 0.0
        state = {"fired": False, "quiet_since": None}

        def fire() -> None:
            clock.restart()
            state["fired"] = True
            trigger()

        def check() -> None:
            if not state["fired"]:
                return
            if busy() or not finished():
                state["quiet_since"] = None
            elif state["quiet_since"] is None:
                state["quiet_since"] = time.perf_counter()
            elif time.perf_counter() - state["quiet_since"] >= SETTLE_S:
                loop.quit()
            if time.perf_counter() - started > 900:
                loop.quit()
        poll = QTimer()
        poll.setInterval(20)
        poll.timeout.connect(check)
        clock.start()
        ticker.start()
        poll.start()
        QTimer.singleShot(0, fire)
        loop.exec()
        ticker.stop()
        poll.stop()
        total = time.perf_counter() - started - SETTLE_S
        result = {"name": name, "stall_ms": round(longest[0] * 1000), "total_s": round(total, 2),
                  "boxes": list(boxes)}
        print(json.dumps(result, ensure_ascii=False), flush=True)
        return result

    results = []
    wanted = set(args.only or [])

    def run(name: str, trigger, finished=lambda: True) -> None:
        if not wanted or name in wanted:
            results.append(measure(name, trigger, finished))

    report = window.report_tab
    window.tabs.setCurrentWidget(report)
    year = dt.date.today().year - (1 if dt.date.today().month <= 6 else 0)
    report.year_spin.setValue(year)
    report.period_combo.setCurrentIndex(1)                  # 第二季度
    app.processEvents()
    run("统计（报表页 刷新）", report.compute_button.click)
    run("季度统计表（Excel）", report.export_button.click)
    run("问责线索清单（Word）", lambda: report.generate_document("accountability-leads"))
    run("季度败诉案件汇报材料（Word）", lambda: report.generate_document("quarterly-loss-cases"))
    if not wanted or {"半年度统计表（Excel）", "半年度工作情况报告（Word）"} & wanted:
        measure("（切换到上半年）", lambda: report.period_combo.setCurrentIndex(4))
    run("半年度统计表（Excel）", report.export_button.click)
    run("半年度工作情况报告（Word）", lambda: report.generate_document("half-year-report"))

    window.tabs.setCurrentWidget(window.case_list)
    app.processEvents()
    run("导出案件列表（Excel，全部案件）", window.export_case_list)
    run("刷新（F5）", window.refresh)

    calendar = window.calendar_tab
    run("打开日历页（当月与待办）", lambda: window.tabs.setCurrentWidget(calendar))
    run("日历：翻到下个月", calendar.month.showNextMonth)
    run("待办：改为 14 天内", lambda: calendar.todo_days.setValue(14))
    run("待办清单（Excel）", lambda: calendar._on_export_todo(".xlsx"))
    run("催办单（Word）", lambda: calendar._on_export_todo(".docx"))
    run("日历（.ics）", calendar._on_export_ics)
    window.tabs.setCurrentWidget(window.case_list)
    app.processEvents()

    from ui.holiday_editor import HolidayEditor
    editor = HolidayEditor(window._context, window)
    editor.show()
    editor.year_spin.setValue(year)
    editor.entry_edit.setPlainText(f"{year}-07-13 至 {year}-07-17 放假")
    run("节假日安排：预览影响", editor.preview)
    run("节假日安排：应用（重算期限）", editor.apply)
    editor.close()

    from ui.backup_dialog import BackupDialog
    BackupDialog.confirm_restore = classmethod(lambda cls, parent, text: True)
    dialog = BackupDialog(window._context, window)
    dialog.show()
    run("立即备份", dialog.backup_now)

    if args.ledger:
        state: dict = {}

        def start_import() -> None:
            state["dialog"] = window.import_ledger(args.ledger)
        run("导入台账：检查（预览）", start_import, lambda: "dialog" in state and state["dialog"].report is not None)
        if "dialog" in state:
            run("导入台账：导入", state["dialog"].run_import)
            state["dialog"].close()

    if not wanted or "恢复备份" in wanted:
        dialog.reload()
        dialog.view.selectRow(0)
        run("恢复备份", dialog.restore_selected)
    dialog.close()

    if args.out:
        Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    window.close()
    return 0


def _watch_stalls(last_tick: list[float]) -> None:
    """A thread that samples the UI thread's stack while it has not ticked for 80 ms, and prints the most
    frequent innermost frames of our code for each stall."""
    import collections
    import threading
    import traceback
    ui_thread = threading.main_thread().ident

    def watch() -> None:
        samples: collections.Counter = collections.Counter()
        while True:
            time.sleep(0.02)
            if time.perf_counter() - last_tick[0] > 0.08:
                frame = sys._current_frames().get(ui_thread)
                if frame is not None:
                    stack = traceback.extract_stack(frame)
                    ours = [f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in stack
                            if "site-packages" not in f.filename and "/lib/python" not in f.filename]
                    samples[" <- ".join(reversed(ours[-4:]))] += 1
            elif samples:
                for where, count in samples.most_common(3):
                    print(f"  stall ~{count * 20} ms at {where}", file=sys.stderr, flush=True)
                samples.clear()
    threading.Thread(target=watch, daemon=True).start()


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)      # the copy of the large database (1 GB on 100,000 cases)
