"""文件 → 备份与恢复: the backups with their date and case count; back up now; restore after showing it."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from xiangshan_desk.application import backup
from xiangshan_desk.application.bootstrap import release_connection, restore_workspace

from . import operations
from .context import AppContext, Change
from .widgets import read_only_table
from .rows_model import RowsModel


class BackupDialog(QDialog):
    """Backing up, restoring and checking the materials run in the background (ui/operations.py); a restore
    announces itself through the context's data-changed signal."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("备份与恢复")
        self.resize(820, 480)
        self.model = RowsModel(["备份时间", "原因", "案件数", "备份自", "大小", "文件"], self)
        self.view = read_only_table(self.model)
        self.backup_button = QPushButton("立即备份")
        self.restore_button = QPushButton("用所选备份恢复…")
        self.close_button = QPushButton("关闭")
        self.check_materials_button = QPushButton("检查案卷材料")
        self.check_materials_button.setToolTip("逐个按哈希核对案卷材料文件，列出缺失或已损坏的（按案件）")
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"备份文件夹：{backup.backup_dir()}　每天首次启动时自动备份，升级和导入前也会备份；"
                                f"保留最近 {backup.KEEP_DAILY} 天和 {backup.KEEP_MONTHLY} 个月的备份。"))
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.backup_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.check_materials_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        self.close_button.clicked.connect(self.accept)
        self.check_materials_button.clicked.connect(self.check_materials)
        self.reload()

    def reload(self) -> None:
        self._backups = backup.list_backups()
        self.model.set_rows([(b.created.strftime("%Y-%m-%d %H:%M:%S"), b.reason_text,
                              "无法读取" if b.cases is None else b.cases, b.source or "（未记录）",
                              f"{b.size // 1024} KB", b.path.name)
                             for b in self._backups], [b.path for b in self._backups])

    def backup_now(self) -> operations.Operation:
        """A manual backup, in the background; the operation's result is the backup's path."""
        def done(path) -> None:
            self.reload()
            self.message.setText(f"已备份：{path}")
        return operations.run(self, "正在备份…", lambda progress: backup.make_backup(reason="manual"), done,
                              on_error=lambda exc: self.message.setText(exc.message))

    @classmethod
    def confirm_restore(cls, parent: QWidget, text: str) -> bool:
        """Ask before replacing the database. Tests replace this classmethod."""
        return QMessageBox.question(parent, "恢复数据库", text) == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> operations.Operation | None:
        """Replace the database with the selected backup, after asking; the copy and the upgrade of an older
        backup run in the background. None when nothing was started (refused, or the clerk said no)."""
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            self.message.setText("请先选择一个备份。")
            return None
        chosen = self._backups[rows[0].row()]
        target = backup.current_sqlite_path()
        if target is None:
            self.message.setText("共享的 PostgreSQL 数据库请由管理员恢复。")
            return None
        text = (f"用 {chosen.created:%Y-%m-%d %H:%M} 的备份（{chosen.reason_text}，案件 {chosen.cases} 件）替换当前数据库？\n"
                "当前数据库会先另存一份，之后仍可恢复回来。")
        if backup.is_backup_of_another_database(chosen.path, target):
            text = (f"注意：这是另一个数据库的备份。\n备份自：{chosen.source}\n当前数据库：{target}\n\n"
                    f"用它（{chosen.created:%Y-%m-%d %H:%M}，案件 {chosen.cases} 件）替换当前数据库？"
                    "当前数据库会先另存一份，之后仍可恢复回来。")
        if not self.confirm_restore(self, text):
            return None
        operations.wait_reads()             # no connection open on the file while it is replaced: the reads'
        release_connection()                # and this thread's; the worker replaces the file

        def work(progress):
            # checks the backup's integrity first (seconds on a large file), then opens the restored file (upgraded
            # if older), or the old one again on refusal
            return restore_workspace(chosen.path, target)

        def done(aside) -> None:
            self.reload()
            self.message.setText(f"已恢复。恢复前的数据库另存为：{aside}")
            self.check_materials(prefix=f"已恢复。恢复前的数据库另存为：{aside}\n")   # every restored material, by hash
        return operations.run(self, "正在恢复数据库…", work, done,
                              on_error=lambda exc: self.message.setText(exc.message),
                              context=self._context, changes=Change.ALL)

    def check_materials(self, prefix: str = "") -> operations.Operation:
        """Verify every referenced material file by its hash, in the background; list the problems by case."""
        from xiangshan_desk.application import materials

        def done(problems) -> None:
            self.material_problems = problems
            if not problems:
                self.message.setText(prefix + "案卷材料检查：全部材料文件完好。")
                return
            lines = [p.text for p in problems[:20]] + ([f"……共 {len(problems)} 处"] if len(problems) > 20 else [])
            self.message.setText(prefix + f"案卷材料检查：{len(problems)} 处有问题（可从备份恢复，或重新添加原文件）：\n"
                                 + "\n".join(lines))

        return operations.run(self, "正在检查案卷材料…", materials.check_materials, done, cancellable=True,
                              on_error=lambda exc: self.message.setText(prefix + f"案卷材料检查未能完成：{exc.message}"))

    def _on_restore_clicked(self) -> None:
        from .case_editor.editor import CaseEditor
        parent = self.parentWidget()
        if parent is not None and any(editor.isVisible() for editor in parent.findChildren(CaseEditor)):
            self.message.setText("请先关闭打开的案件窗口，再恢复数据库。")
            return
        self.restore_selected()
