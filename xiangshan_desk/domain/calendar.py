"""The working-day calendar of rules.md §2: chinesecalendar, overridden by the clerk's holiday table."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import chinese_calendar

ONE_DAY = dt.timedelta(days=1)
WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
# The mark of a date computed over a year whose holiday schedule is not known (rules.md §2), wherever it is printed,
# and the to-do list's sentence that explains it.
UNCONFIRMED = "未确认"
UNCONFIRMED_NOTE = f"期限{UNCONFIRMED}（节假日安排未录入）"


def marked(shown: str, unconfirmed: bool) -> str:
    """A printed due date with the mark of a deadline computed over a year without a holiday schedule (rules.md
    §3), as the list, the to-do and the digest print it: 2027-01-04 周一（未确认）."""
    return shown + (f"（{UNCONFIRMED}）" if unconfirmed else "")


class OfficialSchedule:
    """The State Council's schedule as a package ships it: the years it covers and, within them, the working days.

    The covered years are read from the package's own tables when the schedule is made, never written down here:
    each chinesecalendar release adds a year, and everything that shows or depends on coverage (the About box,
    the next-year banner, the 未确认 marks) asks this object.
    """

    def __init__(self, holidays: Iterable[dt.date], workdays: Iterable[dt.date]) -> None:
        self._rest = frozenset(holidays)
        self._extra_working = frozenset(workdays)
        self.years: frozenset[int] = frozenset(day.year for day in self._rest)

    @classmethod
    def from_package(cls, years: Iterable[int] | None = None) -> "OfficialSchedule":
        """The installed chinesecalendar's schedule; ``years`` keeps only those years (a schedule as of an
        earlier release)."""
        keep = None if years is None else frozenset(years)
        rest = [d for d in chinese_calendar.holidays if keep is None or d.year in keep]
        working = [d for d in chinese_calendar.workdays if keep is None or d.year in keep]
        return cls(rest, working)

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_working(self, day: dt.date) -> bool:
        """Only for a covered year: the package's answer (its rest days, its adjusted working weekends)."""
        if day in self._extra_working:
            return True
        return day not in self._rest and day.weekday() < 5

    @property
    def coverage_text(self) -> str:
        """The covered years as a clerk reads them, e.g. "2004—2026年" (gaps listed)."""
        if not self.years:
            return "无"
        spans: list[list[int]] = []
        for year in sorted(self.years):
            if spans and year == spans[-1][1] + 1:
                spans[-1][1] = year
            else:
                spans.append([year, year])
        return "、".join(f"{a}年" if a == b else f"{a}—{b}年" for a, b in spans)


_official: OfficialSchedule | None = None


def official_schedule() -> OfficialSchedule:
    """The schedule in use: the installed package's, read once, unless one was set with use_official_schedule."""
    global _official
    if _official is None:
        _official = OfficialSchedule.from_package()
    return _official


def use_official_schedule(schedule: OfficialSchedule | None) -> OfficialSchedule | None:
    """Use ``schedule`` from now on (None: the installed package's again); returns the one used before."""
    global _official
    previous, _official = _official, schedule
    return previous


class Computed(NamedTuple):
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


def weekday_name(day: dt.date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


class WorkCalendar:
    """Answers "is this a working day" and does the period arithmetic of rules.md §2.

    ``overrides`` maps a day to True (working) or False (rest) and wins over the package.
    ``complete_years`` are years whose schedule a clerk entered and marked complete.
    A day is *confirmed* when its year is covered (package or complete) or the table has an entry for it.
    """

    def __init__(self, overrides: Mapping[dt.date, bool] | None = None,
                 complete_years: Iterable[int] = (), official: OfficialSchedule | None = None) -> None:
        self._overrides = dict(overrides or {})
        self._official = official or official_schedule()
        self._covered = self._official.years | frozenset(complete_years)

    def is_confirmed(self, day: dt.date) -> bool:
        return day.year in self._covered or day in self._overrides

    def is_working(self, day: dt.date) -> bool:
        entry = self._overrides.get(day)
        if entry is not None:
            return entry
        if day.year in self._official.years:
            return self._official.is_working(day)
        return day.weekday() < 5

    def is_adjusted_working(self, day: dt.date) -> bool:
        """A weekend day that the schedule makes a working day (调休上班日, shown as 班)."""
        return day.weekday() >= 5 and self.is_working(day)

    def weekday_text(self, day: dt.date) -> str:
        """周六, or 周六（调休上班） on a weekend day the schedule makes a working day (a due date there is not
        extended: rules.md §9)."""
        return weekday_name(day) + ("（调休上班）" if self.is_adjusted_working(day) else "")

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
