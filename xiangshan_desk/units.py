"""Reference data the clerk picks from: units (with their heads and county leader) and courts."""
from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN

from .errors import AppError
from .models import CountyLeader, Court, Unit, UnitAlias


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    kind: str
    principal_head_name: str
    principal_head_post: str
    leader_name: str
    leader_post: str
    active: bool

    @property
    def facts_text(self) -> str:
        """The quick facts shown when the unit is picked: principal head and county leader in charge."""
        head = f"{self.principal_head_name}（{self.principal_head_post}）" if self.principal_head_name else "未登记"
        if self.principal_head_name and not self.principal_head_post:
            head = self.principal_head_name
        leader = f"{self.leader_name}（{self.leader_post}）" if self.leader_name else "未登记"
        if self.leader_name and not self.leader_post:
            leader = self.leader_name
        return f"{self.name}　主要负责人：{head}　分管县领导：{leader}"


def list_units(active_only: bool = True) -> list[UnitInfo]:
    query = (Unit.select(Unit, CountyLeader).join(CountyLeader, on=(Unit.leader == CountyLeader.id),
                                                 join_type=JOIN.LEFT_OUTER)
             .order_by(Unit.sort_order, Unit.name))
    if active_only:
        query = query.where(Unit.active == True)  # noqa: E712
    result = []
    for unit in query:
        leader = unit.leader if unit.leader_id else None
        result.append(UnitInfo(unit.id, unit.name, unit.kind, unit.principal_head_name, unit.principal_head_post,
                               leader.name if leader else "", leader.post if leader else "", unit.active))
    return result


def court_names() -> dict[str, str]:
    return {court.code: court.name for court in Court.select().order_by(Court.code)}


def unit_id_by_name(name: str) -> int:
    """The unit of a name or alias (the command line, lookups); a clear error listing close names otherwise."""
    unit = Unit.get_or_none(Unit.name == name)
    if unit is None:
        alias = UnitAlias.get_or_none(UnitAlias.alias == name)
        unit = alias.unit if alias else None
    if unit is None:
        import difflib
        names = [u.name for u in Unit.select(Unit.name)]
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.3)
        hint = f"，是否指：{'、'.join(close)}" if close else ""
        raise AppError(f"找不到单位“{name}”{hint}")
    return unit.id
