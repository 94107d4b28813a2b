"""The AppContext handed to every window: settings, the acting clerk, the database in use, the calendar."""
from __future__ import annotations

from dataclasses import dataclass, field

from xiangshan_desk.domain.calendar import WorkCalendar
from xiangshan_desk.application.session import Actor, load_calendar
from xiangshan_desk.application.settings import Settings


@dataclass
class AppContext:
    settings: Settings
    db_label: str                       # the file path or URL, for titles and the about box
    _calendar: WorkCalendar | None = field(default=None, repr=False)

    @property
    def actor(self) -> Actor:
        return Actor(self.settings.operator)

    def calendar(self) -> WorkCalendar:
        """The working-day calendar, loaded once; call ``calendar_changed`` after editing the holiday table."""
        if self._calendar is None:
            self._calendar = load_calendar()
        return self._calendar

    def calendar_changed(self) -> None:
        self._calendar = None
