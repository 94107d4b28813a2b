"""设置 → 数据库: the embedded database, or a shared PostgreSQL server for several clerks; a connection test."""
from __future__ import annotations

from PySide6.QtWidgets import (QButtonGroup, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QRadioButton,
                               QVBoxLayout, QWidget)

from xiangshan_desk.persistence.paths import default_db_path
from xiangshan_desk.application.bootstrap import check_connection
from xiangshan_desk.domain.errors import AppError

from .context import AppContext


class DatabaseDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("数据库")
        self.resize(640, 260)
        self.embedded = QRadioButton(f"内置数据库（本机文件：{default_db_path()}）")
        self.shared = QRadioButton("共享的 PostgreSQL 数据库（多人同时使用）")
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.shared)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText("postgresql://用户名:密码@服务器地址:5432/数据库名")
        self.test_button = QPushButton("测试连接")
        self.save_button = QPushButton("保存")
        self.cancel_button = QPushButton("取消")
        self.message = QLabel(f"当前使用：{context.db_label}")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.embedded)
        layout.addWidget(self.shared)
        layout.addWidget(self.url_edit)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        current = context.settings.database
        (self.shared if current else self.embedded).setChecked(True)
        self.url_edit.setText(current)
        self.url_edit.setEnabled(bool(current))
        self.shared.toggled.connect(self.url_edit.setEnabled)
        self.test_button.clicked.connect(self.test)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)

    def _target(self) -> str:
        if self.embedded.isChecked():
            return str(default_db_path())
        url = self.url_edit.text().strip()
        if not url.startswith(("postgresql://", "postgres://")):
            raise AppError("请填写 postgresql:// 开头的数据库地址")
        return url

    def test(self) -> bool:
        try:
            text = check_connection(self._target())
        except AppError as exc:
            self.message.setText(exc.message)
            self.message.setStyleSheet("color: #b71c1c;")
            return False
        self.message.setText(text)
        self.message.setStyleSheet("color: #2e7d32;")
        return True

    def save(self) -> bool:
        try:
            target = self._target()
        except AppError as exc:
            self.message.setText(exc.message)
            return False
        self._context.settings.database = "" if self.embedded.isChecked() else target
        self._context.settings.save()
        self.message.setText("已保存，重新启动程序后使用新的数据库。")
        return True
