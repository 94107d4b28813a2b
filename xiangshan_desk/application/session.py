"""Who is acting and with which working-day calendar: what every window needs from its first moment, kept apart
from the case operations so that the main window opens without loading them (benchmarks/README.md)."""
from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass, field
from typing import NamedTuple

from xiangshan_desk.domain.calendar import UNCONFIRMED, WorkCalendar, official_schedule
from xiangshan_desk.persistence.models import HolidayDay, HolidayYear

# Who acted when neither a name nor the system account is known: the audit trail never has an empty 操作人.
UNNAMED = "（未设置操作员）"


@dataclass(frozen=True)
class Actor:
    """Who is acting: the operator name set at first start, and the OS account. Without a name (the welcome was
    closed before one was typed, or the command line on a new computer) the operator is the system account."""

    operator: str = ""
    os_user: str = field(default_factory=lambda: _os_user())

    def __post_init__(self) -> None:
        if not self.operator.strip():
            object.__setattr__(self, "operator", self.os_user.strip() or UNNAMED)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no account name on some systems; the audit trail still records the operator
        return ""


def system_account() -> str:
    """The name recorded for a clerk who has not given one: the computer's account, or UNNAMED."""
    return _os_user() or UNNAMED


def load_calendar() -> WorkCalendar:
    """The working-day calendar with the clerks' holiday table applied."""
    overrides = {row.day: row.is_working for row in HolidayDay.select(HolidayDay.day, HolidayDay.is_working)}
    complete = [row.year for row in HolidayYear.select(HolidayYear.year).where(HolidayYear.complete == True)]  # noqa: E712
    return WorkCalendar(overrides, complete)


def holiday_years() -> dict[int, tuple[bool, str]]:
    """year -> (the year's schedule is complete, where it came from), for the years of the holiday table."""
    return {row.year: (row.complete, row.source) for row in HolidayYear.select()}


class YearStatus(NamedTuple):
    year: int
    covered: bool
    source: str

    @property
    def text(self) -> str:
        if not self.covered:
            return f"{self.year}年：尚无节假日安排（按周一至周五计算，相关期限标“{UNCONFIRMED}”）"
        return f"{self.year}年：{self.source}"


def year_status(year: int) -> YearStatus:
    entered = holiday_years().get(year)
    if entered and entered[0]:
        return YearStatus(year, True, f"已录入完整安排（{entered[1]}）")
    if official_schedule().covers(year):
        return YearStatus(year, True, "内置国务院安排")
    return YearStatus(year, False, "")


def next_year_missing(today: dt.date | None = None) -> bool:
    """From 1 December on, warn when next year's schedule has not been entered."""
    today = today or dt.date.today()
    return today.month == 12 and not year_status(today.year + 1).covered
