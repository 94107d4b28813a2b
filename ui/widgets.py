"""Small input widgets shared by the dialogs."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from xiangshan_desk.domain.errors import AppError

INVALID_STYLE = "QLineEdit { border: 1px solid #c0392b; background: #fdecea; }"


class DateEdit(QLineEdit):
    """A date typed as 2025-03-07 (also 2025/3/7, 2025.3.7, 2025年3月7日); empty means "not yet".

    Unlike QDateEdit it can be empty, and it never rewrites what the clerk typed.
    """

    date_changed = Signal()

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = label
        self.setPlaceholderText("年-月-日")
        self.setMaximumWidth(130)
        self.textChanged.connect(self._on_text_changed)

    def date(self) -> dt.date | None:
        """The date, or None when empty. Raises AppError for text that is not a date."""
        from xiangshan_desk.domain.fields import parse_date    # not at start-up: the main window uses this module
        return parse_date(self.text(), self.label)

    def date_or_none(self) -> dt.date | None:
        """The date while typing: None for empty or not (yet) a date."""
        try:
            return self.date()
        except AppError:
            return None

    def set_date(self, value: dt.date | str | None) -> None:
        """Show a date, or text exactly as typed."""
        if isinstance(value, dt.date):
            value = value.isoformat()
        self.setText(value or "")

    def _on_text_changed(self, _text: str) -> None:
        try:
            self.date()
        except AppError as exc:
            self.setStyleSheet(INVALID_STYLE)
            self.setToolTip(exc.message)
        else:
            self.setStyleSheet("")
            self.setToolTip("")
        self.date_changed.emit()


RESIZE_PRECISION = 50           # rows measured for column widths: 200 took 0.15 s to lay out a day of 1,000 items


def resize_to_fit_screen(window: QWidget, width: int, height: int) -> None:
    """``window`` at the wished size, or smaller to fit the screen's free area: on a 1366×768 laptop (about 728
    pixels above the taskbar) a 760-high dialog ran off the screen with its buttons."""
    from PySide6.QtGui import QGuiApplication
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        free = screen.availableGeometry()
        width, height = min(width, free.width() - 16), min(height, free.height() - 40)   # (the title bar)
    window.resize(width, height)


def read_only_table(model):
    """The table used for every short list in the dialogs: whole rows, one at a time, not editable."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # column widths from the first rows, not every row: a to-do list of thousands of items (100,000 cases) is
    # shown without measuring each cell on the UI thread
    view.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION)
    view.horizontalHeader().setStretchLastSection(True)
    return view


ERROR_STYLE, DONE_STYLE = "color: #b71c1c;", "color: #2e7d32;"


def report(label, text: str, error: bool) -> None:
    """A dialog's one-line outcome: red for a refusal, green for done."""
    label.setText(text)
    label.setStyleSheet(ERROR_STYLE if error else DONE_STYLE)


def run_reporting(label, action, done: str) -> bool:
    """Run a core operation; show its Chinese refusal or ``done`` in ``label``. Returns whether it succeeded."""
    from xiangshan_desk.domain.errors import AppError
    try:
        action()
    except AppError as exc:
        report(label, exc.message, error=True)
        return False
    report(label, done, error=False)
    return True
