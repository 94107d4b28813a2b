"""Generating a Word document from a window: ask where, fill the template, say what happened."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from xiangshan_desk.application.documents import official
from xiangshan_desk.domain.errors import AppError

from .context import AppContext
from .errors import show_error
from .files import FileDialogs, offer_open, remember_folder, suggested_path


def generate(parent: QWidget, context: AppContext, name: str, build: Callable[[], dict],
             about: str = "") -> official.Rendered | None:
    """Build the document's data (refusals shown plainly), ask for the file, render. None when not written."""
    try:
        data = build()
    except AppError as exc:
        show_error(parent, exc, "无法生成文书")
        return None
    title = official.DOCUMENT_TITLES[name]
    file_name = official.safe_file_name(f"{about}{title}" if about else title) + ".docx"
    path = FileDialogs.ask_save_path(parent, f"生成{title}", suggested_path(context, file_name), "Word 文档 (*.docx)")
    if not path:
        return None
    try:
        rendered = official.render(name, data, path)
    except AppError as exc:
        show_error(parent, exc)
        return None
    remember_folder(context, path)
    offer_open(parent, rendered.path)
    return rendered


def describe(rendered: official.Rendered) -> str:
    text = f"已生成：{Path(rendered.path)}"
    if rendered.warnings:
        text += "　" + "；".join(rendered.warnings)
    return text
