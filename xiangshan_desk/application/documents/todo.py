"""The to-do list (待办) as an Excel list and as printable Word 催办单, one per unit."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from xiangshan_desk.application import agenda
from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import UNCONFIRMED, UNCONFIRMED_NOTE
from xiangshan_desk.application.agenda import AgendaItem
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.application.documents.excel import write_table
from xiangshan_desk.application.documents.templates import CASE_NUMBER, DATE, NOTICE
from xiangshan_desk.application.documents.word import OfficialDocument, chinese_date

BUREAU_NAME = "象山县司法局"
HEADERS = ["单位", "案号", "事项", "到期日", "状态", "责任方", "备注"]


def _row(item: AgendaItem) -> list:
    note = UNCONFIRMED_NOTE if item.unconfirmed else (item.place if item.kind == agenda.HEARING else "")
    return [item.unit, item.case_number, item.what, item.day, item.status_text, item.responsible, note]


def write_todo_xlsx(items: list[AgendaItem], path: str | Path, days: int, today: dt.date | None = None) -> Path:
    today = today or dt.date.today()
    title = f"行政应诉待办事项（已逾期及{days}日内到期，{chinese_date(today)}）"
    return write_table(path, title, HEADERS, [_row(item) for item in items], "待办事项")


def _day(item: AgendaItem) -> str:
    """The due date; 未确认 under it when the year's holidays are not entered (rules.md §2), so the date stays
    on one line."""
    return chinese_date(item.day) + (f"\n（{UNCONFIRMED}）" if item.unconfirmed else "")


def write_todo_docx(items: list[AgendaItem], path: str | Path, days: int, today: dt.date | None = None) -> Path:
    """催办单: one letter per unit for the unit's own obligations, each a section numbered from page 1 (it is
    sent on its own); the Bureau's own items in a last section."""
    today = today or dt.date.today()
    doc = OfficialDocument(title="行政应诉事项催办单")
    units = agenda.group_by_unit([i for i in items if i.responsible == rules.UNIT])
    bureau = [i for i in items if i.responsible == rules.BUREAU]
    if not units and not bureau:
        doc.title("行政应诉事项催办单")
        doc.paragraph(f"截至{chinese_date(today)}，没有已逾期或{days}日内到期的行政应诉事项。")
    first = True
    for unit, unit_items in units.items():
        if not first:
            doc.new_letter()
        first = False
        doc.title("行政应诉事项催办单")
        doc.addressee(unit)
        overdue = sum(1 for i in unit_items if i.status == agenda.OVERDUE)
        due_soon = len(unit_items) - overdue             # the two parts add up to the items listed
        doc.paragraph(f"经核查，截至{chinese_date(today)}，贵单位以下{len(unit_items)}项行政应诉事项"
                      + ("均已逾期，" if not due_soon else
                         f"中有{overdue}项已逾期、{due_soon}项将于近期到期，" if overdue else "将于近期到期，")
                      + f"请按照{NOTICE}要求抓紧办理，并及时向县司法局备案。")
        doc.table(["案号", "事项", "到期日", "状态"],
                  [[i.case_number, i.what, _day(i), i.status_text] for i in unit_items],
                  [CASE_NUMBER, 3, DATE, 2])
        doc.signature(BUREAU_NAME, today)
    if bureau:
        if not first:
            doc.new_letter()
        doc.title("司法局自办事项")
        doc.paragraph(f"截至{chinese_date(today)}，以下{len(bureau)}项转报分管县领导事项由县司法局办理：")
        doc.table(["单位", "案号", "到期日", "状态"],
                  [[i.unit, i.case_number, _day(i), i.status_text] for i in bureau], [3, CASE_NUMBER, DATE, 2])
    return doc.save(path)


def write_todo(items: list[AgendaItem], path: str | Path, days: int, today: dt.date | None = None) -> Path:
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return write_todo_xlsx(items, path, days, today)
    if suffix == ".docx":
        return write_todo_docx(items, path, days, today)
    raise AppError(f"待办事项只能导出为 .xlsx 或 .docx：{path}")


def write_notices(items: list[AgendaItem], path: str | Path, days: int, actor) -> Path:
    """The window's export of the to-do items it shows: the Excel list, or the Word 催办单, which is printed and
    sent and so recorded in each case's history (督办留痕)."""
    written = write_todo(items, path, days)
    if written.suffix.lower() == ".docx":
        from xiangshan_desk.application import escalation
        escalation.record(actor, items, escalation.NOTICE_PRINTED)
    return written
