"""The 日历 tab: a month view of hearings and deadlines (休/班 marked), the selected day's items, and 待办."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QLocale, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (QCalendarWidget, QComboBox, QHBoxLayout, QLabel,
                               QPushButton, QSpinBox, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from xiangshan_desk import agenda
from xiangshan_desk.agenda import AgendaItem
from xiangshan_desk.calendar import WorkCalendar
from xiangshan_desk.errors import AppError
from xiangshan_desk.units import list_units

from .context import AppContext
from .errors import show_error
from .files import FileDialogs, offer_open, remember_folder, suggested_path
from .rows_model import RowsModel
from .widgets import read_only_table

COLOURS = {agenda.OVERDUE: QColor("#c62828"), agenda.DUE: QColor("#e0a100"), agenda.DONE: QColor("#9e9e9e")}
TODAY_COLOUR = QColor("#1565c0")
KINDS = (("开庭和期限", (agenda.HEARING, agenda.DEADLINE)), ("只看开庭", (agenda.HEARING,)),
         ("只看期限", (agenda.DEADLINE,)))


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

    def set_items(self, calendar: WorkCalendar, days: dict[dt.date, list[AgendaItem]]) -> None:
        self.calendar = calendar
        self.days = days
        self.updateCells()

    def counts(self, day: dt.date) -> dict[str, int]:
        """How many items of each status fall on the day (what the cell shows)."""
        result = {agenda.OVERDUE: 0, agenda.DUE: 0, agenda.DONE: 0}
        for item in self.days.get(day, ()):
            result[item.status] += 1
        return result

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
        for status in (agenda.OVERDUE, agenda.DUE, agenda.DONE):
            count = self.counts(day)[status]
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
        self.todo_model = RowsModel(["单位", "案号", "事项", "到期日", "状态", "责任方"], self)
        self.todo_view = read_only_table(self.todo_model)
        self.todo_excel_button = QPushButton("导出清单（Excel）…")
        self.todo_word_button = QPushButton("导出催办单（Word）…")
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
        splitter.setSizes([460, 240])
        month_layout.addWidget(splitter, 1)
        todo_page = QWidget()
        todo_layout = QVBoxLayout(todo_page)
        todo_controls = QHBoxLayout()
        todo_controls.addWidget(QLabel("已逾期及"))
        todo_controls.addWidget(self.todo_days)
        todo_controls.addWidget(QLabel("单位"))
        todo_controls.addWidget(self.todo_unit_combo)
        todo_controls.addStretch(1)
        todo_controls.addWidget(self.todo_excel_button)
        todo_controls.addWidget(self.todo_word_button)
        todo_layout.addLayout(todo_controls)
        todo_layout.addWidget(self.todo_label)
        todo_layout.addWidget(self.todo_view, 1)
        self.pages.addTab(month_page, "月历")
        self.pages.addTab(todo_page, "待办")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.pages)

        # connections
        self.month.currentPageChanged.connect(lambda *_: self.reload_month())
        self.month.selectionChanged.connect(self._on_day_selected)
        self.unit_combo.currentIndexChanged.connect(lambda *_: self.reload_month())
        self.kind_combo.currentIndexChanged.connect(lambda *_: self.reload_month())
        self.today_button.clicked.connect(self.go_today)
        self.day_view.doubleClicked.connect(lambda index: self._open(self.day_model, index.row()))
        self.todo_view.doubleClicked.connect(lambda index: self._open(self.todo_model, index.row()))
        self.todo_days.valueChanged.connect(lambda *_: self.reload_todo())
        self.todo_unit_combo.currentIndexChanged.connect(lambda *_: self.reload_todo())
        self.todo_excel_button.clicked.connect(lambda: self._on_export_todo(".xlsx"))
        self.todo_word_button.clicked.connect(lambda: self._on_export_todo(".docx"))
        self.export_ics_button.clicked.connect(self._on_export_ics)

        self.reload_units()

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
        self.reload_month()
        self.reload_todo()

    def reload_month(self) -> None:
        year, month = self.month.yearShown(), self.month.monthShown()
        first = dt.date(year, month, 1) - dt.timedelta(days=7)       # the grid shows parts of two other months
        last = dt.date(year + (month == 12), month % 12 + 1, 1) + dt.timedelta(days=14)
        items = agenda.items_between(first, last, self.unit_combo.currentData(), self.kind_combo.currentData())
        self.month.set_items(self._context.calendar(), agenda.by_day(items))
        self._on_day_selected()

    def reload_todo(self) -> list[AgendaItem]:
        self._todo_items = agenda.todo(self.todo_days.value(), self.todo_unit_combo.currentData())
        self.todo_model.set_rows([(i.unit, i.case_number, i.what, i.day_text, i.status_text, i.responsible)
                                  for i in self._todo_items], [i.case_id for i in self._todo_items])
        overdue = sum(1 for i in self._todo_items if i.status == agenda.OVERDUE)
        self.todo_label.setText(f"共 {len(self._todo_items)} 项，其中已逾期 {overdue} 项（按单位、到期日排列）。"
                                "双击打开案件。")
        return self._todo_items

    def go_today(self) -> None:
        self.month.setSelectedDate(_qdate(dt.date.today()))
        self.month.showToday()

    def select_day(self, day: dt.date) -> list[AgendaItem]:
        self.month.setSelectedDate(_qdate(day))
        self.month.setCurrentPage(day.year, day.month)
        self._on_day_selected()
        return self._day_items

    def show_todo(self) -> None:
        self.pages.setCurrentIndex(1)
        self.reload_todo()

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

    def export_todo(self, path: str) -> Path:
        from xiangshan_desk.documents.todo import write_todo
        return write_todo(self._todo_items, path, self.todo_days.value())

    def _on_export_todo(self, suffix: str) -> None:
        name = f"行政应诉{'待办事项' if suffix == '.xlsx' else '催办单'}_{dt.date.today():%Y%m%d}{suffix}"
        path = FileDialogs.ask_save_path(self, "导出待办事项", suggested_path(self._context, name),
                                         "Excel 工作簿 (*.xlsx)" if suffix == ".xlsx" else "Word 文档 (*.docx)")
        if not path:
            return
        try:
            written = self.export_todo(path)
        except AppError as exc:
            show_error(self, exc)
            return
        remember_folder(self._context, path)
        self.todo_label.setText(f"已导出：{written}")
        offer_open(self, written)

    def _on_export_ics(self) -> None:
        path = FileDialogs.ask_save_path(self, "导出日历", suggested_path(self._context, "行政应诉日历.ics"),
                                         "iCalendar 文件 (*.ics)")
        if not path:
            return
        try:
            written, count = agenda.write_ics(path, dt.date.today())
        except AppError as exc:
            show_error(self, exc)
            return
        remember_folder(self._context, path)
        self.day_label.setText(f"已导出 {count} 个日历事件：{written}")
