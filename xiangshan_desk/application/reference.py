"""Reference data the clerks keep current: units, county leaders, courts, the coordination group."""
from __future__ import annotations

import enum
from dataclasses import dataclass

from xiangshan_desk.application import identity
from xiangshan_desk.domain import rules
from xiangshan_desk.application.cases import Actor
from xiangshan_desk.application import audit
from xiangshan_desk.application.projection import refresh_deadlines
from xiangshan_desk.persistence.db import database
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.domain.fields import FieldSpec, clean_value, clean_values
from xiangshan_desk.application.units import UnitResolver
from xiangshan_desk.persistence.models import AuditEntry, Case, CoordinationMember, CountyLeader, Court, Unit, UnitAlias

UNIT_FIELDS = {
    "name": FieldSpec("单位名称", "text", required=True, max_length=100, single_line=True),
    "kind": FieldSpec("单位类别", "choice", choices=rules.UNIT_KINDS, required=True),
    "principal_head_name": FieldSpec("主要负责人", "text", max_length=50),
    "principal_head_post": FieldSpec("主要负责人职务", "text", max_length=50),
    "leader_id": FieldSpec("分管县领导", "int"),
    "active": FieldSpec("在用", "bool"),
}

ALIAS_FIELD = FieldSpec("别名", "text", max_length=100, single_line=True)
LEADER_FIELDS = {
    "name": FieldSpec("姓名", "text", required=True, max_length=50),
    "post": FieldSpec("职务", "text", max_length=50),
    "portfolio": FieldSpec("分管领域", "text", max_length=500),
    "active": FieldSpec("在任", "bool"),
}
class CoordinationRole(enum.StrEnum):
    """A member's place in the 行政争议化解协调小组."""
    LEADER = "组长"
    DEPUTY = "副组长"
    MEMBER = "成员单位"


COORDINATION_ROLES = tuple(CoordinationRole)


def _record(actor: Actor, action: str, entity: str, entity_id: int, changes: dict) -> None:
    audit.record(actor, action, entity, entity_id, None, changes)


# ---------------------------------------------------------------------------------------------
# Units


def unit_aliases(unit_id: int) -> list[str]:
    return [a.alias for a in UnitAlias.select().where(UnitAlias.unit == unit_id).order_by(UnitAlias.alias)]


def _check_names(unit_id: int | None, name: str, aliases: list[str]) -> None:
    taken = Unit.select().where(Unit.name == name)
    if unit_id is not None:
        taken = taken.where(Unit.id != unit_id)
    if taken.exists() or UnitAlias.select().where((UnitAlias.alias == name) & (UnitAlias.unit != unit_id)).exists():
        raise AppError(f"已有名称或别名为“{name}”的单位", "name")
    for alias in aliases:
        if alias == name:
            raise AppError(f"别名“{alias}”与单位名称相同", "aliases")
        if Unit.select().where((Unit.name == alias) & (Unit.id != unit_id)).exists() or \
                UnitAlias.select().where((UnitAlias.alias == alias) & (UnitAlias.unit != unit_id)).exists():
            raise AppError(f"别名“{alias}”已被其他单位使用", "aliases")


def save_unit(actor: Actor, unit_id: int | None, values: dict, aliases: list[str] | None = None) -> int:
    """Add a unit or change one (rename, kind, heads, leader, active); aliases replace the old ones."""
    cleaned = clean_values(UNIT_FIELDS, values, creating=unit_id is None)
    alias_list = sorted({clean_value(ALIAS_FIELD, a) for a in (aliases or []) if a.strip()})
    if cleaned.get("leader_id") is not None and not CountyLeader.select().where(
            CountyLeader.id == cleaned["leader_id"]).exists():
        raise AppError("分管县领导不存在", "leader_id")
    with database.atomic():
        if unit_id is None:
            _check_names(None, cleaned["name"], alias_list)
            leader = cleaned.pop("leader_id", None)
            unit = Unit.create(leader=leader, sort_order=(Unit.select().count() + 1), **cleaned)
            _record(actor, "新增", "unit", unit.id, {"单位名称": (None, unit.name), "单位类别": (None, unit.kind)})
        else:
            unit = Unit.get_or_none(Unit.id == unit_id)
            if unit is None:
                raise AppError(f"单位不存在（编号 {unit_id}）")
            _check_names(unit_id, cleaned.get("name", unit.name), alias_list)
            changes = {}
            changed_keys = set()
            for key, value in cleaned.items():
                old = getattr(unit, key)
                if old != value:
                    changes[UNIT_FIELDS[key].label] = (old, value)
                    changed_keys.add(key)
                    setattr(unit, key, value)
            if changes:
                unit.version += 1
                unit.save()
                _record(actor, "修改", "unit", unit.id, changes)
                if changed_keys & {"name", "kind"}:
                    # the name is searched in the case list, the kind decides who must appear (§4)
                    refresh_deadlines([c for (c,) in Case.select(Case.id).where(Case.unit == unit.id).tuples()])
        if aliases is not None:
            old_aliases = unit_aliases(unit.id)
            if old_aliases != alias_list:
                UnitAlias.delete().where(UnitAlias.unit == unit.id).execute()
                for alias in alias_list:
                    UnitAlias.create(unit=unit, alias=alias)
                _record(actor, "修改", "unit", unit.id, {"别名": ("、".join(old_aliases), "、".join(alias_list))})
    return unit.id


def delete_unit(actor: Actor, unit_id: int) -> None:
    """Delete a unit that never had a case; a unit with cases can only be deactivated."""
    unit = Unit.get_or_none(Unit.id == unit_id)
    if unit is None:
        raise AppError(f"单位不存在（编号 {unit_id}）")
    count = Case.select().where(Case.unit == unit_id).count()
    if count:
        raise AppError(f"“{unit.name}”有 {count} 个案件，不能删除，只能停用。")
    with database.atomic():
        _record(actor, "删除", "unit", unit.id, {"单位名称": (unit.name, None)})
        unit.delete_instance(recursive=False)


def merge_units(actor: Actor, source_id: int, target_id: int) -> int:
    """Move every case of ``source`` to ``target``; the source's name becomes an alias of the target and the
    source is deactivated. Returns how many cases moved."""
    if source_id == target_id:
        raise AppError("不能把单位合并到它自己")
    source, target = Unit.get_or_none(Unit.id == source_id), Unit.get_or_none(Unit.id == target_id)
    if source is None or target is None:
        raise AppError("要合并的单位不存在")
    with database.atomic():
        moved = [c for (c,) in Case.select(Case.id).where(Case.unit == source_id).tuples()]
        for case_id in moved:
            try:
                identity.check_case_free(case_id, target_id)
            except identity.DuplicateCaseNumber as exc:
                raise AppError(f"不能合并：{source.name}和{target.name}都有案号为 {exc.existing.case_number} 的案件"
                               f"（共同被告案件合并后会重复）。请先核对这两个案件。") from None
        Case.update(unit=target_id, version=Case.version + 1).where(Case.unit == source_id).execute()
        for case_id in moved:
            AuditEntry.create(operator=actor.operator, os_user=actor.os_user, action="合并单位", entity="case",
                              entity_id=case_id, case_id=case_id, field="被告单位", old_value=source.name,
                              new_value=target.name)
        for alias in UnitAlias.select().where(UnitAlias.unit == source_id):
            alias.unit = target_id
            alias.save()
        # the merged unit's name keeps working (ledgers, imports) as an alias of the target
        UnitAlias.create(unit=target_id, alias=source.name)
        source.name = f"{source.name}（已并入{target.name}）"
        source.active = False
        source.save()
        _record(actor, "合并", "unit", source_id, {"并入": (None, target.name), "案件数": (None, str(len(moved)))})
        refresh_deadlines(moved)
    return len(moved)


# ---------------------------------------------------------------------------------------------
# County leaders, courts, the coordination group


@dataclass(frozen=True)
class LeaderInfo:
    id: int
    name: str
    post: str
    portfolio: str
    active: bool
    units: int


def list_leaders() -> list[LeaderInfo]:
    return [LeaderInfo(row.id, row.name, row.post, row.portfolio, row.active,
                       Unit.select().where(Unit.leader == row.id).count())
            for row in CountyLeader.select().order_by(CountyLeader.id)]


def save_leader(actor: Actor, leader_id: int | None, values: dict) -> int:
    cleaned = clean_values(LEADER_FIELDS, values, creating=leader_id is None)
    with database.atomic():
        if leader_id is None:
            leader = CountyLeader.create(**cleaned)
            _record(actor, "新增", "leader", leader.id, {"姓名": (None, leader.name)})
            return leader.id
        leader = CountyLeader.get_or_none(CountyLeader.id == leader_id)
        if leader is None:
            raise AppError(f"县领导不存在（编号 {leader_id}）")
        changes = {LEADER_FIELDS[k].label: (getattr(leader, k), v) for k, v in cleaned.items() if getattr(leader, k) != v}
        if changes:
            for key, value in cleaned.items():
                setattr(leader, key, value)
            leader.save()
            _record(actor, "修改", "leader", leader.id, changes)
    return leader.id


def delete_leader(actor: Actor, leader_id: int) -> None:
    leader = CountyLeader.get_or_none(CountyLeader.id == leader_id)
    if leader is None:
        raise AppError(f"县领导不存在（编号 {leader_id}）")
    units = Unit.select().where(Unit.leader == leader_id).count()
    if units:
        raise AppError(f"{leader.name}分管 {units} 个单位，不能删除，只能设为不在任。")
    with database.atomic():
        _record(actor, "删除", "leader", leader.id, {"姓名": (leader.name, None)})
        leader.delete_instance()


def save_court(actor: Actor, code: str, name: str) -> None:
    code, name = code.strip(), name.strip()
    if not code or not name:
        raise AppError("请填写法院代字和法院名称")
    with database.atomic():
        court, created = Court.get_or_create(code=code, defaults={"name": name})
        if not created and court.name != name:
            _record(actor, "修改", "court", court.id, {"法院名称": (court.name, name)})
            court.name = name
            court.save()
        elif created:
            _record(actor, "新增", "court", court.id, {"法院": (None, f"{code} {name}")})


def delete_court(actor: Actor, code: str) -> None:
    court = Court.get_or_none(Court.code == code)
    if court is None:
        raise AppError(f"没有代字为 {code} 的法院")
    with database.atomic():
        _record(actor, "删除", "court", court.id, {"法院": (f"{court.code} {court.name}", None)})
        court.delete_instance()


def coordination_group() -> list[CoordinationMember]:
    return list(CoordinationMember.select().order_by(CoordinationMember.sort_order, CoordinationMember.id))


def set_coordination_group(actor: Actor, members: list[tuple[str, str, str]]) -> None:
    """Replace the group with (role, name, post) entries; a 成员单位 name must be a known unit."""
    entries = []
    units = UnitResolver()
    for order, (role, name, post) in enumerate(members):
        if role not in COORDINATION_ROLES:
            raise AppError(f"协调小组职务“{role}”应为{'、'.join(COORDINATION_ROLES)}之一")
        name = name.strip()
        if not name:
            raise AppError("请填写协调小组成员姓名或单位")
        unit = units.find(name) if role == "成员单位" else None
        if role == "成员单位" and unit is None:
            raise AppError(f"成员单位“{name}”不在单位清单中")
        entries.append({"role": role, "name": name, "post": post.strip(), "unit": unit, "sort_order": order})
    with database.atomic():
        old = "；".join(f"{m.role}:{m.name}" for m in coordination_group())
        CoordinationMember.delete().execute()
        for entry in entries:
            CoordinationMember.create(**entry)
        new = "；".join(f"{e['role']}:{e['name']}" for e in entries)
        if old != new:
            _record(actor, "修改", "coordination", 0, {"协调小组": (old, new)})
