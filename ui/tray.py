"""The tray icon: a red count of overdue items, a menu, and the system notifications at the chosen times
(the schedule and what to say come from xiangshan_desk.application.reminders; the reading runs off the UI thread)."""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from xiangshan_desk.application import agenda, reminders
from xiangshan_desk.persistence.paths import data_dir
from xiangshan_desk.application.locate import resource
from xiangshan_desk.application.reminders import Notification, ReminderConfig, ReminderState

from .context import AppContext
from . import operations

log = logging.getLogger(__name__)
CHECK_INTERVAL_MS = 60_000          # the clock is looked at once a minute; the database only when a round is due
COUNT_EVERY = dt.timedelta(minutes=15)   # the red count, kept current while the window stays hidden for days
FIRST_CHECK_MS = 3_000              # shortly after start: a program started at 10:00 gives the 08:30 round then
MESSAGE_MS = 20_000
TITLE = "象山县行政应诉工作台"


def app_pixmap(size: int = 64) -> QPixmap:
    path = resource("icons", "app.png")
    pixmap = QPixmap()
    pixmap.loadFromData(path.read_bytes())
    if pixmap.isNull():                     # a damaged resource still leaves a visible tray icon
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor("#1565c0"))
    return pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def badge_pixmap(overdue: int, size: int = 64) -> QPixmap:
    """The program's icon with a red disc and the count of overdue items (99+ above 99); none at 0."""
    pixmap = app_pixmap(size)
    if overdue <= 0:
        return pixmap
    text = "99+" if overdue > 99 else str(overdue)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    diameter = int(size * (0.62 if len(text) < 3 else 0.72))
    rect = QRect(size - diameter, 0, diameter, diameter)
    painter.setPen(QColor("white"))
    painter.setBrush(QColor("#d32f2f"))
    painter.drawEllipse(rect.adjusted(1, 1, -1, -1))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(diameter * (0.6 if len(text) == 1 else 0.48 if len(text) == 2 else 0.36)))
    painter.setFont(font)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


class ReminderTray(QObject):
    """Owns the QSystemTrayIcon. Tells the main window what the clerk asked for through signals."""

    open_requested = Signal()
    todo_requested = Signal(object)           # frozenset of reminders.item_key, or None for the whole list
    digest_requested = Signal()
    settings_requested = Signal()
    quit_requested = Signal()
    notified = Signal(object)                 # the Notification just shown (tests, the status bar)

    def __init__(self, context: AppContext, parent: QObject | None = None,
                 clock: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        super().__init__(parent)
        self._context = context
        self._clock = clock
        self._state_path = reminders.state_path(data_dir(), context.db_label)
        self._state = ReminderState.load(self._state_path)
        self._checking = False
        self._hint_showing = False
        self._counted_at: dt.datetime | None = None
        self.overdue = 0
        self.last_notification: Notification | None = None

        # widgets
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self.open_action = QAction("打开工作台", self)
        self.todo_action = QAction("待办事项", self)
        self.digest_action = QAction("复制今日提醒", self)
        self.check_action = QAction("立即检查提醒", self)
        self.settings_action = QAction("提醒设置…", self)
        self.quit_action = QAction("退出", self)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)

        # assemble
        font = self.open_action.font()
        font.setBold(True)
        self.open_action.setFont(font)
        for action in (self.open_action, self.todo_action, self.digest_action):
            self.menu.addAction(action)
        self.menu.addSeparator()
        self.menu.addAction(self.check_action)
        self.menu.addAction(self.settings_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)
        self.icon.setContextMenu(self.menu)
        self.set_overdue(0)

        # connections
        self.open_action.triggered.connect(self.open_requested)
        self.todo_action.triggered.connect(lambda: self.todo_requested.emit(None))
        self.digest_action.triggered.connect(self.digest_requested)
        self.check_action.triggered.connect(lambda: self.check(force=True))
        self.settings_action.triggered.connect(self.settings_requested)
        self.quit_action.triggered.connect(self.quit_requested)
        self.icon.activated.connect(self._on_icon_activated)
        self.icon.messageClicked.connect(self._on_message_clicked)
        self.timer.timeout.connect(self.check)

    @staticmethod
    def available() -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def start(self) -> None:
        self.icon.show()
        self.timer.start()
        QTimer.singleShot(FIRST_CHECK_MS, self.check)

    def stop(self) -> None:
        self.timer.stop()
        self.wait(10_000)
        self.icon.hide()

    # --- what the icon shows -----------------------------------------------------------------

    def set_overdue(self, overdue: int) -> None:
        self.overdue = overdue
        self.icon.setIcon(QIcon(badge_pixmap(overdue)))
        self.todo_action.setText(f"待办事项（已逾期 {overdue} 项）" if overdue else "待办事项")
        self._update_tooltip()

    def _update_tooltip(self) -> None:
        config = ReminderConfig.from_settings(self._context.settings)
        upcoming = reminders.next_slot(self._clock(), self._context.calendar(), config)
        when = (f"下次提醒：{upcoming.month}月{upcoming.day}日 {upcoming:%H:%M}" if upcoming
                else "系统通知已关闭" if not config.enabled else "")
        overdue = f"已逾期 {self.overdue} 项" if self.overdue else "没有逾期事项"
        self.icon.setToolTip(f"{TITLE}\n{overdue}" + (f"\n{when}" if when else ""))

    # --- the rounds of notification ----------------------------------------------------------

    def check(self, force: bool = False) -> None:
        """Look at the clock; when a round is due, read the to-do items in the background and notify.

        ``force`` (立即检查提醒) runs a round now, outside the schedule, but still announces each step once."""
        if self._checking:
            return
        now = self._clock()
        if self._counted_at is None or now - self._counted_at >= COUNT_EVERY:
            self._counted_at = now
            operations.read(lambda: agenda.reminder(now.date()).overdue, self.set_overdue, self._on_count_failed, self)
        config = ReminderConfig.from_settings(self._context.settings)
        cal = self._context.calendar()
        state = self._state
        if force:
            config = ReminderConfig(times=(now.time().replace(second=0, microsecond=0),),
                                    office_start=dt.time(0, 0), office_end=dt.time(23, 59, 59), enabled=True)
            cal = _AlwaysWorking()
            slot = dt.datetime.combine(now.date(), config.times[0])
            state = ReminderState(state.last_slot if state.last_slot and state.last_slot < slot else None,
                                  state.notified)
        elif reminders.due_slot(now, cal, config, state.last_slot) is None:
            self._update_tooltip()
            return
        self._checking = True
        operations.read(lambda: reminders.check(now, cal, config, state, reminders.load_todo_items),
                        lambda result: self._on_checked(result, force), self._on_check_failed, self)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until a count or round still running has reported (tests; the window closing)."""
        return operations.wait_all(msecs)

    def _on_checked(self, result, forced: bool) -> None:
        self._checking = False
        note, state = result
        if forced:      # a forced round keeps the scheduled round's time
            state = ReminderState(self._state.last_slot, state.notified)
        self._state = state
        try:
            state.save(self._state_path)
        except OSError as exc:
            log.warning("reminder state not saved (%s); a notification may repeat", exc)
        self._update_tooltip()
        if note is not None:
            self.show_notification(note)
        elif forced:
            self.show_hint("没有新的到期或逾期事项。")

    def _on_count_failed(self, exc: BaseException) -> None:
        log.warning("overdue count failed: %s", getattr(exc, "__traceback_text__", exc))

    def _on_check_failed(self, exc: BaseException) -> None:
        self._checking = False
        log.warning("reminder check failed: %s", getattr(exc, "__traceback_text__", exc))

    def show_notification(self, note: Notification) -> None:
        self.last_notification = note
        self._hint_showing = False
        urgent = note.count(reminders.STEP_OVERDUE) or note.count(reminders.STEP_TODAY)
        kind = QSystemTrayIcon.MessageIcon.Warning if urgent else QSystemTrayIcon.MessageIcon.Information
        self.icon.showMessage(note.title, note.message(), kind, MESSAGE_MS)
        self.notified.emit(note)

    def show_hint(self, text: str) -> None:
        """A message that is not a reminder: clicking it opens the window, not the to-do list."""
        self._hint_showing = True
        self.icon.showMessage(TITLE, text, QSystemTrayIcon.MessageIcon.Information, 8000)

    # --- slots -------------------------------------------------------------------------------

    def _on_icon_activated(self, reason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()

    def _on_message_clicked(self) -> None:
        if self._hint_showing:
            self.open_requested.emit()
            return
        note = self.last_notification
        self.todo_requested.emit(note.keys if note else None)


class _AlwaysWorking:
    """The calendar of a round the clerk asked for (立即检查提醒): today counts whatever day it is."""

    def is_working(self, day: dt.date) -> bool:
        return True
