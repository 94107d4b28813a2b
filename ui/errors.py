"""The two kinds of error: an AppError is shown plainly; anything else is a bug, logged with details."""
from __future__ import annotations

import logging
import traceback

from PySide6.QtWidgets import QWidget

from xiangshan_desk.domain.errors import AppError, known_failure

log = logging.getLogger(__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str = "无法完成操作") -> None:
    from PySide6.QtWidgets import QMessageBox      # not at start-up: its type and enums are built on first use
    if isinstance(exc, AppError):
        QMessageBox.warning(parent, title, exc.message)
        return
    known = known_failure(exc)          # the database locked, read-only, full …: not a bug, nothing lost
    if known is not None:
        log.warning("operation failed: %s", exc)
        QMessageBox.warning(parent, title, known)
        return
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("unexpected error\n%s", details)
    box = QMessageBox(QMessageBox.Icon.Critical, "程序错误",
                      "程序出现意外错误，本次操作未完成。已保存的数据不受影响。\n请将“详细信息”中的内容告知维护人员。",
                      QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText(details)
    copy = box.addButton("复制错误信息", QMessageBox.ButtonRole.ActionRole)
    copy.clicked.connect(lambda: _copy(details))     # copies the details (with the log folder) and closes
    box.exec()


def _copy(details: str) -> None:
    from PySide6.QtWidgets import QApplication
    from xiangshan_desk.application.logs import log_dir
    QApplication.clipboard().setText(f"{details}\n（日志文件夹：{log_dir()}）")
