"""Screenshots of issue #21 for the manual, at a 1366×768 screen, from the real windows on a 300-case demo database.

    .venv/bin/python docs/tools/ui_screenshots.py OUTDIR [--no-walkthrough]

Needs an X screen for correct fonts (Qt's xcb platform, fonts-noto-cjk). When DISPLAY is not set, the script starts
Xvfb (1366x768x24) on a free display itself and stops it at the end. It writes to OUTDIR:

    ui-1366-main.png               the main window resized to 1366×768
    ui-1366-editor-appearance.png  a case with hearings, 出庭应诉 tab, a hearing selected
    ui-1366-unit-picker.png        a new case's 基本信息 with the unit picker's list after typing "zrzy"
    ui-1366-file-dialog.png        导出 → 导出当前案件列表: Qt's own (non-native) save dialog, in Chinese
    ui-1366-question.png           删除开庭记录: QMessageBox.question with 是/否 (answered 否, nothing deleted)
    ui-1366-calendar.png           日历 → 月历 with this month's busiest day selected
    ui-1366-report-drilldown.png   报表 with the cases behind a figure listed
    report-tab.png                 报表 with the third quarter reported and a difference since (README)
    manual-editor1/2/4.png         the case window's 答辩与备案, 出庭应诉 and 裁判与生效 (the manual's 三、)
    manual-holidays.png            节假日安排 with the 2027 periods typed and 预览影响 done (七、)
    manual-import.png              导入台账 checking a ledger of five rows, two refused (八、)
    manual-backup.png              备份与恢复 with a backup listed (九、)
    extra/…                        the other windows issue #21 names (assessment, recycle bin, hearing and 新增审级
                                   dialogs, 基本信息 of a saved case, the manual in the help window), for checking
    walkthrough/…                  the manual's "二、收到起诉状副本时登记案件" followed key by key (QtTest),
                                   one picture per step, and walkthrough.txt with what each step showed
                                   (2-basic.png and 3-filing.png are the manual's manual-new-basic.png and
                                   manual-new.png)

Everything happens in a temporary folder (XIANGSHAN_DESK_DATA points there); no real data is touched.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SCREEN = (1366, 768)


def _start_xvfb() -> list[subprocess.Popen]:
    """An X screen of 1366×768 when there is none: Xvfb on the first free display number."""
    if os.environ.get("DISPLAY") or not shutil.which("Xvfb"):
        return []
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            break
        time.sleep(0.1)
    os.environ["DISPLAY"] = f":{number}"
    return [xvfb]


def _make_demo(folder: Path) -> Path:
    db = folder / "demo.sqlite3"
    env = {**os.environ, "XIANGSHAN_DESK_DATA": str(folder / "data")}
    subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db), "demo", "--cases", "300"],
                   cwd=ROOT, env=env, check=True)
    return db


def _documents_folder(folder: Path) -> Path:
    """A 文档 folder with the files a clerk's has, so that the file dialog is not empty."""
    docs = folder / "文档"
    (docs / "行政应诉台账").mkdir(parents=True)
    (docs / "季度会议材料").mkdir()
    for name in ("案件列表_20261120.xlsx", "2026年第三季度统计表.xlsx", "行政应诉台账2025.xlsx", "催办单_20261201.docx"):
        (docs / name).write_bytes(b"")
    return docs


def type_text(widget, text: str) -> None:
    """Type as a clerk does: Latin letters and digits as keys, Chinese committed by the input method."""
    import re

    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    for run in re.findall(r"[\x20-\x7e]+|[^\x20-\x7e]+", text):
        if run.isascii():
            QTest.keyClicks(widget, run)
        else:
            event = QInputMethodEvent()
            event.setCommitString(run)
            QApplication.sendEvent(widget, event)


class Shots:
    """The screenshots, taken one after another from the Qt event loop (each step waits for painting)."""

    def __init__(self, app, window, out: Path, walkthrough: bool) -> None:
        self.app, self.window, self.out, self.walkthrough = app, window, out, walkthrough
        self.notes: list[str] = []
        self.steps: list = []
        (out / "extra").mkdir(parents=True, exist_ok=True)
        if walkthrough:
            (out / "walkthrough").mkdir(parents=True, exist_ok=True)

    # --- helpers -----------------------------------------------------------------------------

    def note(self, text: str) -> None:
        print(text, flush=True)
        self.notes.append(text)

    def settle(self, ms: int = 600) -> None:
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.02)

    def save_widget(self, widget, name: str) -> Path:
        self.settle()
        target = self.out / name
        widget.grab().save(str(target))
        print(target, widget.width(), "x", widget.height(), flush=True)
        return target

    def save_screen(self, rect, name: str) -> Path:
        """A part of the X screen (for popups, which are windows of their own)."""
        self.settle()
        from PySide6.QtGui import QGuiApplication
        screen = QGuiApplication.primaryScreen()
        rect = rect.intersected(screen.geometry())
        target = self.out / name
        screen.grabWindow(0, rect.x(), rect.y(), rect.width(), rect.height()).save(str(target))
        print(target, rect.width(), "x", rect.height(), flush=True)
        return target

    def when_modal(self, name: str, answer) -> None:
        """Take the next modal dialog's picture once it is up, then answer it with ``answer(dialog)``."""
        from PySide6.QtCore import QTimer

        def take():
            dialog = self.app.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(200, take)
                return
            self.settle(1500)          # a file dialog lists the folder in the background
            self.save_widget(dialog, name)
            self.describe_dialog(dialog, name)
            answer(dialog)
        QTimer.singleShot(300, take)

    def describe_dialog(self, dialog, name: str) -> None:
        from PySide6.QtWidgets import QAbstractButton, QLabel
        buttons = [b.text() for b in dialog.findChildren(QAbstractButton) if b.isVisible() and b.text()]
        labels = [w.text() for w in dialog.findChildren(QLabel) if w.isVisible() and w.text()]
        self.note(f"{name}: title={dialog.windowTitle()!r} size={dialog.width()}x{dialog.height()} "
                  f"buttons={buttons} labels={labels}")

    # --- the pictures ------------------------------------------------------------------------

    def main_window(self) -> None:
        window = self.window
        table = window.case_list.table
        table.selectRow(2)
        self.save_widget(window, "ui-1366-main.png")
        header = table.horizontalHeader()
        hidden = [window.case_list.model.headerData(i, header.orientation()) for i in range(header.count())
                  if header.sectionViewportPosition(i) + header.sectionSize(i) > table.viewport().width()]
        self.note(f"main: case list columns not wholly visible at 1366: {hidden}")

    def editor_appearance(self) -> None:
        from peewee import fn

        from xiangshan_desk.persistence.models import Hearing, Proceeding
        # a recent case with two or more hearings in its latest proceeding
        rows = (Proceeding.select(Proceeding, fn.COUNT(Hearing.id).alias("n")).join(Hearing)
                .group_by(Proceeding.id).order_by(Proceeding.id.desc()))
        proc = next(p for p in rows if p.n >= 2)
        editor = self.window.open_case(proc.case_id)
        editor.move(60, 30)
        editor.tabs.setCurrentIndex(2)
        editor.hearings_view.selectRow(0)
        self.editor = editor
        self.save_widget(editor, "ui-1366-editor-appearance.png")
        self.note(f"editor: case {editor.windowTitle()} size {editor.width()}x{editor.height()}")
        editor.tabs.setCurrentIndex(0)
        self.save_widget(editor, "extra/editor-basic-saved-case.png")

    def question(self) -> None:
        editor = self.editor
        editor.tabs.setCurrentIndex(2)
        editor.hearings_view.selectRow(0)
        from PySide6.QtWidgets import QMessageBox
        self.when_modal("ui-1366-question.png", lambda box: box.button(QMessageBox.StandardButton.No).click())
        before = len(editor.detail.proceedings[-1].hearings)
        editor._on_remove_hearing_clicked()                # the real confirmation; answered 否
        after = len(editor.detail.proceedings[-1].hearings)
        self.note(f"question: hearings before {before}, after answering 否 {after}")

    def hearing_dialogs(self) -> None:
        from ui.case_editor.dialogs import AddProceedingDialog, HearingDialog
        editor = self.editor
        record = editor.detail.proceedings[-1].hearings[0]
        dialog = HearingDialog(record, editor, editor._roles())
        dialog.show()
        self.save_widget(dialog, "extra/hearing-dialog.png")
        self.note(f"hearing dialog: {dialog.width()}x{dialog.height()}")
        dialog.close()
        dialog = AddProceedingDialog(editor)
        dialog.show()
        self.save_widget(dialog, "extra/add-proceeding-dialog.png")
        self.note(f"新增审级 dialog: {dialog.width()}x{dialog.height()}")
        dialog.close()
        editor.close()

    def unit_picker(self) -> None:
        editor = self.window.new_case()
        editor.move(60, 30)
        editor.tabs.setCurrentIndex(0)
        self.settle()
        picker = editor.widget("unit_id")
        picker.setFocus()
        picker.lineEdit().setText("zrzy")
        picker._on_text_edited("zrzy")
        self.settle(800)
        popup = picker.completer().popup()
        offered = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
        self.note(f"unit picker: popup visible={popup.isVisible()} offers {offered}")
        rect = editor.frameGeometry().united(popup.geometry())
        self.save_screen(rect, "ui-1366-unit-picker.png")
        popup.hide()
        self.new_editor = editor

    def file_dialog(self) -> None:
        from PySide6.QtWidgets import QDialog
        self.when_modal("ui-1366-file-dialog.png", QDialog.reject)
        self.window.export_case_list()                    # 导出 → 导出当前案件列表（Excel）…

    def calendar(self) -> None:
        window = self.window
        self.new_editor.close()
        window.tabs.setCurrentWidget(window.calendar_tab)
        tab = window.calendar_tab
        self.settle(800)
        today = dt.date.today()
        month_days = {day: items for day, items in tab.month.days.items()
                      if (day.year, day.month) == (today.year, today.month)}
        busiest = max(month_days, key=lambda day: (len(month_days[day]), day)) if month_days else today
        tab.select_day(busiest)
        self.save_widget(window, "ui-1366-calendar.png")
        self.note(f"calendar: {tab.day_label.text()}")

    def report(self) -> None:
        window = self.window
        window.tabs.setCurrentWidget(window.report_tab)
        tab = window.report_tab
        tab.period_combo.setCurrentIndex(tab.period_combo.findText("全年"))
        tab.compute().wait()                            # the count runs in the background
        self.settle()
        model = tab.table_model
        total = next(r for r in range(model.rowCount()) if model.figures(r)[0] == "合计")
        column = 3 if model.figures(total)[1].count("lost") >= 4 else 1
        tab.table.setCurrentIndex(model.index(total, column))
        tab.table.scrollTo(model.index(total, column))
        found = tab.show_cases(total, column)
        tab.drill_view.selectRow(0)
        self.settle()
        tab.table.scrollToBottom()                      # the 合计 row, whose figure was clicked
        self.save_widget(window, "ui-1366-report-drilldown.png")
        self.note(f"report: {tab.drill_label.text()} ({len(found)} lines)")
        from PySide6.QtWidgets import QStyle
        view = tab.drill_view
        fm = view.fontMetrics()
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1   # as Qt elides
        cut = [tab.drill_model.index(r, 0).data() for r in range(tab.drill_model.rowCount())
               if fm.horizontalAdvance(tab.drill_model.index(r, 0).data()) + 2 * margin > view.columnWidth(0)]
        self.note(f"report: 案号 column {view.columnWidth(0)} px, cut for {len(cut)} rows, e.g. {cut[:2]}")

    def manual_editor(self) -> None:
        """The manual's 三、记录备案、出庭、裁判 pictures: the case window's 答辩与备案, 出庭应诉 and 裁判与生效 pages
        of cases that have what the text names filled in (manual-editor1/2/4.png)."""
        from xiangshan_desk.persistence.models import Hearing, Proceeding
        latest = Proceeding.select().order_by(Proceeding.id.desc())
        shots = (("manual-editor1.png", "答辩与备案",
                  latest.where(Proceeding.filing_received.is_null(False) & Proceeding.filing_complete
                               & Proceeding.forwarded.is_null(False))),
                 ("manual-editor2.png", "出庭应诉",
                  latest.where(Proceeding.summons_received.is_null(False) & Proceeding.head_list_filed.is_null(False)
                               & Proceeding.id.in_(Hearing.select(Hearing.proceeding)))),
                 # a first instance, not appealed, judged and served: the suggested effective date beside its button
                 ("manual-editor4.png", "裁判与生效",
                  latest.where((Proceeding.level == "一审") & Proceeding.judgment_served.is_null(False)
                               & Proceeding.decision.is_null(False) & (Proceeding.decision_reasons != "")
                               & Proceeding.id.not_in(Proceeding.select(Proceeding.parent)
                                                      .where(Proceeding.parent.is_null(False))))
                  .order_by(Proceeding.effective_date.is_null(False), Proceeding.id.desc())))
        for name, tab, query in shots:
            proceeding = query.first()
            editor = self.window.open_case(proceeding.case_id)
            editor.move(60, 30)
            index = next(i for i in range(editor.tabs.count()) if editor.tabs.tabText(i) == tab)
            editor.tabs.setCurrentIndex(index)
            self.save_widget(editor, name)
            self.note(f"{name}: {editor.windowTitle()} tab {tab}, size {editor.width()}x{editor.height()}")
            self.note_cut_labels(editor, name)
            if name == "manual-editor1.png":
                for i in range(editor.tabs.count()):          # every page of the case window, for checking
                    editor.tabs.setCurrentIndex(i)
                    self.save_widget(editor, f"extra/editor-tab-{i}.png")
                    self.note_cut_labels(editor, f"editor tab {editor.tabs.tabText(i)}")
            editor.close()

    def note_cut_labels(self, widget, name: str) -> None:
        """Labels and buttons whose text is wider than they are shown (cut), as a check of a picture."""
        from PySide6.QtWidgets import QAbstractButton, QLabel
        cut = [w.text() for w in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton)
               if w.isVisible() and w.text() and not getattr(w, "wordWrap", lambda: False)()
               and "\n" not in w.text() and "<" not in w.text()
               and w.fontMetrics().horizontalAdvance(w.text().replace("&", "")) > w.width()]
        self.note(f"{name}: cut texts {cut}")

    def welcome(self) -> None:
        from ui.welcome import WelcomeDialog
        dialog = WelcomeDialog(self.window._context, self.window)
        dialog.show()
        self.save_widget(dialog, "extra/welcome.png")
        self.note(f"welcome: {dialog.width()}x{dialog.height()} (size hint {dialog.sizeHint().width()}x"
                  f"{dialog.sizeHint().height()})")
        self.note_cut_labels(dialog, "welcome")
        dialog.done(0)

    def settings_windows(self) -> None:
        """设置 and 文件 windows: the manual's 节假日安排, 导入台账 and 备份与恢复 (manual-holidays.png,
        manual-import.png, manual-backup.png); 数据库, 基础数据, 提醒 for checking."""
        from PySide6.QtWidgets import QLabel
        window = self.window
        from xiangshan_desk.application.backup import make_backup
        make_backup(reason="manual")                            # a backup listed, as on a clerk's computer
        from ui import operations
        # 七、录入下一年的节假日安排 (manual-holidays.png): the 2027 periods typed, 预览影响 clicked
        dialog = window.show_holiday_editor()
        dialog.move(20, 20)
        dialog.year_spin.setValue(2027)
        dialog.entry_edit.setPlainText("2027-01-01 至 2027-01-03 放假\n2027-02-06 至 2027-02-12 放假\n2027-02-14 上班")
        dialog.complete_check.setChecked(False)
        dialog.source_edit.setText("国务院办公厅关于2027年部分节假日安排的通知")
        operation = dialog.preview()
        if operation is not None:
            operation.wait()
        operations.wait_all()
        self.save_widget(dialog, "manual-holidays.png")
        self.note(f"manual-holidays.png: {dialog.message.text()!r}")
        dialog.close()
        # 八、导入已有台账 (manual-import.png): a ledger with three new cases and two rows refused
        from tests.ledgers import ledger_file
        ledger = ledger_file(self.out / "extra" / "台账.xlsx", [
            {"案号": "（2026）浙0225行初950号", "被告单位": "县公安局", "原告": "张某", "案由": "行政处罚",
             "收到起诉状副本日期": "2026-11-02"},
            {"案号": "（2026）浙0225行初951号", "被告单位": "石浦镇", "原告": "李某", "案由": "房屋征收",
             "收到起诉状副本日期": "2026-11-05"},
            {"案号": "（2026）浙0225行初952号", "被告单位": "县公按局", "原告": "王某", "案由": "行政处罚",
             "收到起诉状副本日期": "2026-11-06"},
            {"案号": "（2026）浙0225行初953号", "被告单位": "县自然资源和规划局", "原告": "赵某", "案由": "行政许可",
             "收到起诉状副本日期": "2026-02-30"},
            {"案号": "（2026）浙0225行初954号", "被告单位": "县市场监督管理局", "原告": "钱某", "案由": "行政处罚",
             "收到起诉状副本日期": "2026-11-09"}])
        dialog = window.import_ledger(str(ledger))
        dialog.move(20, 20)
        operations.wait_all()
        self.save_widget(dialog, "manual-import.png")
        self.note("manual-import.png: " + " / ".join(w.text() for w in dialog.findChildren(QLabel) if w.text()))
        dialog.close()
        ledger.unlink()
        for name, show in (("manual-backup", window.show_backups), ("database", window.show_database_settings),
                           ("reference", window.show_reference), ("reminders", window.show_reminder_settings)):
            dialog = show()
            dialog.move(20, 20)
            self.settle(1200)
            self.save_widget(dialog, f"{name}.png" if name.startswith("manual") else f"extra/{name}.png")
            self.note(f"{name}: {dialog.windowTitle()} {dialog.width()}x{dialog.height()}")
            self.note_cut_labels(dialog, name)
            dialog.close()

    def report_judgments_basis(self) -> None:
        """The report tab under 仅判决结案: the header 败诉率（判决口径） on screen."""
        tab = self.window.report_tab
        tab.basis_combo.setCurrentIndex(tab.basis_combo.findData("judgments"))
        self.settle()
        from ui import operations
        operations.wait_all()
        self.settle()
        self.save_widget(self.window, "extra/report-judgments-basis.png")
        header = tab.table.horizontalHeader()
        self.note("report (judgments basis): " + ", ".join(
            f"{tab.table_model.headerData(i, header.orientation())} {header.sectionSize(i)}px"
            for i in range(header.count())))
        tab.basis_combo.setCurrentIndex(tab.basis_combo.findData("all"))
        operations.wait_all()

    def report_frozen(self) -> None:
        """README's report-tab.png: the third quarter reported (报送并冻结), then a case of it moved to the recycle
        bin, so that the differences from the reported version are listed."""
        from ui import operations
        from ui.context import Change
        from xiangshan_desk.application import cases
        from xiangshan_desk.persistence.models import Case, Proceeding
        tab = self.window.report_tab
        tab.period_combo.setCurrentIndex(tab.period_combo.findText("第三季度"))
        operations.wait_all()
        tab.freeze_period("报县政府常务会议").wait()
        operations.wait_all()
        year = tab.year_spin.value()
        received = (Proceeding.select(Proceeding.case).join(Case)
                    .where(Case.deleted_at.is_null() & (Proceeding.level == "一审")
                           & Proceeding.complaint_received.between(dt.date(year, 7, 1), dt.date(year, 9, 30)))
                    .order_by(Proceeding.id).first())
        if received is not None:
            cases.move_to_recycle_bin(self.window._context.actor, received.case_id)
            self.window._context.signals.data_changed.emit(Change.CASES)
        self.settle()
        operations.wait_all()
        self.settle()
        tab.table.scrollToTop()
        self.save_widget(self.window, "report-tab.png")
        self.note(f"report (frozen): {tab.frozen_label.text()}")

    def other_windows(self) -> None:
        from PySide6.QtWidgets import QAbstractItemView
        window = self.window
        dialog = window.show_assessment()
        dialog.move(20, 20)
        self.save_widget(dialog, "extra/assessment.png")
        tables = [t for t in dialog.findChildren(QAbstractItemView) if t.isVisible()]
        for table in tables:
            header = getattr(table, "horizontalHeader", lambda: None)()
            if header is not None:
                model = table.model()
                off = [model.headerData(i, header.orientation()) for i in range(header.count())
                       if header.sectionViewportPosition(i) + header.sectionSize(i) > table.viewport().width()]
                self.note(f"assessment: {dialog.width()}x{dialog.height()}, columns not wholly visible: {off}")
        dialog.close()
        from xiangshan_desk.application import cases
        from xiangshan_desk.persistence.models import Case
        victim = Case.select().where(Case.deleted_at.is_null()).order_by(Case.id.desc()).first()
        cases.move_to_recycle_bin(window._context.actor, victim.id)
        dialog = window.show_recycle_bin()
        dialog.move(20, 20)
        self.save_widget(dialog, "extra/recycle-bin.png")
        self.note(f"recycle bin: {dialog.width()}x{dialog.height()}")
        dialog.close()
        dialog = window.show_manual()
        dialog.move(20, 0)
        self.settle(800)
        self.save_widget(dialog, "extra/help-window.png")
        dialog.browser.verticalScrollBar().setValue(dialog.browser.verticalScrollBar().maximum() // 6)
        self.save_widget(dialog, "extra/help-window-scrolled.png")
        dialog.close()

    # --- the manual's walkthrough -------------------------------------------------------------

    def walk(self) -> None:
        """二、收到起诉状副本时登记案件, as written, with the keyboard and mouse (QtTest)."""
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest
        from PySide6.QtWidgets import QDialogButtonBox
        window, shots = self.window, "walkthrough/"
        window.tabs.setCurrentIndex(0)
        window.activateWindow()
        window.case_list.table.setFocus()
        self.settle()
        before = set(window._editors)
        # 1. 点“新建案件”（Ctrl+N）
        QTest.keyClick(window.case_list.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        self.settle()
        opened = [e for e in window._editors if e not in before]
        if not opened:
            self.note("walkthrough 1: Ctrl+N on the case list opened no editor; using the toolbar's 新建案件…")
            window.new_action.trigger()
            self.settle()
            opened = [e for e in window._editors if e not in before]
        editor = opened[0]
        editor.move(60, 30)
        editor.activateWindow()
        self.save_widget(editor, shots + "1-new-case.png")
        tab = editor.tabs.tabText(editor.tabs.currentIndex())
        focused = self.app.focusWidget()
        focus = f"{type(focused).__name__} {focused.objectName()}" if focused else None
        self.note(f"walkthrough 1: editor {editor.windowTitle()!r}, tab {tab!r}, focus on {focus!r}")
        # 2. 基本信息: 被告单位, 案号, 原告, 案由, 原告人数, the four check boxes
        picker = editor.widget("unit_id")
        picker.setFocus()
        type_text(picker.lineEdit(), "县公安局")
        self.settle()
        popup = picker.completer().popup()
        self.note(f"walkthrough 2: typing 县公安局 offers "
                  f"{[popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]}")
        QTest.keyClick(popup if popup.isVisible() else picker.lineEdit(), Qt.Key.Key_Down)
        QTest.keyClick(popup if popup.isVisible() else picker.lineEdit(), Qt.Key.Key_Return)
        self.settle()
        QTest.keyClick(picker.lineEdit(), Qt.Key.Key_Tab)
        self.settle()
        self.note(f"walkthrough 2: 被告单位 chosen: {picker.currentText()!r} (id {picker.currentData()})")
        typed = {"case_number": "(2026)浙0225行初901号", "plaintiffs": "张某某、李某某", "cause": "行政处罚"}
        for name, text in typed.items():
            widget = editor.widget(name)
            widget.setFocus()
            type_text(widget, text)
        count = editor.widget("plaintiff_count")
        count.setFocus()
        count.selectAll()
        QTest.keyClicks(count, "2")
        for name in ("major_public_interest", "high_attention", "high_risk", "written_recommendation"):
            box = editor.widget(name)
            self.note(f"walkthrough 2: check box {name} = {box.text()!r}")
        attention = editor.widget("high_attention")
        QTest.mouseClick(attention, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(8, attention.height() // 2))       # on the box, as a clerk clicks
        self.note(f"walkthrough 2: 社会高度关注 ticked: {attention.isChecked()}")
        self.settle()
        self.save_widget(editor, shots + "2-basic.png")
        self.note(f"walkthrough 2: 案号 hint {editor.case_number_hint.text()!r}; requirement "
                  f"{editor.requirement_label.text()!r}")
        # 3. 答辩与备案: 收到起诉状副本日期 → 答辩期限 and 备案期限 beside it at once
        editor.tabs.setCurrentIndex(1)
        received = editor.widget("complaint_received")
        received.setFocus()
        QTest.keyClicks(received, "2026-11-20")
        self.settle()
        self.save_widget(editor, shots + "3-filing.png")
        shown = {kind: label.text() for kind, label in editor.deadline_labels.items() if label.text()}
        self.note(f"walkthrough 3: deadlines shown: {shown}")
        # 4. 点“保存”
        save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
        from ui.case_editor.editor import CaseEditor
        asked = []
        CaseEditor.ask_co_defendant = classmethod(lambda cls, parent, number, others: asked.append(number) or False)
        QTest.mouseClick(save, Qt.MouseButton.LeftButton)
        self.settle()
        self.save_widget(editor, shots + "4-saved.png")
        self.note(f"walkthrough 4: co-defendant question asked: {asked}; message {editor.message.text()!r}; "
                  f"case id {editor.case_id}; dirty {editor.dirty}; title {editor.windowTitle()!r}")
        editor.close()
        self.settle()
        self.save_widget(window, shots + "5-list.png")
        self.note(f"walkthrough 5: selected in list: {window.case_list.selected_case_id()}; status "
                  f"{window.statusBar().currentMessage()!r}")

    def run(self) -> None:
        for step in (self.main_window, self.welcome, self.editor_appearance, self.question, self.hearing_dialogs,
                     self.manual_editor, self.unit_picker, self.file_dialog, self.calendar, self.report,
                     self.report_judgments_basis, self.report_frozen, self.settings_windows,
                     self.other_windows):
            step()
        if self.walkthrough:
            self.walk()
            (self.out / "walkthrough" / "walkthrough.txt").write_text(
                "\n".join(n for n in self.notes if n.startswith("walkthrough")) + "\n", encoding="utf-8")
        (self.out / "extra" / "notes.txt").write_text("\n".join(self.notes) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    out = Path(args[0] if args else ROOT / "docs" / "images").resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = _start_xvfb()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    folder = Path(tempfile.mkdtemp(prefix="xiangshan_ui_shots_"))
    os.environ["XIANGSHAN_DESK_DATA"] = str(folder / "data")
    try:
        db = _make_demo(folder)
        from xiangshan_desk.application.bootstrap import open_workspace
        from xiangshan_desk.persistence.db import close_database
        open_workspace(db)
        # the clerks' Windows has a Chinese regional format: Qt writes file sizes and times in the system's format
        # (100 字节, 2026/12/3 09:00), read from the environment on Linux
        os.environ["LC_ALL"] = os.environ["LANG"] = "zh_CN.UTF-8"
        from PySide6.QtCore import QCoreApplication, Qt
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)   # Qt's own, translated
        from ui.app import create_application
        app = create_application([sys.argv[0]])
        from ui.context import AppContext
        from ui.main_window import MainWindow
        from xiangshan_desk.application.settings import Settings
        settings = Settings(operator="王书记员", welcomed=True, last_folder=str(_documents_folder(folder)))
        window = MainWindow(AppContext(settings, str(db)))
        window.resize(*SCREEN)
        window.move(0, 0)
        window.show()
        window.load_first_screen()
        shots = Shots(app, window, out, walkthrough="--no-walkthrough" not in argv)
        shots.settle(1500)
        shots.run()
        for editor in list(window._editors):
            editor._dirty = False
            editor.close()
        window.close()
        close_database()
        return 0
    finally:
        for process in started:
            process.terminate()
            process.wait(5)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
