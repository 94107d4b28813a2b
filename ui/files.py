"""Asking the clerk for a file to write, in one replaceable place (tests replace the classmethod)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from .context import AppContext


class FileDialogs:
    @classmethod
    def ask_save_path(cls, parent: QWidget, title: str, suggested: str, file_filter: str) -> str:
        path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
        return path

    @classmethod
    def ask_open_path(cls, parent: QWidget, title: str, folder: str, file_filter: str) -> str:
        path, _ = QFileDialog.getOpenFileName(parent, title, folder, file_filter)
        return path


def suggested_path(context: AppContext, file_name: str) -> str:
    """A file name in the last folder used, or the user's 文档 folder."""
    folder = context.settings.last_folder or str(Path.home() / "Documents")
    return str(Path(folder) / file_name)


def remember_folder(context: AppContext, path: str | Path) -> None:
    context.settings.last_folder = str(Path(path).parent)
