"""Reference data the clerk picks from: units (with their heads and county leader) and courts."""
from __future__ import annotations

from typing import NamedTuple

from peewee import JOIN

from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import CountyLeader, Court, Unit, UnitAlias


class UnitInfo(NamedTuple):
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
    # plain rows, not model objects: the case list reads every unit at start-up (benchmarks/README.md)
    query = (Unit.select(Unit.id, Unit.name, Unit.kind, Unit.principal_head_name, Unit.principal_head_post,
                         CountyLeader.name, CountyLeader.post, Unit.active)
             .join(CountyLeader, on=(Unit.leader == CountyLeader.id), join_type=JOIN.LEFT_OUTER)
             .order_by(Unit.sort_order, Unit.name))
    if active_only:
        query = query.where(Unit.active == True)  # noqa: E712
    return [UnitInfo(unit_id, name, kind, head_name, head_post, leader_name or "", leader_post or "", bool(active))
            for unit_id, name, kind, head_name, head_post, leader_name, leader_post, active in query.tuples()]


def court_names() -> dict[str, str]:
    return {court.code: court.name for court in Court.select().order_by(Court.code)}


def _court_code(court: str, case_number: str, courts: dict[str, str]) -> str | None:
    """A court's 代字: its name looked up in the courts table, else the one in its 案号."""
    by_name = {name: code for code, name in courts.items()}
    if court.strip() in by_name:
        return by_name[court.strip()]
    from xiangshan_desk.domain.rules import parse_case_number      # not at start-up (vocabulary.py)
    return parse_case_number(case_number).court_code


def court_of(case_number: str) -> str:
    """The court a 案号 names (浙0225 → 象山县人民法院), from the courts table; "" when it names none there."""
    from xiangshan_desk.domain.rules import parse_case_number
    code = parse_case_number(case_number).court_code
    return court_names().get(code or "", "")


def appeal_court(court: str, case_number: str = "") -> str:
    """The court that hears an appeal against ``court`` (named, or found from its 案号), from the courts table:
    a basic court's 代字 浙0225 → 浙02 (the intermediate court), 浙02 → 浙 (the high court). "" when unknown."""
    courts = court_names()
    code = _court_code(court, case_number, courts)
    if not code:
        return ""
    province, digits = code.rstrip("0123456789"), code[len(code.rstrip("0123456789")):]
    if len(digits) not in (2, 4):
        return ""
    return courts.get(province + digits[:-2], "")


class UnitResolver:
    """The one way from a name a clerk, a ledger or a court paper writes to a unit: its name, or an alias of it
    (象山县自然资源和规划局 → 宁波市自然资源和规划局象山分局). Reads the units once; for a whole import."""

    def __init__(self) -> None:
        self.by_name = {u.name: u for u in Unit.select()}
        self.by_alias = {a.alias: self.by_name[a.unit.name] for a in UnitAlias.select(UnitAlias, Unit).join(Unit)}

    def find(self, name: str) -> Unit | None:
        name = (name or "").strip()
        return self.by_name.get(name) or self.by_alias.get(name)

    def find_written(self, name: str) -> Unit | None:
        """A unit as a court paper names it: courts write the full name ("象山县石浦镇人民政府",
        "象山县市场监督管理局"), the unit list the short one ("石浦镇", "县市场监督管理局")."""
        name = (name or "").strip()
        candidates = []
        if name.startswith("象山县") and name != "象山县人民政府":
            rest = name[3:]
            candidates += ["县" + rest] + [rest[:-len(suffix)] for suffix in ("人民政府", "办事处")
                                           if rest.endswith(suffix)]
        return next((unit for unit in map(self.find, candidates) if unit is not None), None) or self.find(name)

    def suggest(self, name: str) -> str:
        """，相近的单位：… (empty when nothing is close)."""
        import difflib
        close = difflib.get_close_matches(name, list(self.by_name) + list(self.by_alias), n=3, cutoff=0.3)
        return f"，相近的单位：{'、'.join(close)}" if close else ""


def unit_id_by_name(name: str, written: bool = False) -> int:
    """The unit of a name or alias (the command line, lookups) — or, ``written``, as a court paper writes it
    (``UnitResolver.find_written``); a clear error naming close names otherwise."""
    resolver = UnitResolver()
    unit = resolver.find_written(name) if written else resolver.find(name)
    if unit is None:
        raise AppError(f"找不到单位“{name}”{resolver.suggest(name)}")
    return unit.id


class UnitChoice(NamedTuple):
    """A unit as the unit picker offers it: its name, and everything a clerk may type to find it."""

    id: int
    name: str
    active: bool
    aliases: tuple[str, ...]
    initials: tuple[str, ...]          # pinyin initials of the name and each alias, e.g. nbszrzyhghjxsfj, xzrzyj

    def matches(self, typed: str) -> bool:
        """Any part of the name or an alias, or of their pinyin initials (zrzy finds 自然资源…)."""
        text = typed.strip().lower()
        if not text:
            return True
        return (any(text in name.lower() for name in (self.name, *self.aliases))
                or (text.isascii() and any(text in initials for initials in self.initials)))

    @property
    def label(self) -> str:
        return self.name + ("" if self.active else "（已停用）")


def _initials(text: str) -> str:
    from pypinyin import Style, lazy_pinyin
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors="ignore")).lower()


def unit_choices(include_inactive: bool = True) -> list[UnitChoice]:
    """Every unit in the official order with its aliases and pinyin initials (read once per picker)."""
    aliases: dict[int, list[str]] = {}
    for unit_id, alias in UnitAlias.select(UnitAlias.unit, UnitAlias.alias).tuples():
        aliases.setdefault(unit_id, []).append(alias)
    query = Unit.select(Unit.id, Unit.name, Unit.active).order_by(Unit.sort_order, Unit.name)
    if not include_inactive:
        query = query.where(Unit.active == True)  # noqa: E712
    return [UnitChoice(unit.id, unit.name, unit.active, tuple(aliases.get(unit.id, ())),
                       tuple(_initials(t) for t in (unit.name, *aliases.get(unit.id, ()))))
            for unit in query]
