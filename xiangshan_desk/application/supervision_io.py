"""Supervision records to and from Excel, with the ledger's conventions: row-level refusals naming the row,
the column, the value and the reason; a refused row changes nothing; importing twice adds nothing."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xiangshan_desk.application import supervision
from xiangshan_desk.application.cases import Actor
from xiangshan_desk.persistence.db import database
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.domain.fields import parse_date
from xiangshan_desk.application.importing import LedgerUnreadable, Refusal, _shown
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


def _read(path: Path) -> dict[str, list[tuple[int, dict]]]:
    """The three sheets as (row number, header -> value); exported files have a title row above the headers."""
    from openpyxl import load_workbook
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
            rows = list(workbook[name].iter_rows(values_only=True))
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


def import_records(actor: Actor, path: str | Path, dry_run: bool = False) -> RecordsReport:
    path = Path(path)
    sheets = _read(path)
    report = RecordsReport()
    units = UnitResolver()
    from xiangshan_desk.application.identity import find_proceeding
    with database.atomic() as transaction:
        for row, values in sheets.get("司法建议", []):
            def refuse(column, reason, row=row, values=values):
                report.refused.append(("司法建议", Refusal(row, column, _shown(values.get(column)), reason)))
            unit = units.find(str(values["涉及单位"] or "").strip())
            if unit is None:
                refuse("涉及单位", f"单位清单中没有“{values['涉及单位'] or ''}”{units.suggest(str(values['涉及单位'] or ''))}")
                continue
            try:
                received = parse_date(values["收到日期"], "收到日期")
                if received is None:
                    raise AppError("收到日期为必填项", "收到日期")
                case_id = (find_proceeding(str(values["来源案号"]), among_units_prefer=unit.id).case_id
                           if values["来源案号"] else None)
            except AppError as exc:
                refuse(exc.field if exc.field in SHEETS["司法建议"] else "来源案号", exc.message)
                continue
            summary = str(values["建议内容"] or "")
            if JudicialSuggestion.select().where((JudicialSuggestion.received == received)
                                                 & (JudicialSuggestion.unit == unit.id)
                                                 & (JudicialSuggestion.summary == summary)).exists():
                report.existing["司法建议"] += 1
                continue
            try:
                with database.atomic():
                    supervision.add_suggestion(actor, {
                        "received": received, "court": values["法院"] or "", "unit_id": unit.id, "case_id": case_id,
                        "summary": summary, "reply_due": values["答复期限"], "reply_date": values["答复日期"],
                        "measures": values["采取的措施"] or ""})
            except AppError as exc:
                refuse(exc.field if exc.field in SHEETS["司法建议"] else "收到日期", exc.message)
                continue
            report.imported["司法建议"] += 1
        for row, values in sheets.get("典型案例", []):
            try:
                case_id = find_proceeding(str(values["案号"] or "")).case_id
            except AppError as exc:
                report.refused.append(("典型案例", Refusal(row, "案号", _shown(values["案号"]), exc.message)))
                continue
            if TypicalCase.select().where(TypicalCase.case == case_id).exists():
                report.existing["典型案例"] += 1
                continue
            try:
                year, quarter = int(values["年份"]), int(values["季度"])
                with database.atomic():
                    supervision.mark_typical(actor, case_id, year, quarter, {
                        "title": values["标题"] or "", "summary": values["案情简介"] or "", "lesson": values["启示"] or ""})
            except (AppError, TypeError, ValueError) as exc:
                column = "标题" if isinstance(exc, AppError) and "标题" in exc.message else "季度"
                reason = exc.message if isinstance(exc, AppError) else "年份、季度应为整数"
                report.refused.append(("典型案例", Refusal(row, column, _shown(values[column]), reason)))
                continue
            report.imported["典型案例"] += 1
        sessions: dict[tuple, list[tuple[int, dict]]] = {}
        for row, values in sheets.get("培训", []):
            key = (_shown(values["日期"]), values["类别"], values["主题"] or "", values["组织单位"] or "")
            sessions.setdefault(key, []).append((row, values))
        for (day, kind, topic, organiser), rows in sessions.items():
            participants, problem = [], None
            for row, values in rows:
                unit = units.find(str(values["参加单位"] or "").strip())
                if unit is None:
                    problem = (row, "参加单位", values["参加单位"], f"单位清单中没有“{values['参加单位'] or ''}”")
                    break
                try:
                    participants.append((unit.id, int(values["参加人数"] or 1), int(values["其中负责人数"] or 0)))
                except (TypeError, ValueError):
                    problem = (row, "参加人数", values["参加人数"], "人数应为整数")
                    break
            if problem is None:
                try:
                    date = parse_date(rows[0][1]["日期"], "日期")
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
                    problem = (rows[0][0], "类别", kind, exc.message)
            if problem is not None:
                row, column, value, reason = problem
                for other_row, _ in rows:       # a session is all or nothing
                    report.refused.append(("培训", Refusal(other_row, column if other_row == row else "日期",
                                                           _shown(value) if other_row == row else day,
                                                           reason if other_row == row else "同一次活动的另一行被拒绝")))
                continue
            report.imported["培训"] += 1
        if dry_run:
            transaction.rollback()
    return report
