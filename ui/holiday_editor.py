"""设置 → 节假日安排: a year's days off and adjusted working days; enter a new year with a preview of moved deadlines."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget)

from xiangshan_desk.application import holidays
from xiangshan_desk.domain.calendar import UNCONFIRMED
from xiangshan_desk.domain.errors import AppError

from . import operations
from .context import AppContext, Change
from .rows_model import RowsModel
from .widgets import RESIZE_PRECISION


def _example(year: int) -> str:
    return f"{year}-02-06 至 {year}-02-12 放假\n{year}-02-14 上班"


class HolidayEditor(QDialog):
    """The preview and the recomputation run in the background; applying announces itself through the context's
    data-changed signal (Change.CALENDAR), which the open tabs follow."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._pending: dict[dt.date, bool] | None = None
        self.setWindowTitle("节假日安排")
        self.resize(820, 640)
        today = dt.date.today()

        self.year_spin = QSpinBox()
        self.year_spin.setRange(2004, 2100)
        self.year_spin.setValue(today.year + 1 if today.month == 12 else today.year)
        self.year_spin.setSuffix(" 年")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.days_model = RowsModel(["日期", "安排", "来源"], self)
        self.days_view = QTableView()
        self.days_view.setModel(self.days_model)
        self.days_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.days_view.verticalHeader().setVisible(False)
        self.days_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.days_view.horizontalHeader().setStretchLastSection(True)
        self.entry_edit = QPlainTextEdit()
        self.entry_edit.setPlaceholderText("每行一项，例如：\n" + _example(self.year_spin.value()))
        self.entry_edit.setMaximumHeight(110)
        self.complete_check = QCheckBox("本年安排已全部录入")
        self.source_edit = QLineEdit()
        year = self.year_spin.value()
        self.source_edit.setPlaceholderText(f"来源，如：国务院办公厅关于{year}年部分节假日安排的通知（国办发明电〔{year - 1}〕X号）")
        self.preview_button = QPushButton("预览影响")
        self.apply_button = QPushButton("应用")
        self.apply_button.setEnabled(False)
        self.close_button = QPushButton("关闭")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.moves_model = RowsModel(["案号", "单位", "期限", "原到期日", "新到期日", UNCONFIRMED], self)
        self.moves_view = QTableView()
        self.moves_view.setModel(self.moves_model)
        self.moves_view.verticalHeader().setVisible(False)
        self.moves_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.moves_view.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)   # thousands of rows
        self.moves_view.horizontalHeader().setStretchLastSection(True)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年份"))
        top.addWidget(self.year_spin)
        top.addWidget(self.status_label, 1)
        layout.addLayout(top)
        layout.addWidget(QLabel("该年的节假日（工作日放假）和调休上班日："))
        layout.addWidget(self.days_view, 2)
        layout.addWidget(QLabel("录入或更正（按国务院通知，逐段填写）："))
        layout.addWidget(self.entry_edit)
        source_row = QHBoxLayout()
        source_row.addWidget(self.complete_check)
        source_row.addWidget(self.source_edit, 1)
        layout.addLayout(source_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("应用后将变动的未完成期限："))
        layout.addWidget(self.moves_view, 2)

        self.year_spin.valueChanged.connect(lambda *_: self.reload())
        self.preview_button.clicked.connect(self.preview)
        self.apply_button.clicked.connect(self.apply)
        self.close_button.clicked.connect(self.accept)
        self.entry_edit.textChanged.connect(self._on_input_changed)
        self.complete_check.toggled.connect(self._on_input_changed)
        self.source_edit.textChanged.connect(self._on_input_changed)
        self.reload()

    def reload(self) -> None:
        year = self.year_spin.value()
        self.status_label.setText(holidays.year_status(year).text)
        self.days_model.set_rows([(f"{d.day.isoformat()} {d.text.split()[1]}", "上班" if d.working else "放假",
                                   d.source) for d in holidays.year_schedule(year)])

    def _on_input_changed(self) -> None:
        self._pending = None
        self.apply_button.setEnabled(False)

    def preview(self) -> operations.Operation | None:
        """Parse what was typed and list the open deadlines it would move (read in the background; the
        operation's result is the list of moves); nothing is saved yet. None when what was typed is refused."""
        try:
            text = self.entry_edit.toPlainText()
            entries = holidays.parse_schedule(text) if text.strip() else {}
            complete = self.year_spin.value() if self.complete_check.isChecked() else None
            if complete is not None and not self.source_edit.text().strip():
                raise AppError("标记本年安排已全部录入时，请填写来源（通知名称和文号）。")
            if not entries and complete is None:
                raise AppError("请先填写要录入的日期，或勾选“本年安排已全部录入”。")
            outside = sorted({d.year for d in entries} - {self.year_spin.value()})
            if outside:
                raise AppError(f"录入的日期不在所选年份内（{'、'.join(map(str, outside))}年），请核对。")
        except AppError as exc:
            self._refused(exc)
            return None
        return operations.run(self, "正在计算将变动的期限…", lambda progress: holidays.preview(entries, complete),
                              lambda moves: self._show_moves(entries, complete, moves), on_error=self._refused)

    def _refused(self, exc: AppError) -> None:
        self.message.setText(exc.message)
        self.message.setStyleSheet("color: #b71c1c;")
        self.moves_model.set_rows([])

    def _show_moves(self, entries: dict[dt.date, bool], complete: int | None, moves: list[holidays.Move]) -> None:
        self._pending = entries
        self.moves_model.set_rows([(m.case_number, m.unit, m.deadline, m.old.isoformat(), m.new.isoformat(),
                                    ("是" if m.unconfirmed_before else "否") + " → " + ("是" if m.unconfirmed_after else "否"))
                                   for m in moves])
        self.message.setStyleSheet("")
        self.message.setText(f"将录入 {len(entries)} 天" + ("并标记本年安排完整" if complete else "")
                             + f"；{len(moves)} 项未完成的期限将变动（见下表）。确认无误后点击“应用”。")
        self.apply_button.setEnabled(True)

    def apply(self) -> operations.Operation | None:
        """Save the previewed days and recompute the deadlines they move, in the background (the operation's
        result is the number of cases recomputed)."""
        if self._pending is None:
            return None
        complete = self.year_spin.value() if self.complete_check.isChecked() else None
        actor, pending, source = self._context.actor, self._pending, self.source_edit.text()
        self.apply_button.setEnabled(False)
        return operations.run(self, "正在重新计算期限…",
                              lambda progress: holidays.apply(actor, pending, "节假日安排编辑", complete, source),
                              self._applied, on_error=self._not_applied,
                              context=self._context, changes=Change.CALENDAR)

    def _not_applied(self, exc: AppError) -> None:
        self.message.setText(exc.message)
        self.apply_button.setEnabled(True)

    def _applied(self, count: int) -> None:
        self._pending = None
        self.apply_button.setEnabled(False)
        self.entry_edit.blockSignals(True)
        self.entry_edit.clear()
        self.entry_edit.blockSignals(False)
        self.reload()
        self.message.setText(f"已应用，重新计算了 {count} 个案件的期限，并记入历史记录。")
