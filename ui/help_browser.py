"""帮助 → 使用说明: the Chinese manual (Markdown) in a text browser, its images included."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

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
        self.resize(980, 760)
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

    def image_names(self) -> list[str]:
        """The images the manual refers to (for checking they resolve)."""
        import re
        return re.findall(r"!\[[^\]]*\]\(([^)]+)\)", self.browser.toMarkdown())
