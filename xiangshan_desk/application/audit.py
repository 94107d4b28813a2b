"""The audit trail: who changed what, when, and from where (an import names its ledger). Every change a clerk or an
import makes is recorded here; the history tab, the audit export and the frozen-figures differences read it."""
from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterable

from xiangshan_desk.application.session import Actor
from xiangshan_desk.domain.fields import display
from xiangshan_desk.persistence import bulk
from xiangshan_desk.persistence.db import database
from xiangshan_desk.persistence.models import AuditEntry


AUDIT_COLUMNS = ("operator", "os_user", "action", "entity", "entity_id", "case_id", "field", "old_value", "new_value",
                 "at")


def audit_entries(actor: Actor, action: str, entity: str, entity_id: int | None, case_id: int | None,
                  changes: dict[str, tuple] | None = None) -> list[tuple]:
    """The audit rows (in AUDIT_COLUMNS order) of one action: a row per changed field, or one row without fields."""
    at = dt.datetime.now().replace(microsecond=0)
    operator = actor.operator      # never empty: without a name, the system account (session.Actor)
    if not changes:
        return [(operator, actor.os_user, action, entity, entity_id, case_id, "", None, None, at)]
    return [(operator, actor.os_user, action, entity, entity_id, case_id, name, display(old), display(new), at)
            for name, (old, new) in changes.items()]


_AUDIT_SOURCE: contextvars.ContextVar[str] = contextvars.ContextVar("audit_source", default="")


@contextlib.contextmanager
def audit_source(text: str):
    """Changes made inside say where they came from in the history, e.g. 修改（台账导入：台账.xlsx）."""
    token = _AUDIT_SOURCE.set(text)
    try:
        yield
    finally:
        _AUDIT_SOURCE.reset(token)


def record(actor: Actor, action: str, entity: str, entity_id: int | None, case_id: int | None,
           changes: dict[str, tuple] | None = None) -> None:
    source = _AUDIT_SOURCE.get()
    action = f"{action}（{source}）" if source else action
    bulk.insert_rows(AuditEntry, AUDIT_COLUMNS, audit_entries(actor, action, entity, entity_id, case_id, changes))


def record_case_acts(actor: Actor, action: str, entity: str, acts: Iterable[tuple[int, dict[str, tuple]]]) -> int:
    """Audit-trail entries for acts on cases that change no stored field (督办: a 催办单 printed, a digest sent),
    one transaction; ``acts`` are (case id, {field: (old, new)}). Returns the number of entries written."""
    rows = [row for case_id, changes in acts for row in audit_entries(actor, action, entity, None, case_id, changes)]
    with database.atomic():
        bulk.insert_rows(AuditEntry, AUDIT_COLUMNS, rows)
    return len(rows)


def audit_trail(case_id: int) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.case_id == case_id).order_by(AuditEntry.id))


AUDIT_HEADERS = ["时间", "操作人", "系统账户", "操作", "对象", "编号", "字段", "原值", "新值"]


AUDIT_ENTITIES = {"case": "案件", "proceeding": "审级", "hearing": "开庭", "risk": "风险", "performance": "履行",
                  "unit": "单位", "leader": "县领导", "court": "法院", "holiday": "节假日", "holiday_year": "节假日年度",
                  "coordination": "协调小组", "escalation": "督办", "suggestion": "司法建议", "typical": "典型案例",
                  "training": "培训与旁听", "assessment": "考核规则", "frozen_report": "报送统计", "alias": "单位别名",
                  "settings": "设置", "material": "材料"}


def audit_rows(case_id: int | None = None) -> list[list]:
    """The audit trail as rows for export (one case, or everything)."""
    query = AuditEntry.select().order_by(AuditEntry.id)
    if case_id is not None:
        query = query.where(AuditEntry.case_id == case_id)
    return [[e.at.strftime("%Y-%m-%d %H:%M:%S") if e.at else "", e.operator, e.os_user, e.action,
             AUDIT_ENTITIES.get(e.entity, e.entity), e.entity_id, e.field, e.old_value, e.new_value] for e in query]

