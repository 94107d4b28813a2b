"""Generating a Word document from a window: ask where, fill the template, say what happened."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from xiangshan_desk.application.documents import official
from xiangshan_desk.domain.errors import AppError

from . import operations
from .context import AppContext
from .errors import show_error
from .files import FileDialogs, offer_open, remember_folder, suggested_path


def generate(parent: QWidget, context: AppContext, name: str, build: Callable[[], dict], about: str = "",
             on_done: Callable[[official.Rendered], None] | None = None):
    """Ask for the file, then build the document's data and render it in the background (ui/operations.py);
    ``on_done(rendered)`` on the UI thread. Refusals (AppError) are shown plainly. Returns the Operation, or None
    when the clerk chose no file.

    Without ``on_done`` the work runs on the calling thread and the Rendered (or None) is returned: only for
    callers not yet moved to callbacks (the case editor, being split under issue #20 point 4)."""
    title = official.DOCUMENT_TITLES[name]
    file_name = official.safe_file_name(f"{about}{title}" if about else title) + ".docx"
    if on_done is None:
        try:
            data = build()
        except AppError as exc:
            show_error(parent, exc, "无法生成文书")
            return None
    path = FileDialogs.ask_save_path(parent, f"生成{title}", suggested_path(context, file_name), "Word 文档 (*.docx)")
    if not path:
        return None
    if on_done is None:
        try:
            rendered = official.render(name, data, path)
        except AppError as exc:
            show_error(parent, exc)
            return None
        _written(parent, context, rendered)
        return rendered

    def done(rendered: official.Rendered) -> None:
        _written(parent, context, rendered)
        on_done(rendered)
    return operations.run(parent, f"正在生成{title}…", lambda progress: official.render(name, build(), path), done,
                          on_error=lambda exc: show_error(parent, exc, "无法生成文书"))


def _written(parent: QWidget, context: AppContext, rendered: official.Rendered) -> None:
    remember_folder(context, rendered.path)
    offer_open(parent, rendered.path)


def describe(rendered: official.Rendered) -> str:
    text = f"已生成：{Path(rendered.path)}"
    if rendered.warnings:
        text += "　" + "；".join(rendered.warnings)
    return text
