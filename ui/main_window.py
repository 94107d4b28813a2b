"""The main window 「象山县行政应诉工作台」: the case list, calendar and report tabs, menus and toolbar."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QMainWindow, QPushButton, QTabWidget, QToolBar,
                               QVBoxLayout, QWidget)

from xiangshan_desk import __version__
from xiangshan_desk.application import agenda, caselist, session
from xiangshan_desk.domain.calendar import UNCONFIRMED
from xiangshan_desk.domain.errors import AppError

from .case_list_tab import CaseListTab
from . import operations
from .context import AppContext, Change
from .errors import show_error
from .files import FileDialogs, offer_open, remember_folder, suggested_path
from .widgets import resize_to_fit_screen

# The calendar and report tabs, the case editor and the dialogs — Qt's message, input and file dialogs too (the
# first use of such a class from Python builds its type and enums) — are imported when first used, so that
# start-up builds only the case list (benchmarks/README.md).

TITLE = "象山县行政应诉工作台"


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._editors: list = []
        self._calendar_tab = None
        self._report_tab = None
        self.tray = None                    # ui.tray.ReminderTray once start_reminders found a system tray
        self._quitting = False
        self.setWindowTitle(TITLE)
        resize_to_fit_screen(self, 1400, 820)

        # widgets
        self.case_list = CaseListTab(context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.case_list, "案件列表")
        self._calendar_slot = QWidget()
        self._report_slot = QWidget()
        self.tabs.addTab(self._calendar_slot, "日历")
        self.tabs.addTab(self._report_slot, "报表")
        self.banner = QFrame()
        self.banner.setObjectName("reminderBanner")
        self.banner.setStyleSheet("#reminderBanner { background: #fff3cd; border: 1px solid #e0c97a; }")
        self.banner_label = QLabel()
        self.banner_button = QPushButton("查看待办")
        self.banner_close = QPushButton("×")
        self.banner_close.setFlat(True)
        self.banner_close.setFixedWidth(28)
        self.banner.hide()
        self.holiday_banner = QFrame()
        self.holiday_banner.setObjectName("holidayBanner")
        self.holiday_banner.setStyleSheet("#holidayBanner { background: #fdecea; border: 1px solid #e6a1a1; }")
        self.holiday_label = QLabel()
        self.holiday_button = QPushButton("录入节假日安排…")
        self.holiday_banner.hide()
        central = QWidget()
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 2, 4, 2)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.banner_button)
        banner_layout.addWidget(self.banner_close)
        holiday_layout = QHBoxLayout(self.holiday_banner)
        holiday_layout.setContentsMargins(8, 2, 4, 2)
        holiday_layout.addWidget(self.holiday_label, 1)
        holiday_layout.addWidget(self.holiday_button)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(2)
        central_layout.addWidget(self.banner)
        central_layout.addWidget(self.holiday_banner)
        central_layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.setAcceptDrops(True)           # a court paper dropped on the window opens 从法院文书登记
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.operator_label = QLabel()      # who the history records; 设置 → 操作员姓名… changes it
        self.statusBar().addPermanentWidget(self.operator_label)
        self._show_operator()

        # actions
        self.new_action = self._action("新建案件…", QKeySequence.StandardKey.New, self.new_case,
                                       "收到起诉状副本时登记新案件（Ctrl+N）")
        self.open_action = self._action("打开案件", None, self.case_list.open_selected, "打开所选案件（Enter）")
        self.delete_action = self._action("移入回收站", QKeySequence(Qt.Key.Key_Delete), self.delete_selected,
                                          "把所选案件移入回收站（Del）")
        self.refresh_action = self._action("刷新", QKeySequence(Qt.Key.Key_F5), self.refresh, "重新读取案件（F5）")
        self.search_action = self._action("搜索", QKeySequence.StandardKey.Find, self.case_list.focus_search,
                                          "搜索案号、原告、单位、案由（Ctrl+F）")
        self.recycle_action = self._action("回收站…", None, self.show_recycle_bin)
        self.import_action = self._action("导入台账…", None, self.import_ledger, "从 Excel 台账导入案件")
        self.intake_action = self._action("从法院文书登记…", None, self.intake_court_paper,
                                          "读取应诉通知书、传票、判决书等（.docx/.pdf/图片），核对后登记；也可把文件拖到窗口上")
        self.import_template_action = self._action("台账模板（Excel）…", None, self.export_import_template)
        self.backup_action = self._action("备份与恢复…", None, self.show_backups)
        self.export_list_action = self._action("导出当前案件列表（Excel）…", None, self.export_case_list)
        self.export_quarterly_action = self._action("统计表（Excel，按报表所选期间）…", None, self._on_export_quarterly)
        self.operator_action = self._action("操作员姓名…", None, self.ask_operator)
        self.holiday_action = self._action("节假日安排…", None, self.show_holiday_editor)
        self.templates_action = self._action("文档模板…", None, self.open_template_folder)
        self.database_action = self._action("数据库…", None, self.show_database_settings)
        self.reference_action = self._action("基础数据（单位、县领导、法院、协调小组）…", None, self.show_reference)
        self.demo_action = self._action("打开演示数据…", None, self.open_demo)
        self.supervision_action = self._action("司法建议、典型案例、培训…", None, self.show_supervision)
        self.assessment_action = self._action("年度考核…", None, self.show_assessment)
        self.materials_search_action = self._action("材料搜索…", None, self.show_materials_search,
                                                    "在全部案卷材料的文字中搜索")
        self.todo_action = self._action("待办事项", None, self.show_todo)
        self.stale_action = self._action("无后续安排的案件", None, self.show_nothing_scheduled,
                                         "在办案件中长期没有未完成期限、也没有排定开庭的")
        self.reminder_settings_action = self._action("提醒…", None, self.show_reminder_settings,
                                                     "提醒时间、托盘、开机自动启动、无后续安排天数")
        self.about_action = self._action("关于", None, self.show_about)
        self.manual_action = self._action("使用说明", QKeySequence(Qt.Key.Key_F1), self.show_manual)
        self.welcome_action = self._action("欢迎…", None, self.show_welcome)
        self.quit_action = self._action("退出", QKeySequence.StandardKey.Quit, self.quit_program)

        # menus and toolbar
        menu = self.menuBar()
        file_menu = menu.addMenu("文件(&F)")
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.recycle_action)
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        case_menu = menu.addMenu("案件(&C)")
        for action in (self.new_action, self.open_action, self.delete_action, self.refresh_action, self.search_action,
                       self.todo_action, self.stale_action, self.materials_search_action):
            case_menu.addAction(action)
        case_menu.addAction(self.intake_action)
        case_menu.addSeparator()
        case_menu.addAction(self.supervision_action)
        case_menu.addAction(self.assessment_action)
        export_menu = menu.addMenu("导出(&E)")
        export_menu.addAction(self.export_list_action)
        export_menu.addAction(self.export_quarterly_action)
        export_menu.addAction(self.import_template_action)
        settings_menu = menu.addMenu("设置(&S)")
        settings_menu.addAction(self.operator_action)
        settings_menu.addAction(self.database_action)
        settings_menu.addAction(self.reference_action)
        settings_menu.addAction(self.holiday_action)
        settings_menu.addAction(self.reminder_settings_action)
        settings_menu.addAction(self.templates_action)
        help_menu = menu.addMenu("帮助(&H)")
        help_menu.addAction(self.manual_action)
        help_menu.addAction(self.welcome_action)
        help_menu.addAction(self.demo_action)
        help_menu.addAction(self.about_action)
        toolbar = QToolBar("常用")
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.open_action, self.delete_action, self.refresh_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.export_list_action)
        self.addToolBar(toolbar)

        # connections
        self.case_list.case_open_requested.connect(self.open_case)
        self.case_list.selection_changed.connect(self._on_selection_changed)
        self.banner_button.clicked.connect(self.show_todo)
        self.banner_close.clicked.connect(self.banner.hide)
        self.holiday_button.clicked.connect(self.show_holiday_editor)
        self.case_list.export_requested.connect(self.export_case_list)
        self.case_list.materials_dropped.connect(self.add_materials)
        self.tabs.currentChanged.connect(self._on_tab_changed)
        context.signals.data_changed.connect(self._on_data_changed)

        self._restore_state()
        self._on_selection_changed()

    @staticmethod
    def _shown(window):
        """Show a dialog or window that is deleted when closed (none of them is modal)."""
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        return window

    def _action(self, text: str, shortcut, slot, tip: str = "") -> QAction:
        action = QAction(self)          # not QAction(text, self): matching that overload builds QIcon's type (start-up)
        action.setText(text)
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    # --- loading -----------------------------------------------------------------------------

    def load_first_screen(self) -> None:
        """Load the first page of cases (called once the window is shown), and say what is due."""
        self.case_list.apply_filter()
        self._show_facts(_first_screen_facts(None))

    def update_reminders(self, today: dt.date | None = None) -> None:
        """The banner appears only when something is overdue or due today; nothing pops up."""
        self._show_reminders(*_reminder_facts(today), today)

    def _show_reminders(self, due: agenda.Reminder, missing: bool, today: dt.date | None = None) -> None:
        if self.tray is not None:
            self.tray.set_overdue(due.overdue)
        self.banner.setVisible(due.any)
        self.banner_label.setText(f"提醒：{due.text}。" if due.any else "")
        self.holiday_banner.setVisible(missing)
        if missing:
            year = (today or dt.date.today()).year + 1
            self.holiday_label.setText(f"{year}年节假日安排尚未录入：涉及{year}年的期限按周一至周五计算并标为“{UNCONFIRMED}”。"
                                       "国务院公布安排后请及时录入。")

    def refresh(self) -> None:
        """F5: read everything again (another clerk may have changed the shared database)."""
        self._context.notify_changed(Change.ALL)
        self.statusBar().showMessage("已刷新", 3000)

    def _on_data_changed(self, what: str) -> None:
        """Stored data changed (ui.context.Change): the list, its choices, the counts and the banners follow;
        the calendar and report tabs, the tray and open dialogs listen for themselves."""
        if what in (Change.CASES, Change.ALL, Change.REFERENCE, Change.CALENDAR):
            if what != Change.CASES:
                self.case_list.reload_choices()
            self.case_list.refresh()
            # the counts in the status bar, the banners and the tray's number read every open deadline:
            # off the UI thread (about 70 ms on 100,000 cases)
            operations.read(lambda: _first_screen_facts(None), self._show_facts, parent=self)

    def _show_facts(self, facts) -> None:
        counts, due, missing = facts
        self._show_counts(counts)
        self._show_reminders(due, missing)

    def show_todo(self) -> None:
        self.show_todo_items(None)

    def show_todo_items(self, keys) -> None:
        """The to-do view with only these items (a clicked notification's; reminders.item_key), or all for None."""
        self.tabs.setCurrentWidget(self.calendar_tab)
        self.calendar_tab.show_todo(keys)

    def show_nothing_scheduled(self) -> None:
        self.tabs.setCurrentWidget(self.calendar_tab)
        self.calendar_tab.show_nothing_scheduled()

    # --- the tray and its notifications (ui/tray.py) -----------------------------------------

    def start_reminders(self, clock=None) -> bool:
        """Put the icon in the system tray and start the notification schedule; False when there is no tray."""
        from .tray import ReminderTray
        if self.tray is not None or not ReminderTray.available():
            return self.tray is not None
        from PySide6.QtWidgets import QApplication
        self.tray = ReminderTray(self._context, self, **({"clock": clock} if clock else {}))
        self.tray.open_requested.connect(self.show_from_tray)
        self.tray.todo_requested.connect(self._on_tray_todo_requested)
        self.tray.digest_requested.connect(self._on_tray_digest_requested)
        self.tray.settings_requested.connect(lambda: (self.show_from_tray(), self.show_reminder_settings()))
        self.tray.quit_requested.connect(self.quit_program)
        # Closing the window (or the last dialog) must not end the program while it reminds from the tray.
        QApplication.instance().setQuitOnLastWindowClosed(False)
        # At Windows log-off the window must close for real, or it would hold up the session's end.
        QApplication.instance().commitDataRequest.connect(lambda _manager: setattr(self, "_quitting", True))
        self.tray.start()                   # its red count is set by update_reminders, with the banner
        return True

    def show_from_tray(self) -> None:
        if not self.isVisible():
            self.refresh()                  # hidden since yesterday, perhaps: statuses and counts as of today
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def _on_tray_todo_requested(self, keys) -> None:
        self.show_from_tray()
        self.show_todo_items(keys)

    def _on_tray_digest_requested(self) -> None:
        self.calendar_tab.copy_digest(lambda message: self.tray.show_hint(message) if self.tray is not None else None)

    def show_reminder_settings(self):
        from .reminder_settings import ReminderSettingsDialog
        from .tray import ReminderTray
        dialog = ReminderSettingsDialog(self._context, self.tray is not None or ReminderTray.available(), self)
        dialog.changed.connect(self._on_reminder_settings_changed)
        return self._shown(dialog)

    def _on_reminder_settings_changed(self) -> None:
        if self.tray is not None:
            self.tray.set_overdue(self.tray.overdue)        # the tooltip names the next reminder time
        if self._calendar_tab is not None:
            self._calendar_tab.stale_days.setValue(self._context.settings.stale_days)
        self.statusBar().showMessage("提醒设置已保存", 3000)

    def quit_program(self) -> bool:
        """文件 → 退出 and the tray's 退出: end the program, not only hide the window."""
        self._quitting = True
        try:
            return self.close()
        finally:
            self._quitting = False              # an editor with unsaved changes may have kept the window open

    def show_holiday_editor(self):
        from .holiday_editor import HolidayEditor
        return self._shown(HolidayEditor(self._context, self))

    def _show_counts(self, counts: caselist.Counts) -> None:
        self.counts_label.setText(f"案件 {counts.total} 件 · 在办 {counts.open} 件 · 有逾期事项的案件 {counts.overdue} 件")

    @property
    def calendar_tab(self):
        """The 日历 tab, built the first time it is needed."""
        if self._calendar_tab is None:
            from .calendar_tab import CalendarTab
            self._calendar_tab = CalendarTab(self._context)
            self._calendar_tab.case_open_requested.connect(self.open_case)
            self._replace_slot(self._calendar_slot, self._calendar_tab, "日历")
        return self._calendar_tab

    @property
    def report_tab(self):
        """The 报表 tab, built the first time it is needed."""
        if self._report_tab is None:
            from .report_tab import ReportTab
            self._report_tab = ReportTab(self._context)
            self._report_tab.case_open_requested.connect(self.open_case)
            self._replace_slot(self._report_slot, self._report_tab, "报表")
        return self._report_tab

    def _replace_slot(self, slot: QWidget, widget: QWidget, title: str) -> None:
        index = self.tabs.indexOf(slot)
        current = self.tabs.currentIndex() == index
        self.tabs.blockSignals(True)
        self.tabs.removeTab(index)
        self.tabs.insertTab(index, widget, title)
        if current:
            self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)

    def _on_tab_changed(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is self._report_slot or (widget is self._report_tab and widget is not None):
            if self.report_tab.table_model.rowCount() == 0:
                self.report_tab.compute()
        if widget is self._calendar_slot or (widget is self._calendar_tab and widget is not None):
            self.calendar_tab.reload_in_background()      # several seconds on 100,000 cases

    def _on_selection_changed(self) -> None:
        selected = self.case_list.selected_case_id() is not None
        self.open_action.setEnabled(selected)
        self.delete_action.setEnabled(selected)

    # --- case actions ------------------------------------------------------------------------

    def new_case(self):
        return self._show_editor(None)

    def open_case(self, case_id: int):
        for editor in self._editors:
            if editor.case_id == case_id and editor.isVisible():
                editor.raise_()
                editor.activateWindow()
                return editor
        return self._show_editor(case_id)

    def _show_editor(self, case_id: int | None):
        from .case_editor.editor import CaseEditor
        editor = CaseEditor(self._context, case_id, self)
        editor.saved.connect(self._on_case_saved)
        editor.open_case_requested.connect(self.open_case)
        editor.destroyed.connect(lambda *_: self._editors.remove(editor) if editor in self._editors else None)
        self._editors.append(editor)
        return self._shown(editor)

    def _on_case_saved(self, case_id: int) -> None:
        """The editor saved (and announced it through the data-changed signal): the list selects the case."""
        self.case_list.reload_choices()             # a new year of receipt, perhaps
        self.case_list.select_case(case_id)
        self.statusBar().showMessage("案件已保存", 4000)

    def delete_selected(self) -> None:
        case_id = self.case_list.selected_case_id()
        if case_id is None:
            return
        from xiangshan_desk.application import cases
        try:
            cases.move_to_recycle_bin(self._context.actor, case_id)
        except AppError as exc:
            show_error(self, exc)
            return
        self._context.notify_changed(Change.CASES)
        self.statusBar().showMessage("已移入回收站（文件 → 回收站 可恢复）", 5000)

    def show_recycle_bin(self):
        from .recycle_bin import RecycleBinDialog
        return self._shown(RecycleBinDialog(self._context, self))

    # --- export ------------------------------------------------------------------------------

    def export_case_list(self) -> operations.Operation | None:
        """Every case of the list's filter and sort, as shown, into an Excel table (in the background)."""
        suggested = suggested_path(self._context, f"案件列表_{dt.date.today():%Y%m%d}.xlsx")
        path = FileDialogs.ask_save_path(self, "导出案件列表", suggested, "Excel 工作簿 (*.xlsx)")
        if not path:
            return None
        from xiangshan_desk.application.documents.excel import write_table
        rows_work = self.case_list.model.rows_work()        # the filter and sort as they are now
        headers = self.case_list.model.headers()

        def work(progress) -> Path:
            rows = rows_work(progress)
            return write_table(path, f"行政应诉案件列表（{dt.date.today():%Y年%m月%d日}导出，共{len(rows)}件）",
                               headers, rows, "案件列表")
        return operations.run(self, "正在导出案件列表…", work, self._on_exported, cancellable=True)

    def _on_exported(self, written: Path) -> None:
        remember_folder(self._context, written)
        self.statusBar().showMessage(f"已导出：{written}", 6000)
        offer_open(self, written)

    def import_ledger(self, path: str | None = None):
        from .import_dialog import ImportDialog
        folder = self._context.settings.last_folder or str(Path.home() / "Documents")
        path = path or FileDialogs.ask_open_path(self, "导入台账", folder, "Excel 工作簿 (*.xlsx)")
        if not path:
            return None
        remember_folder(self._context, path)
        dialog = ImportDialog(self._context, path, self)
        self._shown(dialog).preview()
        return dialog

    def intake_court_paper(self, path: str | None = None):
        """案件 → 从法院文书登记…, and a file dropped on the window: the review dialog (issue #23)."""
        from .intake_dialog import IntakeDialog
        folder = self._context.settings.last_folder or str(Path.home() / "Documents")
        path = path or FileDialogs.ask_open_path(self, "从法院文书登记", folder,
                                                 "法院文书 (*.docx *.pdf *.png *.jpg *.jpeg *.tif *.tiff *.bmp)")
        if not path:
            return None
        remember_folder(self._context, path)
        dialog = IntakeDialog(self._context, path, self)
        self._shown(dialog).start()
        return dialog

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dropped_court_paper(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        path = self._dropped_court_paper(event)
        if path is not None:
            event.acceptProposedAction()
            self.intake_court_paper(path)

    @staticmethod
    def _dropped_court_paper(event) -> str | None:
        from xiangshan_desk.application.intake.reading import SUFFIXES
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [url.toLocalFile() for url in urls if url.isLocalFile()]
        return paths[0] if len(paths) == 1 and Path(paths[0]).suffix.lower() in SUFFIXES else None

    def export_import_template(self) -> operations.Operation | None:
        from xiangshan_desk.application.ledger import write_template
        from xiangshan_desk.application.units import list_units
        path = FileDialogs.ask_save_path(self, "导出台账模板", suggested_path(self._context, "行政应诉台账模板.xlsx"),
                                         "Excel 工作簿 (*.xlsx)")
        if not path:
            return None

        def done(written: Path) -> None:
            remember_folder(self._context, path)
            self.statusBar().showMessage(f"已导出台账模板：{written}", 6000)
        return operations.run(self, "正在导出台账模板…",
                              lambda progress: write_template(path, [u.name for u in list_units()]), done)

    def _on_export_quarterly(self) -> None:
        self.tabs.setCurrentWidget(self.report_tab)
        self.report_tab.export_button.click()

    # --- settings and help -------------------------------------------------------------------

    def ask_operator(self) -> None:
        from PySide6.QtWidgets import QInputDialog
        name, ok = QInputDialog.getText(self, "操作员姓名", "您的姓名（记入历史记录）：",
                                        text=self._context.actor.operator)
        if not ok:
            return
        if not name.strip():
            self.statusBar().showMessage("操作员姓名不能为空，未作修改。", 6000)
            return
        self._context.settings.operator = name.strip()
        self._context.settings.save()
        self._show_operator()
        self.statusBar().showMessage("操作员姓名已保存", 3000)

    def _show_operator(self) -> None:
        self.operator_label.setText(f"操作员：{self._context.actor.operator}")
        self.operator_label.setToolTip("历史记录中的操作人；在“设置 → 操作员姓名…”中修改")

    def show_backups(self):
        from .backup_dialog import BackupDialog
        return self._shown(BackupDialog(self._context, self))

    def show_assessment(self):
        from .assessment_dialog import AssessmentDialog
        return self._shown(AssessmentDialog(self._context, self))

    def show_supervision(self):
        from .supervision_dialog import SupervisionDialog
        return self._shown(SupervisionDialog(self._context, self))

    def add_materials(self, case_id: int, kind: str, paths: list[str]) -> operations.Operation:
        """Files dropped on a case in the list: into its materials, in the background; the result in the status bar."""
        from xiangshan_desk.application import materials
        actor = self._context.actor

        def work(progress):
            ids = materials.attach(actor, case_id, kind, paths)
            materials.extract_pending(progress)
            return len(ids)
        return operations.run(
            self, "正在保存材料…", work, lambda count: self.statusBar().showMessage(f"已添加{kind} {count} 个文件", 5000),
            on_error=lambda exc: self.statusBar().showMessage(f"未添加材料：{exc.message}", 8000),
            context=self._context, changes=Change.CASES)

    def show_materials_search(self):
        from .materials_search import MaterialsSearchDialog
        dialog = MaterialsSearchDialog(self._context, self)
        dialog.open_case_requested.connect(self.open_case)
        return self._shown(dialog)

    def show_database_settings(self):
        from .database_dialog import DatabaseDialog
        return self._shown(DatabaseDialog(self._context, self))

    def show_reference(self):
        from .reference_dialog import ReferenceDialog
        return self._shown(ReferenceDialog(self._context, self))

    @classmethod
    def launch_program(cls, arguments: list[str]) -> bool:
        """Start another copy of the program with these arguments (tests replace this classmethod)."""
        import sys

        from PySide6.QtCore import QProcess
        if getattr(sys, "frozen", False):               # the packaged program: its exe takes the arguments
            return QProcess.startDetached(sys.executable, arguments)[0]
        return QProcess.startDetached(sys.executable, [str(Path(sys.argv[0]).resolve()), *arguments])[0]

    def open_demo(self) -> bool:
        """帮助 → 打开演示数据: a second window on a new demo database in a temporary folder."""
        started = self.launch_program(["--demo"])
        self.statusBar().showMessage("正在新窗口中打开演示数据（临时文件夹，可放心试用）…" if started
                                     else "无法启动演示窗口", 8000)
        return started

    def open_template_folder(self) -> Path:
        """Open the folder where a modified template overrides the shipped one (copies of those alongside)."""
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        from xiangshan_desk.application.documents.official import prepare_user_templates
        folder = prepare_user_templates()
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        self.statusBar().showMessage(f"模板文件夹：{folder}（把修改后的模板放在此处即可替代内置模板）", 8000)
        return folder

    def about_text(self) -> str:
        from xiangshan_desk.application.backup import backup_dir, current_sqlite_path
        from xiangshan_desk.persistence.paths import data_dir
        path = current_sqlite_path()
        size = f"{path.stat().st_size / 1024 / 1024:.1f} MB" if path and path.exists() else "—"
        from xiangshan_desk.application import holidays
        from xiangshan_desk.domain.calendar import official_schedule
        from xiangshan_desk.application.logs import log_dir
        years = [holidays.year_status(y) for y in range(dt.date.today().year - 2, dt.date.today().year + 2)]
        covered = "；".join(f"{y.year}年{'已有' if y.covered else '尚无'}" for y in years)
        builtin = official_schedule().coverage_text
        from xiangshan_desk.application.materials import totals
        count, total = totals()
        materials_line = f"案卷材料：{count} 个文件，共 {total / 1024 / 1024:.1f} MB"
        return (f"{TITLE}\n版本 {__version__}\n\n数据库：{self._context.db_label}（{size}）\n数据文件夹：{data_dir()}\n"
                f"备份文件夹：{backup_dir()}\n日志文件夹：{log_dir()}\n{materials_line}\n"
                f"节假日安排：{covered}（内置 {builtin} 国务院安排）\n"
                f"操作员：{self._context.actor.operator}")

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.about(self, "关于", self.about_text())

    def show_manual(self):
        from .help_browser import HelpBrowser
        return self._shown(HelpBrowser(self))

    def show_welcome(self):
        """The welcome (first run, or 帮助 → 欢迎); then what the clerk chose: demo data or a ledger."""
        from .welcome import WelcomeDialog
        dialog = WelcomeDialog(self._context, self)
        accepted = self.run_modal(dialog)
        self._show_operator()
        if accepted:
            if dialog.next_step == "demo":
                self.open_demo()
            elif dialog.next_step == "import":
                self.import_ledger()
        elif not dialog.name_edit.text().strip():
            self.statusBar().showMessage(f"未填写操作员姓名：历史记录中的操作人记为“{self._context.actor.operator}”，"
                                         "可在“设置 → 操作员姓名…”中修改。", 15000)
        return dialog

    @classmethod
    def run_modal(cls, dialog) -> bool:
        """Tests replace this classmethod to fill and accept a dialog."""
        from PySide6.QtWidgets import QDialog
        return dialog.exec() == QDialog.DialogCode.Accepted

    # --- window state ------------------------------------------------------------------------

    def _restore_state(self) -> None:
        s = self._context.settings
        if s.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(s.window_geometry.encode()))
        if s.window_state:
            self.restoreState(QByteArray.fromBase64(s.window_state.encode()))
        self.case_list.restore_layout(QByteArray.fromBase64(s.list_splitter.encode()) if s.list_splitter else None,
                                      QByteArray.fromBase64(s.list_header.encode()) if s.list_header else None)

    def save_state(self) -> None:
        s = self._context.settings
        s.window_geometry = bytes(self.saveGeometry().toBase64()).decode()
        s.window_state = bytes(self.saveState().toBase64()).decode()
        s.list_splitter = bytes(self.case_list.splitter.saveState().toBase64()).decode()
        s.list_header = bytes(self.case_list.table.horizontalHeader().saveState().toBase64()).decode()
        s.save()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.tray is not None and self._context.settings.minimize_to_tray and not self._quitting:
            self.save_state()
            self.hide()
            event.ignore()
            if not self._context.settings.tray_hint_shown:
                self._context.settings.tray_hint_shown = True
                self._context.settings.save()
                self.tray.show_hint("工作台仍在托盘中运行，到期和逾期事项会按时提醒。右键托盘图标可退出。")
            return
        if operations.busy():
            self.statusBar().showMessage("正在导入或导出，请等待完成后再关闭。", 5000)
            event.ignore()
            return
        for editor in list(self._editors):
            if editor.isVisible() and not editor.close():
                event.ignore()
                return
        self.save_state()
        self.case_list.stop_pending()
        self.case_list.model.finish_background_work()    # a count still running: its result is no longer wanted
        operations.wait_workers(30_000)                  # reads still running end before the database closes
        event.accept()
        if self.tray is not None:
            self.tray.stop()
            self.tray = None
            from PySide6.QtWidgets import QApplication
            QApplication.instance().quit()


def _reminder_facts(today: dt.date | None, overdue_cases: int | None = None) -> tuple[agenda.Reminder, bool]:
    """What the banners and the tray show: the overdue and due-today items; whether next year's holidays are
    missing."""
    return agenda.reminder(today, overdue_cases), session.next_year_missing(today)


def _first_screen_facts(today: dt.date | None) -> tuple[caselist.Counts, agenda.Reminder, bool]:
    """The status bar's counts and the banners' facts; the cases with something overdue counted once for both."""
    counts = caselist.status_counts(today)
    return (counts, *_reminder_facts(today, counts.overdue))
