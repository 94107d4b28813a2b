"""Asking the clerk for a file to write, in one replaceable place (tests replace the classmethod)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from .context import AppContext


class FileDialogs:
    @classmethod
    def ask_save_path(cls, parent: QWidget, title: str, suggested: str, file_filter: str) -> str:
        from PySide6.QtWidgets import QFileDialog      # not at start-up: its type and enums are built on first use
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return path

    @classmethod
    def ask_open_path(cls, parent: QWidget, title: str, folder: str, file_filter: str) -> str:
        from PySide6.QtWidgets import QFileDialog
        path, _ = QFileDialog.getOpenFileName(parent, title, folder, file_filter)
        return path


def suggested_path(context: AppContext, file_name: str) -> str:
    """A file name in the last folder used, or the user's 文档 folder."""
    folder = context.settings.last_folder or str(Path.home() / "Documents")
    return str(Path(folder) / file_name)


def remember_folder(context: AppContext, path: str | Path) -> None:
    context.settings.last_folder = str(Path(path).parent)


class OpenAfterExport:
    """After an export, offer to open the file or its folder (tests replace ``ask``)."""

    @classmethod
    def ask(cls, parent: QWidget, path: Path) -> str:
        from PySide6.QtWidgets import QMessageBox
        box = QMessageBox(QMessageBox.Icon.Information, "已导出", f"已保存：{path}", QMessageBox.StandardButton.NoButton,
                          parent)
        open_file = box.addButton("打开文件", QMessageBox.ButtonRole.AcceptRole)
        open_folder = box.addButton("打开所在文件夹", QMessageBox.ButtonRole.ActionRole)
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return "file" if clicked is open_file else "folder" if clicked is open_folder else ""


def offer_open(parent: QWidget, path: str | Path) -> str:
    """Offer to open what was just written; opens it with the system's program (Word, Excel, Explorer)."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices
    path = Path(path)
    choice = OpenAfterExport.ask(parent, path)
    if choice:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path if choice == "file" else path.parent)))
    return choice
