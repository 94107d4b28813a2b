"""Supervision records to and from Excel, with the ledger's conventions: row-level refusals naming the row,
the column, the value and the reason; a refused row changes nothing; importing twice adds nothing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from xiangshan_desk.application import supervision
from xiangshan_desk.application.cases import Actor
from xiangshan_desk.persistence.db import database
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.domain.fields import MAX_YEAR, MIN_YEAR, FieldSpec, clean_value, parse_date
from xiangshan_desk.application.importing import (MAX_ROWS, LedgerUnreadable, Refusal, cell_text, check_workbook_size,
                                                  refuse_damaged_database)
from xiangshan_desk.application.units import UnitResolver
from xiangshan_desk.persistence.models import JudicialSuggestion, Training, TypicalCase

SHEETS = {
    "司法建议": ["收到日期", "法院", "涉及单位", "来源案号", "建议内容", "答复期限", "答复日期", "采取的措施"],
    "典型案例": ["年份", "季度", "案号", "标题", "案情简介", "启示"],
    "培训": ["日期", "类别", "组织单位", "主题", "参加单位", "参加人数", "其中负责人数"],
}


@dataclass
class RecordsReport:
    imported: dict[str, int] = field(default_factory=lambda: {name: 0 for name in SHEETS})
    existing: dict[str, int] = field(default_factory=lambda: {name: 0 for name in SHEETS})
    refused: list[tuple[str, Refusal]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"imported": self.imported, "existing": self.existing,
                "refused": [{"sheet": sheet, **r.as_dict()} for sheet, r in self.refused]}


def export_records(path: str | Path) -> Path:
    from xiangshan_desk.application.documents.excel import add_table_sheet, new_workbook, save_workbook
    workbook = new_workbook()
    add_table_sheet(workbook, "司法建议", "司法建议", SHEETS["司法建议"],
                    [[r.received, r.court, r.unit, r.case_number, r.summary, r.reply_due, r.reply_date, r.measures]
                     for r in reversed(supervision.list_suggestions())])
    rows = []
    for year in sorted({t.year for t in TypicalCase.select(TypicalCase.year)}):
        rows += [[t.year, t.quarter, t.case_number, t.title, t.summary, t.lesson] for t in supervision.typical_cases(year)]
    add_table_sheet(workbook, "典型案例", "典型案例", SHEETS["典型案例"], rows)
    rows = []
    for training in Training.select().order_by(Training.date, Training.id):
        for part in training.participants:
            rows.append([training.date, training.kind, training.organiser, training.topic, part.unit.name,
                         part.people, part.heads])
    add_table_sheet(workbook, "培训", "培训与旁听庭审（每个参加单位一行）", SHEETS["培训"], rows)
    return save_workbook(workbook, path)


def read_records(path: Path) -> dict[str, list[tuple[int, dict]]]:
    """The three sheets as (row number, header -> value); exported files have a title row above the headers.

    Guarded like the ledger: sizes checked before parsing, and a workbook that opens but breaks while its cells are
    read (a number Excel never writes, such as NaN) is refused naming the sheet, row and column (issue #25)."""
    from openpyxl import load_workbook
    check_workbook_size(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise LedgerUnreadable(f"找不到文件：{path}") from None
    except Exception as exc:  # noqa: BLE001 - any format error means "not a workbook"
        raise LedgerUnreadable(f"{path.name} 不是可读取的 Excel 工作簿（.xlsx）：{exc}") from None
    result: dict[str, list[tuple[int, dict]]] = {}
    try:
        for name, headers in SHEETS.items():
            if name not in workbook.sheetnames:
                continue
            sheet = workbook[name]
            rows: list[tuple] = []
            try:
                for row in sheet.iter_rows(values_only=True):
                    rows.append(row)
                    if len(rows) > MAX_ROWS:
                        raise LedgerUnreadable(f"工作表“{name}”超过 {MAX_ROWS} 行，请分成几个文件导入")
            except LedgerUnreadable:
                raise
            except Exception as exc:  # noqa: BLE001 - the cell parser of openpyxl fails on values Excel never writes
                raise LedgerUnreadable(_unreadable_cell_message(path, sheet, name, headers, rows, exc)) from None
            start = next((i for i, row in enumerate(rows[:3]) if row and row[0] == headers[0]), None)
            if start is None:
                raise LedgerUnreadable(f"工作表“{name}”中找不到表头（第一列应为“{headers[0]}”）")
            found = ["" if c is None else str(c).strip() for c in rows[start]]
            result[name] = [(start + 2 + i, {h: row[found.index(h)] if h in found and found.index(h) < len(row) else None
                                             for h in headers})
                            for i, row in enumerate(rows[start + 1:]) if row and any(c not in (None, "") for c in row)]
    finally:
        workbook.close()
    if not result:
        raise LedgerUnreadable(f"{path.name} 中没有“司法建议”“典型案例”“培训”工作表")
    return result


def _unreadable_cell_message(path: Path, sheet, name: str, headers: list[str], rows: list[tuple],
                             exc: Exception) -> str:
    """Which cell of the sheet could not be read (the first number cell whose text is not a number), in Chinese."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import coordinate_from_string, column_index_from_string
    where = f"在读取时出错（{type(exc).__name__}），"
    try:
        with zipfile.ZipFile(path) as archive, archive.open(sheet._worksheet_path) as xml:
            for _, element in iterparse(xml):
                if element.tag.endswith("}c") and element.get("t", "n") == "n":
                    value = next((child.text for child in element if child.tag.endswith("}v")), None)
                    if value is not None and not _is_number(value):
                        letter, row = coordinate_from_string(element.get("r", "A1"))
                        index = column_index_from_string(letter) - 1
                        header = next((str(r[index]).strip() for r in rows[:3]
                                       if r and r[0] == headers[0] and index < len(r) and r[index]), None)
                        column = f"“{header}”列" if header else f"第 {letter} 列"
                        where = f"第 {row} 行{column}的值“{value[:20]}”不是数字，"
                        break
                    element.clear()
    except Exception:  # noqa: BLE001, S110 - the message then names the sheet only
        pass
    return (f"{path.name} 的工作表“{name}”{where}文件可能已损坏或不是 Excel 保存的。"
            "请在 Excel 中改正后另存为 .xlsx 再导入；本次没有导入任何记录。")


def _is_number(text: str) -> bool:
    """Whether openpyxl can read the text of a number cell (what Excel writes: digits, a point, an exponent)."""
    try:
        value = float(text) if any(c in text for c in ".Ee") else int(text)
    except (ValueError, OverflowError):
        return False
    return value == value


# Limits of the numbers in the records (finding 16: 季度 2.7, 10¹² participants were taken as 2 and 10¹²)
YEAR_SPEC = FieldSpec("年份", "int", minimum=MIN_YEAR, maximum=MAX_YEAR)
QUARTER_SPEC = FieldSpec("季度", "int", minimum=1, maximum=4)
PEOPLE_SPEC = FieldSpec("参加人数", "int", minimum=1, maximum=10_000, default=1)
HEADS_SPEC = FieldSpec("其中负责人数", "int", minimum=0, maximum=10_000, default=0)
# the core's field labels that differ from the sheets' column headers
_HEADER_OF_LABEL = {"建议内容摘要": "建议内容", "来源案件": "来源案号"}


def _header(sheet: str, label: str | None, fallback: str) -> str:
    """The column header a refusal names: the field's own column when the sheet has it, else ``fallback``."""
    header = _HEADER_OF_LABEL.get(label or "", label)
    return header if header in SHEETS[sheet] else fallback


def _date(values: dict, header: str):
    """A date cell: a date, or text in the accepted forms; a number (a serial Excel shows as 1900-01-00 or ###) or
    a bare time is refused in Chinese naming the column."""
    value = values.get(header)
    if isinstance(value, dt.time) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        raise AppError(f"{header}“{cell_text(value)}”不是日期（可填 2025-03-07、2025/3/7、2025年3月7日或 Excel 日期）", header)
    return parse_date(value, header)


def _number(values: dict, header: str, spec: FieldSpec):
    value = values.get(header)
    if isinstance(value, (dt.date, dt.time)):
        raise AppError(f"{header}的值“{cell_text(value)}”应为整数", header)
    return clean_value(replace(spec, label=header), value)


def _text(value) -> str:
    return value if isinstance(value, str) else cell_text(value)


def import_records(actor: Actor, path: str | Path, dry_run: bool = False) -> RecordsReport:
    """Import the three sheets. A refused row (or training session) changes nothing; the refusal names the row, the
    sheet's column header, the value and the reason."""
    path = Path(path)
    sheets = read_records(path)
    refuse_damaged_database()
    report = RecordsReport()
    units = UnitResolver()
    from xiangshan_desk.application.identity import find_proceeding
    with database.atomic() as transaction:
        for row, values in sheets.get("司法建议", []):
            def refuse(column, reason, row=row, values=values):
                report.refused.append(("司法建议", Refusal(row, column, cell_text(values.get(column)), reason)))
            unit = units.find(_text(values["涉及单位"]).strip())
            if unit is None:
                refuse("涉及单位", f"单位清单中没有“{_text(values['涉及单位'])}”{units.suggest(_text(values['涉及单位']))}")
                continue
            try:
                received = _date(values, "收到日期")
                if received is None:
                    raise AppError("收到日期为必填项", "收到日期")
                reply_due, reply_date = _date(values, "答复期限"), _date(values, "答复日期")
            except AppError as exc:
                refuse(_header("司法建议", exc.field, "收到日期"), exc.message)
                continue
            try:
                case_id = (find_proceeding(_text(values["来源案号"]), among_units_prefer=unit.id).case_id
                           if values["来源案号"] not in (None, "") else None)
            except AppError as exc:
                refuse("来源案号", exc.message)
                continue
            summary = _text(values["建议内容"])
            if JudicialSuggestion.select().where((JudicialSuggestion.received == received)
                                                 & (JudicialSuggestion.unit == unit.id)
                                                 & (JudicialSuggestion.summary == summary)).exists():
                report.existing["司法建议"] += 1
                continue
            try:
                with database.atomic():
                    supervision.add_suggestion(actor, {
                        "received": received, "court": _text(values["法院"]), "unit_id": unit.id, "case_id": case_id,
                        "summary": summary, "reply_due": reply_due, "reply_date": reply_date,
                        "measures": _text(values["采取的措施"])})
            except AppError as exc:
                refuse(_header("司法建议", exc.field, "答复日期"), exc.message)
                continue
            report.imported["司法建议"] += 1
        for row, values in sheets.get("典型案例", []):
            def refuse_case(column, reason, row=row, values=values):
                report.refused.append(("典型案例", Refusal(row, column, cell_text(values.get(column)), reason)))
            try:
                year, quarter = _number(values, "年份", YEAR_SPEC), _number(values, "季度", QUARTER_SPEC)
                if year is None or quarter is None:
                    missing = "年份" if year is None else "季度"
                    raise AppError(f"请填写{missing}", missing)
            except AppError as exc:
                refuse_case(_header("典型案例", exc.field, "季度"), exc.message)
                continue
            try:
                case_id = find_proceeding(_text(values["案号"])).case_id
            except AppError as exc:
                refuse_case("案号", exc.message)
                continue
            if TypicalCase.select().where(TypicalCase.case == case_id).exists():
                report.existing["典型案例"] += 1
                continue
            try:
                with database.atomic():
                    supervision.mark_typical(actor, case_id, year, quarter, {
                        "title": _text(values["标题"]), "summary": _text(values["案情简介"]),
                        "lesson": _text(values["启示"])})
            except AppError as exc:
                refuse_case(_header("典型案例", exc.field, "标题"), exc.message)
                continue
            report.imported["典型案例"] += 1
        sessions: dict[tuple, list[tuple[int, dict]]] = {}
        for row, values in sheets.get("培训", []):
            key = (cell_text(values["日期"]), _text(values["类别"]), _text(values["主题"]), _text(values["组织单位"]))
            sessions.setdefault(key, []).append((row, values))
        for (day, kind, topic, organiser), rows in sessions.items():
            participants, problem = [], None
            for row, values in rows:
                unit = units.find(_text(values["参加单位"]).strip())
                if unit is None:
                    problem = (row, "参加单位", values["参加单位"], f"单位清单中没有“{_text(values['参加单位'])}”")
                    break
                try:
                    people, heads = _number(values, "参加人数", PEOPLE_SPEC), _number(values, "其中负责人数", HEADS_SPEC)
                    if heads > people:
                        raise AppError(f"其中负责人数（{heads}）不能超过参加人数（{people}）", "其中负责人数")
                except AppError as exc:
                    problem = (row, exc.field, values[exc.field], exc.message)
                    break
                participants.append((unit.id, people, heads))
            if problem is None:
                try:
                    date = _date(rows[0][1], "日期")
                except AppError as exc:
                    problem = (rows[0][0], "日期", rows[0][1]["日期"], exc.message)
            if problem is None and Training.select().where((Training.date == date) & (Training.kind == kind)
                                                           & (Training.topic == topic)).exists():
                report.existing["培训"] += 1
                continue
            if problem is None:
                try:
                    with database.atomic():
                        supervision.add_training(actor, date, kind, organiser, topic, participants)
                except AppError as exc:
                    column = _header("培训", exc.field, "参加单位")
                    problem = (rows[0][0], column, rows[0][1][column], exc.message)
            if problem is not None:
                row, column, value, reason = problem
                for other_row, _ in rows:       # a session is all or nothing
                    report.refused.append(("培训", Refusal(other_row, column if other_row == row else "日期",
                                                           cell_text(value) if other_row == row else day,
                                                           reason if other_row == row else "同一次活动的另一行被拒绝")))
                continue
            report.imported["培训"] += 1
        if dry_run:
            transaction.rollback()
    return report
