"""Importing the Excel ledger (ledger.md) row by row, with a report of what was refused and why.

A refused row changes nothing; the accepted rows go in one transaction; a 案号 already in the database is left
as it is unless the clerk asks to update it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from pathlib import Path

from peewee import fn

from xiangshan_desk.persistence import bulk
from xiangshan_desk.domain import rules
from xiangshan_desk.application import identity
from xiangshan_desk.application.audit import AUDIT_COLUMNS, audit_entries, audit_source
from xiangshan_desk.application.cases import CASE_FIELDS, PROCEEDING_FIELDS, Actor, check_proceeding, add_hearing, record_performance, set_risk, update_case, update_hearing, update_proceeding
from xiangshan_desk.application.projection import refresh_deadlines
from xiangshan_desk.persistence.db import database, one_writer_at_a_time
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.domain.fields import LINE, FieldSpec, clean_value, parse_bool, parse_date
from xiangshan_desk.application.ledger import BY_HEADER, COLUMNS, Column, split_attendee
from xiangshan_desk.application.units import UnitResolver, court_names
from xiangshan_desk.persistence.models import AuditEntry, Case, Hearing, PerformanceRecord, Proceeding, RiskRecord

TEXT_COLUMN = FieldSpec("文字", "text", max_length=LINE, single_line=True)    # 被告单位, 出庭人员, 原审案号 …
LEVEL_BY_CODE = (("行初", rules.LEVEL_FIRST), ("行终", rules.LEVEL_SECOND), ("行再", rules.LEVEL_RETRIAL))
CASE_KEYS = ("cause", "plaintiffs", "loss_report_submitted", "major_fault", "major_fault_reason", "notes",
             "co_defendant_group")
# (2026-12) the appearance facts are the row's proceeding's own (rules.md §4): an appeal row never changes them
# for the first instance
PROC_KEYS = ("level", "court", "complaint_received", "defense_submitted", "filing_received", "filing_complete",
             "forwarded", "summons_received", "head_list_filed", "judgment_received", "judgment_filed", "decision",
             "effective_date", "defense_submission", "filing_submission", "tracking_numbers", "judgment_served",
             "judgment_kind", "decision_reasons", *rules.APPEARANCE_FACTS)
# ledger key -> risk record field
RISK_KEYS = {"risk_found": "found_date", "risk_source": "source", "risk_report_filed": "report_filed",
             "risk_basic_facts": "basic_facts", "risk_points": "risk_points", "risk_measures": "measures",
             "risk_resolution_plan": "resolution_plan"}


class LedgerUnreadable(AppError):
    """The file cannot be read as a ledger at all (exit status 2)."""


@dataclass(frozen=True)
class Refusal:
    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value, "reason": self.reason}


@dataclass
class ParsedRow:
    row: int
    values: dict                     # key -> converted value, only the filled cells
    raw: list                        # the cells as read, for saving refused rows


@dataclass(frozen=True)
class RowChanges:
    """What an update changed for one proceeding of the file (its first row), as the history records it."""

    row: int
    case_number: str
    unit: str
    changes: tuple[str, ...]


@dataclass
class ImportReport:
    imported: int = 0                # proceedings (案号) created
    existing: int = 0                # 案号 already in the database (left alone, or updated)
    updated: int = 0
    hearings: int = 0
    accepted_rows: int = 0
    refused: list[Refusal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    refused_raw: dict[int, list] = field(default_factory=dict)
    changes: list[RowChanges] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"imported": self.imported, "existing": self.existing, "updated": self.updated,
                "refused": [r.as_dict() for r in self.refused],
                "changes": [{"row": c.row, "case_number": c.case_number, "unit": c.unit, "changes": list(c.changes)}
                            for c in self.changes]}

    @property
    def refused_rows(self) -> list[int]:
        return sorted({r.row for r in self.refused})


def refuse_damaged_database() -> None:
    """Before an import writes: a damaged database file is refused untouched (issue #25 finding 12). SQLite only
    notices damage on the pages a write reaches, and a failed write followed by closing the file changed it; the
    full page check takes a second or two on a large file, less than the backup the import makes anyway."""
    from xiangshan_desk.application.backup import check_integrity, current_sqlite_path
    path = current_sqlite_path()
    problem = check_integrity(path) if path is not None else None
    if problem:
        raise AppError(f"数据库文件已损坏，不能导入：{problem}。本次没有导入任何内容，数据库文件未作任何改动；"
                       "请先用“文件 → 备份与恢复”恢复最近的完好备份，再重新导入。")


# ---------------------------------------------------------------------------------------------
# Reading


def read_ledger(path: str | Path, progress: Callable[[int, int], None] | None = None) -> tuple[list[str], list[tuple[int, list]]]:
    """The header row and the data rows (worksheet row numbers) of the first worksheet."""
    from openpyxl import load_workbook
    path = Path(path)
    check_workbook_size(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise LedgerUnreadable(f"找不到文件：{path}") from None
    except Exception as exc:  # noqa: BLE001 - zip, xml, format errors: all mean "not a workbook"
        raise LedgerUnreadable(f"{path.name} 不是可读取的 Excel 工作簿（.xlsx）：{exc}") from None
    try:
        return _read_first_sheet(path, workbook, progress)
    except LedgerUnreadable:
        raise
    except Exception as exc:  # noqa: BLE001 - a workbook that opens but breaks while its cells are read
        raise LedgerUnreadable(f"{path.name} 在读取表格内容时出错，文件可能已损坏（{type(exc).__name__}：{exc}）。"
                               "请在 Excel 中打开并另存为 .xlsx 后再导入。") from None
    finally:
        workbook.close()


# A ledger of 100,000 rows is a few tens of MB unpacked; anything far larger is not a ledger (or a zip bomb).
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_ROWS = 300_000


def check_workbook_size(path: Path) -> None:
    """Refuse before parsing a workbook whose parts unpack to more than a ledger can be (issue #25 finding 12)."""
    import zipfile
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except FileNotFoundError:
        raise LedgerUnreadable(f"找不到文件：{path}") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise LedgerUnreadable(f"{path.name} 不是可读取的 Excel 工作簿（.xlsx）：{exc}") from None
    if total > MAX_UNPACKED_BYTES:
        raise LedgerUnreadable(f"{path.name} 解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，不像是台账，已拒绝读取")


def _read_first_sheet(path: Path, workbook, progress) -> tuple[list[str], list[tuple[int, list]]]:
    """The header row and the data rows of the first worksheet (only the first is read, and the refusal says so)."""
    if not workbook.worksheets:
        raise LedgerUnreadable(f"{path.name} 中没有工作表")
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        return _read_rows(path, workbook, sheet, rows, progress)
    finally:
        rows.close()        # a read that stops early would leave the sheet's part of the file open


def _read_rows(path: Path, workbook, sheet, rows, progress) -> tuple[list[str], list[tuple[int, list]]]:
    header = next(rows, None)
    if header is None or not any(cell not in (None, "") for cell in header):
        raise LedgerUnreadable(f"{path.name} 的第一行没有表头")
    headers = ["" if cell is None else str(cell).strip() for cell in header]
    for required in ("案号", "被告单位"):
        if required not in headers:
            other = (f"（只读取第一个工作表“{sheet.title}”；本文件共有 {len(workbook.worksheets)} 个工作表，"
                     "请把台账放在第一个工作表）") if len(workbook.worksheets) > 1 else ""
            raise LedgerUnreadable(f"{path.name} 的表头中没有“{required}”列，无法导入{other}")
    duplicated = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicated:
        raise LedgerUnreadable(f"{path.name} 的表头中“{'、'.join(duplicated)}”出现了不止一次，请删去多余的列")
    data = []
    total = sheet.max_row or 0
    for number, values in enumerate(rows, start=2):
        values = list(values) + [None] * (len(headers) - len(values))
        if any(v not in (None, "") and not (isinstance(v, str) and not v.strip()) for v in values):
            data.append((number, values[:len(headers)]))
        if progress and number % 500 == 0:
            progress(number, total)
        if number > MAX_ROWS:
            raise LedgerUnreadable(f"{path.name} 超过 {MAX_ROWS} 行，请分成几个文件导入")
    return headers, data


def cell_text(value) -> str:
    """A cell as a refusal quotes it (dates as YYYY-MM-DD, nothing as empty)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d") if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _convert(column: Column, value):
    """A cell's value for the column; raises AppError with the reason."""
    if isinstance(value, str):
        value = value.strip()
    if value in (None, ""):
        return None
    if column.kind == "date":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            raise AppError("不是日期（可填 2025-03-07、2025/3/7、2025.3.7、2025年3月7日或 Excel 日期）")
        return parse_date(value, column.header)
    if column.kind == "bool":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(int(value)) if float(value).is_integer() else str(value)
        return parse_bool(value, column.header)
    if column.kind == "int":
        return clean_value(PROCEEDING_FIELDS["plaintiff_count"], value)
    if column.kind == "choice":
        text = str(value).strip()
        if column.key == "decision":
            text = rules.DECISION_ALIASES.get(text, text)
        if text not in column.choices:
            raise AppError(f"不在可选范围内（{'、'.join(column.choices)}）")
        return text
    # the column's own field (its length limit, one line or several) and its own name in the message
    spec = CASE_FIELDS.get(column.key) or PROCEEDING_FIELDS.get(column.key) or TEXT_COLUMN
    return clean_value(replace(spec, label=column.header), value if isinstance(value, str) else cell_text(value))


# ---------------------------------------------------------------------------------------------
# Checking


def check(headers: list[str], data: list[tuple[int, list]], today: dt.date | None = None) -> tuple[list[list[ParsedRow]], ImportReport]:
    """Convert and check every row; returns the accepted groups (rows of one 案号) and the report."""
    today = today or dt.date.today()
    report = ImportReport(headers=headers)
    report.unknown_headers = [h for h in headers if h and h not in BY_HEADER]
    if report.unknown_headers:
        report.warnings.append(f"以下列无法识别，已忽略：{'、'.join(report.unknown_headers)}")
    positions = {h: i for i, h in enumerate(headers) if h in BY_HEADER}
    # ledger.md (2026-12): a sheet without the 备案材料齐全 column treats a recorded filing as complete
    complete_by_default = "备案材料齐全" not in positions
    if complete_by_default and "备案日期" in positions:
        report.warnings.append("表中没有“备案材料齐全”列：已填备案日期的，均按备案材料齐全处理")
    units = UnitResolver()
    courts = court_names()                       # 案号 代字 → court, from the courts table
    in_database = identity.stored_keys()         # (案号, unit id) of every proceeding outside the recycle bin
    with_risk = {pid for (pid,) in RiskRecord.select(RiskRecord.proceeding).tuples()}
    stored_risks = {key for key, (pid, _) in in_database.items() if pid in with_risk}
    # A proceeding is (案号, 被告单位) (rules.md §6, ledger.md 2026-12): rows of one pair are further hearings of
    # it; a row with the same 案号 and another unit is that unit's co-defendant case.
    groups: dict[tuple, list[ParsedRow]] = {}
    units_of: dict[str, set] = {}                # 案号 → the units of its groups so far (共同被告)
    order: list[tuple] = []
    refused_numbers: set[tuple] = set()

    def key_of(values: dict) -> tuple:
        number = rules.parse_case_number(values.get("case_number", "")).text
        named = str(values.get("unit", "")).strip()
        if not named:
            # a further-hearing row that leaves 被告单位 empty belongs to the one unit of that 案号 seen above
            seen = [key for key in groups if key[0] == number]
            if len(seen) == 1:
                return seen[0]
        unit = units.find(named)
        return number, unit.id if unit is not None else named

    def refuse(row: int, raw: list, column: str, value, reason: str) -> None:
        report.refused.append(Refusal(row, column, cell_text(value), reason))
        report.refused_raw[row] = raw

    for row, raw in data:
        values: dict = {}
        errors = []
        for header, index in positions.items():
            column = BY_HEADER[header]
            try:
                converted = _convert(column, raw[index])
            except AppError as exc:
                errors.append((header, raw[index], exc.message))
                continue
            if converted not in (None, ""):
                values[column.key] = converted
        if complete_by_default and values.get("filing_received"):
            values["filing_complete"] = True
        for header, value, reason in errors:
            refuse(row, raw, header, value, reason)
        if errors:
            key = key_of(values)
            if key[0] and key not in groups:
                refused_numbers.add(key)
            continue
        key = key_of(values)
        if key[0] and key in groups:
            # a further hearing of a proceeding already seen: hearing columns, and agreement with the first row
            problem = _check_continuation(groups[key][0], values, units)
            if problem is None and any(p.values.get("hearing_date") == values["hearing_date"] for p in groups[key]):
                problem = ("开庭日期", f"开庭日期与第 {next(p.row for p in groups[key] if p.values.get('hearing_date') == values['hearing_date'])} "
                                   "行相同：同一天的开庭只登记一次")
            if problem:
                header, reason = problem
                refuse(row, raw, header, raw[positions[header]] if header in positions else "", reason)
                continue
            groups[key].append(ParsedRow(row, values, raw))
            continue
        shared = units_of.get(key[0], set())
        if not str(values.get("unit", "")).strip() and len(shared) > 1:
            refuse(row, raw, "被告单位", "", f"案号 {key[0]} 在本表中有{len(shared)}个被告单位（共同被告），请填写本行的被告单位")
            continue
        problem = _check_row(values, units, courts, today, key in stored_risks)
        if problem:
            header, reason = problem
            refuse(row, raw, header, raw[positions[header]] if header in positions else "", reason)
            if key[0]:
                refused_numbers.add(key)
            continue
        groups[key] = [ParsedRow(row, values, raw)]
        units_of.setdefault(key[0], set()).add(key[1])
        order.append(key)

    # A proceeding whose first row was refused takes its later rows with it.
    for key in list(order):
        if key in refused_numbers:
            for parsed in groups.pop(key):
                refuse(parsed.row, parsed.raw, "案号", key[0], "同一案号、同一被告单位的另一行被拒绝，本行一并不导入")
            order.remove(key)
    # 二审 / 再审: the earlier proceeding of the same unit must be in the database, or accepted from this file.
    accepted: list[list[ParsedRow]] = []
    accepted_keys: set[tuple] = set()
    pending = [groups[key] for key in order]
    changed = True
    while changed:
        changed = False
        for group in list(pending):
            parent = group[0].values.get("parent_number")
            parent_key = (parent, group[0].values["unit_obj"].id)
            if parent is None or parent_key in accepted_keys or (parent_key in in_database
                                                                 and parent_key not in groups):
                accepted.append(group)
                accepted_keys.add(key_of(group[0].values))
                pending.remove(group)
                changed = True
    for group in pending:
        parent = group[0].values.get("parent_number")
        unit_name = group[0].values["unit_obj"].name
        parent_key = (parent, group[0].values["unit_obj"].id)
        elsewhere = any(number == parent for number, _ in in_database) or any(k[0] == parent for k in groups)
        if parent_key in groups or parent_key in refused_numbers:
            reason = f"原审案号 {parent} 的行未被接受"
        elif elsewhere:
            reason = f"原审案号 {parent} 不是{unit_name}的案件（原审须为同一被告单位）"
        else:
            reason = f"原审案号 {parent} 不在本表或系统中"
        for parsed in group:
            refuse(parsed.row, parsed.raw, "原审案号", parent, reason)
    report.refused.sort(key=lambda r: r.row)
    report.accepted_rows = sum(len(g) for g in accepted)
    return accepted, report


def _check_row(values: dict, units: UnitResolver, courts: dict[str, str], today: dt.date,
               stored_risk: bool = False) -> tuple[str, str] | None:
    """``stored_risk``: the proceeding is in the database with a risk record, which a row may correct in part."""
    if not values.get("case_number"):
        return "案号", "案号为必填项"
    number = rules.parse_case_number(values["case_number"])
    values["case_number"] = number.text
    if not values.get("unit"):
        return "被告单位", "被告单位为必填项"
    unit = units.find(values["unit"])
    if unit is None:
        return "被告单位", f"单位清单中没有“{values['unit']}”{units.suggest(values['unit'])}"
    values["unit_obj"] = unit
    if values.get("county_government") is True and unit.kind != rules.KIND_COUNTY_GOVERNMENT:
        return "县政府为被告", f"“县政府为被告”为是，但被告单位“{unit.name}”不是县政府"
    if "level" not in values:
        code_level = number.level or next((lvl for code, lvl in LEVEL_BY_CODE if code in number.text), None)
        if code_level is None:
            return "审级", "审级为空，且无法从案号的类型代字确定，请填写审级"
        values["level"] = code_level
    if values["level"] != rules.LEVEL_FIRST and not values.get("parent_number"):
        return "原审案号", f"{values['level']}须填写原审案号"
    if values.get("parent_number"):
        values["parent_number"] = rules.parse_case_number(values["parent_number"]).text
        if values["parent_number"] == number.text:
            return "原审案号", "原审案号不能与本案号相同"
    if "court" not in values and courts.get(number.court_code or ""):
        values["court"] = courts[number.court_code]
    if values.get("decision") and values["decision"] not in rules.decisions_for(values["level"]):
        return "裁判结果", f"{values['level']}的裁判结果不能是“{values['decision']}”"
    if values.get("role") and not values.get("hearing_date"):
        return "开庭日期", "填写出庭人员身份时须填写开庭日期"
    if values.get("left_without_permission") and values.get("role") == rules.ROLE_ABSENT:
        return "中途退庭", "未出庭的记录不能同时记为中途退庭"
    if rules.role_refusal(values.get("role"), unit.kind):
        return "出庭人员身份", rules.role_refusal(values.get("role"), unit.kind)
    if bool(values.get("risk_found")) != bool(values.get("risk_source")) and not stored_risk:
        return ("风险来源", "填写风险发现日期时须填写风险来源") if values.get("risk_found") else \
            ("风险发现日期", "填写风险来源时须填写风险发现日期")
    if values.get("risk_report_filed") and not values.get("risk_found") and not stored_risk:
        return "风险报告备案日期", "没有风险发现日期"
    if values.get("risk_found") and values.get("risk_report_filed") and values["risk_report_filed"] < values["risk_found"]:
        return "风险报告备案日期", "风险报告备案日期早于风险发现日期"
    try:
        check_proceeding({k: values.get(k) for k in PROC_KEYS + ("case_number",)}, today)
    except AppError as exc:
        label = PROCEEDING_FIELDS[exc.field].label if exc.field in PROCEEDING_FIELDS else "案号"
        return (label if label in BY_HEADER else "案号"), exc.message
    return None


def _check_continuation(first: ParsedRow, values: dict, units: UnitResolver) -> tuple[str, str] | None:
    values["case_number"] = first.values["case_number"]
    if "hearing_date" not in values:
        return "开庭日期", "同一案号的后续行用于登记另一次开庭，应填写开庭日期"
    if values.get("left_without_permission") and values.get("role") == rules.ROLE_ABSENT:
        return "中途退庭", "未出庭的记录不能同时记为中途退庭"
    if rules.role_refusal(values.get("role"), first.values["unit_obj"].kind):
        return "出庭人员身份", rules.role_refusal(values.get("role"), first.values["unit_obj"].kind)
    for column in COLUMNS:
        if column.hearing or column.key not in values or column.key == "case_number":
            continue
        if column.key == "unit":
            unit = units.find(values["unit"])
            same = unit is not None and unit.id == first.values["unit_obj"].id
        elif column.key == "parent_number":
            same = rules.parse_case_number(values[column.key]).text == first.values.get(column.key)
        else:
            same = first.values.get(column.key) == values[column.key]
        if not same:
            return column.header, f"与案号 {first.values['case_number']} 第 {first.row} 行的“{column.header}”不一致"
    return None


# ---------------------------------------------------------------------------------------------
# Writing


def import_ledger(actor: Actor, path: str | Path, dry_run: bool = False, update_existing: bool = False,
                  progress: Callable[[int, int], None] | None = None, today: dt.date | None = None) -> ImportReport:
    """Read, check and (unless a dry run) import a ledger. The accepted rows go in one transaction."""
    headers, data = read_ledger(path, progress)
    refuse_damaged_database()          # (a dry run too: its reads would make SQLite rewrite a damaged file on close)
    accepted, report = check(headers, data, today)

    def stored_pairs() -> dict[tuple, Proceeding]:
        if not accepted:
            return {}
        keys = identity.stored_keys({g[0].values["case_number"] for g in accepted})
        stored = {p.id: p for p in Proceeding.select(Proceeding, Case).join(Case)
                  .where(Proceeding.id.in_([pid for pid, _ in keys.values()]))} if keys else {}
        return {key: stored[pid] for key, (pid, _) in keys.items()}

    def key(group) -> tuple:
        return group[0].values["case_number"], group[0].values["unit_obj"].id

    existing = stored_pairs()

    report.existing = sum(1 for g in accepted if key(g) in existing)
    report.imported = len(accepted) - report.existing
    if dry_run:
        report.updated = report.existing if update_existing else 0
        return report
    if not accepted:
        return report
    from xiangshan_desk.application.backup import current_sqlite_path, make_backup
    if current_sqlite_path() is not None:
        make_backup(reason="import")          # an import can be undone by restoring this copy
    source = Path(path).name
    touched: set[int] = set()
    created: dict[tuple, _Made] = {}
    today = today or dt.date.today()
    creator = _Creator(actor, source, today)
    undated = sum(1 for g in accepted if g[0].values.get("performance") and not g[0].values.get("performance_date")
                  and (key(g) not in existing or update_existing))
    if undated:
        report.warnings.append(f"{undated} 行填了履行情况但未填履行情况日期，按导入日期（{today.year}年{today.month}月"
                               f"{today.day}日）记录")
    with database.atomic(), audit_source(f"台账导入：{source}"):
        # read again inside the write transaction: another import of the same file that finished meanwhile is
        # seen here, and its cases count as existing instead of being created twice (issue #25 finding 6)
        one_writer_at_a_time("import")
        existing = stored_pairs()
        report.existing = sum(1 for g in accepted if key(g) in existing)
        report.imported = len(accepted) - report.existing
        for index, group in enumerate(accepted):
            if key(group) in existing:
                if update_existing:
                    stored = existing[key(group)]
                    try:
                        with database.atomic():          # a savepoint: a refused update leaves the rest
                            changes = _update(actor, stored, group, today)
                    except AppError as exc:
                        for parsed in group:
                            report.refused.append(Refusal(parsed.row, _header_of(exc.field), "", exc.message))
                            report.refused_raw[parsed.row] = parsed.raw
                        continue
                    touched.add(stored.case_id)
                    if changes:
                        report.updated += 1
                        report.changes.append(RowChanges(group[0].row, stored.case_number,
                                                         group[0].values["unit_obj"].name, tuple(changes)))
                continue
            made = creator.create(group, created)
            created[key(group)] = made
            touched.add(made.case_id)
            report.hearings += sum(1 for parsed in group if "hearing_date" in parsed.values)
            if progress and index % 200 == 0:
                progress(index, len(accepted))
        creator.flush()
        refresh_deadlines(touched)
    if len(touched) >= 1000:
        from xiangshan_desk.persistence.db import backend
        backend().analyze_if_needed(force=True)
    return report


HEARING_FIELDS = ("date", "place", "attendee", "attendee_post", "role", "left_without_permission", "absence_reason")


def _hearing(values: dict) -> dict:
    """A ledger row's hearing, as the hearing table's fields (HEARING_FIELDS order). A hearing without a role is a
    scheduled one (rules.md §4), valid in a ledger as in the window."""
    name, post = split_attendee(values.get("attendee", ""))
    return {"date": values["hearing_date"], "place": values.get("hearing_place", ""), "attendee": name,
            "attendee_post": post, "role": values.get("role"),
            "left_without_permission": values.get("left_without_permission", False),
            "absence_reason": values.get("absence_reason", "")}


class _Made(NamedTuple):
    id: int                 # the proceeding
    case_id: int


class _Creator:
    """Writes the new cases of an import: cases and proceedings a row at a time through prepared statements (the
    rows after them need their ids), hearings, risk records, performance records and audit entries in batches at
    the end (``flush``). Building each INSERT through the ORM was most of a 10,000-row import."""

    def __init__(self, actor: Actor, source: str, today: dt.date) -> None:
        self._actor, self._source, self._today = actor, source, today
        self._inserters: dict[tuple, bulk.RowInserter] = {}
        self._hearings: list[tuple] = []
        self._risks: list[tuple] = []
        self._performance: list[tuple] = []
        self._audit: list[tuple] = []

    def _insert(self, model, values: dict) -> int:
        columns = tuple(values)
        key = (model, columns)
        if key not in self._inserters:
            self._inserters[key] = bulk.RowInserter(model, columns)
        return self._inserters[key](tuple(values.values()))

    def create(self, group: list[ParsedRow], created: dict[str, _Made]) -> _Made:
        first = group[0].values
        parent = None
        if first.get("parent_number"):
            unit_id = first["unit_obj"].id
            parent = created.get((first["parent_number"], unit_id))
            if parent is None:
                parent = _Made(*identity.proceeding_of(unit_id, first["parent_number"]))
        case_values = {k: first[k] for k in CASE_KEYS if k in first}
        proc_values = {k: first[k] for k in PROC_KEYS if k in first}
        if parent is not None:
            # a new proceeding starts with the previous one's appearance facts where the row leaves them empty
            earlier = Proceeding.get_by_id(parent.id)
            for name in rules.APPEARANCE_FACTS:
                proc_values.setdefault(name, getattr(earlier, name))
        if parent is None:
            case_id = self._insert(Case, {"unit": first["unit_obj"].id, "created_by": self._actor.operator,
                                          **case_values})
        else:
            case_id = parent.case_id
            if case_values:
                Case.update({getattr(Case, k): v for k, v in case_values.items()}).where(Case.id == case_id).execute()
        proc_id = self._insert(Proceeding, {"case": case_id, "parent": parent.id if parent else None,
                                            "case_number": first["case_number"], **proc_values})
        for parsed in group:
            values = parsed.values
            if "hearing_date" in values:
                self._hearings.append((proc_id, *_hearing(values).values()))
        if first.get("risk_found"):
            self._risks.append((proc_id, *(first.get(key, "" if key not in ("risk_report_filed",) else None)
                                           for key in RISK_KEYS)))
        if first.get("performance"):
            # The ledger gives no date for 履行情况: it is recorded on the date of effect, or today.
            # where it came from is in the history (来源 below), never in the record's own text, which the
            # case-loss report prints
            self._performance.append((case_id, first["performance"], first.get("performance_date") or self._today,
                                      ""))
        imported = {"案号": (None, first["case_number"]), "来源": (None, f"{self._source} 第 {group[0].row} 行")}
        if first.get("performance"):
            imported["履行情况"] = (None, first["performance"])
        self._audit += audit_entries(self._actor, "导入", "proceeding" if parent else "case", proc_id, case_id,
                                     imported)
        return _Made(proc_id, case_id)

    def flush(self) -> None:
        bulk.insert_rows(Hearing, ("proceeding", *HEARING_FIELDS), self._hearings)
        bulk.insert_rows(RiskRecord, ("proceeding", *RISK_KEYS.values()), self._risks)
        bulk.insert_rows(PerformanceRecord, ("case", "state", "date", "note"), self._performance)
        bulk.insert_rows(AuditEntry, AUDIT_COLUMNS, self._audit)
        self._hearings, self._risks, self._performance, self._audit = [], [], [], []


def _update(actor: Actor, proc: Proceeding, group: list[ParsedRow], today: dt.date) -> list[str]:
    """--update-existing (ledger.md 2026-12): every stored fact the rows carry is brought up to date through the
    same operations as an edit in the window (so each change is audited); an empty cell never erases a value,
    hearings and records absent from the file are kept. Returns the changes as the history wrote them."""
    first = group[0].values
    mark = AuditEntry.select(fn.MAX(AuditEntry.id)).scalar() or 0
    case_changes = {k: first[k] for k in CASE_KEYS if k in first}
    if case_changes:
        update_case(actor, proc.case_id, case_changes)
    proc_changes = {k: first[k] for k in PROC_KEYS if k in first and k != "level"}
    if proc_changes:
        update_proceeding(actor, proc.id, proc_changes)
    risk = {name: first[key] for key, name in RISK_KEYS.items() if key in first}
    if risk:
        set_risk(actor, proc.id, risk)
    if first.get("performance"):
        latest = (PerformanceRecord.select().where(PerformanceRecord.case == proc.case_id)
                  .order_by(PerformanceRecord.date.desc(), PerformanceRecord.id.desc()).first())
        when = first.get("performance_date") or today
        if latest is None or latest.state != first["performance"] or (
                first.get("performance_date") and latest.date != first["performance_date"]):
            record_performance(actor, proc.case_id, when, first["performance"])
    stored = {h.date: h for h in Hearing.select().where(Hearing.proceeding == proc.id)}
    for parsed in group:
        values = parsed.values
        if "hearing_date" not in values:
            continue
        hearing = {k: v for k, v in _hearing(values).items() if k == "date" or _filled(values, k)}
        if values["hearing_date"] in stored:
            hearing.pop("date")
            if hearing:
                update_hearing(actor, stored[values["hearing_date"]].id, hearing)
        else:
            add_hearing(actor, proc.id, hearing)
    return [f"{e.field}：{e.old_value or '（空）'} → {e.new_value or '（空）'}" if e.field else e.action
            for e in AuditEntry.select().where((AuditEntry.id > mark) & (AuditEntry.case_id == proc.case_id))
            .order_by(AuditEntry.id)]


def _header_of(field_name: str | None) -> str:
    """The ledger column of a core field a refusal names (its key, or its label)."""
    for column in COLUMNS:
        if field_name in (column.key, column.header):
            return column.header
    return {"found_date": "风险发现日期", "report_filed": "风险报告备案日期", "source": "风险来源",
            "date": "开庭日期", "state": "履行情况"}.get(field_name or "", "案号")


def _filled(values: dict, hearing_field: str) -> bool:
    """Whether the row filled the cell behind a hearing field (an empty cell never erases)."""
    cell = {"attendee": "attendee", "attendee_post": "attendee", "role": "role", "place": "hearing_place",
            "left_without_permission": "left_without_permission", "absence_reason": "absence_reason"}[hearing_field]
    if hearing_field == "attendee_post":
        return bool(split_attendee(values.get("attendee", ""))[1])
    return cell in values


def write_refused(report: ImportReport, path: str | Path) -> Path:
    """The refused rows as a workbook of the same headers plus a reason column, to correct and import again."""
    from openpyxl import Workbook

    from xiangshan_desk.application.documents.excel import put_row, save_workbook
    reasons: dict[int, list[str]] = {}
    for refusal in report.refused:
        reasons.setdefault(refusal.row, []).append(f"{refusal.column}：{refusal.reason}"
                                                   + (f"（{refusal.value}）" if refusal.value else ""))
    workbook = Workbook()
    ws = workbook.active
    ws.title = "被拒绝的行"
    ws.append(report.headers + ["原行号", "拒绝原因"])
    for row_index, row in enumerate(sorted(report.refused_raw), start=2):
        put_row(ws, row_index, list(report.refused_raw[row]) + [row, "；".join(reasons.get(row, []))])
    return save_workbook(workbook, path)
