"""The case editor: every section of a case, its deadlines recomputed as dates are typed."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QListWidgetItem, QMenu,
                               QPushButton, QTabWidget, QVBoxLayout, QWidget)

from xiangshan_desk.application import audit, cases, identity, materials
from xiangshan_desk.application.case_preview import Loaded, case_preview
from xiangshan_desk.application.cases import CaseDetail
from xiangshan_desk.application.units import appeal_court, court_of, list_units
from xiangshan_desk.domain import rules
from xiangshan_desk.domain.errors import AppError, ConflictError

from ..context import AppContext, Change
from ..errors import show_error
from ..materials_tab import MaterialsPanel, papers_text
from . import dialogs
from .dialogs import AddProceedingDialog, HearingDialog, PerformanceDialog
from .pages import (AppearancePage, BasicPage, CaseFields, DecisionPage, FilingPage, HistoryPage, PerformancePage,
                    RiskPage)

MATERIALS_TAB = "案卷材料"
# the material type a generated document is kept as (issue #22)
GENERATED_KINDS = {"risk-report": materials.MaterialKind.RISK_REPORT, "loss-report": materials.MaterialKind.LOSS_REPORT}


class CaseEditor(QDialog):
    """Register a new case (``case_id`` None) or edit one, a proceeding at a time."""

    saved = Signal(int)
    open_case_requested = Signal(int)        # a co-defendant case, or the existing case a duplicate 案号 names

    def __init__(self, context: AppContext, case_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._case_id = case_id
        self._detail: CaseDetail | None = None
        self._proc_index = 0
        self._dirty = False
        self.conflict_lines: list[str] = []
        self._pending_hearings: list[dict] = []            # a new case's hearings, saved with it
        self._existing_case_id: int | None = None
        self._unit_kinds = {u.id: u.kind for u in list_units(active_only=False)}    # read once, not per keystroke
        self.setWindowTitle("新建案件" if case_id is None else "案件")
        self.resize(900, 680)

        # the inputs (by the core's field names) and the tabs that lay them out
        self.fields = CaseFields(self)
        self.basic_page = BasicPage(self.fields)
        self.filing_page = FilingPage(self.fields)
        self.appearance_page = AppearancePage(self.fields)
        self.risk_page = RiskPage(self.fields)
        self.decision_page = DecisionPage(self.fields)
        self.performance_page = PerformancePage(self.fields)
        self.history_page = HistoryPage(self.fields)
        self.pages = (self.basic_page, self.filing_page, self.appearance_page, self.risk_page, self.decision_page,
                      self.performance_page, self.history_page)
        self.tabs = QTabWidget()
        for page in self.pages:
            self.tabs.addTab(page, page.title)
        self.materials_panel = MaterialsPanel(context, self)
        self.tabs.addTab(self.materials_panel, MATERIALS_TAB)
        # what tests and the screenshots reach by name
        self.deadline_labels = self.fields.deadline_labels
        self.row_labels = self.fields.row_labels
        self.case_number_hint = self.basic_page.case_number_hint
        self.co_defendants_list = self.basic_page.co_defendants_list
        self.filing_papers_label = self.filing_page.filing_papers_label
        self.tick_filing_button = self.filing_page.tick_filing_button
        self.requirement_label = self.appearance_page.requirement_label
        self.compliance_label = self.appearance_page.compliance_label
        self.hearings_model = self.appearance_page.hearings_model
        self.hearings_view = self.appearance_page.hearings_view
        self.add_hearing_button = self.appearance_page.add_hearing_button
        self.lead_label = self.performance_page.lead_label
        self.history_model = self.history_page.history_model

        self.proceeding_combo = QComboBox()
        self.add_proceeding_button = QPushButton("新增二审/再审…")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("editorMessage")
        self.open_existing_button = QPushButton("打开已有案件")
        self.open_existing_button.hide()
        self.documents_button = QPushButton("生成文书")
        documents_menu = QMenu(self.documents_button)
        self.document_actions = {
            "filing-checklist": documents_menu.addAction("行政应诉案件备案登记表（本审级）…"),
            "head-list": documents_menu.addAction("负责人出庭应诉备案表（所选开庭）…"),
            "risk-report": documents_menu.addAction("败诉风险分析报告…"),
            "loss-report": documents_menu.addAction("败诉个案报告…"),
        }
        documents_menu.addSeparator()
        self.keep_documents_action = documents_menu.addAction("生成后存入本案案卷材料")
        self.keep_documents_action.setCheckable(True)
        self.keep_documents_action.setChecked(False)      # the clerk turns it on; off keeps generating as before
        self.documents_button.setMenu(documents_menu)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")

        # assemble
        top = QHBoxLayout()
        top.addWidget(QLabel("审级："))
        top.addWidget(self.proceeding_combo, 1)
        top.addWidget(self.add_proceeding_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        message_row = QHBoxLayout()
        message_row.addWidget(self.message, 1)
        message_row.addWidget(self.open_existing_button)
        layout.addLayout(message_row)
        bottom = QHBoxLayout()
        bottom.addWidget(self.documents_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        # connections
        self.buttons.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self.save)
        save_shortcut = QShortcut(QKeySequence.StandardKey.Save, self)          # Ctrl+S
        save_shortcut.activated.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.proceeding_combo.currentIndexChanged.connect(self._on_proceeding_combo_changed)
        self.add_proceeding_button.clicked.connect(self._on_add_proceeding_clicked)
        appearance = self.appearance_page
        appearance.add_hearing_button.clicked.connect(self._on_add_hearing_clicked)
        appearance.edit_hearing_button.clicked.connect(self._on_edit_hearing_clicked)
        appearance.hearings_view.doubleClicked.connect(lambda _index: self._on_edit_hearing_clicked())
        appearance.remove_hearing_button.clicked.connect(self._on_remove_hearing_clicked)
        self.performance_page.add_performance_button.clicked.connect(self._on_add_performance_clicked)
        self.history_page.export_button.clicked.connect(self._on_export_history_clicked)
        self.co_defendants_list.itemDoubleClicked.connect(self._on_co_defendant_double_clicked)
        self.materials_panel.changed.connect(self._show_filing_papers)
        self.tick_filing_button.clicked.connect(self._on_tick_filing_clicked)
        self.open_existing_button.clicked.connect(self._on_open_existing_clicked)
        for name, action in self.document_actions.items():
            action.triggered.connect(lambda _checked=False, name=name: self.generate_document(name))
        for binder in self.fields.groups:
            binder.changed.connect(self._on_field_changed)

        self._load()
        if self._case_id is None:
            # a new case starts where the clerk types first: the unit (typing a name, an alias or pinyin)
            self.widget("unit_id").setFocus()

    # --- values ------------------------------------------------------------------------------

    def widget(self, name: str) -> QWidget:
        """The input of a field, by the core's field name (for tests and focus)."""
        return self.fields.widget(name)

    def set_value(self, name: str, value) -> None:
        """Put a value into a field as the clerk would."""
        self.fields.set(name, value)

    def value(self, name: str):
        return self.fields.get(name)

    @property
    def case_id(self) -> int | None:
        return self._case_id

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def detail(self) -> CaseDetail | None:
        return self._detail

    def _current_proceeding(self) -> cases.ProceedingDetail | None:
        if self._detail is None or not self._detail.proceedings:
            return None
        return self._detail.proceedings[self._proc_index]

    # --- loading -----------------------------------------------------------------------------

    def _load(self, keep_index: int | None = None) -> None:
        has_case = self._case_id is not None
        with self.fields.loading():
            if not has_case:
                self._detail = None
                self.fields.set("level", rules.LEVEL_FIRST)
                self.fields.set("plaintiff_count", 1)
            else:
                self._detail = cases.case_detail(self._case_id, cal=self._context.calendar())
                self.fields.case.load(self._detail.values)
                count = len(self._detail.proceedings)
                self._proc_index = min(keep_index if keep_index is not None else count - 1, count - 1)
                self.proceeding_combo.blockSignals(True)
                self.proceeding_combo.clear()
                for proc in self._detail.proceedings:
                    self.proceeding_combo.addItem(proc.title)
                self.proceeding_combo.setCurrentIndex(self._proc_index)
                self.proceeding_combo.blockSignals(False)
                self._show_proceeding()
                self._fill_lists()
                number = self._current_proceeding().facts.case_number
                self.setWindowTitle(f"案件 {number} — {self._detail.unit_name}")
            self.widget("level").setEnabled(False)
        self._fill_co_defendants()
        for widget in (self.proceeding_combo, self.add_proceeding_button, self.appearance_page.edit_hearing_button,
                       self.appearance_page.remove_hearing_button, self.performance_page.add_performance_button,
                       self.documents_button):
            widget.setEnabled(has_case)
        # a new case's hearings are kept here and saved with it (issue #21: no detour through 保存 first)
        self.add_hearing_button.setEnabled(True)
        if not has_case:
            self._show_pending_hearings()
            self.proceeding_combo.addItem("一审（新案件）")
        self._dirty = False
        self._recompute()
        self._show_materials()

    def _show_proceeding(self) -> None:
        proc = self._current_proceeding()
        self.fields.proceeding.load(proc.values)
        self.fields.risk.load(proc.risk or {})
        self.decision_page.set_decisions(proc.facts.level)
        received_label = "收到上诉状副本日期" if proc.facts.level == rules.LEVEL_SECOND else "收到起诉状副本日期"
        self.widget("complaint_received").label = received_label
        self.row_labels["complaint_received"].setText(received_label)
        self.appearance_page.show_hearings(
            [{name: getattr(h, name) for name in cases.HEARING_FIELDS} for h in proc.hearings],
            [h.id for h in proc.hearings])

    def _fill_lists(self) -> None:
        detail = self._detail
        self.performance_page.performance_model.set_rows(
            [(p.date.isoformat(), p.state, p.note) for p in detail.performance], [p.id for p in detail.performance])
        self.history_page.show_entries(audit.audit_trail(detail.id), audit.AUDIT_ENTITIES)

    # --- recomputing as the clerk types -----------------------------------------------------

    def _unit_kind(self) -> str:
        return self._unit_kinds.get(self.value("unit_id"), rules.KIND_DEPARTMENT)

    def _recompute(self) -> None:
        """The deadlines, appearance, lead and outcome beside the fields, from the values as typed (no query)."""
        preview = case_preview(self._context.calendar(), *self.fields.values(), unit_kind=self._unit_kind(),
                               loaded=Loaded(self._detail.facts if self._detail else None, self._proc_index))
        self.fields.show_preview(preview)
        for page in self.pages:
            page.show_preview(preview)

    def _on_field_changed(self, _name: str = "") -> None:
        # "unsaved" means different from what was loaded: typing a date and putting it back is not a change
        self._dirty = self.fields.dirty or bool(self._pending_hearings)
        self._recompute()

    # --- saving and closing ------------------------------------------------------------------

    def save(self) -> bool:
        """Save the case, the shown proceeding and its risk record. Keeps every value on refusal.

        For a saved case only the fields the clerk changed since it was read are sent, so that saving after
        another clerk's change keeps theirs wherever this clerk typed nothing.
        """
        case_values, proc_values, risk_values = self.fields.values()
        if self._case_id is not None:
            case_values, proc_values = self.fields.case.changes(), self.fields.proceeding.changes()
        proc = self._current_proceeding()
        if proc is not None:
            proc_values.pop("level", None)
        if self._case_id is None and not proc_values.get("court", "").strip():
            court = court_of(proc_values.get("case_number", ""))
            if court:
                proc_values["court"] = court
        has_risk = (proc is not None and proc.risk is not None) or any(
            v not in (None, "") for v in risk_values.values())
        self.open_existing_button.hide()
        if not self._confirm_co_defendants(case_values, proc_values):
            self._show_message("未保存：请核对案号。您填写的内容仍保留在窗口中。", error=True)
            return False
        try:
            saved = cases.save_case(
                self._context.actor, self._case_id, case_values, proc.facts.id if proc else None, proc_values,
                risk_values if has_risk else None, self._detail.version if self._detail else None,
                proc.version if proc else None,
                hearings=list(self._pending_hearings) if self._case_id is None else None)
        except ConflictError as exc:
            self._on_conflict(exc)
            return False
        except identity.DuplicateCaseNumber as exc:
            self._show_field_error(exc)
            self._existing_case_id = exc.existing.case_id
            self.open_existing_button.show()
            return False
        except AppError as exc:
            self._show_field_error(exc)
            return False
        except Exception as exc:  # noqa: BLE001 - a bug: shown with details, the values stay in the form
            show_error(self, exc)
            return False
        self._pending_hearings = []
        self._case_id = saved.id
        self._load(keep_index=self._proc_index)
        hints = list(saved.warnings)
        count_hint = rules.plaintiff_count_warning(self.value("plaintiffs"), self.value("plaintiff_count"))
        if count_hint:
            hints.append(count_hint)
        self._show_message("已保存。" + (" 提示：" + "；".join(hints) if hints else ""), error=False)
        self._announce_saved()
        return True

    @classmethod
    def ask_unsaved_changes(cls, parent: QWidget) -> str:
        """"save", "discard" or "cancel". Tests replace this classmethod."""
        return dialogs.ask_unsaved_changes(parent)

    def _may_leave(self) -> bool:
        """Whether what the form shows may go (closing, another proceeding): nothing unsaved, or the clerk saved it
        (and saving succeeded) or chose not to save. The one place the unsaved-changes question is asked."""
        if not self._dirty:
            return True
        answer = self.ask_unsaved_changes(self)
        return answer == "discard" or (answer == "save" and self.save())

    def reject(self) -> None:
        if self._may_leave():
            super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._may_leave():
            event.accept()
        else:
            event.ignore()

    def _on_proceeding_combo_changed(self, index: int) -> None:
        if index < 0 or self._detail is None or index == self._proc_index:
            return
        if not self._may_leave():
            self.proceeding_combo.blockSignals(True)
            self.proceeding_combo.setCurrentIndex(self._proc_index)
            self.proceeding_combo.blockSignals(False)
            return
        self._proc_index = index
        self._load(keep_index=index)

    def _require_saved(self) -> bool:
        if self._dirty:
            self._show_message("请先保存当前修改。", error=True)
            return False
        return self._case_id is not None

    def _after_change(self, text: str | None = None) -> None:
        """A hearing, proceeding or performance record was saved on its own: show the case again, say so."""
        self._load(keep_index=self._proc_index)
        if text is not None:
            self._show_message(text, error=False)
        self._announce_saved()

    def _announce_saved(self) -> None:
        """Every open tab and dialog follows through the application's data-changed signal; ``saved`` tells the
        window that opened this editor which case it was (the list selects it)."""
        self._context.notify_changed(Change.CASES)
        self.saved.emit(self._case_id)

    # --- co-defendants and duplicates (rules.md §6) -------------------------------------------

    def _confirm_co_defendants(self, case_values: dict, proc_values: dict) -> bool:
        """A 案号 that another unit's case has: ask whether this is a co-defendant case (rules.md §6)."""
        if "case_number" not in proc_values and "unit_id" not in case_values:
            return True
        number = proc_values.get("case_number") or self.value("case_number")
        unit_id = case_values.get("unit_id", self.value("unit_id"))
        if not str(number or "").strip() or unit_id is None:
            return True
        others = identity.other_units_with(number, unit_id, self._case_id)
        return not others or self.ask_co_defendant(self, rules.parse_case_number(number).text, others)

    @classmethod
    def ask_co_defendant(cls, parent: QWidget, number: str, others: list) -> bool:
        """Whether the clerk confirms a co-defendant case. Tests replace this classmethod."""
        return dialogs.ask_co_defendant(parent, number, [ref.unit for ref in others])

    def _fill_co_defendants(self) -> None:
        refs = identity.co_defendants(self._case_id) if self._case_id is not None else []
        self.co_defendants_list.clear()
        for ref in refs:
            item = QListWidgetItem(f"{ref.unit}　{ref.case_number}（{ref.level}）")
            item.setData(Qt.ItemDataRole.UserRole, ref.case_id)
            self.co_defendants_list.addItem(item)
        self.co_defendants_list.setVisible(bool(refs))
        self.basic_page.co_defendants_label.setVisible(bool(refs))

    def _on_co_defendant_double_clicked(self, item: QListWidgetItem) -> None:
        self.open_case_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def _on_open_existing_clicked(self) -> None:
        if self._existing_case_id is not None:
            self.open_case_requested.emit(self._existing_case_id)

    # --- refusals ------------------------------------------------------------------------------

    def _on_conflict(self, exc: ConflictError) -> None:
        """Another clerk saved first: say what they changed, keep every typed value, allow saving over it."""
        others = cases.changes_since(self._case_id, self._detail.audit_mark) if self._detail else []
        # take the new versions (not the new values) so that a second 保存 applies what this clerk typed
        self._detail = cases.case_detail(self._case_id, cal=self._context.calendar())
        self.conflict_lines = others
        listing = "\n".join(f"· {line}" for line in others[-8:]) or "（未能读取对方的修改记录）"
        self._show_message(f"{exc.message}\n其他人的修改：\n{listing}\n您填写的内容仍保留在窗口中；"
                           "核对后再次点击“保存”，将以您填写的内容为准。", error=True)

    def _show_field_error(self, exc: AppError) -> None:
        """The refusal, and the field it names focused on its tab."""
        target = None
        for binder in self.fields.groups:
            for name, widget in binder.widgets.items():
                if exc.field in (name, binder.specs[name].label):
                    target = widget
        self._show_message(exc.message + " 未保存，您填写的内容仍保留在窗口中。", error=True)
        if target is not None:
            page = target
            while page is not None and self.tabs.indexOf(page) < 0:
                page = page.parentWidget()
            if page is not None:
                self.tabs.setCurrentWidget(page)
            target.setFocus()

    def _show_message(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setStyleSheet("color: #b71c1c; font-weight: bold;" if error else "color: #2e7d32;")

    # --- 案卷材料 (issue #22) ------------------------------------------------------------------

    def _show_materials(self) -> None:
        current = self._current_proceeding()
        proceedings = [(p.facts.id, p.title) for p in self._detail.proceedings] if self._detail else []
        self.materials_panel.set_case(self._case_id, proceedings, current.facts.id if current else None)
        self._show_filing_papers()

    def _show_filing_papers(self) -> None:
        current = self._current_proceeding()
        if self._case_id is None or current is None:
            self.filing_papers_label.setText("保存案件后，可在“案卷材料”中附上起诉状副本、答辩状、证据清单。")
            self.tick_filing_button.setEnabled(False)
            return
        papers = materials.filing_papers(self._case_id, current.facts.id)
        self.filing_papers_label.setText(papers_text(papers))
        self.tick_filing_button.setEnabled(all(papers.values()) and not self.value("filing_complete"))

    def _on_tick_filing_clicked(self) -> None:
        self.set_value("filing_complete", True)                     # marks the form changed; the clerk saves
        self.tick_filing_button.setEnabled(False)
        self._show_message("已勾选“备案材料齐全”，请核对后保存。", error=False)

    # --- proceedings, hearings, performance ---------------------------------------------------

    @classmethod
    def run_dialog(cls, dialog: QDialog) -> bool:
        """Show a sub-dialog modally. Tests replace this classmethod to fill and accept it."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _on_add_proceeding_clicked(self) -> None:
        if not self._require_saved():
            return
        proc = self._current_proceeding()
        court = appeal_court(proc.court, proc.facts.case_number) \
            if proc is not None and proc.facts.level == rules.LEVEL_FIRST else ""
        dialog = AddProceedingDialog(self, court)
        if self.run_dialog(dialog):
            self.add_proceeding(dialog.values())

    def add_proceeding(self, values: dict) -> bool:
        """新增二审/再审 linked to the shown proceeding."""
        proc = self._current_proceeding()
        try:
            saved = cases.add_proceeding(self._context.actor, self._case_id,
                                         {**values, "parent_id": proc.facts.id if proc else None})
        except AppError as exc:
            self._show_message(exc.message, error=True)
            return False
        self._proc_index = len(self._detail.proceedings)
        self._after_change("已新增" + values.get("level", "") + "。" + "；".join(saved.warnings))
        return True

    def _roles(self) -> tuple[str, ...]:
        if self._detail is not None:
            return rules.appearance_roles(self._detail.facts.unit_kind)
        return rules.appearance_roles(self._unit_kind())

    def _on_add_hearing_clicked(self) -> None:
        if self._case_id is not None and not self._require_saved():
            return
        dialog = HearingDialog(parent=self, roles=self._roles())
        if self.run_dialog(dialog):
            self.add_hearing(dialog.values())

    def _show_pending_hearings(self) -> None:
        self.appearance_page.show_hearings(self._pending_hearings, list(range(len(self._pending_hearings))))

    def add_hearing(self, values: dict) -> bool:
        if self._case_id is None:
            # checked with the case when it is saved (the same checks, in one transaction)
            self._pending_hearings.append(values)
            self._show_pending_hearings()
            self._dirty = True
            self._show_message("开庭记录将与案件一起保存。", error=False)
            return True
        proc = self._current_proceeding()
        try:
            saved = cases.add_hearing(self._context.actor, proc.facts.id, values)
        except AppError as exc:
            self._show_message(exc.message, error=True)
            return False
        self._after_change("已添加开庭记录。" + (" 提示：" + "；".join(saved.warnings) if saved.warnings else ""))
        return True

    def _selected_hearing(self) -> cases.HearingRecord | None:
        rows = self.hearings_view.selectionModel().selectedRows()
        proc = self._current_proceeding()
        if not rows or proc is None:
            return None
        hearing_id = self.hearings_model.key(rows[0].row())
        return next((h for h in proc.hearings if h.id == hearing_id), None)

    def _on_edit_hearing_clicked(self) -> None:
        record = self._selected_hearing()
        if record is None or not self._require_saved():
            return
        dialog = HearingDialog(record, self, self._roles())
        if self.run_dialog(dialog):
            try:
                cases.update_hearing(self._context.actor, record.id, dialog.values())
            except AppError as exc:
                self._show_message(exc.message, error=True)
                return
            self._after_change()

    def _on_remove_hearing_clicked(self) -> None:
        record = self._selected_hearing()
        if record is None or not self._require_saved():
            return
        if not dialogs.confirm_hearing_removal(self, record):
            return
        cases.delete_hearing(self._context.actor, record.id)
        self._after_change()

    def _on_add_performance_clicked(self) -> None:
        if not self._require_saved():
            return
        dialog = PerformanceDialog(self)
        if not self.run_dialog(dialog):
            return
        try:
            cases.record_performance(self._context.actor, self._case_id, *dialog.values())
        except AppError as exc:
            self._show_message(exc.message, error=True)
            return
        self._after_change()

    # --- documents and history ------------------------------------------------------------------

    def generate_document(self, name: str):
        """Fill a Word document from the saved case (the shown proceeding, or the selected hearing)."""
        from xiangshan_desk.application.documents import official

        from ..documents import describe, generate
        if not self._require_saved():
            return None
        proc = self._current_proceeding()
        if name == "head-list":
            hearing = self._selected_hearing() or (proc.hearings[-1] if proc.hearings else None)
            if hearing is None:
                self._show_message("请先在“出庭应诉”中添加开庭记录。", error=True)
                return None
            build = lambda: official.head_list(hearing.id)  # noqa: E731
        else:
            # the case on screen, by id: a 案号 may be shared with co-defendant cases of other units
            build = lambda: getattr(official, name.replace("-", "_"))(proc.facts.id)  # noqa: E731
        rendered = generate(self, self._context, name, build, proc.facts.case_number)
        if rendered is not None:
            self._show_message(describe(rendered), error=False)
            if self.keep_documents_action.isChecked():
                self.materials_panel.add_files([rendered.path], GENERATED_KINDS.get(name, materials.MaterialKind.OTHER), proc.facts.id)
        return rendered

    def export_history(self, path: str):
        from xiangshan_desk.application.documents.excel import write_table
        number = self._current_proceeding().facts.case_number if self._current_proceeding() else ""
        rows = audit.audit_rows(self._case_id)
        return write_table(path, f"案件 {number} 历史记录（共{len(rows)}条）", audit.AUDIT_HEADERS, rows, "历史记录")

    def _on_export_history_clicked(self) -> None:
        from xiangshan_desk.application.documents.official import safe_file_name

        from ..files import FileDialogs, remember_folder, suggested_path
        if self._case_id is None:
            return
        number = self._current_proceeding().facts.case_number
        path = FileDialogs.ask_save_path(self, "导出历史记录",
                                         suggested_path(self._context, safe_file_name(f"{number}历史记录") + ".xlsx"),
                                         "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        try:
            written = self.export_history(path)
        except AppError as exc:
            self._show_message(exc.message, error=True)
            return
        remember_folder(self._context, path)
        self._show_message(f"已导出：{written}", error=False)
