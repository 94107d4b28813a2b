"""The case editor: every section of a case, its deadlines recomputed as dates are typed."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QMenu, QMessageBox,
                               QPlainTextEdit, QPushButton, QSpinBox, QTabWidget, QVBoxLayout, QWidget)

from xiangshan_desk.application import cases, identity, materials
from xiangshan_desk.application.audit import AUDIT_ENTITIES, AUDIT_HEADERS, audit_rows, audit_trail
from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import WorkCalendar, weekday_name
from xiangshan_desk.application.cases import CASE_FIELDS, PROCEEDING_FIELDS, RISK_FIELDS, CaseDetail
from xiangshan_desk.domain.errors import AppError, ConflictError
from xiangshan_desk.application.units import list_units

from .context import AppContext
from .errors import show_error
from .materials_tab import MaterialsPanel, papers_text
from .rows_model import RowsModel
from .unit_picker import UnitPicker
from .widgets import DateEdit, read_only_table

SECTIONS = ("基本信息", "答辩与备案", "出庭应诉", "风险排摸", "裁判与生效", "履行与问责", "历史记录")
MATERIALS_TAB = "案卷材料"
# the material type a generated document is kept as (issue #22)
GENERATED_KINDS = {"risk-report": "风险分析报告", "loss-report": "败诉个案报告"}
STATUS_COLOURS = {rules.Status.OVERDUE: "#b71c1c", rules.Status.MISSED: "#b71c1c", rules.Status.LATE: "#c0661a",
                  rules.Status.OPEN: "#8a6d00", rules.Status.MET: "#2e7d32", rules.Status.NOT_STARTED: "#777",
                  rules.Status.LAPSED: "#777"}
# Which deadline is shown beside which field (its act, or its trigger).
DEADLINE_BESIDE = {"complaint_received": "defense_due", "filing_received": "filing_due", "forwarded": "forward_due",
                   "head_list_filed": "head_list_due", "report_filed": "risk_report_due",
                   "judgment_filed": "judgment_filing_due", "loss_report_submitted": "loss_report_due"}
BLANK = "（未填）"


def deadline_text(state: rules.DeadlineState, cal: WorkCalendar | None = None) -> str:
    """How a deadline reads in the editor: 2025-03-24 周一 · 未到期（还剩4天） · 未确认 (周日（调休上班） on an
    adjusted working day)."""
    if state.due is None:
        return f"{state.kind.label}：{state.text}"
    weekday = cal.weekday_text(state.due.day) if cal is not None else weekday_name(state.due.day)
    text = f"{state.kind.label}：{state.due.day.isoformat()} {weekday} · {state.text}"
    if state.note:
        text += f" · {state.note}"
    if state.unconfirmed:
        text += " · 未确认（该年节假日安排尚未录入）"
    return text


class HearingDialog(QDialog):
    """One hearing: date, place, who appeared, their role, whether they left without permission."""

    def __init__(self, record: cases.HearingRecord | None = None, parent: QWidget | None = None,
                 roles: tuple[str, ...] = rules.APPEARANCE_ROLES) -> None:
        super().__init__(parent)
        self.setWindowTitle("开庭记录")
        self.setMinimumWidth(520)                    # the place, a name with a post, the reason fit
        self.date_edit = DateEdit("开庭日期")
        self.place_edit = QLineEdit()
        self.attendee_edit = QLineEdit()
        self.post_edit = QLineEdit()
        self.role_combo = QComboBox()
        self.role_combo.addItem("（尚未开庭）", None)
        # 分管县领导 only for the county government's cases; a role stored before that rule stays visible
        shown = roles + ((record.role,) if record is not None and record.role and record.role not in roles else ())
        for role in shown:
            self.role_combo.addItem(role, role)
        self.left_check = QCheckBox("未经法庭许可中途退庭")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("未出庭时填写正当理由（如有）")
        self.message = QLabel()
        self.message.setStyleSheet("color: #b71c1c;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")

        form = QFormLayout(self)
        form.addRow("开庭日期", self.date_edit)
        form.addRow("开庭地点", self.place_edit)
        form.addRow("出庭人员", self.attendee_edit)
        form.addRow("职务", self.post_edit)
        form.addRow("出庭人员身份", self.role_combo)
        form.addRow("", self.left_check)
        form.addRow("未出庭正当理由", self.reason_edit)
        form.addRow(self.message)
        form.addRow(buttons)

        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        if record is not None:
            self.date_edit.set_date(record.date)
            self.place_edit.setText(record.place)
            self.attendee_edit.setText(record.attendee)
            self.post_edit.setText(record.attendee_post)
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(record.role)))
            self.left_check.setChecked(record.left_without_permission)
            self.reason_edit.setText(record.absence_reason)

    def values(self) -> dict:
        return {"date": self.date_edit.text(), "place": self.place_edit.text(),
                "attendee": self.attendee_edit.text(), "attendee_post": self.post_edit.text(),
                "role": self.role_combo.currentData(), "left_without_permission": self.left_check.isChecked(),
                "absence_reason": self.reason_edit.text()}


class AddProceedingDialog(QDialog):
    """新增二审 / 再审: the new proceeding's level, case number, court and receipt date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新增审级")
        self.setMinimumWidth(480)                    # a whole 案号 fits
        self.level_combo = QComboBox()
        self.level_combo.addItems([rules.LEVEL_SECOND, rules.LEVEL_RETRIAL, rules.LEVEL_FIRST])
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText("（2025）浙02行终1号")
        self.court_edit = QLineEdit()
        self.received_edit = DateEdit("收到上诉状副本日期")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新增")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        form = QFormLayout(self)
        form.addRow("审级", self.level_combo)
        form.addRow("案号", self.number_edit)
        form.addRow("法院", self.court_edit)
        form.addRow("收到上诉状（起诉状）副本", self.received_edit)
        form.addRow(QLabel("发回重审后的新一审请选择“一审”。"))
        form.addRow(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def values(self) -> dict:
        return {"level": self.level_combo.currentText(), "case_number": self.number_edit.text(),
                "court": self.court_edit.text(), "complaint_received": self.received_edit.text()}


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
        self._loading = False
        self.conflict_lines: list[str] = []
        self._snapshot: tuple[dict, dict, dict] = ({}, {}, {})
        self._pending_hearings: list[dict] = []            # a new case's hearings, saved with it
        self._unit_kinds = {u.id: u.kind for u in list_units(active_only=False)}    # read once, not per keystroke
        self.setWindowTitle("新建案件" if case_id is None else "案件")
        self.resize(900, 680)

        # widgets: one per field, by the core's field name
        self.case_widgets: dict[str, QWidget] = {}
        self.proc_widgets: dict[str, QWidget] = {}
        self.risk_widgets: dict[str, QWidget] = {}
        self.deadline_labels: dict[str, QLabel] = {}
        self.row_labels: dict[str, QLabel] = {}
        self.proceeding_combo = QComboBox()
        self.add_proceeding_button = QPushButton("新增二审/再审…")
        self.tabs = QTabWidget()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setObjectName("editorMessage")
        self.requirement_label = QLabel()
        self.requirement_label.setWordWrap(True)
        self.compliance_label = QLabel()
        self.compliance_label.setWordWrap(True)
        self.lead_label = QLabel()
        self.lead_label.setWordWrap(True)
        self.outcome_label = QLabel()
        self.proposal_label = QLabel()
        self.use_proposal_button = QPushButton("采用建议生效日期")
        self.case_number_hint = QLabel()
        self.case_number_hint.setStyleSheet("color: #8a6d00;")
        self.co_defendants_list = QListWidget()
        self.co_defendants_list.setToolTip("同一案号（或同一共同被告关联号）的其他单位的案件，双击打开")
        self.co_defendants_list.setMaximumHeight(64)
        self.open_existing_button = QPushButton("打开已有案件")
        self.open_existing_button.hide()
        self._existing_case_id: int | None = None
        self.hearings_model = RowsModel(["开庭日期", "开庭地点", "出庭人员", "职务", "身份", "中途退庭", "未出庭理由"], self)
        self.hearings_view = read_only_table(self.hearings_model)
        self.add_hearing_button = QPushButton("添加开庭…")
        self.edit_hearing_button = QPushButton("修改…")
        self.remove_hearing_button = QPushButton("删除")
        self.performance_model = RowsModel(["日期", "履行情况", "说明"], self)
        self.performance_view = read_only_table(self.performance_model)
        self.add_performance_button = QPushButton("记录履行情况…")
        self.history_model = RowsModel(["时间", "操作人", "系统账户", "操作", "对象", "字段", "原值", "新值"], self)
        self.history_view = read_only_table(self.history_model)
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
        for title, builder in zip(SECTIONS, (self._basic_section, self._filing_section, self._appearance_section,
                                             self._risk_section, self._decision_section,
                                             self._performance_section, self._history_section)):
            self.tabs.addTab(builder(), title)
        # 案卷材料 (issue #22): the editor's own runner is the main window's, so that one worker writes at a time
        self.materials_panel = MaterialsPanel(context, getattr(parent, "tasks", None), self)
        self.tabs.addTab(self.materials_panel, MATERIALS_TAB)
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
        self.add_hearing_button.clicked.connect(self._on_add_hearing_clicked)
        self.edit_hearing_button.clicked.connect(self._on_edit_hearing_clicked)
        self.hearings_view.doubleClicked.connect(lambda _index: self._on_edit_hearing_clicked())
        self.remove_hearing_button.clicked.connect(self._on_remove_hearing_clicked)
        self.add_performance_button.clicked.connect(self._on_add_performance_clicked)
        self.use_proposal_button.clicked.connect(self._on_use_proposal_clicked)
        self.co_defendants_list.itemDoubleClicked.connect(self._on_co_defendant_double_clicked)
        self.materials_panel.changed.connect(self._show_filing_papers)
        self.tick_filing_button.clicked.connect(self._on_tick_filing_clicked)
        self.open_existing_button.clicked.connect(self._on_open_existing_clicked)
        for name, action in self.document_actions.items():
            action.triggered.connect(lambda _checked=False, name=name: self.generate_document(name))
        for widget in (*self.case_widgets.values(), *self.proc_widgets.values(), *self.risk_widgets.values()):
            self._connect_change(widget)

        self._load()
        if self._case_id is None:
            # a new case starts where the clerk types first: the unit (typing a name, an alias or pinyin)
            self.case_widgets["unit_id"].setFocus()

    # --- building ----------------------------------------------------------------------------

    def _field(self, group: dict, name: str, spec) -> QWidget:
        if spec.kind == "date":
            widget: QWidget = DateEdit(spec.label)
        elif spec.kind == "bool":
            widget = QCheckBox(spec.label)
        elif spec.kind == "choice":
            widget = QComboBox()
            widget.addItem(BLANK, None)
            for choice in spec.choices:
                widget.addItem(choice, choice)
        elif spec.kind == "int" and name == "plaintiff_count":
            widget = QSpinBox()
            widget.setRange(spec.minimum or 0, spec.maximum)
        elif spec.kind == "text" and name in ("notes", "decision_reasons", "major_fault_reason", "basic_facts",
                                              "risk_points", "measures", "resolution_plan"):
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setMaximumHeight(90)
        else:
            widget = QLineEdit()
        widget.setObjectName(name)
        group[name] = widget
        return widget

    def _row(self, form: QFormLayout, group: dict, specs: dict, name: str, label: str | None = None) -> None:
        spec = specs[name]
        widget = self._field(group, name, spec)
        if name in DEADLINE_BESIDE:
            box = QHBoxLayout()
            box.addWidget(widget)
            deadline = QLabel()
            deadline.setObjectName(f"deadline_{DEADLINE_BESIDE[name]}")
            self.deadline_labels[DEADLINE_BESIDE[name]] = deadline
            box.addWidget(deadline, 1)
            self.row_labels[name] = QLabel(label or spec.label)
            form.addRow(self.row_labels[name], box)
        elif spec.kind == "bool":
            form.addRow("", widget)
        else:
            self.row_labels[name] = QLabel(label or spec.label)
            form.addRow(self.row_labels[name], widget)

    def _basic_section(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        unit_combo = UnitPicker()          # type a name, an alias or pinyin initials (issue #21)
        unit_combo.setObjectName("unit_id")
        self.case_widgets["unit_id"] = unit_combo
        form.addRow("被告单位", unit_combo)
        self._row(form, self.proc_widgets, PROCEEDING_FIELDS, "case_number")
        form.addRow("", self.case_number_hint)
        self._row(form, self.proc_widgets, PROCEEDING_FIELDS, "level")
        self._row(form, self.proc_widgets, PROCEEDING_FIELDS, "court")
        for name in ("cause", "plaintiffs"):
            self._row(form, self.case_widgets, CASE_FIELDS, name)
        # (2026-12) who must appear is decided per proceeding: these belong to the proceeding shown above
        for name in rules.APPEARANCE_FACTS:
            self._row(form, self.proc_widgets, PROCEEDING_FIELDS, name)
        for name in ("co_defendant_group", "notes"):
            self._row(form, self.case_widgets, CASE_FIELDS, name)
        self.co_defendants_label = QLabel("共同被告案件")
        form.addRow(self.co_defendants_label, self.co_defendants_list)
        return page

    def _filing_section(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for name in ("complaint_received", "defense_submitted", "defense_submission", "filing_received",
                     "filing_submission", "tracking_numbers", "filing_complete", "forwarded"):
            self._row(form, self.proc_widgets, PROCEEDING_FIELDS, name)
        form.addRow(QLabel("备案须在答辩期限届满前5个工作日完成，材料（起诉状副本、答辩状、证据清单）齐全方为完成备案；"
                           "司法局收到备案后3个工作日内转报分管县领导。"))
        # which of the three papers are in the case's materials (issue #22); the clerk still decides
        self.filing_papers_label = QLabel()
        self.tick_filing_button = QPushButton("三项材料已附，勾选“备案材料齐全”")
        papers = QHBoxLayout()
        papers.addWidget(self.filing_papers_label, 1)
        papers.addWidget(self.tick_filing_button)
        form.addRow("案卷中的备案材料", papers)
        return page

    def _appearance_section(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        for name in ("summons_received", "head_list_filed"):
            self._row(form, self.proc_widgets, PROCEEDING_FIELDS, name)
        form.addRow("出庭要求", self.requirement_label)
        form.addRow("本审级出庭情况", self.compliance_label)
        layout.addLayout(form)
        layout.addWidget(self.hearings_view, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_hearing_button)
        buttons.addWidget(self.edit_hearing_button)
        buttons.addWidget(self.remove_hearing_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return page

    def _risk_section(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for name in RISK_FIELDS:
            self._row(form, self.risk_widgets, RISK_FIELDS, name)
        return page

    def _decision_section(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        for name in ("judgment_received", "judgment_served", "judgment_kind", "decision", "decision_reasons",
                     "judgment_filed", "effective_date"):
            self._row(form, self.proc_widgets, PROCEEDING_FIELDS, name)
        proposal = QHBoxLayout()
        proposal.addWidget(self.proposal_label, 1)
        proposal.addWidget(self.use_proposal_button)
        form.addRow("建议生效日期", proposal)
        form.addRow("案件最终结果", self.outcome_label)
        return page

    def _performance_section(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        for name in ("loss_report_submitted", "major_fault", "major_fault_reason"):
            self._row(form, self.case_widgets, CASE_FIELDS, name)
        form.addRow("问责线索", self.lead_label)
        layout.addLayout(form)
        layout.addWidget(QLabel("履行情况"))
        layout.addWidget(self.performance_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_performance_button)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _history_section(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("历史记录由程序自动记录，不能修改。"))
        layout.addWidget(self.history_view, 1)
        export = QPushButton("导出历史记录（Excel）…")
        export.clicked.connect(self._on_export_history_clicked)
        row = QHBoxLayout()
        row.addWidget(export)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def export_history(self, path: str):
        from xiangshan_desk.application.documents.excel import write_table
        number = self._current_proceeding().facts.case_number if self._current_proceeding() else ""
        rows = audit_rows(self._case_id)
        return write_table(path, f"案件 {number} 历史记录（共{len(rows)}条）", AUDIT_HEADERS, rows, "历史记录")

    def _on_export_history_clicked(self) -> None:
        from xiangshan_desk.application.documents.official import safe_file_name

        from .files import FileDialogs, remember_folder, suggested_path
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

    def _connect_change(self, widget: QWidget) -> None:
        if isinstance(widget, DateEdit):
            widget.date_changed.connect(self._on_field_changed)
        elif isinstance(widget, QLineEdit):
            widget.textChanged.connect(self._on_field_changed)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._on_field_changed)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self._on_field_changed)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._on_field_changed)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self._on_field_changed)

    # --- values ------------------------------------------------------------------------------

    @staticmethod
    def _get(widget: QWidget):
        """The widget's value as the clerk typed it; the core converts and validates it."""
        if isinstance(widget, (DateEdit, QLineEdit)):
            return widget.text()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QCheckBox):
            return widget.isChecked()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QSpinBox):
            return widget.value()
        raise TypeError(widget)

    @staticmethod
    def _set(widget: QWidget, value) -> None:
        if isinstance(widget, DateEdit):
            widget.set_date(value)
        elif isinstance(widget, QLineEdit):
            widget.setText("" if value is None else str(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText("" if value is None else str(value))
        elif isinstance(widget, QCheckBox):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value or 1))

    def widget(self, name: str) -> QWidget:
        """The input of a field, by the core's field name (for tests and focus)."""
        for group in (self.case_widgets, self.proc_widgets, self.risk_widgets):
            if name in group:
                return group[name]
        raise KeyError(name)

    def set_value(self, name: str, value) -> None:
        """Put a value into a field as the clerk would."""
        self._set(self.widget(name), value)

    def value(self, name: str):
        return self._get(self.widget(name))

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
        self._loading = True
        try:
            if self._case_id is None:
                self._detail = None
                self._set(self.proc_widgets["level"], rules.LEVEL_FIRST)
                self.proc_widgets["level"].setEnabled(False)
                self._set(self.proc_widgets["plaintiff_count"], 1)
            else:
                self._detail = cases.case_detail(self._case_id, cal=self._context.calendar())
                for name, widget in self.case_widgets.items():
                    self._set(widget, self._detail.values.get(name))
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
                self._snapshot = self._form_values()
                number = self._current_proceeding().facts.case_number
                self.setWindowTitle(f"案件 {number} — {self._detail.unit_name}")
            self._fill_co_defendants()
            has_case = self._case_id is not None
            for widget in (self.proceeding_combo, self.add_proceeding_button,
                           self.edit_hearing_button, self.remove_hearing_button, self.add_performance_button,
                           self.documents_button):
                widget.setEnabled(has_case)
            # a new case's hearings are kept here and saved with it (issue #21: no detour through 保存 first)
            self.add_hearing_button.setEnabled(True)
            if not has_case:
                self._show_pending_hearings()
            if not has_case:
                self.proceeding_combo.addItem("一审（新案件）")
                self._snapshot = self._form_values()
        finally:
            self._loading = False
        self._dirty = False
        self._recompute()
        self._show_materials()

    def _show_proceeding(self) -> None:
        proc = self._current_proceeding()
        for name, widget in self.proc_widgets.items():
            self._set(widget, proc.values.get(name))
        self.proc_widgets["level"].setEnabled(False)
        for name, widget in self.risk_widgets.items():
            self._set(widget, proc.risk.get(name) if proc.risk else None)
        decision = self.proc_widgets["decision"]
        current = decision.currentData()
        decision.clear()
        decision.addItem(BLANK, None)
        for choice in rules.decisions_for(proc.facts.level):
            decision.addItem(choice, choice)
        decision.setCurrentIndex(max(0, decision.findData(current)))
        received_label = "收到上诉状副本日期" if proc.facts.level == rules.LEVEL_SECOND else "收到起诉状副本日期"
        self.proc_widgets["complaint_received"].label = received_label
        self.row_labels["complaint_received"].setText(received_label)
        self.hearings_model.set_rows(
            [(h.date.isoformat(), h.place, h.attendee, h.attendee_post, h.role or "（尚未开庭）",
              "是" if h.left_without_permission else "", h.absence_reason) for h in proc.hearings],
            [h.id for h in proc.hearings])

    def _fill_lists(self) -> None:
        detail = self._detail
        self.performance_model.set_rows([(p.date.isoformat(), p.state, p.note) for p in detail.performance],
                                        [p.id for p in detail.performance])
        entity_names = {"case": "案件", "proceeding": "审级", "hearing": "开庭", "risk": "风险",
                        "performance": "履行"}
        self.history_model.set_rows([
            (e.at.strftime("%Y-%m-%d %H:%M:%S") if e.at else "", e.operator, e.os_user, e.action,
             entity_names.get(e.entity, AUDIT_ENTITIES.get(e.entity, e.entity)), e.field, e.old_value, e.new_value)
            for e in reversed(audit_trail(detail.id))])

    # --- recomputing as the clerk types -----------------------------------------------------

    def _form_facts(self) -> tuple[rules.CaseFacts, rules.ProceedingFacts]:
        """The rules' facts with the shown proceeding's dates as typed (unparseable dates count as empty)."""
        def date(name):
            return self.widget(name).date_or_none()
        base = self._current_proceeding().facts if self._current_proceeding() else rules.ProceedingFacts(id=-1)
        proc = replace(
            base, complaint_received=date("complaint_received"), defense_submitted=date("defense_submitted"),
            filing_received=date("filing_received"), filing_complete=self.value("filing_complete"),
            forwarded=date("forwarded"), summons_received=date("summons_received"),
            head_list_filed=date("head_list_filed"), risk_found=date("found_date"),
            risk_report_filed=date("report_filed"), judgment_received=date("judgment_received"),
            judgment_served=date("judgment_served"), judgment_kind=self.value("judgment_kind") or rules.JUDGMENT,
            judgment_filed=date("judgment_filed"), decision=self.value("decision"),
            effective_date=date("effective_date"), plaintiff_count=self.value("plaintiff_count") or 1,
            major_public_interest=self.value("major_public_interest"), high_attention=self.value("high_attention"),
            high_risk=self.value("high_risk"), written_recommendation=self.value("written_recommendation"))
        others = self._detail.proceedings if self._detail else ()
        procs = tuple(proc if i == self._proc_index else p.facts for i, p in enumerate(others)) or (proc,)
        unit_kind = rules.KIND_DEPARTMENT
        unit_id = self.value("unit_id")
        if unit_id is not None:
            unit_kind = self._unit_kinds.get(unit_id, unit_kind)
        facts = rules.CaseFacts(
            unit_kind=unit_kind, major_fault=self.value("major_fault"), major_fault_reason=self.value("major_fault_reason"),
            performance=self._detail.facts.performance if self._detail else None,
            refusal_recorded=self._detail.facts.refusal_recorded if self._detail else None,
            loss_report_submitted=date("loss_report_submitted"), proceedings=procs,
            id=self._case_id)
        return facts, proc

    def _recompute(self) -> None:
        cal = self._context.calendar()
        today = dt.date.today()
        facts, proc = self._form_facts()
        states = rules.case_deadlines(cal, facts, today)
        shown = {s.kind.id: s for s in states if s.proceeding_id == proc.id or s.kind.id == "loss_report_due"}
        for kind_id, label in self.deadline_labels.items():
            state = shown.get(kind_id)
            if state is None:
                label.setText("")
                continue
            label.setText(deadline_text(state, cal))
            label.setStyleSheet(f"color: {STATUS_COLOURS[state.status]};")
        requirement = rules.appearance_requirement(facts, proc)
        self.requirement_label.setText(f"应由{requirement.label}出庭（{requirement.reason_text}）")
        compliance = rules.appearance_compliance(facts, proc, today)
        self.compliance_label.setText(compliance.text)
        self.compliance_label.setStyleSheet(
            "color: #b71c1c;" if compliance.applicable and not compliance.compliant else "")
        lead = rules.accountability_lead(cal, facts, today)
        if lead is None:
            self.lead_label.setText("无")
            self.lead_label.setStyleSheet("")
        else:
            self.lead_label.setText("\n".join(f"{r.number}. {r.text}（{r.date.isoformat()}）" for r in lead.reasons))
            self.lead_label.setStyleSheet("color: #b71c1c;")
        outcome = rules.final_outcome(facts.proceedings, today)
        pending = rules.final_outcome(facts.proceedings)
        if outcome is None and pending is not None:
            self.outcome_label.setText(f"待生效：{pending.outcome}（{'败诉' if pending.is_loss else '未败诉'}），"
                                       f"{pending.effective_date.isoformat()} 生效，生效前案件仍为在办、不计入统计")
        else:
            self.outcome_label.setText("尚未生效" if outcome is None else
                                       f"{outcome.outcome}（{'败诉' if outcome.is_loss else '未败诉'}），"
                                       f"{outcome.effective_date.isoformat()} 生效")
        self._proposal = None
        if proc.judgment_served and proc.judgment_kind in rules.JUDGMENT_KINDS:
            self._proposal = rules.proposed_effective_date(cal, proc.judgment_served, proc.judgment_kind, proc.level)
            basis = ("上诉期届满次日（未上诉时）" if proc.level == rules.LEVEL_FIRST and proc.judgment_kind != rules.MEDIATION
                     else "送达之日")
            self.proposal_label.setText(f"{self._proposal.day.isoformat()} {weekday_name(self._proposal.day)}（{basis}）"
                                        + (" · 未确认" if self._proposal.unconfirmed else ""))
        else:
            self.proposal_label.setText("填写送达日期后给出建议")
        self.use_proposal_button.setEnabled(self._proposal is not None)
        number = rules.parse_case_number(self.value("case_number"))
        # a posted document's date is its posting date (rules.md §3): the label says so
        for date_field, way_field in (("defense_submitted", "defense_submission"),
                                      ("filing_received", "filing_submission")):
            self.row_labels[date_field].setText(rules.act_date_label(PROCEEDING_FIELDS[date_field].label,
                                                                     self.value(way_field)))
        hint = number.warning if self.value("case_number").strip() else ""
        self.case_number_hint.setText(hint)
        self.case_number_hint.setVisible(bool(hint))       # no blank band under 案号 when there is nothing to say

    # --- saving and closing ------------------------------------------------------------------

    def _form_values(self) -> tuple[dict, dict, dict]:
        return ({name: self._get(w) for name, w in self.case_widgets.items()},
                {name: self._get(w) for name, w in self.proc_widgets.items() if name != "parent_id"},
                {name: self._get(w) for name, w in self.risk_widgets.items()})

    def save(self) -> bool:
        """Save the case, the shown proceeding and its risk record. Keeps every value on refusal.

        For a saved case only the fields the clerk changed since it was read are sent, so that saving after
        another clerk's change keeps theirs wherever this clerk typed nothing.
        """
        case_values, proc_values, risk_values = self._form_values()
        if self._case_id is not None:
            loaded_case, loaded_proc, _ = self._snapshot
            case_values = {k: v for k, v in case_values.items() if v != loaded_case.get(k)}
            proc_values = {k: v for k, v in proc_values.items() if v != loaded_proc.get(k)}
        proc = self._current_proceeding()
        if proc is not None:
            proc_values.pop("level", None)
        if self._case_id is None and not proc_values.get("court", "").strip():
            court = rules.parse_case_number(proc_values.get("case_number", "")).court_name
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
        text = "已保存。"
        hints = list(saved.warnings)
        count_hint = rules.plaintiff_count_warning(self.value("plaintiffs"), self.value("plaintiff_count"))
        if count_hint:
            hints.append(count_hint)
        if hints:
            text += " 提示：" + "；".join(hints)
        self._show_message(text, error=False)
        self.saved.emit(saved.id)
        return True

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
        units = "、".join(ref.unit for ref in others)
        box = QMessageBox(QMessageBox.Icon.Question, "共同被告案件？",
                          f"案号 {number} 已登记在{units}名下。\n\n是否为共同被告案件（同一诉讼中本单位也是被告）？"
                          f"\n选“是”：登记为本单位的案件，并与上述案件关联；选“否”：不保存，请核对案号。",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
        box.button(QMessageBox.StandardButton.Yes).setText("是，共同被告")
        box.button(QMessageBox.StandardButton.No).setText("否，核对案号")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return QMessageBox.StandardButton(box.exec()) == QMessageBox.StandardButton.Yes

    def _fill_co_defendants(self) -> None:
        refs = identity.co_defendants(self._case_id) if self._case_id is not None else []
        self.co_defendants_list.clear()
        for ref in refs:
            item = QListWidgetItem(f"{ref.unit}　{ref.case_number}（{ref.level}）")
            item.setData(Qt.ItemDataRole.UserRole, ref.case_id)
            self.co_defendants_list.addItem(item)
        self.co_defendants_list.setVisible(bool(refs))
        self.co_defendants_label.setVisible(bool(refs))

    def _on_co_defendant_double_clicked(self, item: QListWidgetItem) -> None:
        self.open_case_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def _on_open_existing_clicked(self) -> None:
        if self._existing_case_id is not None:
            self.open_case_requested.emit(self._existing_case_id)

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
        target = None
        for group, specs in ((self.case_widgets, CASE_FIELDS), (self.proc_widgets, PROCEEDING_FIELDS),
                             (self.risk_widgets, RISK_FIELDS)):
            for name, widget in group.items():
                if exc.field in (name, specs[name].label if name in specs else None):
                    target = widget
        if exc.field == "被告单位":
            target = self.case_widgets["unit_id"]
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

    @classmethod
    def ask_unsaved_changes(cls, parent: QWidget) -> str:
        """"save", "discard" or "cancel". Tests replace this classmethod."""
        box = QMessageBox(QMessageBox.Icon.Question, "尚未保存", "案件有尚未保存的修改，是否保存？",
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, parent)
        box.button(QMessageBox.StandardButton.Save).setText("保存")
        box.button(QMessageBox.StandardButton.Discard).setText("不保存")
        box.button(QMessageBox.StandardButton.Cancel).setText("取消")
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")

    def reject(self) -> None:
        if self._dirty:
            answer = self.ask_unsaved_changes(self)
            if answer == "cancel" or (answer == "save" and not self.save()):
                return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._dirty:
            answer = self.ask_unsaved_changes(self)
            if answer == "cancel" or (answer == "save" and not self.save()):
                event.ignore()
                return
        event.accept()

    # --- slots -------------------------------------------------------------------------------

    def _on_field_changed(self, *_args) -> None:
        if self._loading:
            return
        # "unsaved" means different from what was loaded: typing a date and putting it back is not a change
        self._dirty = self._form_values() != self._snapshot or bool(self._pending_hearings)
        self._recompute()

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
        complete = self.proc_widgets["filing_complete"]
        self.tick_filing_button.setEnabled(all(papers.values()) and not complete.isChecked())

    def _on_tick_filing_clicked(self) -> None:
        self.proc_widgets["filing_complete"].setChecked(True)        # marks the form changed; the clerk saves
        self.tick_filing_button.setEnabled(False)
        self._show_message("已勾选“备案材料齐全”，请核对后保存。", error=False)

    def _on_proceeding_combo_changed(self, index: int) -> None:
        if self._loading or index < 0 or self._detail is None or index == self._proc_index:
            return
        if self._dirty:
            answer = self.ask_unsaved_changes(self)
            if answer == "cancel" or (answer == "save" and not self.save()):
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

    def _on_add_proceeding_clicked(self) -> None:
        if not self._require_saved():
            return
        dialog = AddProceedingDialog(self)
        proc = self._current_proceeding()
        if proc is not None and proc.facts.level == rules.LEVEL_FIRST:
            dialog.court_edit.setText("宁波市中级人民法院" if "县" in proc.court or not proc.court else "浙江省高级人民法院")
        if not self.run_dialog(dialog):
            return
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
        self._load(keep_index=len(self._detail.proceedings))
        self._show_message("已新增" + values.get("level", "") + "。" + "；".join(saved.warnings), error=False)
        self.saved.emit(self._case_id)
        return True

    @classmethod
    def run_dialog(cls, dialog: QDialog) -> bool:
        """Show a sub-dialog modally. Tests replace this classmethod to fill and accept it."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _on_add_hearing_clicked(self) -> None:
        if self._case_id is not None and not self._require_saved():
            return
        dialog = HearingDialog(parent=self, roles=self._roles())
        if self.run_dialog(dialog):
            self.add_hearing(dialog.values())

    def _roles(self) -> tuple[str, ...]:
        if self._detail is not None:
            return rules.appearance_roles(self._detail.facts.unit_kind)
        return rules.appearance_roles(self._unit_kinds.get(self.value("unit_id"), rules.KIND_DEPARTMENT))

    def _show_pending_hearings(self) -> None:
        self.hearings_model.set_rows(
            [(str(h.get("date", "")), h.get("place", ""), h.get("attendee", ""), h.get("attendee_post", ""),
              h.get("role") or "（尚未开庭）", "是" if h.get("left_without_permission") else "",
              h.get("absence_reason", "")) for h in self._pending_hearings],
            list(range(len(self._pending_hearings))))

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
        self._load(keep_index=self._proc_index)
        self._show_message("已添加开庭记录。" + (" 提示：" + "；".join(saved.warnings) if saved.warnings else ""),
                           error=False)
        self.saved.emit(self._case_id)
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
            self._load(keep_index=self._proc_index)
            self.saved.emit(self._case_id)

    def _on_remove_hearing_clicked(self) -> None:
        record = self._selected_hearing()
        if record is None or not self._require_saved():
            return
        if QMessageBox.question(self, "删除开庭记录", f"删除 {record.date.isoformat()} 的开庭记录？") \
                != QMessageBox.StandardButton.Yes:
            return
        cases.delete_hearing(self._context.actor, record.id)
        self._load(keep_index=self._proc_index)
        self.saved.emit(self._case_id)

    def _on_add_performance_clicked(self) -> None:
        if not self._require_saved():
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("记录履行情况")
        date_edit = DateEdit("记录日期")
        date_edit.set_date(dt.date.today())
        state_combo = QComboBox()
        state_combo.addItems(rules.PERFORMANCE_STATES)
        note_edit = QLineEdit()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout(dialog)
        form.addRow("记录日期", date_edit)
        form.addRow("履行情况", state_combo)
        form.addRow("说明", note_edit)
        form.addRow(buttons)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        if not self.run_dialog(dialog):
            return
        try:
            cases.record_performance(self._context.actor, self._case_id, date_edit.text(), state_combo.currentText(),
                                     note_edit.text())
        except AppError as exc:
            self._show_message(exc.message, error=True)
            return
        self._load(keep_index=self._proc_index)
        self.saved.emit(self._case_id)

    def generate_document(self, name: str):
        """Fill a Word document from the saved case (the shown proceeding, or the selected hearing)."""
        from xiangshan_desk.application.documents import official

        from .documents import describe, generate
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
                self.materials_panel.add_files([rendered.path], GENERATED_KINDS.get(name, "其他"), proc.facts.id)
        return rendered

    def _on_use_proposal_clicked(self) -> None:
        if self._proposal is not None:
            self.widget("effective_date").set_date(self._proposal.day)

