"""监督 → 司法建议、典型案例、培训与旁听庭审: the Bureau's own records beside the cases."""
from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QMessageBox,
                               QLineEdit, QPlainTextEdit, QPushButton, QSpinBox, QTableView, QTabWidget, QVBoxLayout,
                               QWidget)

from xiangshan_desk.application import supervision
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.application.units import list_units

from .context import AppContext
from .field_binder import FieldBinder
from .rows_model import RowsModel
from .widgets import read_only_table, run_reporting

OVERDUE = QColor("#f8d7da")


class SuggestionsModel(RowsModel):
    """The suggestions list; overdue replies marked red."""

    def __init__(self, parent=None) -> None:
        super().__init__(["收到日期", "法院", "单位", "来源案件", "建议内容", "答复期限", "答复日期", "情况"], parent)
        self.overdue: set[int] = set()

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid() and index.row() in self.overdue:
            return QBrush(OVERDUE)
        return super().data(index, role)


class SupervisionDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("监督记录：司法建议、典型案例、培训与旁听庭审")
        self.resize(1000, 680)
        self._units = list_units()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._suggestions_page(), "司法建议")
        self.tabs.addTab(self._typical_page(), "典型案例")
        self.tabs.addTab(self._training_page(), "培训与旁听庭审")
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        export, import_ = QPushButton("全部导出（Excel）…"), QPushButton("从 Excel 导入…")
        export.clicked.connect(self._on_export_clicked)
        import_.clicked.connect(self._on_import_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addWidget(export)
        row.addWidget(import_)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.reload()

    def _unit_combo(self) -> QComboBox:
        """The unit picker: nothing chosen until the clerk chooses (no unit is assumed), in use units only."""
        from .unit_picker import UnitPicker
        return UnitPicker(include_inactive=False)

    # --- pages -------------------------------------------------------------------------------

    def _suggestions_page(self) -> QWidget:
        page = QWidget()
        self.suggestions_model = SuggestionsModel(self)
        self.suggestions_view = read_only_table(self.suggestions_model)
        # the suggestion's fields (supervision.SUGGESTION_FIELDS); its source case by 案号
        self.suggestion_form = fields = FieldBinder(supervision.SUGGESTION_FIELDS, self)
        self.s_received, self.s_due, self.s_reply = (fields.create(name)
                                                     for name in ("received", "reply_due", "reply_date"))
        self.s_court = fields.create("court")
        self.s_case = fields.bind("case_number", QLineEdit())
        self.s_case.setPlaceholderText("来源案件的案号（可不填）")
        self.s_unit = fields.bind("unit_id", self._unit_combo())
        self.s_summary, self.s_measures = (fields.create(name, multiline=True) for name in ("summary", "measures"))
        for edit in (self.s_summary, self.s_measures):
            edit.setMaximumHeight(60)
        self.s_due.setPlaceholderText("不填为收到后2个月")
        new, save = QPushButton("新增司法建议"), QPushButton("保存修改")
        form = QFormLayout()
        form.addRow("收到日期", self.s_received)
        form.addRow("法院", self.s_court)
        form.addRow("涉及单位", self.s_unit)
        form.addRow("来源案件", self.s_case)
        form.addRow("建议内容摘要", self.s_summary)
        form.addRow("答复期限", self.s_due)
        form.addRow("答复日期", self.s_reply)
        form.addRow("采取的措施", self.s_measures)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(save)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.suggestions_view, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.suggestions_view.selectionModel().selectionChanged.connect(lambda *_: self._show_suggestion())
        new.clicked.connect(lambda: self._run(lambda: self.save_suggestion(new=True), "已新增司法建议"))
        save.clicked.connect(lambda: self._run(lambda: self.save_suggestion(new=False), "已保存"))
        return page

    def _typical_page(self) -> QWidget:
        page = QWidget()
        self.t_year = QSpinBox()
        self.t_year.setRange(2000, 2100)
        self.t_year.setValue(dt.date.today().year)
        self.t_quarter = QComboBox()
        self.t_quarter.addItems(["第一季度", "第二季度", "第三季度", "第四季度"])
        self.t_quarter.setCurrentIndex((dt.date.today().month - 1) // 3)
        self.typical_model = RowsModel(["季度", "标题", "案号", "单位", "裁判结果", "启示"], self)
        self.typical_view = read_only_table(self.typical_model)
        self.typical_form = fields = FieldBinder(supervision.TYPICAL_FIELDS, self)
        self.t_case = fields.bind("case_number", QLineEdit())
        self.t_case.setPlaceholderText("案号")
        self.t_title = fields.create("title")
        self.t_summary, self.t_lesson = (fields.create(name, multiline=True) for name in ("summary", "lesson"))
        for edit in (self.t_summary, self.t_lesson):
            edit.setMaximumHeight(70)
        mark, unmark, compile_ = QPushButton("选为典型案例"), QPushButton("取消所选"), QPushButton("生成典型案例汇编…")
        top = QHBoxLayout()
        top.addWidget(QLabel("年份"))
        top.addWidget(self.t_year)
        top.addWidget(self.t_quarter)
        top.addStretch(1)
        top.addWidget(compile_)
        form = QFormLayout()
        form.addRow("案号", self.t_case)
        form.addRow("标题", self.t_title)
        form.addRow("案情简介", self.t_summary)
        form.addRow("启示", self.t_lesson)
        buttons = QHBoxLayout()
        buttons.addWidget(mark)
        buttons.addWidget(unmark)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(self.typical_view, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.t_year.valueChanged.connect(lambda *_: self.reload())
        self.t_quarter.currentIndexChanged.connect(lambda *_: self.reload())
        mark.clicked.connect(lambda: self._run(self.mark_typical, "已选为典型案例"))
        unmark.clicked.connect(lambda: self._run(self.unmark_typical, "已取消"))
        compile_.clicked.connect(self._on_compile_clicked)
        return page

    def _training_page(self) -> QWidget:
        page = QWidget()
        self.training_model = RowsModel(["日期", "类别", "组织单位", "主题", "参加单位数", "参加人次", "其中负责人"], self)
        self.training_view = read_only_table(self.training_model)
        self.training_form = fields = FieldBinder(supervision.TRAINING_FIELDS, self)
        self.r_date = fields.create("date")
        self.r_kind = fields.create("kind", blank=False)
        self.r_organiser, self.r_topic = fields.create("organiser"), fields.create("topic")
        self.r_organiser.setText("县司法局")
        self.r_participants = fields.bind("participants", QPlainTextEdit())
        self.r_participants.setPlaceholderText("每行一个单位：单位名称 参加人数 其中负责人数，如\n石浦镇 3 1\n县公安局 2 0")
        self.r_participants.setMaximumHeight(90)
        add = QPushButton("新增")
        form = QFormLayout()
        form.addRow("日期", self.r_date)
        form.addRow("类别", self.r_kind)
        form.addRow("组织单位", self.r_organiser)
        form.addRow("主题", self.r_topic)
        form.addRow("参加单位", self.r_participants)
        layout = QVBoxLayout(page)
        layout.addWidget(self.training_view, 1)
        layout.addLayout(form)
        layout.addWidget(add)
        add.clicked.connect(lambda: self._run(self.add_training, "已新增"))
        return page

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self._suggestions = supervision.list_suggestions()
        self.suggestions_model.overdue = {i for i, r in enumerate(self._suggestions) if r.overdue}
        self.suggestions_model.set_rows([(r.received.isoformat(), r.court, r.unit, r.case_number, r.summary,
                                          r.reply_due.isoformat(), r.reply_date.isoformat() if r.reply_date else "",
                                          r.status_text) for r in self._suggestions],
                                        [r.id for r in self._suggestions])
        quarter = self.t_quarter.currentIndex() + 1
        self._typical = supervision.typical_cases(self.t_year.value(), quarter)
        self.typical_model.set_rows([(f"第{t.quarter}季度", t.title, t.case_number, t.unit, t.outcome, t.lesson)
                                     for t in self._typical], [t.case_id for t in self._typical])
        trainings = supervision.list_trainings()
        self.training_model.set_rows([(t.date.isoformat(), t.kind, t.organiser, t.topic, t.units, t.people, t.heads)
                                      for t in trainings], [t.id for t in trainings])
        for form in self._forms():
            form.mark_loaded()

    def _forms(self) -> tuple[FieldBinder, ...]:
        return self.suggestion_form, self.typical_form, self.training_form

    @classmethod
    def ask_discard(cls, parent: QWidget) -> bool:
        """Whether to close and discard what was typed. Tests replace this classmethod."""
        return QMessageBox.question(parent, "尚未保存", "有填写了但尚未保存的内容，关闭后将丢失。确定关闭？",
                                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                    QMessageBox.StandardButton.No) == QMessageBox.StandardButton.Yes

    def _may_close(self) -> bool:
        """Nothing typed since the forms were last filled or saved, or the clerk agrees to discard it."""
        return not any(form.dirty for form in self._forms()) or self.ask_discard(self)

    def reject(self) -> None:                    # Esc
        if self._may_close():
            super().reject()

    def accept(self) -> None:                    # 关闭
        if self._may_close():
            super().accept()
    def _selected(self, view: QTableView, model: RowsModel):
        rows = view.selectionModel().selectedRows()
        return model.key(rows[0].row()) if rows else None

    def _show_suggestion(self) -> None:
        key = self._selected(self.suggestions_view, self.suggestions_model)
        row = next((r for r in self._suggestions if r.id == key), None)
        if row is None:
            return
        self.suggestion_form.load({"received": row.received, "court": row.court, "unit_id": row.unit_id,
                                   "case_number": row.case_number, "summary": row.summary,
                                   "reply_due": row.reply_due, "reply_date": row.reply_date,
                                   "measures": row.measures})

    # --- actions -----------------------------------------------------------------------------

    def _run(self, action, done: str) -> bool:
        if not run_reporting(self.message, action, done):
            return False
        self.reload()
        return True

    def _case_id(self, number: str) -> int | None:
        from xiangshan_desk.application.identity import find_proceeding
        return (find_proceeding(number, among_units_prefer=self.s_unit.currentData()).case_id
                if number.strip() else None)

    def save_suggestion(self, new: bool) -> None:
        values = self.suggestion_form.values()
        number = values.pop("case_number")
        if values["unit_id"] is None and number.strip():
            # no unit chosen: the source case's unit (never a unit the clerk did not choose)
            from xiangshan_desk.application.identity import find_proceeding
            self.s_unit.set_unit(find_proceeding(number).unit_id)
            values["unit_id"] = self.s_unit.currentData()
        values["case_id"] = self._case_id(number)
        if new:
            supervision.add_suggestion(self._context.actor, values)
            return
        key = self._selected(self.suggestions_view, self.suggestions_model)
        if key is None:
            raise AppError("请先在表中选择要修改的司法建议")
        if not values["reply_due"]:
            values.pop("reply_due")
        supervision.update_suggestion(self._context.actor, key, values)

    def mark_typical(self) -> None:
        values = self.typical_form.values()
        case_id = self._case_id(values.pop("case_number"))
        if case_id is None:
            raise AppError("请填写案号")
        supervision.mark_typical(self._context.actor, case_id, self.t_year.value(), self.t_quarter.currentIndex() + 1,
                                 values)

    def unmark_typical(self) -> None:
        key = self._selected(self.typical_view, self.typical_model)
        if key is None:
            raise AppError("请先在表中选择典型案例")
        supervision.unmark_typical(self._context.actor, key)

    def add_training(self) -> None:
        by_name = {u.name: u.id for u in self._units}
        participants = []
        values = self.training_form.values()
        for line in values.pop("participants").splitlines():
            parts = line.split()
            if not parts:
                continue
            if parts[0] not in by_name:
                raise AppError(f"单位清单中没有“{parts[0]}”")
            numbers = [int(p) for p in parts[1:3] if re.fullmatch(r"\d+", p)]
            if len(numbers) != len(parts[1:3]):
                raise AppError(f"“{line}”中的人数应为整数")
            people = numbers[0] if numbers else 1
            heads = numbers[1] if len(numbers) > 1 else 0
            participants.append((by_name[parts[0]], people, heads))
        supervision.add_training(self._context.actor, participants=participants, **values)

    def _on_compile_clicked(self) -> None:
        from xiangshan_desk.application.documents import official

        from .documents import describe, generate
        year, quarter = self.t_year.value(), self.t_quarter.currentIndex() + 1
        rendered = generate(self, self._context, "typical-cases", lambda: official.typical_cases(year, quarter),
                            f"{year}年第{quarter}季度")
        if rendered is not None:
            self.message.setText(describe(rendered))

    def _on_export_clicked(self) -> None:
        from xiangshan_desk.application.supervision_io import export_records

        from .files import FileDialogs, offer_open, remember_folder, suggested_path
        path = FileDialogs.ask_save_path(self, "导出监督记录", suggested_path(self._context, "监督记录.xlsx"),
                                         "Excel 工作簿 (*.xlsx)")
        if path:
            written = export_records(path)
            remember_folder(self._context, path)
            self.message.setText(f"已导出：{written}")
            offer_open(self, written)

    def import_file(self, path: str) -> None:
        from xiangshan_desk.application.supervision_io import import_records
        report = import_records(self._context.actor, path)
        lines = [f"{sheet}：导入 {report.imported[sheet]} 项，已有 {report.existing[sheet]} 项" for sheet in report.imported]
        lines += [f"{sheet} 第 {r.row} 行 {r.column}“{r.value}”：{r.reason}" for sheet, r in report.refused]
        self.message.setText("\n".join(lines))
        self.reload()

    def _on_import_clicked(self) -> None:
        from .files import FileDialogs
        folder = self._context.settings.last_folder or ""
        path = FileDialogs.ask_open_path(self, "导入监督记录", folder, "Excel 工作簿 (*.xlsx)")
        if path:
            self._run(lambda: self.import_file(path), "")
