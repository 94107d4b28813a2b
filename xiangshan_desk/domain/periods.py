"""The reporting periods of rules.md §7: quarters, half-years and years, with their Chinese names."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from xiangshan_desk.domain.errors import AppError


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        if quarter not in (1, 2, 3, 4):
            raise AppError(f"季度应为 1—4，收到的是 {quarter}")
        start = dt.date(year, 3 * quarter - 2, 1)
        end = (dt.date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1) - dt.timedelta(days=1))
        return cls(start, end, f"{year}年第{quarter}季度")

    @classmethod
    def half(cls, year: int, half: int) -> "Period":
        if half not in (1, 2):
            raise AppError(f"半年应为 1（上半年）或 2（下半年），收到的是 {half}")
        if half == 1:
            return cls(dt.date(year, 1, 1), dt.date(year, 6, 30), f"{year}年上半年")
        return cls(dt.date(year, 7, 1), dt.date(year, 12, 31), f"{year}年下半年")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year}年")

    def __contains__(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end
