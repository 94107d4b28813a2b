"""Which case a 案号 names (rules.md §6, 2026-12): a proceeding is identified by its unit and its 案号.

The same 案号 stands once per unit: co-defendant cases of one lawsuit (an agency and the reconsideration body that
upheld its act) share it and are linked through it. Inside the program a case is always found by its id; this
module is the one place that turns a 案号 (and a unit, when several units have it) into a proceeding, and that
refuses a second proceeding of one unit with one 案号.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from xiangshan_desk.domain import rules
from xiangshan_desk.persistence.db import database, id_list
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import Case, Proceeding, Unit
from xiangshan_desk.application.units import unit_id_by_name


@dataclass(frozen=True)
class CaseRef:
    """A case as a clerk names it: its unit and the 案号 of one of its proceedings."""

    case_id: int
    proceeding_id: int
    unit: str
    case_number: str
    level: str
    unit_id: int = 0

    @property
    def text(self) -> str:
        return f"{self.unit} {self.case_number}"


class DuplicateCaseNumber(AppError):
    """The unit already has a proceeding with this 案号 (outside the recycle bin)."""

    def __init__(self, existing: CaseRef) -> None:
        super().__init__(f"{existing.unit}已有案号为{existing.case_number}的案件（{existing.level}），不能重复登记。"
                         f"请打开已有的案件，或核对案号。", "case_number")
        self.existing = existing


class AmbiguousCaseNumber(AppError):
    """Several units have this 案号 (co-defendants) and no unit was named."""

    def __init__(self, number: str, refs: list[CaseRef]) -> None:
        units = "、".join(ref.unit for ref in refs)
        super().__init__(f"案号{number}有{len(refs)}个被告单位的案件（共同被告）：{units}。请指明单位（--unit 单位）。")
        self.refs = refs


def _refs(query) -> list[CaseRef]:
    rows = (query.select(Proceeding.case, Proceeding.id, Unit.name, Proceeding.case_number, Proceeding.level, Unit.id)
            .join(Case, on=(Proceeding.case == Case.id)).join(Unit, on=(Case.unit == Unit.id))
            .where(Case.deleted_at.is_null()).order_by(Unit.sort_order, Unit.name, Proceeding.id).tuples())
    return [CaseRef(*row) for row in rows]


def cases_with_number(number: str) -> list[CaseRef]:
    """Every proceeding outside the recycle bin with this 案号, one per unit, in the official unit order."""
    text = rules.parse_case_number(number).text
    return _refs(Proceeding.select().where(Proceeding.case_number == text))


def find_proceeding(number: str, unit: str | None = None, among_units_prefer: int | None = None) -> CaseRef:
    """The proceeding a clerk means by a 案号 and, where several units have it, a unit (name or alias).

    ``among_units_prefer``: a record that names its own unit (a judicial suggestion's 涉及单位) takes that unit's
    case when several units have the 案号, and the only case otherwise.
    """
    text = rules.parse_case_number(number).text
    refs = cases_with_number(text)
    if len(refs) > 1 and among_units_prefer is not None and not unit:
        preferred = Unit.get_or_none(Unit.id == among_units_prefer)
        refs = [ref for ref in refs if preferred is not None and ref.unit == preferred.name] or refs
    if unit:
        unit_id = unit_id_by_name(unit)
        unit_name = Unit.get_by_id(unit_id).name
        refs = [ref for ref in refs if ref.unit == unit_name]
        if not refs:
            raise AppError(f"{unit_name}没有案号为“{number}”的案件")
    if not refs:
        raise AppError(f"找不到案号为“{number}”的案件")
    if len(refs) > 1:
        raise AmbiguousCaseNumber(text, refs)
    return refs[0]


def stored_keys(numbers: Iterable[str] | None = None) -> dict[tuple[str, int], tuple[int, int]]:
    """(案号, unit id) → (proceeding id, case id) of every proceeding outside the recycle bin, or of those with
    these 案号 (as stored: ``rules.parse_case_number(...).text``): a whole import's look-ups in one query."""
    query = (Proceeding.select(Proceeding.case_number, Case.unit, Proceeding.id, Proceeding.case).join(Case)
             .where(Case.deleted_at.is_null()))
    if numbers is not None:
        query = query.where(Proceeding.case_number.in_(list(numbers)))
    return {(number, unit_id): (proceeding_id, case_id)
            for number, unit_id, proceeding_id, case_id in query.tuples()}


def proceeding_of(unit_id: int, number: str) -> tuple[int, int] | None:
    """(proceeding id, case id) of the unit's proceeding with this 案号 outside the recycle bin, or None."""
    text = rules.parse_case_number(number).text
    return stored_keys([text]).get((text, unit_id))


def check_number_free(unit_id: int, number: str, case_id: int | None = None,
                      proceeding_id: int | None = None) -> None:
    """Refuse a 案号 the unit already has in another proceeding (the one being edited excluded)."""
    text = rules.parse_case_number(number).text
    query = Proceeding.select().where((Proceeding.case_number == text) & (Case.unit == unit_id))
    if proceeding_id is not None:
        query = query.where(Proceeding.id != proceeding_id)
    for ref in _refs(query):
        raise DuplicateCaseNumber(ref)


def check_case_free(case_id: int, unit_id: int | None = None) -> None:
    """Refuse to give a case (restored from the bin, or moved to another unit) a 案号 its unit already has."""
    case = Case.get_by_id(case_id)
    unit_id = case.unit_id if unit_id is None else unit_id
    for proc in Proceeding.select(Proceeding.id, Proceeding.case_number).where(Proceeding.case == case_id):
        query = Proceeding.select().where((Proceeding.case_number == proc.case_number) & (Case.unit == unit_id)
                                          & (Proceeding.case != case_id))
        for ref in _refs(query):
            raise DuplicateCaseNumber(ref)


def other_units_with(number: str, unit_id: int | None, case_id: int | None = None) -> list[CaseRef]:
    """The cases of other units with this 案号: when entering it, the clerk is asked whether this is a
    co-defendant case."""
    return [ref for ref in cases_with_number(number)
            if ref.case_id != case_id and (unit_id is None or ref.unit != Unit.get_by_id(unit_id).name)]


def co_defendants(case_id: int) -> list[CaseRef]:
    """The other units' cases of the same lawsuit: cases sharing one of this case's 案号."""
    numbers = [n for (n,) in Proceeding.select(Proceeding.case_number).where(Proceeding.case == case_id).tuples()]
    group = Case.select(Case.co_defendant_group).where(Case.id == case_id).scalar()
    linked = Proceeding.case_number.in_(numbers) if numbers else None
    if group:               # the clerk's own link (共同被告关联号), for lawsuits whose 案号 differ
        same_group = Case.co_defendant_group == group
        linked = same_group if linked is None else (linked | same_group)
    if linked is None:
        return []
    seen: dict[int, CaseRef] = {}
    for ref in _refs(Proceeding.select().where(linked & (Proceeding.case != case_id))):
        seen.setdefault(ref.case_id, ref)
    return list(seen.values())


def sync(case_ids: Iterable[int]) -> None:
    """Copy each case's unit and recycle-bin state onto its proceedings (what the identity index reads)."""
    ids = list(case_ids)
    with database.atomic():
        for start in range(0, len(ids), 500):
            chunk = id_list(ids[start:start + 500])
            owner = Case.select(Case.unit).where(Case.id == Proceeding.case)
            binned = Case.select(Case.deleted_at.is_null(False)).where(Case.id == Proceeding.case)
            Proceeding.update(unit=owner, in_bin=binned).where(Proceeding.case.in_(chunk)).execute()
