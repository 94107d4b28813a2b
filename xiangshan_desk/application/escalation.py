"""督办留痕: each printed 催办单 and each sent 今日提醒 recorded per unit and item in the case's history (audit trail),
so that the Bureau can show when it urged which unit about what, and who did."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from xiangshan_desk.application import agenda
from xiangshan_desk.domain import rules
from xiangshan_desk.application.agenda import AgendaItem
from xiangshan_desk.application.cases import Actor
from xiangshan_desk.application.audit import audit_trail, record_case_acts

ENTITY = "escalation"
NOTICE_PRINTED = "催办单（打印）"
DIGEST_COPIED = "今日提醒（复制发送）"
DIGEST_PRINTED = "今日提醒（打印）"
DIGEST_SAVED = "今日提醒（命令行）"
ACTION_PREFIX = "督办："


def _value(item: AgendaItem, as_of: dt.date) -> str:
    return f"{item.unit}；{item.case_number}；到期日 {item.day.isoformat()}；截至{as_of.isoformat()}{item.status_text}"


def record(actor: Actor, items: Iterable[AgendaItem], how: str, as_of: dt.date | None = None) -> int:
    """Record that the Bureau urged the units of these items (``how``: NOTICE_PRINTED, DIGEST_COPIED …).

    One entry per item a unit must act on, in that item's case; the Bureau's own items (转报) urge nobody and
    are left out. The entry's time and operator are the audit trail's own. Returns the entries written."""
    as_of = as_of or dt.date.today()
    acts: dict[int, dict[str, tuple]] = {}
    for item in items:
        if item.responsible == rules.BUREAU:
            continue
        label = item.what if item.kind == agenda.DEADLINE else f"开庭（{item.day.isoformat()}）"
        fields = acts.setdefault(item.case_id, {})
        name, n = label, 2
        while name in fields:                 # two items of one label in one case (two proceedings)
            name, n = f"{label}（{n}）", n + 1
        fields[name] = (None, _value(item, as_of))
    return record_case_acts(actor, ACTION_PREFIX + how, ENTITY, acts.items())


def history(case_id: int) -> list[tuple[dt.datetime, str, str, str, str]]:
    """The case's escalations, oldest first: (time, operator, how, item, what was said)."""
    return [(e.at, e.operator, e.action.removeprefix(ACTION_PREFIX), e.field, e.new_value or "")
            for e in audit_trail(case_id) if e.entity == ENTITY]
