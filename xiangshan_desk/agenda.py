"""What is due when: the month calendar's items, the to-do list (催办), the start-up reminder, .ics export."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import rules
from .calendar import weekday_name
from .errors import AppError
from .models import Case, Deadline, Hearing, Proceeding, Unit
from .units import unit_id_by_name  # noqa: F401  (the command line has always found it here)

HEARING, DEADLINE = "hearing", "deadline"
OVERDUE, DUE, DONE = "overdue", "due", "done"
STATUS_TEXT = {OVERDUE: "已逾期", DUE: "待办", DONE: "已完成"}
DEFAULT_TODO_DAYS = 7


@dataclass(frozen=True)
class AgendaItem:
    day: dt.date
    kind: str                  # hearing / deadline
    case_id: int
    case_number: str
    unit: str
    unit_id: int
    what: str                  # 开庭 / the deadline's label
    status: str                # overdue / due / done
    status_text: str
    responsible: str
    unconfirmed: bool = False
    place: str = ""
    missed: bool = False       # a pre-decision deadline never done before the proceeding ended

    @property
    def day_text(self) -> str:
        return f"{self.day.isoformat()} {weekday_name(self.day)}"


def _deadline_item(row, today: dt.date) -> AgendaItem:
    kind = rules.DEADLINES[row.kind]
    state, days = rules.stored_status(row.due, row.done, row.missed, row.lapsed, today)
    text = rules.status_text(state, days)
    if state in (rules.Status.MET, rules.Status.LATE, rules.Status.LAPSED):
        status = DONE
    elif state in (rules.Status.MISSED, rules.Status.OVERDUE):
        status = OVERDUE
    else:
        status = DUE
    return AgendaItem(row.due, DEADLINE, row.case_id, row.proceeding.case_number, row.case.unit.name,
                      row.case.unit_id, kind.label, status, text, kind.responsible, row.unconfirmed,
                      missed=row.missed)


def _deadlines(where, today: dt.date) -> list[AgendaItem]:
    query = (Deadline.select(Deadline, Proceeding.case_number, Case.id, Case.unit, Unit.id, Unit.name)
             .join(Proceeding, on=(Deadline.proceeding == Proceeding.id))
             .switch(Deadline).join(Case).join(Unit)
             .where(Case.deleted_at.is_null() & where))
    return [_deadline_item(row, today) for row in query]


def _hearings(where, today: dt.date) -> list[AgendaItem]:
    query = (Hearing.select(Hearing, Proceeding.case_number, Proceeding.case, Case.id, Case.unit, Unit.id, Unit.name)
             .join(Proceeding).join(Case).join(Unit)
             .where(Case.deleted_at.is_null() & where))
    items = []
    for h in query:
        proc = h.proceeding
        held = h.role is not None
        status = DONE if held or h.date < today else DUE
        text = f"已开庭（{h.role}）" if held else ("待记录出庭情况" if h.date < today else "待开庭")
        items.append(AgendaItem(h.date, HEARING, proc.case_id, proc.case_number, proc.case.unit.name,
                                proc.case.unit_id, "开庭", status, text, rules.UNIT, False, h.place))
    return items


def items_between(first: dt.date, last: dt.date, unit_id: int | None = None, kinds=(HEARING, DEADLINE),
                  today: dt.date | None = None) -> list[AgendaItem]:
    """Hearings and deadlines falling on the days first..last, for the month view."""
    today = today or dt.date.today()
    items: list[AgendaItem] = []
    if DEADLINE in kinds:
        where = Deadline.due.between(first, last)
        if unit_id is not None:
            where &= Case.unit == unit_id
        items += _deadlines(where, today)
    if HEARING in kinds:
        where = Hearing.date.between(first, last)
        if unit_id is not None:
            where &= Case.unit == unit_id
        items += _hearings(where, today)
    return sorted(items, key=lambda i: (i.day, i.kind != HEARING, i.unit, i.case_number))


def by_day(items: list[AgendaItem]) -> dict[dt.date, list[AgendaItem]]:
    grouped: dict[dt.date, list[AgendaItem]] = defaultdict(list)
    for item in items:
        grouped[item.day].append(item)
    return grouped


def todo(days: int = DEFAULT_TODO_DAYS, unit_id: int | None = None, today: dt.date | None = None) -> list[AgendaItem]:
    """Everything overdue or due within ``days`` days: open deadlines (missed ones excluded, rules.md §3)
    and upcoming hearings, sorted by unit then due date."""
    if days < 0:
        raise AppError("到期天数不能为负数")
    today = today or dt.date.today()
    limit = today + dt.timedelta(days=days)
    where = (Deadline.closed == False) & (Deadline.due <= limit)  # noqa: E712
    if unit_id is not None:
        where &= Case.unit == unit_id
    items = _deadlines(where, today)
    hearing_where = Hearing.role.is_null() & Hearing.date.between(today, limit)
    if unit_id is not None:
        hearing_where &= Case.unit == unit_id
    items += _hearings(hearing_where, today)
    return sorted(items, key=lambda i: (i.unit, i.day, i.case_number))


def group_by_unit(items: list[AgendaItem]) -> dict[str, list[AgendaItem]]:
    grouped: dict[str, list[AgendaItem]] = {}
    for item in items:
        grouped.setdefault(item.unit, []).append(item)
    return grouped


@dataclass(frozen=True)
class Reminder:
    overdue: int
    due_today: int

    @property
    def any(self) -> bool:
        return bool(self.overdue or self.due_today)

    @property
    def text(self) -> str:
        parts = []
        if self.overdue:
            parts.append(f"{self.overdue} 项期限已逾期")
        if self.due_today:
            parts.append(f"{self.due_today} 项今日到期")
        return "，".join(parts)


def reminder(today: dt.date | None = None) -> Reminder:
    """The start-up banner's counts: open deadlines overdue, and due today."""
    today = today or dt.date.today()
    base = (Deadline.select().join(Case)
            .where(Case.deleted_at.is_null() & (Deadline.closed == False)))  # noqa: E712
    return Reminder(base.where(Deadline.due < today).count(), base.where(Deadline.due == today).count())


# ---------------------------------------------------------------------------------------------
# .ics export


def write_ics(path: str | Path, first: dt.date, last: dt.date | None = None) -> tuple[Path, int]:
    """Hearings from ``first`` on and open deadlines as all-day events, for Outlook. Returns (path, events)."""
    import icalendar

    today = dt.date.today()
    last = last or first + dt.timedelta(days=366)
    items = [i for i in items_between(first, last, today=today)
             if i.kind == HEARING or (i.status != DONE and not i.missed)]
    items += [i for i in todo(0, today=today) if i.kind == DEADLINE and i.day < first]
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Xiangshan County Justice Bureau//xiangshan_desk//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "行政应诉期限与开庭")
    stamp = dt.datetime.now(dt.timezone.utc)
    for index, item in enumerate(items):
        event = icalendar.Event()
        title = f"【开庭】{item.case_number} {item.unit}" if item.kind == HEARING else \
            f"【{item.what}】{item.case_number} {item.unit}（{item.status_text}）"
        event.add("summary", title)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("dtstamp", stamp)
        event.add("uid", f"{item.kind}-{item.case_id}-{item.day.isoformat()}-{index}@xiangshan-desk")
        description = f"责任方：{item.responsible}" + ("；期限未确认（节假日安排未录入）" if item.unconfirmed else "")
        event.add("description", description)
        if item.place:
            event.add("location", item.place)
        calendar.add_component(event)
    path = Path(path)
    try:
        path.write_bytes(calendar.to_ical())
    except OSError as exc:
        raise AppError(f"无法保存文件 {path}：{exc.strerror or exc}") from exc
    return path, len(items)
