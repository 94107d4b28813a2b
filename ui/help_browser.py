"""帮助 → 使用说明: the Chinese manual (Markdown) in a text browser, its images included."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from .widgets import resize_to_fit_screen

MANUAL = "使用说明.md"


def docs_dir() -> Path:
    """docs/ beside the program: the bundle's folder when packaged, the repository otherwise."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "docs"
    return Path(__file__).resolve().parent.parent / "docs"


class HelpBrowser(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        resize_to_fit_screen(self, 980, 760)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        folder = docs_dir()
        self.browser.setSearchPaths([str(folder)])
        path = folder / MANUAL
        if path.exists():
            self.browser.document().setBaseUrl(QUrl.fromLocalFile(str(folder) + "/"))
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        else:
            self.browser.setPlainText(f"找不到使用说明：{path}")
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        self._folder = folder
        self.fit_images()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_images()

    def fit_images(self) -> list[int]:
        """Show every picture of the manual at most as wide as the window (no sideways scrolling); returns the
        widths used."""
        from PySide6.QtGui import QImage, QTextCursor
        available = max(200, self.browser.viewport().width() - 24)
        document = self.browser.document()
        widths = []
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.isValid() and fragment.charFormat().isImageFormat():
                    image_format = fragment.charFormat().toImageFormat()
                    natural = QImage(str(self._folder / image_format.name()))
                    if not natural.isNull():
                        width = min(natural.width(), available)
                        image_format.setWidth(width)
                        image_format.setHeight(natural.height() * width / natural.width())
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                        cursor.setCharFormat(image_format)
                        widths.append(width)
                fragments += 1
            block = block.next()
        return widths

    def image_names(self) -> list[str]:
        """The images the manual refers to (for checking they resolve)."""
        import re
        return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", self.browser.toMarkdown())
