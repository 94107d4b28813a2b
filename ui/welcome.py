"""The first-run welcome: the operator's name, where data and backups are kept, demo data or a ledger."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from xiangshan_desk.application.backup import backup_dir
from xiangshan_desk.persistence.paths import DB_FILE_NAME, default_db_path
from xiangshan_desk.application.session import system_account

from .context import AppContext


class WelcomeDialog(QDialog):
    """Asks for the operator's name (used in the audit trail). The choice made is in ``next_step``."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.next_step = ""               # "" / "demo" / "import"
        self.setWindowTitle("欢迎使用象山县行政应诉工作台")
        self.name_edit = QLineEdit(context.settings.operator)
        self.name_edit.setPlaceholderText("您的姓名")
        # the database this window really opened (--db included), not the default location
        current = context.db_label or context.settings.database or str(default_db_path())
        self.data_label = QLabel(current)
        self.change_button = QPushButton("更改位置…")
        self.backup_label = QLabel(str(backup_dir()))
        for label in (self.data_label, self.backup_label):       # a long folder wraps; the clerk can copy it
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()                     # shown (and the window grown) only with something to say
        self.demo_button = QPushButton("先看看演示数据")
        self.import_button = QPushButton("导入已有台账…")
        self.start_button = QPushButton("开始使用")
        self.start_button.setDefault(True)

        intro = QLabel("本程序按《象山县人民政府办公室关于进一步加强行政应诉工作的通知》登记行政诉讼案件、"
                       "计算各项期限、提醒逾期事项，并生成统计报表和公文。")
        intro.setWordWrap(True)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("操作员姓名（记入历史记录）", self.name_edit)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_label, 1)
        data_row.addWidget(self.change_button)
        form.addRow("数据保存在", data_row)
        form.addRow("备份保存在", self.backup_label)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        later = QLabel("以后可在“帮助 → 欢迎”中再次打开本窗口；数据位置的更改在重新启动后生效。")
        later.setWordWrap(True)
        later.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(later)
        layout.addWidget(self.message)
        layout.addSpacing(6)
        layout.addStretch(1)
        layout.addLayout(buttons)
        # as high as its content at a comfortable width: no empty band above the buttons (issue #20)
        self.setMinimumWidth(600)
        self.resize(640, self.height())
        self._fit_height()

        self.change_button.clicked.connect(self._on_change_clicked)
        self.start_button.clicked.connect(lambda: self.finish(""))
        self.demo_button.clicked.connect(lambda: self.finish("demo"))
        self.import_button.clicked.connect(lambda: self.finish("import"))

    def finish(self, step: str) -> bool:
        name = self.name_edit.text().strip()
        if not name:
            self.message.setText("请填写操作员姓名：每次修改都会记下是谁做的。")
            self.message.show()
            self._fit_height()
            self.name_edit.setFocus()
            return False
        self._record(name)
        self.next_step = step
        self.accept()
        return True

    def _fit_height(self) -> None:
        """As high as the content needs at the present width (wrapped texts included)."""
        self.layout().activate()
        needed = self.heightForWidth(self.width()) if self.hasHeightForWidth() else self.sizeHint().height()
        self.resize(self.width(), max(needed, self.minimumSizeHint().height()))

    def reject(self) -> None:
        """Esc or the close button: the name typed, or else the system account, is recorded as the operator (shown in
        the status bar, changed in 设置 → 操作员姓名…); the audit trail never has an empty 操作人."""
        self._record(self.name_edit.text().strip() or self._context.settings.operator or system_account())
        self.next_step = ""
        super().reject()

    def _record(self, name: str) -> None:
        settings = self._context.settings
        settings.operator = name
        settings.welcomed = True
        settings.save()

    @classmethod
    def ask_folder(cls, parent: QWidget, start: str) -> str:
        return QFileDialog.getExistingDirectory(parent, "选择数据保存位置", start)

    def _on_change_clicked(self) -> None:
        folder = self.ask_folder(self, str(Path(self.data_label.text()).parent))
        if folder:
            target = str(Path(folder) / DB_FILE_NAME)
            self._context.settings.database = target
            self.data_label.setText(target + "（重新启动后使用）")
