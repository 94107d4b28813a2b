"""The case list's item model: rows come from the core's SQL query, a page at a time."""
from __future__ import annotations

import datetime as dt
import logging
from collections import OrderedDict

from PySide6.QtCore import (QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt,
                            Signal)
from PySide6.QtGui import QColor

from xiangshan_desk.application import caselist
from xiangshan_desk.application.caselist import CaseFilter, CaseRow
from xiangshan_desk.domain.calendar import WorkCalendar

from . import operations

OVERDUE_BACKGROUND = QColor("#f8d7da")
SOON_BACKGROUND = QColor("#fff3cd")
OVERDUE_TEXT = QColor("#8b1a1a")


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _due(value: dt.date | None, unconfirmed: bool, cal: WorkCalendar) -> str:
    """2026-10-10 周六（调休上班）, 2027-01-04 周一（未确认）: the weekday in the calendar's one wording
    (WorkCalendar.weekday_text), the mark as caselist.due_text prints it."""
    return caselist.due_text(value, unconfirmed, cal.weekday_text(value)) if value else ""


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_USER = int(Qt.ItemDataRole.UserRole.value)
EXPORT_CHUNK = 5000     # rows read at a time for an export (a progress report and a chance to cancel between)
PAGES_KEPT = 20          # pages of rows past the first kept in memory (4,000 rows)
_ROLES_SHOWN = frozenset({_DISPLAY, _BACKGROUND, _FOREGROUND, _TOOLTIP, _USER})

# (sort key, header, how a row shows it: row, today, working-day calendar)
COLUMNS = (
    ("case_number", "案号", lambda r, t, c: r.case_number),
    ("level", "审级", lambda r, t, c: r.level),
    ("unit", "被告单位", lambda r, t, c: r.unit_name),
    ("plaintiffs", "原告", lambda r, t, c: r.plaintiffs),
    ("cause", "案由", lambda r, t, c: r.cause),
    ("complaint_received", "收到起诉状副本", lambda r, t, c: _day(r.complaint_received)),
    ("defense_due", "答辩期限", lambda r, t, c: _due(r.defense_due, r.defense_due_unconfirmed, c)),
    ("filing_due", "备案期限", lambda r, t, c: _due(r.filing_due, r.filing_due_unconfirmed, c)),
    ("next_due", "下一期限", lambda r, t, c: caselist.next_due_text(
        r, t, c.weekday_text(r.earliest_open_due) if r.earliest_open_due else "")),
    ("next_hearing", "下次开庭", lambda r, t, c: _day(r.next_hearing)),
    ("state", "状态", lambda r, t, c: caselist.state_text(r, t)),
    ("risk", "风险", lambda r, t, c: "有风险" if r.has_risk else ""),
    ("outcome", "结果", lambda r, t, c: (r.outcome + ("（败诉）" if r.is_loss else "")) if r.outcome else ""),
)
# The widest text each column of COLUMNS usually holds: the case list opens with every column this wide (on a
# 1366×768 screen the table then scrolls sideways rather than squeezing or cutting texts), and the 案号 column is
# never narrower than a whole 案号 with its 材料中 mark (issue #21).
WIDEST = {
    "case_number": f"（2026）浙0225行初12345号（{caselist.MATERIAL_MARK}）",
    "level": "再审", "unit": "宁波市自然资源和规划局象山分局", "plaintiffs": "宁波某建设工程有限公司等",
    "cause": "不履行法定职责", "complaint_received": "2026-12-31", "defense_due": "2026-12-31 周六（调休上班）",
    "filing_due": "2026-12-31 周六（调休上班）", "next_due": "败诉报告期限 12月31日 周六（调休上班） · 已逾期99天",
    "next_hearing": "2026-12-31", "state": "在办（12月31日生效）", "risk": "有风险", "outcome": "确认违法但不撤销（败诉）",
}
RECYCLE_COLUMNS = COLUMNS[:5] + (
    ("deleted_at", "删除时间", lambda r, t, c: r.deleted_at.strftime("%Y-%m-%d %H:%M") if r.deleted_at else ""),
    ("deleted_by", "删除人", lambda r, t, c: r.deleted_by or ""),
)


class CaseListModel(QAbstractTableModel):
    """Rows of ``caselist.query_rows`` for a filter and a sort, fetched lazily as the view scrolls."""

    total_known = Signal(int)           # the background count of a broad search has arrived

    def __init__(self, calendar: WorkCalendar, columns=COLUMNS, parent=None) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._columns = columns
        self._filter = CaseFilter()
        self._sort = "complaint_received"
        self._descending = True
        self._first: list[CaseRow] = []         # the first screen, always at hand
        self._pages: OrderedDict[int, list[CaseRow | None]] = OrderedDict()   # later pages, the latest used
        self._shown: dict[int, tuple] = {}      # row -> its texts and colours, worked out when first painted
        self._material_hits: set[int] = set()   # cases found only by the text of their materials (材料中)
        self._ids: list[int] | None = None      # every id of the filter and sort, once scrolled past the first page
        self._count = 0                         # rows the view knows of (a page more at each fetchMore)
        self._total: int | None = 0             # None while a broad search is counted in the background
        self._generation = 0                    # each reload; a count for an older filter is dropped
        self._counting: operations.Operation | None = None
        self._today = dt.date.today()
        self._soon = self._today
        self._loaded = False

    # --- loading -----------------------------------------------------------------------------

    @property
    def case_filter(self) -> CaseFilter:
        return self._filter

    @property
    def total(self) -> int:
        """How many cases the filter finds (counted now if the background count has not reported yet)."""
        if self._total is None:
            self._total = caselist.count_rows(self._filter, self._today)
            self.total_known.emit(self._total)
        return self._total

    @property
    def known_total(self) -> int | None:
        """The count if known; None while a broad search is being counted (more than one screen)."""
        return self._total

    def finish_background_work(self, msecs: int = 30000) -> bool:
        """Wait for a count still running (the window is closing); its result is no longer wanted."""
        self._generation += 1
        return self._counting is None or self._counting.wait_ended(msecs)

    def wait_for_count(self, msecs: int = 30000) -> bool:
        """Tests: block until a background count has reported."""
        done = self._counting is None or self._counting.wait(msecs)
        QCoreApplication.processEvents()
        return done

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
            # The first screen, and one row more: a search that matches fewer rows is counted by it, so a rare
            # name costs one walk of the list's index, not a second pass to count (benchmarks/README.md).
            self._ids = None
            self._shown = {}
            self._pages.clear()
            rows = caselist.query_rows(self._filter, self._sort, self._descending, 0, caselist.PAGE_SIZE + 1,
                                       self._today)
            self._generation += 1
            if len(rows) <= caselist.PAGE_SIZE:
                self._total = len(rows)
            else:
                # A broad search: the first screen is shown at once and counted off the UI thread (a count
                # reads every case; typing should not wait for it). Scrolling on learns the count anyway.
                del rows[caselist.PAGE_SIZE:]
                self._total = None
                self._count_in_background()
            self._first = rows
            self._count = len(rows)
            self._material_hits = caselist.material_only_hits(self._filter.text, [row.id for row in rows])
        finally:
            self.endResetModel()

    def _count_in_background(self) -> None:
        generation, case_filter, today = self._generation, self._filter, self._today

        def counted(total) -> None:
            if generation == self._generation and self._total is None:
                self._total = total
                self.total_known.emit(total)

        def failed(exc: BaseException) -> None:
            logging.getLogger(__name__).warning("background count failed: %s", exc)
            if generation == self._generation and self._total is None:
                counted(caselist.count_rows(case_filter, today))
        self._counting = operations.read(lambda: caselist.count_rows(case_filter, today), counted, failed, self)

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802, B008 - Qt override
        if parent.isValid():
            return False
        return self._count < self._total if self._total is not None else True

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802, B008 - Qt override
        if parent.isValid():
            return
        if self._ids is None:          # the first scroll past the first screen: every id once, then pages by id
            self._ids = caselist.query_ids(self._filter, self._sort, self._descending, self._today)
            if self._total != len(self._ids):           # not counted yet, or cases came or went meanwhile
                self._total = len(self._ids)
                self.total_known.emit(self._total)
        more = min(caselist.PAGE_SIZE, self._total - self._count)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._count, self._count + more - 1)
        self._count += more
        self.endInsertRows()

    def _row(self, number: int) -> CaseRow | None:
        """A loaded row; pages past the first are read by id when shown, and only the latest used are kept
        (scrolling through 100,000 cases keeps a few thousand rows in memory). None: the case has gone."""
        page, offset = divmod(number, caselist.PAGE_SIZE)
        if page == 0:
            return self._first[offset] if offset < len(self._first) else None
        rows = self._pages.get(page)
        if rows is None:
            ids = self._ids[page * caselist.PAGE_SIZE:(page + 1) * caselist.PAGE_SIZE]
            found = {row.id: row for row in caselist.rows_by_ids(ids)}
            rows = self._pages[page] = [found.get(case_id) for case_id in ids]
            self._material_hits |= caselist.material_only_hits(self._filter.text, ids)
            if len(self._pages) > PAGES_KEPT:
                dropped, _ = self._pages.popitem(last=False)
                for gone in range(dropped * caselist.PAGE_SIZE, (dropped + 1) * caselist.PAGE_SIZE):
                    self._shown.pop(gone, None)
        else:
            self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None

    def case_id(self, row: int) -> int | None:
        if not 0 <= row < self._count:
            return None
        if row < len(self._first):
            return self._first[row].id
        return self._ids[row] if self._ids is not None else None

    def row_of_case(self, case_id: int) -> int | None:
        found = next((i for i, r in enumerate(self._first) if r.id == case_id), None)
        if found is None and self._ids is not None and case_id in self._ids:
            found = self._ids.index(case_id)
            return found if found < self._count else None
        return found

    def all_rows(self) -> list[CaseRow]:
        """Every row of the current filter and sort (for export), not only the loaded ones."""
        return caselist.query_rows(self._filter, self._sort, self._descending, 0, max(self.total, 1), self._today)

    def rows_work(self):
        """The texts of every row of the current filter and sort, as shown, for an export: the filter and sort are
        taken now (UI thread); the returned ``work(progress)`` reads and formats on the worker."""
        case_filter, sort, descending, today = self._filter, self._sort, self._descending, self._today
        calendar = self._calendar
        shows = [show for _, _, show in self._columns]

        def work(progress) -> list[list[str]]:
            ids = caselist.query_ids(case_filter, sort, descending, today)
            progress(0, len(ids))
            texts: list[list[str]] = []
            for start in range(0, len(ids), EXPORT_CHUNK):
                for row in caselist.rows_by_ids(ids[start:start + EXPORT_CHUNK]):
                    texts.append([show(row, today, calendar) for show in shows])
                progress(len(texts), len(ids))
            return texts
        return work

    def headers(self) -> list[str]:
        return [header for _, header, _ in self._columns]

    def texts(self, row: CaseRow) -> list[str]:
        return [show(row, self._today, self._calendar) for _, _, show in self._columns]

    # --- Qt model interface ----------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802, B008 - Qt override
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # Called for every role of every visible cell at each repaint: the roles are plain ints compared once,
        # and a row's texts and colours are worked out once per load.
        if role not in _ROLES_SHOWN:
            return None
        number = index.row()
        if not 0 <= number < self._count:
            return None
        shown = self._shown.get(number)
        if shown is None:
            row = self._row(number)
            if row is None:
                return None
            shown = self._shown[number] = self._show(row)
        if role == _DISPLAY:
            return shown[0][index.column()]
        if role == _BACKGROUND:
            return shown[1]
        if role == _FOREGROUND:
            return shown[2]
        if role == _USER:
            return self.case_id(number)
        if self._columns[index.column()][0] == "state":          # the tooltip of 状态
            row = self._row(number)
            due = row.earliest_open_due if row else None
            return (f"最近一项未完成期限：{_due(due, row.next_due_unconfirmed, self._calendar)}" if due
                    else "没有未完成的期限")
        return None

    def _show(self, row: CaseRow) -> tuple[list[str], QColor | None, QColor | None]:
        # colours, not brushes: Qt paints a QColor as a solid brush, and building a QBrush from Python makes
        # PySide6 try its image and gradient overloads, creating their enums at start-up (benchmarks/README.md)
        urgency = caselist.urgency(row, self._today, self._soon)
        background = (OVERDUE_BACKGROUND if urgency == "overdue" else SOON_BACKGROUND) if urgency else None
        foreground = OVERDUE_TEXT if urgency == "overdue" else None
        texts = [show(row, self._today, self._calendar) for _, _, show in self._columns]
        if row.id in self._material_hits and self._columns and self._columns[0][0] == "case_number":
            texts[0] = f"{texts[0]}（{caselist.MATERIAL_MARK}）"      # found by the text of its materials
        return texts, background, foreground

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
