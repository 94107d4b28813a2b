"""What is due when: the month calendar's items, the to-do list (催办), the start-up reminder, .ics export,
and the open cases with nothing scheduled (无后续安排)."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from peewee import fn

from xiangshan_desk.domain import vocabulary
from xiangshan_desk.domain.calendar import UNCONFIRMED_NOTE
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import Case, Deadline, Hearing, Proceeding, Unit
from xiangshan_desk.application.caselist import overdue_case_count

HEARING, DEADLINE = "hearing", "deadline"
OVERDUE, DUE, DONE = "overdue", "due", "done"
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



def _deadline_item(row, today: dt.date) -> AgendaItem:
    kind = vocabulary.DEADLINES[row.kind]
    state, days = vocabulary.stored_status(row.due, row.done, row.missed, row.lapsed, today)
    text = vocabulary.status_text(state, days)
    if state in (vocabulary.Status.MET, vocabulary.Status.LATE, vocabulary.Status.LAPSED):
        status = DONE
    elif state in (vocabulary.Status.MISSED, vocabulary.Status.OVERDUE):
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
                                proc.case.unit_id, "开庭", status, text, vocabulary.UNIT, False, h.place))
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
    # units in the official order (units.md: the unit list's order), as in every other list
    rank = dict(Unit.select(Unit.id, Unit.sort_order).tuples())
    return sorted(items, key=lambda i: (rank.get(i.unit_id, 0), i.unit, i.day, i.case_number))


def group_by_unit(items: list[AgendaItem]) -> dict[str, list[AgendaItem]]:
    grouped: dict[str, list[AgendaItem]] = {}
    for item in items:
        grouped.setdefault(item.unit, []).append(item)
    return grouped


class Reminder(NamedTuple):
    overdue: int                 # open deadlines past due (项)
    due_today: int
    overdue_cases: int = 0       # the cases they belong to (件): what the status bar counts

    @property
    def any(self) -> bool:
        return bool(self.overdue or self.due_today)

    @property
    def text(self) -> str:
        parts = []
        if self.overdue:
            cases = f"（涉及 {self.overdue_cases} 件案件）" if self.overdue_cases else ""
            parts.append(f"{self.overdue} 项期限已逾期{cases}")
        if self.due_today:
            parts.append(f"{self.due_today} 项今日到期")
        return "，".join(parts)


def reminder(today: dt.date | None = None, overdue_cases: int | None = None) -> Reminder:
    """The start-up banner's counts: open deadlines overdue, and due today; ``overdue_cases`` when the caller
    already counted them (caselist.status_counts, the status bar's number)."""
    today = today or dt.date.today()
    # It runs at every start-up, so nothing joins every overdue deadline to its case (benchmarks/README.md): the
    # open deadlines past due less those of cases in the recycle bin (few), and their cases counted as the status
    # bar counts them, by the stored earliest open due date (counting distinct cases took most of the time).
    past_due = (Deadline.closed == False) & (Deadline.due < today)  # noqa: E712
    in_bin = Case.select(Case.id).where(Case.deleted_at.is_null(False))
    overdue = Deadline.select(fn.COUNT(Deadline.id)).where(past_due).scalar() or 0
    overdue -= Deadline.select(fn.COUNT(Deadline.id)).where(past_due & Deadline.case.in_(in_bin)).scalar() or 0
    due_today = (Deadline.select(fn.COUNT(Deadline.id)).join(Case)
                 .where(Case.deleted_at.is_null() & (Deadline.closed == False) & (Deadline.due == today))  # noqa: E712
                 .scalar() or 0)
    return Reminder(overdue, due_today, overdue_case_count(today) if overdue_cases is None else overdue_cases)


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
        description = f"责任方：{item.responsible}" + (f"；{UNCONFIRMED_NOTE}" if item.unconfirmed else "")
        event.add("description", description)
        if item.place:
            event.add("location", item.place)
        calendar.add_component(event)
    from xiangshan_desk.application.outputs import save_atomically
    data = calendar.to_ical()
    return save_atomically(path, lambda temporary: temporary.write_bytes(data), "日历文件"), len(items)


# ---------------------------------------------------------------------------------------------
# 无后续安排: open cases with nothing ahead, the ones that fall through the cracks

DEFAULT_STALE_DAYS = 30
# The recorded dates of a case that show something happened, with the words the to-do view shows.
_PROCEEDING_EVENTS = (("complaint_received", "收到起诉状副本"), ("defense_submitted", "提交答辩状"),
                      ("filing_received", "备案"), ("forwarded", "转报"), ("summons_received", "收到开庭传票"),
                      ("head_list_filed", "出庭名单备案"), ("judgment_received", "收到裁判文书"),
                      ("judgment_served", "裁判文书送达"), ("judgment_filed", "裁判文书备案"),
                      ("effective_date", "裁判生效"))


@dataclass(frozen=True)
class StaleCase:
    case_id: int
    case_number: str
    unit: str
    unit_id: int
    cause: str
    level: str
    last_day: dt.date | None       # the latest recorded event
    last_what: str
    idle_days: int                 # days since then

    @property
    def last_text(self) -> str:
        return f"{self.last_day.isoformat()} {self.last_what}" if self.last_day else "（没有记录任何日期）"


def nothing_scheduled(days: int = DEFAULT_STALE_DAYS, unit_id: int | None = None,
                      today: dt.date | None = None) -> list[StaleCase]:
    """Open cases (not concluded, not in the recycle bin) with no open deadline, no hearing from ``today`` on and
    no decision waiting to take effect (rules.md §3, 待生效), whose latest recorded event (a date of a proceeding, a hearing, a risk record, a done deadline) is more than
    ``days`` days ago; the longest idle first. A case without any date counts from the day it was entered."""
    from xiangshan_desk.persistence.db import id_list
    from xiangshan_desk.persistence.models import RiskRecord
    if days < 0:
        raise AppError("天数不能为负数")
    today = today or dt.date.today()
    future_hearing = (Hearing.select(Hearing.id).join(Proceeding)
                      .where((Proceeding.case == Case.id) & (Hearing.date >= today)))
    open_deadline = Deadline.select(Deadline.id).where((Deadline.case == Case.id) & (Deadline.closed == False))  # noqa: E712
    pending = Proceeding.select(Proceeding.id).where((Proceeding.case == Case.id) & (Proceeding.effective_date >= today))
    where = (Case.deleted_at.is_null() & (Case.concluded == False)  # noqa: E712
             & ~fn.EXISTS(open_deadline) & ~fn.EXISTS(future_hearing) & ~fn.EXISTS(pending))
    if unit_id is not None:
        where &= Case.unit == unit_id
    candidates = {c.id: c for c in Case.select(Case.id, Case.current_case_number, Case.current_level, Case.cause,
                                               Case.created_at, Unit.id, Unit.name).join(Unit).where(where)}
    latest: dict[int, tuple[dt.date, str]] = {}

    def seen(case_id: int, day, what: str) -> None:
        if day is not None and (case_id not in latest or day > latest[case_id][0]):
            latest[case_id] = (day, what)

    ids = list(candidates)
    for start in range(0, len(ids), 500):
        chunk = id_list(ids[start:start + 500])
        columns = [getattr(Proceeding, name) for name, _ in _PROCEEDING_EVENTS]
        for row in Proceeding.select(Proceeding.case, *columns).where(Proceeding.case.in_(chunk)).tuples():
            for (_, what), day in zip(_PROCEEDING_EVENTS, row[1:]):
                seen(row[0], day, what)
        for case_id, day in (Hearing.select(Proceeding.case, Hearing.date).join(Proceeding)
                             .where(Proceeding.case.in_(chunk)).tuples()):
            seen(case_id, day, "开庭")
        for case_id, found, filed in (RiskRecord.select(Proceeding.case, RiskRecord.found_date, RiskRecord.report_filed)
                                      .join(Proceeding).where(Proceeding.case.in_(chunk)).tuples()):
            seen(case_id, found, "发现败诉风险")
            seen(case_id, filed, "风险报告备案")
        for case_id, done, kind in (Deadline.select(Deadline.case, Deadline.done, Deadline.kind)
                                    .where(Deadline.case.in_(chunk) & Deadline.done.is_null(False)).tuples()):
            seen(case_id, done, vocabulary.DEADLINES[kind].act if kind in vocabulary.DEADLINES else kind)
    result = []
    for case_id, case in candidates.items():
        day, what = latest.get(case_id, (None, ""))
        since = day or (case.created_at.date() if case.created_at else today)
        idle = (today - since).days
        if idle > days:
            result.append(StaleCase(case_id, case.current_case_number, case.unit.name, case.unit.id, case.cause,
                                    case.current_level, day, what, idle))
    return sorted(result, key=lambda s: (-s.idle_days, s.unit, s.case_number))
