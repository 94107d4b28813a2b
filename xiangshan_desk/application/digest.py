"""今日提醒: the day's overdue and soon-due items by responsible unit, as text for a work group or e-mail and as a
printable Word page (待办 → 复制今日提醒 / 打印; `python -m xiangshan_desk digest`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from xiangshan_desk.application import agenda
from xiangshan_desk.domain import rules
from xiangshan_desk.application.agenda import AgendaItem
from xiangshan_desk.domain.calendar import WorkCalendar, marked, weekday_name
from xiangshan_desk.domain.errors import AppError

BUREAU_NAME = "象山县司法局"
BUREAU_GROUP = "县司法局自办事项"
DEFAULT_DAYS = agenda.DEFAULT_TODO_DAYS


@dataclass(frozen=True)
class DigestGroup:
    name: str                             # the unit, or BUREAU_GROUP for the Bureau's own items
    bureau: bool
    items: tuple[AgendaItem, ...]

    @property
    def overdue(self) -> int:
        return sum(1 for i in self.items if i.status == agenda.OVERDUE)


@dataclass(frozen=True)
class Digest:
    as_of: dt.date
    days: int
    groups: tuple[DigestGroup, ...]
    unit: str | None = None               # when the digest is for one unit

    @property
    def items(self) -> list[AgendaItem]:
        return [i for g in self.groups for i in g.items]

    @property
    def unit_items(self) -> list[AgendaItem]:
        """The items a unit must act on (what a sent digest urges, 督办留痕)."""
        return [i for g in self.groups if not g.bureau for i in g.items]

    @property
    def total(self) -> int:
        return sum(len(g.items) for g in self.groups)

    @property
    def overdue(self) -> int:
        return sum(g.overdue for g in self.groups)


def unit_order() -> list[str]:
    """The units in the official order (the seed list's order: townships, county government, departments …)."""
    from xiangshan_desk.persistence.models import Unit
    return [name for (name,) in Unit.select(Unit.name).order_by(Unit.sort_order, Unit.name).tuples()]


def build(items: list[AgendaItem], as_of: dt.date, days: int, order: list[str], unit: str | None = None) -> Digest:
    """Group the to-do items: each unit's own obligations in the official unit order, then the Bureau's own."""
    rank = {name: index for index, name in enumerate(order)}
    by_unit: dict[str, list[AgendaItem]] = {}
    bureau: list[AgendaItem] = []
    for item in items:
        (bureau if item.responsible == rules.BUREAU else by_unit.setdefault(item.unit, [])).append(item)

    def ordered(group: list[AgendaItem]) -> tuple[AgendaItem, ...]:
        return tuple(sorted(group, key=lambda i: (i.day, i.case_number, i.kind != agenda.HEARING, i.what)))

    groups = [DigestGroup(name, False, ordered(group))
              for name, group in sorted(by_unit.items(), key=lambda e: (rank.get(e[0], len(rank)), e[0]))]
    if bureau:
        bureau.sort(key=lambda i: (i.day, rank.get(i.unit, len(rank)), i.case_number))
        groups.append(DigestGroup(BUREAU_GROUP, True, tuple(bureau)))
    return Digest(as_of, days, tuple(groups), unit)


def collect(days: int = DEFAULT_DAYS, unit_id: int | None = None, as_of: dt.date | None = None) -> Digest:
    """The digest of the stored cases: overdue and due within ``days`` days of ``as_of`` (default today)."""
    as_of = as_of or dt.date.today()
    items = agenda.todo(days, unit_id, today=as_of)
    unit = None
    if unit_id is not None:
        # A digest for one unit is sent to that unit: the Bureau's own 转报 of its cases is not the unit's business.
        from xiangshan_desk.persistence.models import Unit
        unit = Unit.get_by_id(unit_id).name
        items = [i for i in items if i.responsible != rules.BUREAU]
    return build(items, as_of, days, unit_order(), unit)


# ---------------------------------------------------------------------------------------------
# Text


def day_text(day: dt.date, as_of: dt.date, weekday: str | None = None) -> str:
    """12月7日 周一 (with the year when it is not the digest's year); ``weekday`` as the calendar words it."""
    year = f"{day.year}年" if day.year != as_of.year else ""
    return f"{year}{day.month}月{day.day}日 {weekday or weekday_name(day)}"


def due_text(item: AgendaItem, cal: WorkCalendar, as_of: dt.date, table: bool = False) -> str:
    """The due day with its marks, in the calendar's one wording: 周日（调休上班） on a weekend day worked
    (WorkCalendar.weekday_text), 未确认 when the year's schedule is missing.
    ``table``: 2025-03-24 周一, as tables write dates (the text writes 3月24日 周一)."""
    weekday = cal.weekday_text(item.day)
    shown = f"{item.day.isoformat()} {weekday}" if table else day_text(item.day, as_of, weekday)
    return marked(shown, item.unconfirmed)


def line(item: AgendaItem, cal: WorkCalendar, as_of: dt.date, with_unit: bool = False) -> str:
    unit = f"{item.unit}　" if with_unit else ""
    return f"{unit}{item.case_number}　{item.what}　{due_text(item, cal, as_of)}　{item.status_text}"


def heading(digest: Digest) -> str:
    who = f"（{digest.unit}）" if digest.unit else ""
    return f"【行政应诉今日提醒】{who}{digest.as_of.year}年{digest.as_of.month}月{digest.as_of.day}日 {weekday_name(digest.as_of)}"


def summary(digest: Digest) -> str:
    if not digest.total:
        return f"没有已逾期或{digest.days}日内到期的行政应诉事项。"
    overdue = f"，其中已逾期{digest.overdue}项" if digest.overdue else ""
    return f"已逾期及{digest.days}日内到期的事项共{digest.total}项{overdue}。"


def group_heading(group: DigestGroup) -> str:
    overdue = f"，已逾期{group.overdue}项" if group.overdue else ""
    return f"【{group.name}】{len(group.items)}项{overdue}"


def text(digest: Digest, cal: WorkCalendar) -> str:
    """The digest as plain text, one line per item, for pasting into a work group (浙政钉) or an e-mail."""
    lines = [heading(digest), summary(digest)]
    for group in digest.groups:
        lines.append("")
        lines.append(group_heading(group))
        lines += [f"{n}. {line(item, cal, digest.as_of, group.bureau)}" for n, item in enumerate(group.items, 1)]
    if digest.unit_items:
        lines += ["", "请各单位按照《象山县人民政府办公室关于进一步加强行政应诉工作的通知》要求抓紧办理，并及时向县司法局备案。"]
    lines.append(BUREAU_NAME)
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# Word page


def write_docx(digest: Digest, cal: WorkCalendar, path: str | Path) -> Path:
    """The digest as a printable page in the official layout: a table per unit, the Bureau's own items last."""
    from xiangshan_desk.application.documents.word import OfficialDocument, chinese_date
    doc = OfficialDocument()
    doc.title("行政应诉今日提醒" + (f"（{digest.unit}）" if digest.unit else ""))
    doc.paragraph(f"截至{chinese_date(digest.as_of)}（{weekday_name(digest.as_of)}），{summary(digest)}")
    for group in digest.groups:
        doc.heading(group_heading(group).replace("【", "").replace("】", "　"), level=2)
        if group.bureau:
            doc.table(["单位", "案号", "事项", "到期日", "状态"],
                      [[i.unit, i.case_number, i.what, due_text(i, cal, digest.as_of, True), i.status_text]
                       for i in group.items], [30, 52, 22, 32, 20])
        else:
            # 156 mm of type area: a case number and a deadline's name on one line each
            doc.table(["案号", "事项", "到期日", "状态"],
                      [[i.case_number, i.what, due_text(i, cal, digest.as_of, True), i.status_text]
                       for i in group.items], [53, 37, 35, 31])
    doc.signature(BUREAU_NAME, digest.as_of)
    return doc.save(path)


def write(digest: Digest, cal: WorkCalendar, path: str | Path) -> Path:
    """.docx: the Word page; .txt: the text (UTF-8 with a BOM, so that Notepad on older Windows reads it)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return write_docx(digest, cal, path)
    if suffix == ".txt":
        from xiangshan_desk.application.outputs import save_atomically
        content = text(digest, cal)
        return save_atomically(path, lambda temporary: temporary.write_text(content, encoding="utf-8-sig"), "文本文件")
    raise AppError(f"今日提醒只能保存为 .docx 或 .txt：{path}")
