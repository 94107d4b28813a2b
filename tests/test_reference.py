"""Reference data: units (aliases, merge, deactivate, never deleted with cases), leaders, courts, the group."""
import pytest

from xiangshan_desk.application import cases, reference
from xiangshan_desk.application.audit import audit_trail
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.application.units import UnitResolver
from xiangshan_desk.persistence.models import AuditEntry, Case, CoordinationMember, Court, Unit
from xiangshan_desk.application.units import list_units


def _unit(name):
    return Unit.get(Unit.name == name).id


def test_add_rename_aliases_and_heads(db, actor):
    leader = reference.save_leader(actor, None, {"name": "陈某", "post": "副县长", "portfolio": "司法、信访"})
    unit = reference.save_unit(actor, None, {"name": "县数据局", "kind": "县级部门", "principal_head_name": "周某",
                                             "principal_head_post": "局长", "leader_id": leader}, ["数据局"])
    info = next(u for u in list_units() if u.id == unit)
    assert "周某（局长）" in info.facts_text and "陈某（副县长）" in info.facts_text
    assert UnitResolver().find("数据局").id == unit
    reference.save_unit(actor, unit, {"name": "县大数据发展管理局"}, ["数据局", "大数据局"])
    assert Unit.get_by_id(unit).name == "县大数据发展管理局" and reference.unit_aliases(unit) == ["大数据局", "数据局"]
    with pytest.raises(AppError, match="已有名称或别名为“石浦镇”的单位"):
        reference.save_unit(actor, None, {"name": "石浦镇", "kind": "镇乡街道"})
    with pytest.raises(AppError, match="别名“象山县政府”已被其他单位使用"):
        reference.save_unit(actor, unit, {}, ["象山县政府"])          # an alias of the county government
    changes = {e.field for e in AuditEntry.select().where(AuditEntry.entity == "unit")}
    assert {"单位名称", "别名"} <= changes


def test_unit_with_cases_is_deactivated_not_deleted(db, actor):
    cases.create_case(actor, {"unit_id": _unit("石浦镇")}, {"case_number": "（2025）浙0225行初1号"})
    with pytest.raises(AppError, match="只能停用") as info:
        reference.delete_unit(actor, _unit("石浦镇"))
    assert "只能停用" in info.value.message
    reference.save_unit(actor, _unit("石浦镇"), {"active": False})
    assert not Unit.get(Unit.name == "石浦镇").active
    reference.delete_unit(actor, _unit("高塘岛乡"))
    assert not Unit.select().where(Unit.name == "高塘岛乡").exists()


def test_merge_moves_cases_and_keeps_the_name_as_alias(db, actor):
    a = cases.create_case(actor, {"unit_id": _unit("县商务局")}, {"case_number": "（2025）浙0225行初2号"}).id
    moved = reference.merge_units(actor, _unit("县商务局"), _unit("县发展和改革局"))
    assert moved == 1 and Case.get_by_id(a).unit.name == "县发展和改革局"
    assert UnitResolver().find("县商务局").name == "县发展和改革局"
    assert any(e.field == "被告单位" and e.old_value == "县商务局" for e in audit_trail(a))
    with pytest.raises(AppError, match="不能把单位合并到它自己"):
        reference.merge_units(actor, _unit("石浦镇"), _unit("石浦镇"))


def test_leaders_courts_and_group(db, actor):
    leader = reference.save_leader(actor, None, {"name": "陈某", "post": "副县长"})
    reference.save_unit(actor, _unit("县司法局"), {"leader_id": leader})
    with pytest.raises(AppError, match="陈某分管 1 个单位，不能删除，只能设为不在任"):
        reference.delete_leader(actor, leader)
    reference.save_leader(actor, leader, {"active": False})
    assert not reference.list_leaders()[0].active
    reference.save_court(actor, "浙0281", "余姚市人民法院")
    assert Court.get(Court.code == "浙0281").name == "余姚市人民法院"
    reference.delete_court(actor, "浙0281")
    reference.set_coordination_group(actor, [("组长", "某县长", "县长"), ("副组长", "陈某", "副县长"),
                                             ("成员单位", "县司法局", "")])
    assert [m.role for m in reference.coordination_group()] == ["组长", "副组长", "成员单位"]
    assert CoordinationMember.get(CoordinationMember.role == "成员单位").unit.name == "县司法局"
    with pytest.raises(AppError, match="成员单位“火星局”不在单位清单中"):
        reference.set_coordination_group(actor, [("成员单位", "火星局", "")])
    assert len(reference.coordination_group()) == 3        # a refused change leaves the group as it was


def test_a_coordination_member_unit_is_found_by_its_alias(db, actor):
    """One unit resolver everywhere (issue #20): the coordination group finds a member unit by an alias the seed
    registers (units.md: 象山县公安局 for 县公安局), like the ledger import and the court-paper intake do."""
    reference.set_coordination_group(actor, [("成员单位", "象山县公安局", "")])
    member = reference.coordination_group()[0]
    assert member.unit is not None and member.unit.name == "县公安局"


def test_the_resolver_reads_a_unit_as_a_court_paper_writes_it(db, actor):
    """UnitResolver.find_written: 象山县…局 / 象山县…镇人民政府 / 象山县…街道办事处 find the list's short names,
    even without an alias; anything else resolves as find() does."""
    for name, kind in (("县海防局", "县级部门"), ("海防镇", "镇乡街道"), ("海防街道", "镇乡街道")):
        reference.save_unit(actor, None, {"name": name, "kind": kind})
    resolver = UnitResolver()
    assert resolver.find_written("象山县海防局").name == "县海防局"
    assert resolver.find_written("象山县海防镇人民政府").name == "海防镇"
    assert resolver.find_written("象山县海防街道办事处").name == "海防街道"
    assert resolver.find_written("象山县人民政府").name == "象山县人民政府"
    assert resolver.find_written("石浦镇").name == "石浦镇" and resolver.find_written("象山县不存在局") is None
    assert resolver.find("象山县海防局") is None                     # the ledger and the CLI take names as written
