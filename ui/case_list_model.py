"""The case list's item model: rows come from the core's SQL query, a page at a time."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from xiangshan_desk import caselist
from xiangshan_desk.calendar import WorkCalendar, weekday_name
from xiangshan_desk.caselist import CaseFilter, CaseRow

OVERDUE_BACKGROUND = QColor("#f8d7da")
SOON_BACKGROUND = QColor("#fff3cd")
OVERDUE_TEXT = QColor("#8b1a1a")


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _due(value: dt.date | None) -> str:
    return f"{value.isoformat()} {weekday_name(value)}" if value else ""


# (sort key, header, how a row shows it)
COLUMNS = (
    ("case_number", "案号", lambda r, t: r.case_number),
    ("level", "审级", lambda r, t: r.level),
    ("unit", "被告单位", lambda r, t: r.unit_name),
    ("plaintiffs", "原告", lambda r, t: r.plaintiffs),
    ("cause", "案由", lambda r, t: r.cause),
    ("complaint_received", "收到起诉状副本", lambda r, t: _day(r.complaint_received)),
    ("defense_due", "答辩期限", lambda r, t: _due(r.defense_due)),
    ("filing_due", "备案期限", lambda r, t: _due(r.filing_due)),
    ("next_hearing", "下次开庭", lambda r, t: _day(r.next_hearing)),
    ("state", "状态", lambda r, t: caselist.state_text(r, t)),
    ("risk", "风险", lambda r, t: "有风险" if r.has_risk else ""),
    ("outcome", "结果", lambda r, t: (r.outcome + ("（败诉）" if r.is_loss else "")) if r.outcome else ""),
)
RECYCLE_COLUMNS = COLUMNS[:5] + (
    ("deleted_at", "删除时间", lambda r, t: r.deleted_at.strftime("%Y-%m-%d %H:%M") if r.deleted_at else ""),
    ("deleted_by", "删除人", lambda r, t: r.deleted_by or ""),
)


class CaseListModel(QAbstractTableModel):
    """Rows of ``caselist.query_rows`` for a filter and a sort, fetched lazily as the view scrolls."""

    def __init__(self, calendar: WorkCalendar, columns=COLUMNS, parent=None) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._columns = columns
        self._filter = CaseFilter()
        self._sort = "complaint_received"
        self._descending = True
        self._rows: list[CaseRow] = []
        self._total = 0
        self._today = dt.date.today()
        self._soon = self._today
        self._loaded = False

    # --- loading -----------------------------------------------------------------------------

    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    @property
    def total(self) -> int:
        return self._total

    def set_calendar(self, calendar: WorkCalendar) -> None:
        self._calendar = calendar

    def set_filter(self, case_filter: CaseFilter) -> None:
        self._filter = case_filter
        self.reload()

    def reload(self) -> None:
        self._loaded = True
        self.beginResetModel()
        try:
            self._today = dt.date.today()
            self._soon = caselist.soon_limit(self._calendar, self._today)
            self._total = caselist.count_rows(self._filter, self._today)
            self._rows = caselist.query_rows(self._filter, self._sort, self._descending, 0, caselist.PAGE_SIZE,
                                             self._today)
        finally:
            self.endResetModel()

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802, B008 - Qt override
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802, B008 - Qt override
        if parent.isValid():
            return
        more = caselist.query_rows(self._filter, self._sort, self._descending, len(self._rows),
                                   caselist.PAGE_SIZE, self._today)
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def case_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def row_of_case(self, case_id: int) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == case_id), None)

    def rows(self) -> list[CaseRow]:
        return list(self._rows)

    def all_rows(self) -> list[CaseRow]:
        """Every row of the current filter and sort (for export), not only the loaded ones."""
        return caselist.query_rows(self._filter, self._sort, self._descending, 0, max(self._total, 1), self._today)

    def headers(self) -> list[str]:
        return [header for _, header, _ in self._columns]

    def texts(self, row: CaseRow) -> list[str]:
        return [show(row, self._today) for _, _, show in self._columns]

    # --- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[index.column()][2](row, self._today)
        if role == Qt.ItemDataRole.ToolTipRole and self._columns[index.column()][0] == "state":
            due = row.earliest_open_due
            return f"最近一项未完成期限：{_due(due)}" if due else "没有未完成的期限"
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            urgency = caselist.urgency(row, self._today, self._soon)
            if role == Qt.ItemDataRole.BackgroundRole and urgency:
                return QBrush(OVERDUE_BACKGROUND if urgency == "overdue" else SOON_BACKGROUND)
            if role == Qt.ItemDataRole.ForegroundRole and urgency == "overdue":
                return QBrush(OVERDUE_TEXT)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt override
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            if 0 <= section < len(self._columns):
                return self._columns[section][1]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        key = self._columns[column][0]
        if key not in caselist.SORT_FIELDS:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort, self._descending) and self._loaded:
            return
        self._sort, self._descending = key, descending
        if self._loaded:              # before the first filter is set, only remember the order
            self.reload()
