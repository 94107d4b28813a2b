"""The tabs of the case editor, one class each. A page lays out its fields (the widgets belong to the editor's field
binders), shows the part of the live preview that concerns it, and offers its buttons; the editor acts on them."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator

from PySide6.QtWidgets import (QFormLayout, QHBoxLayout, QLabel, QListWidget, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from xiangshan_desk.application.case_preview import DEADLINE_BESIDE, Preview
from xiangshan_desk.application.cases import CASE_FIELDS, PROCEEDING_FIELDS, RISK_FIELDS
from xiangshan_desk.domain import rules

from ..field_binder import BLANK, FieldBinder
from ..rows_model import RowsModel
from ..unit_picker import UnitPicker
from ..widgets import read_only_table

STATUS_COLOURS = {rules.Status.OVERDUE: "#b71c1c", rules.Status.MISSED: "#b71c1c", rules.Status.LATE: "#c0661a",
                  rules.Status.OPEN: "#8a6d00", rules.Status.MET: "#2e7d32", rules.Status.NOT_STARTED: "#777",
                  rules.Status.LAPSED: "#777"}
RED = "color: #b71c1c;"
# text fields written over several lines
MULTILINE = frozenset({"notes", "decision_reasons", "major_fault_reason", "basic_facts", "risk_points", "measures",
                       "resolution_plan"})


def keep_row_height(*widgets: QWidget) -> None:
    """A form field (a text, a box of a few lines) keeps its own height: on a page with a height-capped box of
    several lines the form's spare height went to the rows, leaving a label far above its date box (issue #20);
    the spare height now stays below the form."""
    for widget in widgets:
        widget.setSizePolicy(widget.sizePolicy().horizontalPolicy(), QSizePolicy.Policy.Maximum)


class CaseFields:
    """The editor's inputs, by the core's field names, in three groups: the case, the shown proceeding, its risk
    record. Changed means different from what was loaded."""

    def __init__(self, parent: QWidget) -> None:
        self.case = FieldBinder(CASE_FIELDS, parent)
        self.proceeding = FieldBinder(PROCEEDING_FIELDS, parent)
        self.risk = FieldBinder(RISK_FIELDS, parent)
        self.groups = (self.case, self.proceeding, self.risk)
        self.deadline_labels: dict[str, QLabel] = {}       # deadline kind id -> the label beside its field
        self.row_labels: dict[str, QLabel] = {}            # field name -> its label in the form

    def binder_of(self, name: str) -> FieldBinder:
        for binder in self.groups:
            if name in binder:
                return binder
        raise KeyError(name)

    def widget(self, name: str) -> QWidget:
        return self.binder_of(name)[name]

    def get(self, name: str):
        return self.binder_of(name).get(name)

    def set(self, name: str, value) -> None:
        self.binder_of(name).set(name, value)

    def values(self) -> tuple[dict, dict, dict]:
        return self.case.values(), self.proceeding.values(), self.risk.values()

    def loaded(self) -> tuple[dict, dict, dict]:
        return self.case.loaded, self.proceeding.loaded, self.risk.loaded

    @property
    def dirty(self) -> bool:
        return any(binder.dirty for binder in self.groups)

    @contextlib.contextmanager
    def loading(self) -> Iterator[None]:
        with self.case.loading(), self.proceeding.loading(), self.risk.loading():
            yield

    def row(self, form: QFormLayout, binder: FieldBinder, name: str) -> QWidget:
        """A form row for a field: its label, its input, and beside it the deadline it triggers or meets."""
        spec = binder.specs[name]
        widget = binder.create(name, multiline=name in MULTILINE)
        if name in MULTILINE:
            keep_row_height(widget)          # its few lines, not the page's spare height spread between the rows
        if name in DEADLINE_BESIDE:
            box = QHBoxLayout()
            box.addWidget(widget)
            deadline = QLabel()
            deadline.setObjectName(f"deadline_{DEADLINE_BESIDE[name]}")
            keep_row_height(deadline)
            self.deadline_labels[DEADLINE_BESIDE[name]] = deadline
            box.addWidget(deadline, 1)
            self.row_labels[name] = QLabel(spec.label)
            form.addRow(self.row_labels[name], box)
        elif spec.kind == "bool":
            form.addRow("", widget)
        else:
            self.row_labels[name] = QLabel(spec.label)
            form.addRow(self.row_labels[name], widget)
        return widget

    def show_preview(self, preview: Preview) -> None:
        """The deadlines beside their fields, and the date labels that say 交邮 when a document was posted."""
        for kind_id, label in self.deadline_labels.items():
            state = preview.deadlines.get(kind_id)
            label.setText(preview.deadline_texts.get(kind_id, ""))
            label.setStyleSheet(f"color: {STATUS_COLOURS[state.status]};" if state is not None else "")
        for name, text in preview.act_labels.items():
            self.row_labels[name].setText(text)


class EditorPage(QWidget):
    """A tab of the editor. ``show_preview`` shows what the page displays of the live preview."""

    title = ""

    def __init__(self, fields: CaseFields, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = fields

    def show_preview(self, preview: Preview) -> None:
        pass


class BasicPage(EditorPage):
    title = "基本信息"

    def __init__(self, fields: CaseFields, parent: QWidget | None = None) -> None:
        super().__init__(fields, parent)
        form = QFormLayout(self)
        # type a name, an alias or pinyin initials (issue #21)
        form.addRow("被告单位", fields.case.bind("unit_id", UnitPicker()))
        fields.row(form, fields.proceeding, "case_number")
        self.case_number_hint = QLabel()
        self.case_number_hint.setStyleSheet("color: #8a6d00;")
        form.addRow("", self.case_number_hint)
        fields.row(form, fields.proceeding, "level")
        fields.row(form, fields.proceeding, "court")
        for name in ("cause", "plaintiffs"):
            fields.row(form, fields.case, name)
        # (2026-12) who must appear is decided per proceeding: these belong to the proceeding shown above
        for name in rules.APPEARANCE_FACTS:
            fields.row(form, fields.proceeding, name)
        for name in ("co_defendant_group", "notes"):
            fields.row(form, fields.case, name)
        self.co_defendants_list = QListWidget()
        self.co_defendants_list.setToolTip("同一案号（或同一共同被告关联号）的其他单位的案件，双击打开")
        self.co_defendants_list.setMaximumHeight(64)
        self.co_defendants_label = QLabel("共同被告案件")
        form.addRow(self.co_defendants_label, self.co_defendants_list)

    def show_preview(self, preview: Preview) -> None:
        self.case_number_hint.setText(preview.case_number_hint)
        self.case_number_hint.setVisible(bool(preview.case_number_hint))   # no blank band under 案号


class FilingPage(EditorPage):
    title = "答辩与备案"

    def __init__(self, fields: CaseFields, parent: QWidget | None = None) -> None:
        super().__init__(fields, parent)
        form = QFormLayout(self)
        for name in ("complaint_received", "defense_submitted", "defense_submission", "filing_received",
                     "filing_submission", "tracking_numbers", "filing_complete", "forwarded"):
            fields.row(form, fields.proceeding, name)
        form.addRow(QLabel("备案须在答辩期限届满前5个工作日完成，材料（起诉状副本、答辩状、证据清单）齐全方为完成备案；"
                           "司法局收到备案后3个工作日内转报分管县领导。"))
        # which of the three papers are in the case's materials (issue #22); the clerk still decides
        self.filing_papers_label = QLabel()
        self.tick_filing_button = QPushButton("三项材料已附，勾选“备案材料齐全”")
        papers = QHBoxLayout()
        papers.addWidget(self.filing_papers_label, 1)
        papers.addWidget(self.tick_filing_button)
        form.addRow("案卷中的备案材料", papers)


class AppearancePage(EditorPage):
    title = "出庭应诉"
    HEARING_COLUMNS = ["开庭日期", "开庭地点", "出庭人员", "职务", "身份", "中途退庭", "未出庭理由"]

    def __init__(self, fields: CaseFields, parent: QWidget | None = None) -> None:
        super().__init__(fields, parent)
        self.requirement_label = QLabel()
        self.requirement_label.setWordWrap(True)
        self.compliance_label = QLabel()
        self.compliance_label.setWordWrap(True)
        self.hearings_model = RowsModel(self.HEARING_COLUMNS, self)
        self.hearings_view = read_only_table(self.hearings_model)
        self.add_hearing_button = QPushButton("添加开庭…")
        self.edit_hearing_button = QPushButton("修改…")
        self.remove_hearing_button = QPushButton("删除")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for name in ("summons_received", "head_list_filed"):
            fields.row(form, fields.proceeding, name)
        form.addRow("出庭要求", self.requirement_label)
        form.addRow("本审级出庭情况", self.compliance_label)
        layout.addLayout(form)
        layout.addWidget(self.hearings_view, 1)
        buttons = QHBoxLayout()
        for button in (self.add_hearing_button, self.edit_hearing_button, self.remove_hearing_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def show_hearings(self, hearings: list[dict], keys: list) -> None:
        """Hearings as the core's hearing fields (a saved record's, or a new case's hearing not yet saved)."""
        self.hearings_model.set_rows(
            [(str(h.get("date") or ""), h.get("place", ""), h.get("attendee", ""), h.get("attendee_post", ""),
              h.get("role") or "（尚未开庭）", "是" if h.get("left_without_permission") else "",
              h.get("absence_reason", "")) for h in hearings], keys)

    def show_preview(self, preview: Preview) -> None:
        self.requirement_label.setText(preview.requirement_text)
        self.compliance_label.setText(preview.compliance_text)
        self.compliance_label.setStyleSheet(RED if preview.compliance_failed else "")


class RiskPage(EditorPage):
    title = "风险排摸"

    def __init__(self, fields: CaseFields, parent: QWidget | None = None) -> None:
        super().__init__(fields, parent)
        form = QFormLayout(self)
        for name in RISK_FIELDS:
            fields.row(form, fields.risk, name)


class DecisionPage(EditorPage):
    title = "裁判与生效"

    def __init__(self, fields: CaseFields, parent: QWidget | None = None) -> None:
        super().__init__(fields, parent)
        form = QFormLayout(self)
        for name in ("judgment_received", "judgment_served", "judgment_kind", "decision", "decision_reasons",
                     "judgment_filed", "effective_date"):
            fields.row(form, fields.proceeding, name)
        self.proposal_label = QLabel()
        self.use_proposal_button = QPushButton("采用建议生效日期")
        self.outcome_label = QLabel()
        self.proposal = None
        proposal = QHBoxLayout()
        proposal.addWidget(self.proposal_label, 1)
        proposal.addWidget(self.use_proposal_button)
        keep_row_height(self.proposal_label, self.outcome_label)
        form.addRow("建议生效日期", proposal)
        form.addRow("案件最终结果", self.outcome_label)
        self.use_proposal_button.clicked.connect(self._on_use_proposal_clicked)

    def set_decisions(self, level: str) -> None:
        """The decisions a proceeding of this level can have, keeping the one shown."""
        decision = self.fields.proceeding["decision"]
        current = decision.currentData()
        decision.clear()
        decision.addItem(BLANK, None)
        for choice in rules.decisions_for(level):
            decision.addItem(choice, choice)
        decision.setCurrentIndex(max(0, decision.findData(current)))

    def show_preview(self, preview: Preview) -> None:
        self.proposal = preview.proposal
        self.proposal_label.setText(preview.proposal_text)
        self.use_proposal_button.setEnabled(preview.proposal is not None)
        self.outcome_label.setText(preview.outcome_text)

    def _on_use_proposal_clicked(self) -> None:
        if self.proposal is not None:
            self.fields.proceeding["effective_date"].set_date(self.proposal)


class PerformancePage(EditorPage):
    title = "履行与问责"

    def __init__(self, fields: CaseFields, parent: QWidget | None = None) -> None:
        super().__init__(fields, parent)
        self.lead_label = QLabel()
        self.lead_label.setWordWrap(True)
        self.performance_model = RowsModel(["日期", "履行情况", "说明"], self)
        self.performance_view = read_only_table(self.performance_model)
        self.add_performance_button = QPushButton("记录履行情况…")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        for name in ("loss_report_submitted", "major_fault", "major_fault_reason"):
            fields.row(form, fields.case, name)
        form.addRow("问责线索", self.lead_label)
        layout.addLayout(form)
        layout.addWidget(QLabel("履行情况"))
        layout.addWidget(self.performance_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_performance_button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_preview(self, preview: Preview) -> None:
        self.lead_label.setText("\n".join(preview.lead_lines) or "无")
        self.lead_label.setStyleSheet(RED if preview.lead_lines else "")


class HistoryPage(EditorPage):
    title = "历史记录"

    def __init__(self, fields: CaseFields, parent: QWidget | None = None) -> None:
        super().__init__(fields, parent)
        self.history_model = RowsModel(["时间", "操作人", "系统账户", "操作", "对象", "字段", "原值", "新值"], self)
        self.history_view = read_only_table(self.history_model)
        self.export_button = QPushButton("导出历史记录（Excel）…")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("历史记录由程序自动记录，不能修改。"))
        layout.addWidget(self.history_view, 1)
        row = QHBoxLayout()
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout.addLayout(row)

    def show_entries(self, entries, entity_names: dict[str, str]) -> None:
        """The audit trail, newest first."""
        self.history_model.set_rows([
            (e.at.strftime("%Y-%m-%d %H:%M:%S") if e.at else "", e.operator, e.os_user, e.action,
             entity_names.get(e.entity, e.entity), e.field, e.old_value,
             e.new_value)
            for e in reversed(entries)])

