"""The 日历 tab: a month view of hearings and deadlines (休/班 marked), the selected day's items, and 待办
(with 今日提醒 to copy or print, and the open cases with nothing scheduled, 无后续安排)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (QApplication, QCalendarWidget, QComboBox, QHBoxLayout, QLabel,
                               QPushButton, QSpinBox, QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget)

from xiangshan_desk.application import agenda, digest, reminders
from xiangshan_desk.application.agenda import AgendaItem
from xiangshan_desk.domain.calendar import WorkCalendar
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.application.units import list_units

from . import operations
from .context import AppContext, Change
from .errors import show_error
from .files import FileDialogs, offer_open, remember_folder, suggested_path
from .rows_model import RowsModel, RowTexts
from .widgets import read_only_table

COLOURS = {agenda.OVERDUE: QColor("#c62828"), agenda.DUE: QColor("#e0a100"), agenda.DONE: QColor("#9e9e9e")}
TODAY_COLOUR = QColor("#1565c0")
KINDS = (("开庭和期限", (agenda.HEARING, agenda.DEADLINE)), ("只看开庭", (agenda.HEARING,)),
         ("只看期限", (agenda.DEADLINE,)))
DUE_ITEMS, NOTHING_SCHEDULED = "due", "stale"
TODO_HEADERS = ["单位", "案号", "事项", "到期日", "状态", "责任方"]
STALE_HEADERS = ["单位", "案号", "审级", "案由", "最后一项记录", "搁置天数"]


@dataclass
class _TodoTable:
    """The to-do list as shown, worked out off the UI thread (twenty thousand rows on 100,000 cases): the window
    only hands the texts, keys and colours to its model."""
    items: list[AgendaItem]
    texts: RowTexts
    case_ids: list[int]
    backgrounds: list[QColor | None]     # coloured as in the case list: red overdue, amber due within 3 working days
    overdue: int


def _todo_table(items: list[AgendaItem], only_keys: frozenset[str] | None, calendar: WorkCalendar) -> _TodoTable:
    from xiangshan_desk.application.caselist import soon_limit

    from .case_list_model import OVERDUE_BACKGROUND, SOON_BACKGROUND
    if only_keys is not None:
        items = [i for i in items if reminders.item_key(i) in only_keys]
    today = dt.date.today()
    soon = soon_limit(calendar, today)
    backgrounds = [OVERDUE_BACKGROUND if i.status == agenda.OVERDUE else SOON_BACKGROUND if i.day <= soon else None
                   for i in items]
    texts = RowTexts([(i.unit, i.case_number, i.what, digest.due_text(i, calendar, today, table=True),
                       i.status_text, i.responsible) for i in items], len(TODO_HEADERS))
    return _TodoTable(items, texts, [i.case_id for i in items], backgrounds,
                      sum(i.status == agenda.OVERDUE for i in items))


def _stale_table(stale: list[agenda.StaleCase]) -> tuple[list[agenda.StaleCase], RowTexts]:
    """无后续安排 as shown, worked out off the UI thread."""
    return stale, RowTexts([(s.unit, s.case_number, s.level, s.cause, s.last_text, s.idle_days) for s in stale],
                           len(STALE_HEADERS))


def _count(items) -> dict[str, int]:
    result = {agenda.OVERDUE: 0, agenda.DUE: 0, agenda.DONE: 0}
    for item in items:
        result[item.status] += 1
    return result


def _day_counts(days: dict[dt.date, list[AgendaItem]]) -> dict[dt.date, dict[str, int]]:
    """How many items of each status fall on each day (what the month's cells show)."""
    return {day: _count(items) for day, items in days.items()}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class MonthView(QCalendarWidget):
    """QCalendarWidget drawing, in each day, its counts by status and the 休/班 marks."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.setMinimumHeight(240)
        self.calendar = WorkCalendar()
        self.days: dict[dt.date, list[AgendaItem]] = {}
        self._counts: dict[dt.date, dict[str, int]] = {}

    def set_items(self, calendar: WorkCalendar, days: dict[dt.date, list[AgendaItem]],
                  counts: dict[dt.date, dict[str, int]] | None = None) -> None:
        """``counts``: _day_counts(days), when already worked out (off the UI thread)."""
        self.calendar = calendar
        self.days = days
        self._counts = _day_counts(days) if counts is None else counts   # once, not on every paint
        self._colour_days()
        self.updateCells()

    def _colour_days(self) -> None:
        """Day numbers red on rest days (holidays included) and black on working days (调休 weekends included),
        from the working-day calendar rather than Qt's Saturday/Sunday rule."""
        from PySide6.QtGui import QTextCharFormat
        plain = QTextCharFormat()
        for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(weekday, plain)
        rest = QTextCharFormat()
        rest.setForeground(QColor("#c62828"))
        year, month = self.yearShown(), self.monthShown()
        day = dt.date(year, month, 1) - dt.timedelta(days=7)
        last = dt.date(year + (month == 12), month % 12 + 1, 1) + dt.timedelta(days=14)
        while day <= last:
            self.setDateTextFormat(QDate(day.year, day.month, day.day),
                                   plain if self.calendar.is_working(day) else rest)
            day += dt.timedelta(days=1)

    def is_drawn_as_rest_day(self, day: dt.date) -> bool:
        return self.dateTextFormat(QDate(day.year, day.month, day.day)).foreground().color() == QColor("#c62828")

    def counts(self, day: dt.date) -> dict[str, int]:
        """How many items of each status fall on the day (what the cell shows)."""
        return self._counts.get(day) or _count(())

    def mark(self, day: dt.date) -> str:
        """休 for a weekday off, 班 for a weekend day worked, "" otherwise."""
        if self.calendar.is_holiday(day):
            return "休"
        if self.calendar.is_adjusted_working(day):
            return "班"
        return ""

    def paintCell(self, painter: QPainter, rect: QRect, date: QDate) -> None:  # noqa: N802 - Qt override
        super().paintCell(painter, rect, date)
        day = _pydate(date)
        painter.save()
        if day == dt.date.today():
            painter.setPen(QPen(TODAY_COLOUR, 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        mark = self.mark(day)
        small = QFont(painter.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.8))
        painter.setFont(small)
        if mark:
            painter.setPen(QColor("#2e7d32") if mark == "休" else QColor("#6d4c41"))
            painter.drawText(rect.adjusted(3, 2, -3, -2), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, mark)
        x = rect.left() + 3
        counts = self.counts(day)
        for status in (agenda.OVERDUE, agenda.DUE, agenda.DONE):
            count = counts[status]
            if not count:
                continue
            text = str(count)
            width = max(16, painter.fontMetrics().horizontalAdvance(text) + 8)
            badge = QRect(x, rect.bottom() - 17, width, 15)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(COLOURS[status])
            painter.drawRoundedRect(badge, 6, 6)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            x += width + 3
        painter.restore()


class CalendarTab(QWidget):
    case_open_requested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._day_items: list[AgendaItem] = []
        self._todo_items: list[AgendaItem] = []
        self._stale: list[agenda.StaleCase] = []
        self._only_keys: frozenset[str] | None = None      # the items of a notification the clerk clicked
        self._reload_when_shown = False
        # each reload of the month and of the to-do list counts; a background read for an older one is dropped
        self._month_generation = self._todo_generation = 0

        # widgets: month page
        self.month = MonthView()
        self.unit_combo = QComboBox()
        self.kind_combo = QComboBox()
        for text, data in KINDS:
            self.kind_combo.addItem(text, data)
        self.today_button = QPushButton("今天")
        self.legend = QLabel("<span style='color:#c62828'>■</span> 逾期　<span style='color:#e0a100'>■</span> 待办"
                             "　<span style='color:#9e9e9e'>■</span> 已完成　休：节假日　班：调休上班日")
        self.day_label = QLabel()
        self.day_model = RowsModel(["类别", "案号", "单位", "事项", "状态", "责任方"], self)
        self.day_view = read_only_table(self.day_model)
        self.export_ics_button = QPushButton("导出日历（.ics）…")
        # widgets: to-do page
        self.todo_days = QSpinBox()
        self.todo_days.setRange(0, 365)
        self.todo_days.setValue(agenda.DEFAULT_TODO_DAYS)
        self.todo_days.setSuffix(" 天内到期")
        self.todo_unit_combo = QComboBox()
        self.todo_label = QLabel()
        self.todo_model = RowsModel(TODO_HEADERS, self)
        self.todo_view = read_only_table(self.todo_model)
        self.todo_excel_button = QPushButton("导出清单（Excel）…")
        self.todo_word_button = QPushButton("导出催办单（Word）…")
        self.todo_mode = QComboBox()
        self.todo_mode.addItem("到期事项", DUE_ITEMS)
        self.todo_mode.addItem("无后续安排", NOTHING_SCHEDULED)
        self.todo_mode.setToolTip("无后续安排：在办案件中没有未完成的期限、也没有已排定的开庭，且超过所设天数没有任何记录")
        self.todo_due_label = QLabel("已逾期及")
        self.stale_days = QSpinBox()
        self.stale_days.setRange(1, 3650)
        self.stale_days.setValue(context.settings.stale_days if context.settings.stale_days > 0
                                 else agenda.DEFAULT_STALE_DAYS)
        self.stale_days.setPrefix("超过 ")
        self.stale_days.setSuffix(" 天")
        self.stale_days.hide()
        self.stale_model = RowsModel(STALE_HEADERS, self)
        self.stale_view = read_only_table(self.stale_model)
        self.todo_stack = QStackedWidget()
        self.show_all_button = QPushButton("显示全部待办")
        self.show_all_button.hide()
        self.digest_copy_button = QPushButton("复制今日提醒")
        self.digest_copy_button.setToolTip("按单位分组的已逾期及到期事项文本，可粘贴到工作群或邮件；记入各案件的督办留痕")
        self.digest_print_button = QPushButton("打印今日提醒（Word）…")
        self.pages = QTabWidget()

        # assemble
        filters = QHBoxLayout()
        filters.addWidget(QLabel("单位"))
        filters.addWidget(self.unit_combo)
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.today_button)
        filters.addStretch(1)
        filters.addWidget(self.export_ics_button)
        month_page = QWidget()
        month_layout = QVBoxLayout(month_page)
        month_layout.addLayout(filters)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.month)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.legend)
        lower_layout.addWidget(self.day_label)
        lower_layout.addWidget(self.day_view)
        splitter.addWidget(lower)
        splitter.setSizes([400, 300])         # the day pane shows 6 rows, not 3 (issue #21)
        month_layout.addWidget(splitter, 1)
        todo_page = QWidget()
        todo_layout = QVBoxLayout(todo_page)
        todo_controls = QHBoxLayout()
        todo_controls.addWidget(self.todo_mode)
        todo_controls.addWidget(self.todo_due_label)
        todo_controls.addWidget(self.todo_days)
        todo_controls.addWidget(self.stale_days)
        todo_controls.addWidget(QLabel("单位"))
        todo_controls.addWidget(self.todo_unit_combo)
        todo_controls.addStretch(1)
        todo_controls.addWidget(self.todo_excel_button)
        todo_controls.addWidget(self.todo_word_button)
        todo_layout.addLayout(todo_controls)
        todo_status = QHBoxLayout()
        todo_status.addWidget(self.todo_label, 1)
        todo_status.addWidget(self.show_all_button)
        todo_status.addWidget(self.digest_copy_button)
        todo_status.addWidget(self.digest_print_button)
        todo_layout.addLayout(todo_status)
        self.todo_stack.addWidget(self.todo_view)
        self.todo_stack.addWidget(self.stale_view)
        todo_layout.addWidget(self.todo_stack, 1)
        self.pages.addTab(month_page, "月历")
        self.pages.addTab(todo_page, "待办")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)

        # connections
        # a month or a to-do list takes seconds to read on 100,000 cases: read off the UI thread
        self.month.currentPageChanged.connect(lambda *_: self._read(month=True, todo=False))
        self.month.selectionChanged.connect(self._on_day_selected)
        self.unit_combo.currentIndexChanged.connect(lambda *_: self._read(month=True, todo=False))
        self.kind_combo.currentIndexChanged.connect(lambda *_: self._read(month=True, todo=False))
        self.today_button.clicked.connect(self.go_today)
        self.day_view.doubleClicked.connect(lambda index: self._open(self.day_model, index.row()))
        self.todo_view.doubleClicked.connect(lambda index: self._open(self.todo_model, index.row()))
        self.todo_days.valueChanged.connect(lambda *_: self._read(month=False, todo=True))
        self.todo_unit_combo.currentIndexChanged.connect(lambda *_: self._read(month=False, todo=True))
        self.todo_excel_button.clicked.connect(lambda: self._on_export_todo(".xlsx"))
        self.todo_word_button.clicked.connect(lambda: self._on_export_todo(".docx"))
        self.export_ics_button.clicked.connect(self._on_export_ics)
        self.todo_mode.currentIndexChanged.connect(self._on_todo_mode_changed)
        self.stale_days.valueChanged.connect(lambda *_: self._read(month=False, todo=True))
        self.stale_view.doubleClicked.connect(lambda index: self._open(self.stale_model, index.row()))
        self.show_all_button.clicked.connect(lambda: self.show_todo(None))
        self.digest_copy_button.clicked.connect(lambda: self.copy_digest())
        self.digest_print_button.clicked.connect(self._on_print_digest)

        self.reload_units()
        context.signals.data_changed.connect(self._on_data_changed)

    # --- loading -----------------------------------------------------------------------------

    def reload_units(self) -> None:
        units = list_units()
        for combo in (self.unit_combo, self.todo_unit_combo):
            combo.blockSignals(True)
            current = combo.currentData()
            combo.clear()
            combo.addItem("全部单位", None)
            for unit in units:
                combo.addItem(unit.name, unit.id)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def reload(self) -> None:
        self._reload_when_shown = False
        self.reload_month()
        self.reload_todo()

    def reload_in_background(self) -> operations.Operation:
        """Read the month shown and the to-do list off the UI thread (several seconds on 100,000 cases), then
        show them: after a data change, and when the tab is shown."""
        self._reload_when_shown = False
        return self._read(month=True, todo=True)

    def _read(self, month: bool, todo: bool) -> operations.Operation:
        """Read the month shown and/or the to-do list off the UI thread, then show them. Every change of month,
        filter or mode comes here; a read overtaken by a later one of the same part is dropped."""
        stale = self.todo_mode.currentData() == NOTHING_SCHEDULED
        if todo and stale:
            self._todo_generation += 1
            self.reload_stale()                 # 无后续安排: read off the UI thread too
            todo = False
        if month:
            self._month_generation += 1
        if todo:
            self._todo_generation += 1
        month_generation, todo_generation = self._month_generation, self._todo_generation
        month_query = self._month_query() if month else None
        todo_query = self._todo_query() if todo else None
        only_keys, cal = self._only_keys, self._context.calendar()

        def work():
            days = counts = table = None
            if month_query is not None:
                days = agenda.by_day(agenda.items_between(*month_query))
                counts = _day_counts(days)
            if todo_query is not None:
                table = _todo_table(agenda.todo(*todo_query), only_keys, cal)
            return days, counts, table

        def done(result) -> None:
            month_days, month_counts, todo_table = result
            if month_days is not None and month_generation == self._month_generation:
                self._show_month(month_days, month_counts)
            if todo_table is not None and todo_generation == self._todo_generation:
                self._show_todo_table(todo_table)
        return operations.read(work, done, self._on_background_failed, self)

    def _on_data_changed(self, what: str) -> None:
        """Cases, holidays or units changed (the context's data-changed signal): reload now if shown, else when
        next shown."""
        if what in (Change.REFERENCE, Change.ALL):
            self.reload_units()
        if self.isVisible():
            self.reload_in_background()
        else:
            self._reload_when_shown = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._reload_when_shown:
            self.reload_in_background()

    def _month_query(self) -> tuple:
        year, month = self.month.yearShown(), self.month.monthShown()
        first = dt.date(year, month, 1) - dt.timedelta(days=7)       # the grid shows parts of two other months
        last = dt.date(year + (month == 12), month % 12 + 1, 1) + dt.timedelta(days=14)
        return first, last, self.unit_combo.currentData(), self.kind_combo.currentData()

    def _todo_query(self) -> tuple:
        return self.todo_days.value(), self.todo_unit_combo.currentData()

    def reload_month(self) -> None:
        self._month_generation += 1
        self._show_month(agenda.by_day(agenda.items_between(*self._month_query())))

    def _show_month(self, days: dict[dt.date, list[AgendaItem]],
                    counts: dict[dt.date, dict[str, int]] | None = None) -> None:
        """The month's items by day (agenda.by_day) and their counts, worked out off the UI thread (tens of thousands
        of items on 100,000 cases)."""
        year, month = self.month.yearShown(), self.month.monthShown()
        self.month.set_items(self._context.calendar(), days, counts)
        selected = _pydate(self.month.selectedDate())
        if (selected.year, selected.month) != (year, month):
            # the day pane follows the month shown: the same day of that month (or its last day)
            import calendar as month_calendar
            day = min(selected.day, month_calendar.monthrange(year, month)[1])
            self.month.setSelectedDate(QDate(year, month, day))     # selectionChanged fills the pane
        self._on_day_selected()

    def reload_todo(self) -> list[AgendaItem]:
        self._todo_generation += 1
        if self.todo_mode.currentData() == NOTHING_SCHEDULED:
            self.reload_stale()
            return self._todo_items
        return self._show_todo(agenda.todo(*self._todo_query()))

    def _show_todo(self, items: list[AgendaItem]) -> list[AgendaItem]:
        return self._show_todo_table(_todo_table(items, self._only_keys, self._context.calendar()))

    def _show_todo_table(self, table: _TodoTable) -> list[AgendaItem]:
        self._todo_items = table.items
        self.todo_model.set_rows(table.texts, table.case_ids, table.backgrounds)
        which = "提醒中的事项" if self._only_keys is not None else ""
        self.todo_label.setText(f"{which}共 {len(table.items)} 项，其中已逾期 {table.overdue} 项（按单位、到期日排列）。"
                                "双击打开案件。")
        return self._todo_items

    def reload_stale(self) -> None:
        """无后续安排: open cases with no open deadline and no hearing ahead, idle for more than N days. It reads
        every open case's dates (about a second on 100,000 cases), so it runs off the UI thread."""
        days, unit_id = self.stale_days.value(), self.todo_unit_combo.currentData()
        self.todo_label.setText("正在查找无后续安排的案件…")
        operations.read(lambda: _stale_table(agenda.nothing_scheduled(days, unit_id)),
                        lambda table: self._on_stale_loaded(*table, days), self._on_background_failed, self)

    def _on_stale_loaded(self, stale: list[agenda.StaleCase], texts: RowTexts, days: int) -> None:
        if days != self.stale_days.value():
            return                      # a later request is on its way
        self._stale = stale
        self.stale_model.set_rows(texts, [s.case_id for s in stale])
        if self.todo_mode.currentData() == NOTHING_SCHEDULED:
            self.todo_label.setText(f"在办案件中没有未完成期限、没有已排定开庭、超过 {days} 天没有新记录的共 {len(stale)} 件"
                                    "（搁置最久的在前）。双击打开案件，补录裁判、生效或开庭安排。")

    def wait_background(self, msecs: int = 30_000) -> bool:
        """Block until the 无后续安排 and 今日提醒 work is done and shown (tests)."""
        return operations.wait_all(msecs)

    def _on_background_failed(self, exc: BaseException) -> None:
        show_error(self, exc)

    def go_today(self) -> None:
        self.month.setSelectedDate(_qdate(dt.date.today()))
        self.month.showToday()

    def select_day(self, day: dt.date) -> list[AgendaItem]:
        """Show the month of ``day`` (read now, not in the background) and select the day; its items."""
        self.month.setSelectedDate(_qdate(day))
        self.month.setCurrentPage(day.year, day.month)
        self.reload_month()
        return self._day_items

    def show_todo(self, keys: frozenset[str] | None = None) -> list[AgendaItem]:
        """The to-do page; with ``keys`` (a notification's items) only those, until 显示全部待办. The list is read
        off the UI thread; the items returned are those shown until it arrives."""
        self.pages.setCurrentIndex(1)
        self._only_keys = frozenset(keys) if keys is not None else None
        self.show_all_button.setVisible(keys is not None)
        self.todo_mode.blockSignals(True)
        self.todo_mode.setCurrentIndex(0)
        self.todo_mode.blockSignals(False)
        self._on_todo_mode_changed()
        return self._todo_items

    def show_nothing_scheduled(self) -> None:
        self.pages.setCurrentIndex(1)
        self.todo_mode.setCurrentIndex(self.todo_mode.findData(NOTHING_SCHEDULED))

    # --- 今日提醒 ----------------------------------------------------------------------------

    def _digest_work(self, how: str, path: str | None = None):
        """The work of sending a digest, for the background: read, write the text or the Word page, record."""
        days, unit_id, actor, cal = (self.todo_days.value(), self.todo_unit_combo.currentData(), self._context.actor,
                                     self._context.calendar())

        def work(progress):
            from xiangshan_desk.application import digest, escalation
            result = digest.collect(days, unit_id)
            output = digest.write_docx(result, cal, path) if path else digest.text(result, cal)
            recorded = escalation.record(actor, result.unit_items, how, result.as_of)
            return result.total, output, recorded
        return work

    def copy_digest(self, on_done=None) -> None:
        """Put the digest's text on the clipboard, for a work group or an e-mail, and record it as sent (督办留痕).
        Runs in the background; ``on_done(message)`` is called when the text is on the clipboard."""
        from xiangshan_desk.application import escalation
        self.todo_label.setText("正在生成今日提醒…")

        def done(result) -> None:
            total, text, recorded = result
            QApplication.clipboard().setText(text)
            message = (f"已复制今日提醒（{total} 项），可粘贴到工作群或邮件"
                       + (f"；已记入 {recorded} 项的督办留痕。" if recorded else "。"))
            self.todo_label.setText(message)
            if on_done is not None:
                on_done(message)
        operations.run(self, "正在生成今日提醒…", self._digest_work(escalation.DIGEST_COPIED), done,
                       on_error=self._on_digest_refused)

    def print_digest(self, path: str) -> None:
        """Write the digest's Word page to print, record it as sent, then offer to open it (in the background)."""
        from xiangshan_desk.application import escalation
        self.todo_label.setText("正在生成今日提醒（Word）…")

        def done(result) -> None:
            total, written, recorded = result
            remember_folder(self._context, path)
            self.todo_label.setText(f"已生成今日提醒（{total} 项）：{written}，打开后打印"
                                    + (f"；已记入 {recorded} 项的督办留痕。" if recorded else "。"))
            offer_open(self, written)
        operations.run(self, "正在生成今日提醒（Word）…", self._digest_work(escalation.DIGEST_PRINTED, path), done,
                       on_error=self._on_digest_refused)

    def _on_digest_refused(self, exc: AppError) -> None:
        self.todo_label.setText(exc.message)
        show_error(self, exc)

    # --- slots -------------------------------------------------------------------------------

    def _on_day_selected(self) -> None:
        day = _pydate(self.month.selectedDate())
        self._day_items = self.month.days.get(day, [])
        mark = self.month.mark(day)
        self.day_label.setText(f"{day.isoformat()}（{'节假日' if mark == '休' else '调休上班日' if mark == '班' else ''}）"
                               .replace("（）", "") + f"　共 {len(self._day_items)} 项，双击打开案件")
        self.day_model.set_rows([("开庭" if i.kind == agenda.HEARING else "期限", i.case_number, i.unit, i.what,
                                  i.status_text, i.responsible) for i in self._day_items],
                                [i.case_id for i in self._day_items])

    def _open(self, model: RowsModel, row: int) -> None:
        case_id = model.key(row)
        if case_id is not None:
            self.case_open_requested.emit(case_id)

    def export_todo(self, path: str) -> operations.Operation:
        """The to-do items shown into an Excel list or a Word 催办单 (recorded as sent: 督办留痕), in a separate
        process (thousands of letters' worth of document objects); the operation's result is the path written."""
        from xiangshan_desk.application.documents.todo import write_notices

        def done(written: Path) -> None:
            remember_folder(self._context, path)
            self.todo_label.setText(f"已导出：{written}")
            offer_open(self, written)
        return operations.run_in_process(self, "正在导出待办事项…", write_notices,
                                         (list(self._todo_items), path, self.todo_days.value(), self._context.actor),
                                         done)

    def _on_todo_mode_changed(self, *_args) -> None:
        stale = self.todo_mode.currentData() == NOTHING_SCHEDULED
        for widget in (self.todo_due_label, self.todo_days, self.todo_excel_button, self.todo_word_button,
                       self.digest_copy_button, self.digest_print_button):
            widget.setVisible(not stale)
        self.stale_days.setVisible(stale)
        if stale:
            self.show_all_button.hide()
        else:
            self.show_all_button.setVisible(self._only_keys is not None)
        self.todo_stack.setCurrentWidget(self.stale_view if stale else self.todo_view)
        self._read(month=False, todo=True)

    def _on_print_digest(self) -> None:
        name = f"行政应诉今日提醒_{dt.date.today():%Y%m%d}.docx"
        path = FileDialogs.ask_save_path(self, "打印今日提醒", suggested_path(self._context, name), "Word 文档 (*.docx)")
        if path:
            self.print_digest(path)

    def _on_export_todo(self, suffix: str) -> None:
        name = f"行政应诉{'待办事项' if suffix == '.xlsx' else '催办单'}_{dt.date.today():%Y%m%d}{suffix}"
        path = FileDialogs.ask_save_path(self, "导出待办事项", suggested_path(self._context, name),
                                         "Excel 工作簿 (*.xlsx)" if suffix == ".xlsx" else "Word 文档 (*.docx)")
        if path:
            self.export_todo(path)

    def _on_export_ics(self) -> None:
        path = FileDialogs.ask_save_path(self, "导出日历", suggested_path(self._context, "行政应诉日历.ics"),
                                         "iCalendar 文件 (*.ics)")
        if not path:
            return

        def done(result) -> None:
            written, count = result
            remember_folder(self._context, path)
            self.day_label.setText(f"已导出 {count} 个日历事件：{written}")
        operations.run_in_process(self, "正在导出日历…", agenda.write_ics, (path, dt.date.today()), done)
