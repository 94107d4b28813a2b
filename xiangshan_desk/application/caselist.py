"""The case list: filters, sorting and paging in SQL over the derived columns of ``case``."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import NamedTuple

from peewee import SQL, fn

from xiangshan_desk.domain import vocabulary
from xiangshan_desk.domain.calendar import WorkCalendar, marked
from xiangshan_desk.persistence.db import backend, id_list
from xiangshan_desk.persistence.models import Case, Unit

PAGE_SIZE = 200
SOON_WORKING_DAYS = 3          # rows due within 3 working days are amber
STATE_OPEN, STATE_CONCLUDED = "在办", "已结"


@dataclass(frozen=True)
class CaseFilter:
    unit_id: int | None = None
    unit_kind: str | None = None
    year: int | None = None              # 收案年份: the first instance's complaint copy
    state: str | None = None             # 在办 / 已结
    overdue_only: bool = False
    due_within_days: int | None = None
    risk_only: bool = False
    leads_only: bool = False
    losses_only: bool = False
    text: str = ""
    recycle_bin: bool = False


class CaseRow(NamedTuple):
    id: int
    case_number: str
    level: str
    unit_name: str
    plaintiffs: str
    cause: str
    complaint_received: dt.date | None
    defense_due: dt.date | None
    filing_due: dt.date | None
    next_hearing: dt.date | None
    earliest_open_due: dt.date | None
    concluded: bool
    has_risk: bool
    outcome: str
    is_loss: bool
    lead_date: dt.date | None
    deleted_at: dt.datetime | None
    deleted_by: str | None
    pending_effective: dt.date | None = None
    next_due_kind: str = ""
    # 未确认 (rules.md §3) of defense_due, filing_due and earliest_open_due
    defense_due_unconfirmed: bool = False
    filing_due_unconfirmed: bool = False
    next_due_unconfirmed: bool = False


# Sort keys the list offers, in column order; each maps to one indexed or plain column.
SORT_FIELDS = {
    "case_number": Case.current_case_number, "level": Case.current_level, "unit": Unit.name,
    "plaintiffs": Case.plaintiffs, "cause": Case.cause, "complaint_received": Case.complaint_received,
    "defense_due": Case.defense_due, "filing_due": Case.filing_due, "next_hearing": Case.next_hearing,
    "state": Case.earliest_open_due, "risk": Case.has_risk, "outcome": Case.outcome,
    "next_due": Case.earliest_open_due,
}

_SELECT = (Case.id, Case.current_case_number, Case.current_level, Unit.name, Case.plaintiffs, Case.cause,
           Case.complaint_received, Case.defense_due, Case.filing_due, Case.next_hearing, Case.earliest_open_due,
           Case.concluded, Case.has_risk, Case.outcome, Case.is_loss, Case.lead_date, Case.deleted_at,
           Case.deleted_by, Case.pending_effective, Case.next_due_kind, Case.defense_due_unconfirmed,
           Case.filing_due_unconfirmed, Case.next_due_unconfirmed)

_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）"})


MAX_SEARCH = 200                 # characters: a 案号 with a name is ~30; a pasted page is not a search


def normalise_search(text: str) -> str:
    """What the clerk typed, as stored in ``search_text``: lower case, full-width brackets; without characters that
    can never be in stored text (NUL matched every row on SQLite, a lone surrogate broke the query), and at most
    MAX_SEARCH characters (issue #25 finding 12)."""
    cleaned = "".join(ch for ch in text if ch >= " " and not "\ud800" <= ch <= "\udfff")
    return cleaned.strip()[:MAX_SEARCH].translate(_HALF_TO_FULL).lower()


def _where(query, f: CaseFilter, today: dt.date):
    query = query.where(Case.deleted_at.is_null(not f.recycle_bin))
    if f.unit_id is not None:
        query = query.where(Case.unit == f.unit_id)
    if f.unit_kind:
        query = query.where(Unit.kind == f.unit_kind)
    if f.year is not None:
        query = query.where(Case.first_received.between(dt.date(f.year, 1, 1), dt.date(f.year, 12, 31)))
    # a decision pending effect (its date after today) leaves the case 在办 (rules.md §3 2026-12)
    if f.state == STATE_OPEN:
        query = query.where(_open_case(today))
    elif f.state == STATE_CONCLUDED:
        query = query.where(~_open_case(today))
    if f.overdue_only:
        query = query.where(Case.earliest_open_due < today)
    if f.due_within_days is not None:
        query = query.where(Case.earliest_open_due.between(today, today + dt.timedelta(days=f.due_within_days)))
    if f.risk_only:
        query = query.where(Case.has_risk == True)  # noqa: E712
    if f.leads_only:
        query = query.where(Case.lead_date <= today)       # a lead dated after today has not arisen yet
    if f.losses_only:
        query = query.where(Case.is_loss == True)  # noqa: E712
    text = normalise_search(f.text)
    if text:
        # search_text holds the unit's name too: one scan, no join (benchmarks/README.md)
        # the text of the cases' materials too (issue #22); such rows are marked 材料中 (material_only_hits).
        # The materials module is loaded by the first search, not for the first screen (benchmarks/README.md)
        from xiangshan_desk.application import materials
        query = query.where(Case.search_text.contains(text) | materials.case_condition(text, Case.id))
    return query


MATERIAL_MARK = "材料中"


def material_only_hits(text: str, ids: list[int]) -> set[int]:
    """Of these cases, the ones a search for ``text`` found only by the text of their materials."""
    text = normalise_search(text)
    if not text or not ids:
        return set()
    own = {case_id for (case_id,) in Case.select(Case.id).where(Case.id.in_(id_list(ids))
                                                                 & Case.search_text.contains(text)).tuples()}
    from xiangshan_desk.application import materials
    return materials.cases_containing(text, [case_id for case_id in ids if case_id not in own])


def _order(sort: str, descending: bool):
    column = SORT_FIELDS.get(sort, Case.complaint_received)
    # Empty values last either way. SQLite already sorts NULL last when descending, and an explicit
    # NULLS LAST there would keep it from walking the column's index.
    sqlite = backend().is_sqlite
    order = ((column.desc() if sqlite else column.desc(nulls="LAST")) if descending else column.asc(nulls="LAST"))
    return order, (Case.id.desc() if descending else Case.id)


def query_rows(f: CaseFilter, sort: str = "complaint_received", descending: bool = True, offset: int = 0,
               limit: int = PAGE_SIZE, today: dt.date | None = None) -> list[CaseRow]:
    """One page of the filtered, sorted list."""
    today = today or dt.date.today()
    query = _where(Case.select(*_SELECT).join(Unit), f, today)
    query = query.order_by(*_order(sort, descending)).limit(limit).offset(offset)
    return [CaseRow(*values) for values in query.tuples()]


def query_ids(f: CaseFilter, sort: str = "complaint_received", descending: bool = True,
              today: dt.date | None = None) -> list[int]:
    """Every case id of the filtered, sorted list: the list model reads the pages after the first by id
    (``rows_by_ids``) instead of skipping ever more rows with OFFSET as the clerk scrolls."""
    today = today or dt.date.today()
    query = Case.select(Case.id)
    if f.unit_kind or sort == "unit":
        query = query.join(Unit)
    return [case_id for (case_id,) in _where(query, f, today).order_by(*_order(sort, descending)).tuples()]


def rows_by_ids(ids: list[int]) -> list[CaseRow]:
    """The rows of these cases, in the order given."""
    found: dict[int, CaseRow] = {}
    for start in range(0, len(ids), 900):
        query = Case.select(*_SELECT).join(Unit).where(Case.id.in_(id_list(ids[start:start + 900])))
        found.update((values[0], CaseRow(*values)) for values in query.tuples())
    return [found[case_id] for case_id in ids if case_id in found]


def count_rows(f: CaseFilter, today: dt.date | None = None) -> int:
    if replace(f, text=normalise_search(f.text)) == CaseFilter():
        return case_total()            # the whole list, as the window opens
    today = today or dt.date.today()
    query = Case.select(fn.COUNT(Case.id))
    if f.unit_kind:
        query = query.join(Unit)           # only this filter reads the unit; the join costs on 100,000 cases
    return _where(query, f, today).scalar() or 0


class Counts(NamedTuple):
    total: int
    open: int
    overdue: int


def status_counts(today: dt.date | None = None) -> Counts:
    """The status bar's counts over every case not in the recycle bin."""
    today = today or dt.date.today()
    return Counts(case_total(), Case.select(fn.COUNT(Case.id)).where(Case.deleted_at.is_null() & _open_case(today))
                  .scalar() or 0, overdue_case_count(today))


def case_total() -> int:
    """The cases not in the recycle bin: every case less those in it (few). A bare COUNT(*) is answered from the
    pages of the smallest index, where counting the cases without a deletion date reads every entry (100,000
    cases: 8 ms → 0.1 ms once the pages are cached)."""
    every = Case.select(fn.COUNT(SQL("*"))).scalar() or 0
    return every - (Case.select(fn.COUNT(SQL("*"))).where(Case.deleted_at.is_null(False)).scalar() or 0)


def overdue_case_count(today: dt.date) -> int:
    """The cases, not in the recycle bin, with an open deadline past due (their earliest open due date is)."""
    return (Case.select(fn.COUNT(Case.id)).where(Case.deleted_at.is_null() & (Case.earliest_open_due < today))
            .scalar() or 0)


def soon_limit(cal: WorkCalendar, today: dt.date) -> dt.date:
    """The last day that still counts as "due within 3 working days"."""
    return cal.working_days_after(today, SOON_WORKING_DAYS).day


def urgency(row: CaseRow, today: dt.date, soon: dt.date) -> str:
    """"overdue" (red), "soon" (amber) or "" for a row."""
    due = row.earliest_open_due
    if due is None:
        return ""
    if due < today:
        return "overdue"
    return "soon" if due <= soon else ""


def due_text(day: dt.date | None, unconfirmed: bool, weekday: str = "") -> str:
    """A due date of the list (答辩期限, 备案期限) as the list and its export show it: 2027-01-04 周一（未确认）;
    ``weekday`` as the calendar words it (WorkCalendar.weekday_text)."""
    if day is None:
        return ""
    return marked(f"{day.isoformat()} {weekday}" if weekday else day.isoformat(), unconfirmed)


def next_due_text(row: CaseRow, today: dt.date, weekday: str = "") -> str:
    """下一期限: which deadline, when, and how it stands, e.g. 备案期限 3月17日 周一 · 已逾期2天
    (备案期限 1月4日 周一（未确认） · 未到期（还剩5天） when the deadline is unconfirmed)."""
    due = row.earliest_open_due
    if due is None or not row.next_due_kind:
        return ""
    kind = vocabulary.DEADLINES[row.next_due_kind]
    status = vocabulary.Status.OVERDUE if due < today else vocabulary.Status.OPEN
    words = vocabulary.status_text(status, abs((due - today).days))
    shown = marked(f"{due.month}月{due.day}日{(' ' + weekday) if weekday else ''}", row.next_due_unconfirmed)
    return f"{kind.label} {shown} · {words}"


def _open_case(today: dt.date):
    return Case.concluded == False  # noqa: E712  (a decision pending effect leaves it 在办: refresh_pending)


def state_text(row: CaseRow, today: dt.date) -> str:
    if row.earliest_open_due is not None and row.earliest_open_due < today:
        return vocabulary.status_text(vocabulary.Status.OVERDUE, (today - row.earliest_open_due).days)
    if not row.concluded and row.pending_effective is not None and row.pending_effective > today:
        return f"{STATE_OPEN}（{row.pending_effective.month}月{row.pending_effective.day}日生效）"
    if row.concluded:
        return STATE_CONCLUDED
    return STATE_OPEN


def received_years() -> list[int]:
    """The years with cases received, newest first (the year filter's choices)."""
    first = Case.select(fn.MIN(Case.first_received)).scalar()
    last = Case.select(fn.MAX(Case.first_received)).scalar()
    this_year = dt.date.today().year
    if first is None:
        return [this_year]
    return list(range(max(last.year, this_year), first.year - 1, -1))
