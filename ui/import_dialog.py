"""文件 → 导入台账: preview what would be imported and refused, then import on confirmation."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QVBoxLayout, QWidget)

from xiangshan_desk.application import importing
from xiangshan_desk.domain.errors import AppError

from . import operations
from .context import AppContext, Change
from .errors import show_error
from .files import FileDialogs, remember_folder, suggested_path
from .rows_model import RowsModel
from .widgets import RESIZE_PRECISION


class ImportDialog(QDialog):
    """The check and the import run in the background (取消 stops them; an import is one transaction, so a
    cancelled one leaves the database as it was); an import announces itself through the data-changed signal."""

    def __init__(self, context: AppContext, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.path = path
        self.report: importing.ImportReport | None = None
        self._operation: operations.Operation | None = None
        self.setWindowTitle(f"导入台账 — {Path(path).name}")
        self.resize(900, 560)

        self.summary = QLabel("正在检查…")
        self.summary.setWordWrap(True)
        self.update_check = QCheckBox("用台账内容更新系统中已有的案号")
        self.refused_model = RowsModel(["行号", "列", "填写值", "原因"], self)
        self.refused_view = QTableView()
        self.refused_view.setModel(self.refused_model)
        self.refused_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.refused_view.verticalHeader().setVisible(False)
        self.refused_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.refused_view.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)   # thousands of rows
        self.refused_view.horizontalHeader().setStretchLastSection(True)
        # what an update changed, per row, as the history records it (ledger.md 2026-12)
        self.changes_model = RowsModel(["行号", "案号", "被告单位", "修改内容"], self)
        self.changes_view = QTableView()
        self.changes_view.setModel(self.changes_model)
        self.changes_view.verticalHeader().setVisible(False)
        self.changes_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.changes_view.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)   # thousands of rows
        self.changes_view.horizontalHeader().setStretchLastSection(True)
        self.changes_label = QLabel("已更新的案号（修改均已记入历史记录）：")
        self.changes_label.hide()
        self.changes_view.hide()
        self.import_button = QPushButton("导入")
        self.import_button.setEnabled(False)
        self.save_refused_button = QPushButton("保存被拒绝的行…")
        self.save_refused_button.setEnabled(False)
        self.close_button = QPushButton("关闭")

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("被拒绝的行（不会导入；可另存为 Excel，改正后重新导入）："))
        layout.addWidget(self.refused_view, 1)
        layout.addWidget(self.changes_label)
        layout.addWidget(self.changes_view, 1)
        layout.addWidget(self.update_check)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.save_refused_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.import_button.clicked.connect(self.run_import)
        self.save_refused_button.clicked.connect(self._on_save_refused_clicked)
        self.close_button.clicked.connect(self.reject)
        self.update_check.toggled.connect(lambda *_: self.preview())

    # --- preview and import, on the worker ---------------------------------------------------

    def preview(self) -> operations.Operation:
        """Check the file without importing (a dry run) and show the result."""
        self.import_button.setEnabled(False)
        update, actor, path = self.update_check.isChecked(), self._context.actor, self.path
        self._operation = operations.run(
            self, "正在检查台账…", lambda progress: importing.import_ledger(actor, path, True, update, progress),
            self._show_preview, on_error=self._on_failed, on_finished=self._on_finished, cancellable=True)
        return self._operation

    def _show_preview(self, report: importing.ImportReport) -> None:
        self.report = report
        refused_rows = len(report.refused_rows)
        text = (f"可导入 {report.imported} 个案号（共 {report.accepted_rows} 行接受），"
                f"系统中已有 {report.existing} 个"
                + ("（将按台账更新）" if self.update_check.isChecked() else "（保持不变）")
                + f"，拒绝 {refused_rows} 行。")
        if report.warnings:
            text += "\n" + "\n".join(report.warnings)
        self.summary.setText(text)
        self._fill_refused(report)
        self.import_button.setEnabled(self._importable())

    def _importable(self) -> bool:
        report = self.report
        return report is not None and (report.imported > 0 or (self.update_check.isChecked() and report.existing > 0))

    def _fill_refused(self, report: importing.ImportReport) -> None:
        self.refused_model.set_rows([(r.row, r.column, r.value, r.reason) for r in report.refused])
        self.save_refused_button.setEnabled(bool(report.refused))

    def run_import(self) -> operations.Operation:
        self.import_button.setEnabled(False)
        update, actor, path = self.update_check.isChecked(), self._context.actor, self.path
        self._operation = operations.run(
            self, "正在导入台账…", lambda progress: importing.import_ledger(actor, path, False, update, progress),
            self._on_imported, on_error=self._on_failed, on_finished=self._on_finished, cancellable=True,
            context=self._context, changes=Change.ALL)
        return self._operation

    def _on_imported(self, report: importing.ImportReport) -> None:
        self.report = report
        self.summary.setText(f"已导入 {report.imported} 个案号、{report.hearings} 次开庭"
                             + (f"，更新 {report.updated} 个已有案号" if report.updated else "")
                             + f"；拒绝 {len(report.refused_rows)} 行（未导入）。"
                             + ("\n" + "\n".join(report.warnings) if report.warnings else ""))
        self._fill_refused(report)
        self.changes_model.set_rows([(c.row, c.case_number, c.unit, "；".join(c.changes)) for c in report.changes])
        self.changes_label.setVisible(bool(report.changes))
        self.changes_view.setVisible(bool(report.changes))

    def _on_failed(self, exc: AppError) -> None:
        self.summary.setText(exc.message)

    def _on_finished(self) -> None:
        """After 取消 or an unexpected error (shown in the error box): say that nothing was imported."""
        operation = self._operation
        if operation.cancelled:
            self.summary.setText("已取消，数据库未作改动。")
        elif operation.error is not None and not isinstance(operation.error, AppError):
            self.summary.setText("导入未完成，数据库未作改动。")
        if operation.cancelled or operation.error is not None:
            self.import_button.setEnabled(self._importable())       # the last check's answer still holds

    # --- refused rows ------------------------------------------------------------------------

    def save_refused(self, path: str) -> Path:
        return importing.write_refused(self.report, path)

    def _on_save_refused_clicked(self) -> None:
        name = f"{Path(self.path).stem}_被拒绝的行.xlsx"
        path = FileDialogs.ask_save_path(self, "保存被拒绝的行", suggested_path(self._context, name),
                                         "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        try:
            written = self.save_refused(path)
        except AppError as exc:
            show_error(self, exc)
            return
        remember_folder(self._context, path)
        self.summary.setText(self.summary.text() + f"\n已保存被拒绝的行：{written}")
