"""The holiday schedule editor's core: a year's special days, entering ranges, previewing moved deadlines."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import ONE_DAY, WorkCalendar, weekday_name
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.domain.fields import parse_date
from xiangshan_desk.persistence.models import Case, Deadline, HolidayDay, HolidayYear, Proceeding, Unit
from xiangshan_desk.application import audit
from xiangshan_desk.application.facts import facts_for_cases
from xiangshan_desk.application.projection import refresh_deadlines
from xiangshan_desk.application.session import Actor, holiday_years, load_calendar
# where a year's schedule comes from is read at start-up (the main window's banner), without this module
from xiangshan_desk.application.session import YearStatus, next_year_missing, year_status  # noqa: F401
from xiangshan_desk.persistence.db import database

REST_WORDS = ("放假", "休", "休息")
WORK_WORDS = ("上班", "班", "补班", "调休上班")
_LINE = re.compile(r"^\s*(?P<first>\S+?)\s*(?:(?:至|到|~|～|—|--)\s*(?P<last>\S+?))?\s+(?P<word>\S+)\s*$")


@dataclass(frozen=True)
class ScheduleDay:
    day: dt.date
    working: bool
    source: str            # 国务院安排（内置） / 录入

    @property
    def text(self) -> str:
        return f"{self.day.isoformat()} {weekday_name(self.day)} {'上班' if self.working else '放假'}"


def year_schedule(year: int) -> list[ScheduleDay]:
    """The year's special days: weekdays off, weekend days worked, and every day a clerk entered."""
    cal = load_calendar()
    entered = {row.day: row for row in HolidayDay.select().where(
        HolidayDay.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))}
    days = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        if day in entered:
            days.append(ScheduleDay(day, entered[day].is_working, "录入" + (f"（{entered[day].note}）"
                                                                           if entered[day].note else "")))
        elif cal.is_holiday(day) or cal.is_adjusted_working(day):
            days.append(ScheduleDay(day, cal.is_working(day), "国务院安排（内置）"))
        day += ONE_DAY
    return days


def parse_schedule(text: str) -> dict[dt.date, bool]:
    """Lines such as "2027-02-06 至 2027-02-12 放假" and "2027-02-14 上班" as day -> working."""
    entries: dict[dt.date, bool] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.strip().startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None or match["word"] not in REST_WORDS + WORK_WORDS:
            raise AppError(f"第 {number} 行“{line.strip()}”无法识别，请写成“2027-02-06 至 2027-02-12 放假”"
                           f"或“2027-02-14 上班”")
        try:
            first = parse_date(match["first"], f"第 {number} 行的日期")
            last = parse_date(match["last"], f"第 {number} 行的结束日期") if match["last"] else first
        except AppError as exc:
            raise AppError(exc.message) from None
        if last < first:
            raise AppError(f"第 {number} 行的结束日期早于开始日期")
        if (last - first).days > 60:
            raise AppError(f"第 {number} 行的日期范围超过 60 天，请检查")
        working = match["word"] in WORK_WORDS
        day = first
        while day <= last:
            entries[day] = working
            day += ONE_DAY
    if not entries:
        raise AppError("没有填写任何日期")
    return entries


@dataclass(frozen=True)
class Move:
    case_id: int
    case_number: str
    unit: str
    deadline: str
    old: dt.date
    new: dt.date
    unconfirmed_before: bool
    unconfirmed_after: bool


def preview(entries: dict[dt.date, bool | None], complete_year: int | None = None) -> list[Move]:
    """The open deadlines that entering these days (and marking a year complete) would move or confirm."""
    overrides = {row.day: row.is_working for row in HolidayDay.select()}
    for day, working in entries.items():
        if working is None:
            overrides.pop(day, None)
        else:
            overrides[day] = working
    complete = [y for y, (done, _) in holiday_years().items() if done]
    if complete_year is not None:
        complete.append(complete_year)
    proposed = WorkCalendar(overrides, complete)
    days = sorted(entries)
    touching = Deadline.closed == False  # noqa: E712
    if days and complete_year is None:
        span = (Deadline.span_first <= days[-1]) & (Deadline.span_last >= days[0])
    elif complete_year is not None:
        first, last = dt.date(complete_year, 1, 1), dt.date(complete_year, 12, 31)
        if days:
            first, last = min(first, days[0]), max(last, days[-1])
        span = (Deadline.span_first <= last) & (Deadline.span_last >= first)
    else:
        return []
    stored = {(d.proceeding_id, d.kind): d for d in Deadline.select().where(touching & span)}
    if not stored:
        return []
    today = dt.date.today()
    loaded = facts_for_cases({d.case_id for d in stored.values()})
    numbers = {p.id: p.case_number for p in Proceeding.select(Proceeding.id, Proceeding.case_number)
               .where(Proceeding.id.in_([key[0] for key in stored]))}
    units = {c.id: c.unit.name for c in Case.select(Case.id, Unit.name).join(Unit)
             .where(Case.id.in_([d.case_id for d in stored.values()]))}
    moves = []
    for case_id, (_row, facts) in loaded.items():
        for state in rules.case_deadlines(proposed, facts, today):
            old = stored.get((state.proceeding_id, state.kind.id))
            if old is None or state.due is None:
                continue
            if state.due.day != old.due or state.due.unconfirmed != old.unconfirmed:
                moves.append(Move(case_id, numbers.get(state.proceeding_id, ""), units.get(case_id, ""),
                                  state.kind.label, old.due, state.due.day, old.unconfirmed, state.due.unconfirmed))
    return sorted(moves, key=lambda m: (m.old, m.unit, m.case_number))


def apply(actor: Actor, entries: dict[dt.date, bool | None], note: str = "",
          complete_year: int | None = None, source: str = "") -> int:
    """Enter the days (and mark the year complete); returns how many cases were recomputed."""
    from xiangshan_desk.application.holidays import set_holiday_days, set_year_complete
    recomputed = set_holiday_days(actor, entries, note) if entries else 0
    if complete_year is not None:
        recomputed += set_year_complete(actor, complete_year, True, source)
    return recomputed


# ---------------------------------------------------------------------------------------------
# Writing the holiday table (rules.md §2): every deadline that looked at a changed day is recomputed


def set_holiday_days(actor: Actor, entries: dict[dt.date, bool | None], note: str = "") -> int:
    """Enter days as working (True) or rest (False), or remove an entry (None).

    Recomputes the deadlines whose computation looked at a changed day. Returns how many cases were recomputed.
    """
    with database.atomic():
        existing = {row.day: row for row in HolidayDay.select().where(HolidayDay.day.in_(list(entries)))}
        changed = []
        for day, working in entries.items():
            row = existing.get(day)
            if working is None:
                if row is not None:
                    row.delete_instance()
                    changed.append((day, row.is_working, None))
            elif row is None:
                HolidayDay.create(day=day, is_working=working, note=note)
                changed.append((day, None, working))
            elif row.is_working != working:
                HolidayDay.update(is_working=working, note=note).where(HolidayDay.id == row.id).execute()
                changed.append((day, row.is_working, working))
        if changed:
            label = {True: "上班", False: "放假", None: "（无）"}
            audit.record(actor, "修改", "holiday", None, None,
                         {f"{day:%Y-%m-%d}": (label[old], label[new]) for day, old, new in changed})
        return _refresh_touching([day for day, _, _ in changed])


def set_year_complete(actor: Actor, year: int, complete: bool, source: str = "") -> int:
    """Mark a year's schedule as entered completely (naming its source), or not."""
    if complete and not source.strip():
        raise AppError("请填写节假日安排的来源（如国务院办公厅通知的文号和日期）", "source")
    with database.atomic():
        row, _ = HolidayYear.get_or_create(year=year)
        old = (row.complete, row.source)
        row.complete, row.source = complete, source.strip()
        row.save()
        audit.record(actor, "修改", "holiday_year", row.id, None,
               {f"{year}年节假日安排": (f"{'完整' if old[0] else '未完整'} {old[1]}".strip(),
                                       f"{'完整' if complete else '未完整'} {row.source}".strip())})
        return _refresh_touching_range(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _refresh_touching(days: list[dt.date]) -> int:
    if not days:
        return 0
    case_ids: set[int] = set()
    for day in days:
        case_ids.update(c for (c,) in Deadline.select(Deadline.case)
                        .where((Deadline.span_first <= day) & (Deadline.span_last >= day)).distinct().tuples())
    return refresh_deadlines(case_ids) if case_ids else 0


def _refresh_touching_range(first: dt.date, last: dt.date) -> int:
    case_ids = [c for (c,) in Deadline.select(Deadline.case)
                .where((Deadline.span_first <= last) & (Deadline.span_last >= first)).distinct().tuples()]
    return refresh_deadlines(case_ids) if case_ids else 0
