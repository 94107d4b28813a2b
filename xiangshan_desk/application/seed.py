"""First-start seed data: the county's units and courts from resources/seed (editable data, not code)."""
from __future__ import annotations

import json

from xiangshan_desk.persistence.db import database
from xiangshan_desk.application.locate import resource
from xiangshan_desk.persistence.models import Court, Unit, UnitAlias
from xiangshan_desk.domain.vocabulary import UNIT_KINDS


def reference_data() -> dict:
    return json.loads(resource("seed", "reference.json").read_text(encoding="utf-8"))


def seed_if_empty() -> bool:
    """Seed units and courts when the database has no unit yet. Returns whether it seeded."""
    if Unit.select().exists():
        return False
    data = reference_data()
    with database.atomic():
        for order, entry in enumerate(data["units"]):
            if entry["kind"] not in UNIT_KINDS:
                raise ValueError(f"seed unit {entry['name']} has unknown kind {entry['kind']}")
            unit = Unit.create(name=entry["name"], kind=entry["kind"], sort_order=order,
                               principal_head_name=entry.get("principal_head_name", ""),
                               principal_head_post=entry.get("principal_head_post", ""))
            for alias in entry.get("aliases", []):
                UnitAlias.create(unit=unit, alias=alias)
        for court in data["courts"]:
            Court.get_or_create(code=court["code"], defaults={"name": court["name"]})
    return True


def add_missing_aliases() -> int:
    """The seed's aliases for the units a database already has (the names court papers and notices use, e.g.
    象山县自然资源和规划局): added where free, never replacing a clerk's own. Returns how many were added."""
    taken = {a for (a,) in UnitAlias.select(UnitAlias.alias).tuples()} | {n for (n,) in Unit.select(Unit.name).tuples()}
    units = {u.name: u.id for u in Unit.select(Unit.id, Unit.name)}
    added = 0
    with database.atomic():
        for entry in reference_data()["units"]:
            unit_id = units.get(entry["name"])
            if unit_id is None:
                continue
            for alias in entry.get("aliases", []):
                if alias not in taken:
                    UnitAlias.create(unit=unit_id, alias=alias)
                    taken.add(alias)
                    added += 1
    return added
