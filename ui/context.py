"""The AppContext handed to every window: settings, the acting clerk, the database in use, the calendar, and the
application-wide "data changed" signal.

Whatever changes stored data (a case saved or deleted, an import, a restore, the holiday table, a freeze) calls
``context.notify_changed(Change.…)`` once it is done; the open tabs and dialogs listen to
``context.signals.data_changed`` and refresh themselves — nobody wires one window's refresh to another's save.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from xiangshan_desk.domain.calendar import WorkCalendar
from xiangshan_desk.application.session import Actor, load_calendar
from xiangshan_desk.application.settings import Settings


class Change(StrEnum):
    """What changed; listeners that only show cases may treat every kind alike."""
    CASES = "cases"                 # a case saved, deleted, restored from the recycle bin, materials added
    CALENDAR = "calendar"           # the holiday table: deadlines recomputed
    REFERENCE = "reference"         # units, county leaders, courts, coordination group
    FROZEN = "frozen"               # a reporting period submitted and frozen
    ALL = "all"                     # an import or a restore: anything may differ


class AppSignals(QObject):
    """One per AppContext. ``data_changed`` carries a Change value (as str)."""
    data_changed = Signal(str)


@dataclass
class AppContext:
    settings: Settings
    db_label: str                       # the file path or URL, for titles and the about box
    _calendar: WorkCalendar | None = field(default=None, repr=False)
    signals: AppSignals = field(default_factory=AppSignals, repr=False, compare=False)

    @property
    def actor(self) -> Actor:
        return Actor(self.settings.operator)

    def calendar(self) -> WorkCalendar:
        """The working-day calendar, loaded once; reloaded after a Change.CALENDAR or Change.ALL."""
        if self._calendar is None:
            self._calendar = load_calendar()
        return self._calendar

    def calendar_changed(self) -> None:
        self._calendar = None

    def notify_changed(self, what: Change | str = Change.CASES) -> None:
        """Tell every open tab and dialog that stored data changed (call on the UI thread, after the change)."""
        what = Change(what)
        if what in (Change.CALENDAR, Change.ALL):
            self.calendar_changed()
        self.signals.data_changed.emit(what.value)
