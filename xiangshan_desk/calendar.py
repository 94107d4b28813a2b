"""The working-day calendar of rules.md §2: chinesecalendar, overridden by the clerk's holiday table."""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

# The years the installed chinesecalendar knows; it raises for any other year.
PACKAGE_YEARS: frozenset[int] = frozenset(day.year for day in chinese_calendar.holidays)


@dataclass(frozen=True)
class Computed:
    """A computed date, whether it rests on a year without an official schedule, and the days it looked at.

    ``first``..``last`` is the span of days whose working/rest status the result depends on, so that a
    change to the holiday table recomputes only the deadlines whose span contains a changed day.
    """

    day: dt.date
    unconfirmed: bool
    first: dt.date
    last: dt.date

    def merged(self, other: "Computed") -> "Computed":
        """This result, also depending on everything ``other`` depended on."""
        return Computed(
            self.day,
            self.unconfirmed or other.unconfirmed,
            min(self.first, other.first),
            max(self.last, other.last),
        )


@functools.lru_cache(maxsize=20000)
def _official_working(day: dt.date) -> bool:
    # chinesecalendar validates each date against its whole table; the answer never changes, so keep it.
    return chinese_calendar.is_workday(day)


def weekday_name(day: dt.date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


class WorkCalendar:
    """Answers "is this a working day" and does the period arithmetic of rules.md §2.

    ``overrides`` maps a day to True (working) or False (rest) and wins over the package.
    ``complete_years`` are years whose schedule a clerk entered and marked complete.
    A day is *confirmed* when its year is covered (package or complete) or the table has an entry for it.
    """

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None,
                 complete_years: Iterable[int] = ()) -> None:
        self._overrides = dict(overrides or {})
        self._covered = PACKAGE_YEARS | frozenset(complete_years)

    def is_covered_year(self, year: int) -> bool:
        return year in self._covered

    def is_confirmed(self, day: dt.date) -> bool:
        return day.year in self._covered or day in self._overrides

    def is_working(self, day: dt.date) -> bool:
        entry = self._overrides.get(day)
        if entry is not None:
            return entry
        if day.year in PACKAGE_YEARS:
            return _official_working(day)
        return day.weekday() < 5

    def is_adjusted_working(self, day: dt.date) -> bool:
        """A weekend day that the schedule makes a working day (调休上班日, shown as 班)."""
        return day.weekday() >= 5 and self.is_working(day)

    def is_holiday(self, day: dt.date) -> bool:
        """A Monday–Friday day that the schedule makes a rest day (shown as 休)."""
        return day.weekday() < 5 and not self.is_working(day)

    def days_after(self, start: dt.date, n: int) -> Computed:
        """N days after ``start``: the start day is not counted; a last day on a rest day moves to the next working day."""
        day = start + n * ONE_DAY
        first = day
        unconfirmed = not self.is_confirmed(day)
        while not self.is_working(day):
            day += ONE_DAY
            unconfirmed = unconfirmed or not self.is_confirmed(day)
        return Computed(day, unconfirmed, first, day)

    def working_days_after(self, start: dt.date, n: int) -> Computed:
        """The Nth working day after ``start`` (``start`` itself never counts)."""
        return self._count_working_days(start, n, ONE_DAY)

    def working_days_before(self, end: dt.date, n: int) -> Computed:
        """The Nth working day before ``end`` (``end`` itself never counts)."""
        return self._count_working_days(end, n, -ONE_DAY)

    def _count_working_days(self, origin: dt.date, n: int, step: dt.timedelta) -> Computed:
        if n < 1:
            raise ValueError("n must be at least 1")
        day = origin
        unconfirmed = False
        remaining = n
        while remaining:
            day += step
            unconfirmed = unconfirmed or not self.is_confirmed(day)
            if self.is_working(day):
                remaining -= 1
        first, last = sorted((origin + step, day))
        return Computed(day, unconfirmed, first, last)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
        count = 0
        day = start + ONE_DAY
        while day <= end:
            count += self.is_working(day)
            day += ONE_DAY
        return count
