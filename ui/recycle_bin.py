"""回收站: cases moved out of the list, with who and when; restore one, or empty the bin."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from xiangshan_desk.application import cases
from xiangshan_desk.application.caselist import CaseFilter
from xiangshan_desk.domain.errors import AppError

from .case_list_model import RECYCLE_COLUMNS, CaseListModel
from . import operations
from .context import AppContext, Change
from .widgets import read_only_table


class RecycleBinDialog(QDialog):
    """Listens to the context's data-changed signal (a case moved here from the list) and announces its own
    restores and the emptying through it."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("回收站")
        self.resize(900, 460)
        self.model = CaseListModel(context.calendar(), RECYCLE_COLUMNS, self)
        self.view = read_only_table(self.model)
        self.restore_button = QPushButton("恢复所选案件")
        self.empty_button = QPushButton("清空回收站…")
        self.close_button = QPushButton("关闭")
        self.message = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("移入回收站的案件不出现在案件列表和统计中，可以恢复；清空回收站后无法恢复。"))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.empty_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.restore_button.clicked.connect(self.restore_selected)
        self.empty_button.clicked.connect(self._on_empty_clicked)
        self.close_button.clicked.connect(self.accept)
        self.model.set_filter(CaseFilter(recycle_bin=True))
        context.signals.data_changed.connect(self._on_data_changed)

    def _on_data_changed(self, what: str) -> None:
        if what in (Change.CASES, Change.ALL):
            self.model.reload()

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)

    def restore_selected(self) -> bool:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.message.setText("请先选择要恢复的案件。")
            return False
        case_id = self.model.case_id(rows[0].row())
        try:
            cases.restore_case(self._context.actor, case_id)
        except AppError as exc:
            self.message.setText(exc.message)
            return False
        self.message.setText("已恢复。")
        self._context.notify_changed(Change.CASES)
        return True

    @classmethod
    def confirm_empty(cls, parent: QWidget, count: int) -> bool:
        """Ask before deleting for good. Tests replace this classmethod."""
        return QMessageBox.question(parent, "清空回收站", f"永久删除回收站中的 {count} 个案件？此操作无法撤销。") \
            == QMessageBox.StandardButton.Yes

    def _on_empty_clicked(self) -> None:
        if self.model.total == 0:
            self.message.setText("回收站是空的。")
            return
        if not self.confirm_empty(self, self.model.total):
            return
        actor = self._context.actor
        operations.run(self, "正在清空回收站…", lambda progress: cases.empty_recycle_bin(actor),
                       lambda removed: self.message.setText(f"已永久删除 {removed} 个案件。"),
                       on_error=lambda exc: self.message.setText(exc.message),
                       context=self._context, changes=Change.CASES)
