"""A read-only item model over a short list of rows already in memory (hearings, history, records)."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt


class RowsModel(QAbstractTableModel):
    def __init__(self, headers: list[str], parent=None) -> None:
        super().__init__(parent)
        self._headers = headers
        self._rows: list[tuple] = []
        self._keys: list[object] = []
        self._backgrounds: list[object] = []

    def set_rows(self, rows: list[tuple], keys: list[object] | None = None,
                 backgrounds: list[object] | None = None) -> None:
        """``backgrounds``: a QColor (or None) per row, to colour rows as the case list does."""
        self.beginResetModel()
        try:
            self._rows = [tuple("" if v is None else str(v) for v in row) for row in rows]
            self._keys = list(keys) if keys is not None else list(range(len(rows)))
            self._backgrounds = list(backgrounds) if backgrounds is not None else []
        finally:
            self.endResetModel()

    def key(self, row: int):
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and index.row() < len(self._backgrounds):
            return self._backgrounds[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self._headers):
            return self._headers[section]
        return None
