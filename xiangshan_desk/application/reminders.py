"""When to remind the clerk and of what: notification times on working days, and the steps (7/3/1 days, today,
newly overdue) at which each item is announced once. Qt-free: the tray (ui/tray.py) asks, shows, and saves."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from xiangshan_desk.application import agenda
from xiangshan_desk.application.agenda import AgendaItem
from xiangshan_desk.domain.calendar import WorkCalendar, weekday_name
from xiangshan_desk.domain.errors import AppError

log = logging.getLogger(__name__)

STEP_7, STEP_3, STEP_1, STEP_TODAY, STEP_OVERDUE = "due_in_7", "due_in_3", "due_tomorrow", "due_today", "overdue"
# Most urgent first: the order of a notification's lines.
STEPS = (STEP_OVERDUE, STEP_TODAY, STEP_1, STEP_3, STEP_7)
STEP_TEXT = {STEP_OVERDUE: "新逾期", STEP_TODAY: "今日到期", STEP_1: "明日到期", STEP_3: "3日内到期",
             STEP_7: "7日内到期"}
NOTIFY_DAYS = 7                      # the farthest step
DEFAULT_TIMES = ("08:30", "14:00")
DEFAULT_OFFICE_HOURS = ("08:00", "18:00")
MESSAGE_ITEMS = 4                    # a system notification shows a few lines; the to-do view shows them all
MESSAGE_CHARS = 250                  # Windows cuts a tray balloon's text at 255 characters


# ---------------------------------------------------------------------------------------------
# Steps


def step_of(item: AgendaItem, today: dt.date) -> str | None:
    """The step an item has reached today: the most urgent one whose day has come; None when none has.

    A hearing is announced before its day, never as overdue; done and missed items are never announced."""
    if item.status == agenda.DONE or item.missed:
        return None
    left = (item.day - today).days
    if left < 0:
        return STEP_OVERDUE if item.kind == agenda.DEADLINE else None
    if left == 0:
        return STEP_TODAY
    if left == 1:
        return STEP_1
    if left <= 3:
        return STEP_3
    if left <= 7:
        return STEP_7
    return None


def item_key(item: AgendaItem) -> str:
    """Identifies an item across restarts: stored deadlines are rewritten on every change, so their row ids are
    not stable. The due day is part of it, so a deadline that a holiday change moves is announced afresh."""
    return "|".join((item.kind, str(item.case_id), item.case_number, item.what, item.day.isoformat()))


# ---------------------------------------------------------------------------------------------
# Configuration (from Settings) and the schedule


_TIME = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*$")


def parse_time(text: str) -> dt.time:
    match = _TIME.match(str(text))
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise AppError(f"时间“{text}”无效，应写成 08:30 这样的“时:分”")
    return dt.time(int(match.group(1)), int(match.group(2)))


def parse_times(text: str | Iterable[str]) -> tuple[dt.time, ...]:
    """“08:30, 14:00” (commas, 、 or spaces between) → sorted distinct times; at least one."""
    parts = re.split(r"[,，、;；\s]+", text) if isinstance(text, str) else list(text)
    times = sorted({parse_time(p) for p in parts if str(p).strip()})
    if not times:
        raise AppError("请至少填写一个提醒时间，如 08:30")
    return tuple(times)


def times_text(times: Iterable[dt.time]) -> str:
    return "、".join(t.strftime("%H:%M") for t in times)


@dataclass(frozen=True)
class ReminderConfig:
    times: tuple[dt.time, ...] = tuple(parse_time(t) for t in DEFAULT_TIMES)
    office_start: dt.time = parse_time(DEFAULT_OFFICE_HOURS[0])
    office_end: dt.time = parse_time(DEFAULT_OFFICE_HOURS[1])
    enabled: bool = True

    @classmethod
    def from_settings(cls, settings) -> "ReminderConfig":
        """The settings' values; a damaged value falls back to its default (logged), never stops the tray."""
        try:
            times = parse_times(settings.reminder_times)
        except AppError:
            log.warning("reminder times %r unreadable; using the defaults", settings.reminder_times)
            times = cls.times
        try:
            start, end = (parse_time(t) for t in settings.office_hours)
        except (AppError, ValueError, TypeError):
            log.warning("office hours %r unreadable; using the defaults", settings.office_hours)
            start, end = cls.office_start, cls.office_end
        return cls(times, start, end, bool(settings.reminders_enabled))

    def in_office_hours(self, moment: dt.time) -> bool:
        return self.office_start <= moment <= self.office_end


def due_slot(now: dt.datetime, cal: WorkCalendar, config: ReminderConfig,
             last_slot: dt.datetime | None) -> dt.datetime | None:
    """The notification time to act on now, or None.

    Only on working days of the official calendar and within office hours. The latest chosen time of today that
    has passed and was not acted on yet: a program started at 10:00 announces the 08:30 round then, once."""
    if not config.enabled or not cal.is_working(now.date()) or not config.in_office_hours(now.time()):
        return None
    passed = [t for t in config.times if t <= now.time()]
    if not passed:
        return None
    slot = dt.datetime.combine(now.date(), passed[-1])
    if last_slot is not None and last_slot >= slot:
        return None
    return slot


def next_slot(now: dt.datetime, cal: WorkCalendar, config: ReminderConfig, horizon_days: int = 40) -> dt.datetime | None:
    """The next chosen time after ``now`` on a working day within office hours (shown in the tray's tooltip)."""
    if not config.enabled:
        return None
    for offset in range(horizon_days):
        day = now.date() + dt.timedelta(days=offset)
        if not cal.is_working(day):
            continue
        for moment in config.times:
            slot = dt.datetime.combine(day, moment)
            if slot > now and config.in_office_hours(moment):
                return slot
    return None


# ---------------------------------------------------------------------------------------------
# What was already announced (one small JSON file per database in the user's data folder)


@dataclass
class ReminderState:
    last_slot: dt.datetime | None = None
    notified: dict[str, list[str]] = field(default_factory=dict)     # item key -> steps announced

    @classmethod
    def load(cls, path: Path) -> "ReminderState":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            last = dt.datetime.fromisoformat(data["last_slot"]) if data.get("last_slot") else None
            notified = {str(k): [str(s) for s in v] for k, v in dict(data.get("notified", {})).items()}
            return cls(last, notified)
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, TypeError, AttributeError) as exc:
            # A damaged file costs at most one repeated notification; it must not stop the program.
            log.warning("reminder state %s unreadable (%s); starting afresh", path, exc)
            return cls()

    def save(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"last_slot": self.last_slot.isoformat() if self.last_slot else None,
                                   "notified": self.notified}, ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(tmp, path)

    def announced(self, item: AgendaItem, step: str) -> bool:
        return step in self.notified.get(item_key(item), ())


def state_path(folder: Path, database_label: str) -> Path:
    """One state file per database: the demo database must not use up the real one's announcements."""
    import hashlib
    digest = hashlib.sha1(database_label.encode("utf-8")).hexdigest()[:10]
    return Path(folder) / f"reminders-{digest}.json"


# ---------------------------------------------------------------------------------------------
# A round of notification


@dataclass(frozen=True)
class Notification:
    slot: dt.datetime
    entries: tuple[tuple[str, AgendaItem], ...]      # (step, item), most urgent step first
    overdue_total: int = 0                           # every item overdue now, newly or not

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(item_key(item) for _, item in self.entries)

    def count(self, step: str) -> int:
        return sum(1 for s, _ in self.entries if s == step)

    @property
    def title(self) -> str:
        parts = [f"{STEP_TEXT[s]} {self.count(s)} 项" for s in STEPS if self.count(s)]
        return "行政应诉提醒：" + "，".join(parts)

    def message(self, limit: int = MESSAGE_ITEMS, chars: int = MESSAGE_CHARS) -> str:
        """A few items, most urgent first, then how many more; within ``chars`` characters."""
        shown = [f"【{STEP_TEXT[step]}】{item.unit} {item.case_number} {item.what} "
                 f"{item.day.month}月{item.day.day}日 {weekday_name(item.day)}" for step, item in self.entries[:limit]]
        while True:
            lines = list(shown)
            if len(self.entries) > len(shown):
                lines.append(f"……另有 {len(self.entries) - len(shown)} 项")
            if self.overdue_total:
                lines.append(f"目前共有 {self.overdue_total} 项已逾期。")
            lines.append("点击查看这些事项")
            text = "\n".join(lines)
            if len(text) <= chars or not shown:
                return text
            shown.pop()


def newly_overdue(item: AgendaItem, state: ReminderState) -> bool:
    """Overdue since the last round: its due day was not yet past then. Items long overdue when reminders first
    run, or entered already overdue, are not "new"; the tray's red count and the banner show them."""
    return state.last_slot is not None and item.day >= state.last_slot.date()


def pending(items: Iterable[AgendaItem], today: dt.date, state: ReminderState) -> list[tuple[str, AgendaItem]]:
    """The (step, item) pairs not announced yet, most urgent first, then by due day, unit and case number."""
    found = []
    for item in items:
        step = step_of(item, today)
        if step is None or state.announced(item, step):
            continue
        if step == STEP_OVERDUE and not newly_overdue(item, state):
            continue
        found.append((step, item))
    return sorted(found, key=lambda e: (STEPS.index(e[0]), e[1].day, e[1].unit, e[1].case_number, e[1].what))


def mark_announced(state: ReminderState, slot: dt.datetime, entries: Iterable[tuple[str, AgendaItem]],
                   current: Iterable[AgendaItem], today: dt.date) -> ReminderState:
    """The state after a round: the slot used, the entries' steps recorded (with every less urgent step, which
    the item has passed), and items no longer on the list forgotten."""
    notified = {key: list(steps) for key, steps in state.notified.items()}
    for step, item in entries:
        passed = STEPS[STEPS.index(step):]
        steps = notified.setdefault(item_key(item), [])
        steps += [s for s in passed if s not in steps]
    keep = {item_key(i) for i in current}
    return ReminderState(slot, {k: v for k, v in notified.items() if k in keep})


def check(now: dt.datetime, cal: WorkCalendar, config: ReminderConfig, state: ReminderState,
          load_items: Callable[[dt.date], list[AgendaItem]]) -> tuple[Notification | None, ReminderState]:
    """One look at the clock: (the notification to show or None, the state to keep).

    ``load_items(today)`` reads the to-do items (agenda.todo); it is called only when a round is due."""
    slot = due_slot(now, cal, config, state.last_slot)
    if slot is None:
        return None, state
    today = now.date()
    items = load_items(today)
    entries = pending(items, today, state)
    new_state = mark_announced(state, slot, entries, items, today)
    overdue = sum(1 for i in items if step_of(i, today) == STEP_OVERDUE)
    return (Notification(slot, tuple(entries), overdue) if entries else None), new_state


def load_todo_items(today: dt.date) -> list[AgendaItem]:
    """Everything that can be at a step today: open deadlines due within 7 days or overdue, hearings ahead."""
    return agenda.todo(NOTIFY_DAYS, today=today)
