"""A read-only item model over a list of rows already in memory (hearings, history, records, the to-do list)."""
from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt


_TEXT_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ToolTipRole)})
_BACKGROUND_ROLE = int(Qt.ItemDataRole.BackgroundRole)


def cell_text(value) -> str:
    """What a cell shows for a value: its text, nothing for None."""
    return "" if value is None else str(value)


class RowTexts:
    """Rows' display texts, worked out once and then only handed out by RowsModel (``set_rows`` takes them as they
    are). A long list (the to-do list: twenty thousand rows on 100,000 cases) makes them off the UI thread, so that
    the window only swaps them in. Kept column by column, one list of strings each: a handful of objects for the UI
    thread to take over, for the garbage collector to look at and to free, not one tuple per row."""

    __slots__ = ("columns", "count")

    def __init__(self, rows: Sequence[Sequence], width: int | None = None) -> None:
        if width is None:
            width = len(rows[0]) if rows else 0
        self.columns: list[list[str]] = [[cell_text(row[column]) for row in rows] for column in range(width)]
        self.count = len(rows)


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self._headers = headers
        self._texts = RowTexts([])
        self._keys: list[object] = []
        self._backgrounds: list[object] = []

    def set_rows(self, rows: Sequence[Sequence] | RowTexts, keys: list[object] | None = None,
                 backgrounds: list[object] | None = None) -> None:
        """``rows``: the values of each row (shown as their text), or their RowTexts made beforehand (shown as they
        are: nothing is converted here). ``backgrounds``: a QColor (or None) per row, to colour rows as the case
        list does."""
        texts = rows if isinstance(rows, RowTexts) else RowTexts(rows)
        self.beginResetModel()
        try:
            self._texts = texts
            self._keys = list(keys) if keys is not None else list(range(texts.count))
            self._backgrounds = list(backgrounds) if backgrounds is not None else []
        finally:
            self.endResetModel()

    def key(self, row: int):
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else self._texts.count

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # asked for every visible cell and every role at each paint, and for the first rows at each reset (column
        # widths): plain lookups only
        if role in _TEXT_ROLES:
            row, column, columns = index.row(), index.column(), self._texts.columns    # (-1, -1) when not valid
            return columns[column][row] if 0 <= row < self._texts.count and 0 <= column < len(columns) else None
        if role == _BACKGROUND_ROLE and 0 <= index.row() < len(self._backgrounds):
            return self._backgrounds[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None
