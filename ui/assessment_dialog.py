"""报表 → 年度考核 and 设置 → 考核规则: the per-unit score sheet (how each score was computed in its tooltip)
and the items, weights and thresholds the Bureau edits."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QGridLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget)

from xiangshan_desk.application import assessment
from xiangshan_desk.application.stats import wrapped_header
from xiangshan_desk.domain.errors import AppError

from .context import AppContext
from .rows_model import RowsModel


class ScoresModel(RowsModel):
    def __init__(self, parent=None) -> None:
        super().__init__([], parent)
        self.hows: list[list[str]] = []

    def set_sheets(self, sheets: list[assessment.UnitScore]) -> None:
        # the weight under the item's name: every column of the sheet fits a 1366-wide screen (issue #20)
        labels = [wrapped_header(f"{i.label}（{i.weight}）") for i in sheets[0].items] if sheets else []
        # 得分 beside the unit: it is what the reader looks for, and the item columns may need scrolling
        self._headers = ["名次", "单位", "得分", *labels]
        self.hows = [["", "", ""] + [i.how for i in s.items] for s in sheets]
        self.set_rows([(s.rank or "—", s.unit, assessment.NOT_APPLICABLE if s.total is None else f"{s.total:.1f}",
                        *(i.text for i in s.items)) for s in sheets])

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return self.hows[index.row()][index.column()] or None
        return super().data(index, role)


class AssessmentDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("年度考核")
        self.resize(1100, 640)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.model = ScoresModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.export_button = QPushButton("导出 Excel…")
        self.rules_button = QPushButton("考核规则…")
        self.message = QLabel("鼠标停在得分上可看计算方法；“不适用”的项目不计入该单位总分，总分按适用项目折算为百分制。")
        self.message.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.rules_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self.year.valueChanged.connect(lambda *_: self.reload())
        self.export_button.clicked.connect(self._on_export_clicked)
        self.rules_button.clicked.connect(self._on_rules_clicked)
        self.reload()

    def reload(self) -> list[assessment.UnitScore]:
        sheets = assessment.compute(self.year.value())
        self.model.set_sheets(sheets)
        return sheets

    def _on_export_clicked(self) -> None:
        from .files import FileDialogs, offer_open, remember_folder, suggested_path
        path = FileDialogs.ask_save_path(self, "导出考核得分",
                                         suggested_path(self._context, f"{self.year.value()}年度行政应诉考核.xlsx"),
                                         "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        from . import operations
        year = self.year.value()

        def done(written) -> None:
            remember_folder(self._context, path)
            self.message.setText(f"已导出：{written}")
            offer_open(self, written)
        operations.run(self, "正在导出考核得分…", lambda progress: assessment.write_workbook(year, path), done)

    def _on_rules_clicked(self) -> None:
        dialog = RulesDialog(self._context, self)
        dialog.exec()
        self.reload()


class RulesDialog(QDialog):
    """The items, weights and thresholds of the assessment; every change is recorded in the audit trail."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("考核规则")
        self.rows: dict[str, tuple[QSpinBox, QLineEdit, QCheckBox]] = {}
        grid = QGridLayout()
        for column, title in enumerate(("项目", "权重", "参数", "启用", "说明")):
            grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        for row, rule in enumerate(assessment.rules(), start=1):
            weight = QSpinBox()
            weight.setRange(0, 100)
            weight.setValue(rule.weight)
            threshold = QLineEdit(rule.threshold)
            threshold.setEnabled(rule.key in ("loss_rate", "leads", "training"))
            enabled = QCheckBox()
            enabled.setChecked(rule.enabled)
            self.rows[rule.key] = (weight, threshold, enabled)
            for column, widget in enumerate((QLabel(rule.label), weight, threshold, enabled, QLabel(rule.note))):
                grid.addWidget(widget, row, column)
        self.message = QLabel()
        save, close = QPushButton("保存"), QPushButton("关闭")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(save)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        save.clicked.connect(self.save)
        close.clicked.connect(self.accept)

    def save(self) -> bool:
        try:
            for key, (weight, threshold, enabled) in self.rows.items():
                assessment.save_rule(self._context.actor, key, weight.value(), threshold.text().strip(),
                                     enabled.isChecked())
        except AppError as exc:
            self.message.setText(exc.message)
            self.message.setStyleSheet("color: #b71c1c;")
            return False
        self.message.setText("已保存")
        self.message.setStyleSheet("color: #2e7d32;")
        return True
