"""The ledger (台账) exchange format of ledger.md: its columns, the empty template, and exporting cases as a ledger."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xiangshan_desk.domain import rules
from xiangshan_desk.persistence.models import Case, Hearing, PerformanceRecord, Proceeding, RiskRecord, Unit

YES, NO = "是", "否"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str                       # text / int / bool / date / choice
    choices: tuple[str, ...] = ()
    hearing: bool = False           # a hearing column: repeated 案号 rows add a hearing with these
    note: str = ""


COLUMNS = (
    Column("案号", "case_number", "text", note="必填，如（2025）浙0225行初101号；同一案号多行表示该审级的多次开庭"),
    Column("审级", "level", "choice", rules.PROCEEDING_LEVELS, note="一审/二审/再审；不填时按案号类型代字确定"),
    Column("原审案号", "parent_number", "text", note="二审、再审必填：同一案件前一审级的案号（须在本表或系统中）"),
    Column("法院", "court", "text", note="不填时按案号中的法院代字确定"),
    Column("案由", "cause", "text"),
    Column("共同被告关联号", "co_defendant_group", "text", note="案号不同的共同被告案件可填同一关联号"),
    Column("原告", "plaintiffs", "text"),
    Column("原告人数", "plaintiff_count", "int", note="整数，不填为 1"),
    Column("被告单位", "unit", "text", note="必填，须为单位清单中的名称或别名"),
    Column("县政府为被告", "county_government", "bool", note="是/否"),
    Column("重大公共利益", "major_public_interest", "bool"),
    Column("社会高度关注", "high_attention", "bool"),
    Column("败诉风险较高", "high_risk", "bool"),
    Column("书面建议主要负责人出庭", "written_recommendation", "bool"),
    Column("收到起诉状副本日期", "complaint_received", "date", note="二审填收到上诉状副本日期"),
    Column("答辩状提交日期", "defense_submitted", "date", note="邮寄的填交邮日期"),
    Column("答辩状提交方式", "defense_submission", "choice", rules.SUBMISSION_WAYS),
    Column("备案日期", "filing_received", "date", note="邮寄的填交邮日期"),
    Column("备案方式", "filing_submission", "choice", rules.SUBMISSION_WAYS),
    Column("邮寄单号", "tracking_numbers", "text", note="邮寄时填写，可填多个"),
    Column("备案材料齐全", "filing_complete", "bool"),
    Column("转报日期", "forwarded", "date"),
    Column("收到开庭传票日期", "summons_received", "date"),
    Column("出庭名单备案日期", "head_list_filed", "date"),
    Column("开庭日期", "hearing_date", "date", hearing=True, note="只填开庭日期、不填出庭人员身份的，为已排期尚未开庭"),
    Column("开庭地点", "hearing_place", "text", hearing=True),
    Column("出庭人员", "attendee", "text", hearing=True, note="姓名（职务），如 王某（副镇长）"),
    Column("出庭人员身份", "role", "choice", rules.APPEARANCE_ROLES, hearing=True, note="开庭后填写"),
    Column("中途退庭", "left_without_permission", "bool", hearing=True),
    Column("未出庭理由", "absence_reason", "text", hearing=True, note="未出庭时的正当理由（如有）"),
    Column("风险发现日期", "risk_found", "date"),
    Column("风险来源", "risk_source", "choice", rules.RISK_SOURCES),
    Column("风险报告备案日期", "risk_report_filed", "date"),
    Column("风险案件基本情况", "risk_basic_facts", "text"),
    Column("败诉风险点分析", "risk_points", "text"),
    Column("下一步工作措施", "risk_measures", "text"),
    Column("争议化解方案", "risk_resolution_plan", "text"),
    Column("收到裁判文书日期", "judgment_received", "date"),
    Column("裁判文书送达日期", "judgment_served", "date"),
    Column("裁判文书类型", "judgment_kind", "choice", rules.JUDGMENT_KINDS, note="判决/裁定/调解书；不填为判决"),
    Column("裁判文书备案日期", "judgment_filed", "date"),
    Column("裁判结果", "decision", "choice", rules.APPELLATE_DECISIONS + rules.OUTCOMES,
           note="一审填裁判结果类型；二审、再审可填维持原判/发回重审/撤回上诉或改判后的结果"),
    Column("生效日期", "effective_date", "date", note="上诉或尚未生效时不填；今天以后的日期表示待生效"),
    Column("裁判理由", "decision_reasons", "text", note="法院裁判理由（败诉个案报告引用）"),
    Column("败诉报告提交日期", "loss_report_submitted", "date"),
    Column("履行情况", "performance", "choice", rules.PERFORMANCE_STATES),
    Column("履行情况日期", "performance_date", "date", note="记录履行情况的日期（拒不履行时即问责线索的产生日期）；不填按导入日期"),
    Column("重大过错", "major_fault", "bool"),
    Column("重大过错理由", "major_fault_reason", "text"),
    Column("备注", "notes", "text"),
)
BY_HEADER = {c.header: c for c in COLUMNS}
HEADERS = [c.header for c in COLUMNS]
DATE_FORMS = "2025-03-07、2025/3/7、2025.3.7、2025年3月7日，或 Excel 日期"


def attendee_text(name: str, post: str) -> str:
    return f"{name}（{post}）" if post else name


def split_attendee(text: str) -> tuple[str, str]:
    """王某（副镇长） -> (王某, 副镇长); brackets full- or half-width."""
    text = text.strip()
    for open_, close in (("（", "）"), ("(", ")")):
        if text.endswith(close) and open_ in text:
            name, _, post = text[:-1].partition(open_)
            return name.strip(), post.strip()
    return text, ""


# ---------------------------------------------------------------------------------------------
# The empty template


def _ledger_sheet(workbook):
    """The 台账 sheet with its header row, as the template and the export both begin."""
    from openpyxl.styles import Alignment, PatternFill

    from xiangshan_desk.application.documents.excel import font
    ws = workbook.create_sheet("台账")
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    return ws


def write_template(path: str | Path, unit_names: list[str]) -> Path:
    """The headers, drop-down lists for every closed list, and a 填写说明 sheet."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from xiangshan_desk.application.documents.excel import font, new_workbook, print_setup, save_workbook, text_width
    from xiangshan_desk.application.outputs import writable
    workbook = new_workbook(write_only=False)
    ws = _ledger_sheet(workbook)
    lists = workbook.create_sheet("选项")
    lists.sheet_state = "hidden"
    closed = [(c, list(c.choices) if c.kind == "choice" else [YES, NO]) for c in COLUMNS
              if c.kind in ("choice", "bool")]
    closed.append((BY_HEADER["被告单位"], unit_names))
    from openpyxl.cell.cell import TYPE_STRING
    for index, (column, values) in enumerate(closed, start=1):
        letter = get_column_letter(index)
        for row, value in enumerate(values, start=1):
            cell = lists.cell(row=row, column=index, value=writable(value))      # (a unit name stored with "\x07")
            cell.data_type = TYPE_STRING      # a unit named "=1+1单位" is a name, never a formula (#25 finding 13)
        validation = DataValidation(type="list", formula1=f"=选项!${letter}$1:${letter}${len(values)}",
                                    allow_blank=True, showErrorMessage=column.kind != "text")
        validation.error = f"请从下拉列表中选择{column.header}"
        validation.errorTitle = column.header
        if column.kind == "text":      # units: a warning only, an alias typed by hand is fine too
            validation.errorStyle = "warning"
        elif column.kind == "bool":    # 填写说明 allows Y/N, √, 1/0, TRUE/FALSE too: offered, never refused
            validation.errorStyle = "information"
            validation.error = f"{column.header}：从下拉列表选择 是/否，也可填 Y/N、√/空、1/0、TRUE/FALSE"
        target = get_column_letter(HEADERS.index(column.header) + 1)
        validation.add(f"{target}2:{target}5000")
        ws.add_data_validation(validation)
    for index, header in enumerate(HEADERS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = max(10, text_width(header) + 2)
        if BY_HEADER[header].kind == "date":
            for row in range(2, 5001):
                ws.cell(row=row, column=index).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "B2"
    print_setup(ws, title_rows="1:1")
    ws.print_title_cols = "A:A"
    ws.sheet_properties.pageSetUpPr.fitToPage = False
    ws.page_setup.scale = 85
    ws.page_setup.pageOrder = "overThenDown"
    ws.print_area = f"A1:{get_column_letter(len(HEADERS))}30"     # the blank form: header and 29 rows
    ws.print_options.gridLines = True
    guide = workbook.create_sheet("填写说明")
    guide.append(["列名", "填写要求"])
    for cell in guide[1]:
        cell.font = font(bold=True)
    guide.append(["（总则）", "每行一个审级；同一案号的多行表示该审级的多次开庭，除开庭各列外，其余已填的格须与该案号第一行一致。"
                             f"日期可填 {DATE_FORMS}。被拒绝的行不会导入，导入结果中列出行号、列名、填写值和原因。"])
    for column in COLUMNS:
        requirement = column.note or {"bool": "是/否（也可填 Y/N、√/空、1/0、TRUE/FALSE）",
                                      "date": f"日期：{DATE_FORMS}", "choice": "从下拉列表选择：" + "、".join(column.choices),
                                      "int": "整数", "text": "文字"}[column.kind]
        guide.append([column.header, requirement])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 100
    for row in guide.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        row[0].alignment = Alignment(vertical="top")
    print_setup(guide, title_rows="1:1")
    return save_workbook(workbook, path)


# ---------------------------------------------------------------------------------------------
# Cases as a ledger


def ledger_rows(include_deleted: bool = False) -> list[list]:
    """Every proceeding as a ledger row; a proceeding's further hearings as extra rows of the same 案号."""
    cases = Case.select(Case, Unit.name, Unit.kind).join(Unit)
    if not include_deleted:
        cases = cases.where(Case.deleted_at.is_null())
    cases = {c.id: c for c in cases}
    procs = list(Proceeding.select().where(Proceeding.case.in_(list(cases))).order_by(Proceeding.case, Proceeding.id))
    numbers = {p.id: p.case_number for p in procs}
    hearings: dict[int, list] = {}
    for h in Hearing.select().order_by(Hearing.date, Hearing.id):
        hearings.setdefault(h.proceeding_id, []).append(h)
    risks = {r.proceeding_id: r for r in RiskRecord.select()}
    performance: dict[int, tuple] = {}
    for record in PerformanceRecord.select().order_by(PerformanceRecord.date, PerformanceRecord.id):
        performance[record.case_id] = (record.state, record.date)
    last_of_case = {}
    for p in procs:
        last_of_case[p.case_id] = p.id
    rows = []
    for p in procs:
        case = cases[p.case_id]
        last = last_of_case[p.case_id] == p.id
        risk = risks.get(p.id)
        values = {
            "case_number": p.case_number, "level": p.level, "parent_number": numbers.get(p.parent_id, ""),
            "court": p.court, "cause": case.cause, "plaintiffs": case.plaintiffs,
            "plaintiff_count": p.plaintiff_count, "unit": case.unit.name,
            "county_government": case.unit.kind == rules.KIND_COUNTY_GOVERNMENT,
            "major_public_interest": p.major_public_interest, "high_attention": p.high_attention,
            "high_risk": p.high_risk, "written_recommendation": p.written_recommendation,
            "complaint_received": p.complaint_received, "defense_submitted": p.defense_submitted,
            "defense_submission": p.defense_submission, "filing_submission": p.filing_submission,
            "tracking_numbers": p.tracking_numbers,
            "filing_received": p.filing_received, "filing_complete": p.filing_complete, "forwarded": p.forwarded,
            "summons_received": p.summons_received, "head_list_filed": p.head_list_filed,
            "risk_found": risk.found_date if risk else None, "risk_source": risk.source if risk else None,
            "risk_report_filed": risk.report_filed if risk else None,
            "risk_basic_facts": risk.basic_facts if risk else "", "risk_points": risk.risk_points if risk else "",
            "risk_measures": risk.measures if risk else "",
            "risk_resolution_plan": risk.resolution_plan if risk else "",
            "judgment_received": p.judgment_received, "judgment_filed": p.judgment_filed,
            "judgment_served": p.judgment_served, "judgment_kind": p.judgment_kind,
            "decision": p.decision, "effective_date": p.effective_date, "decision_reasons": p.decision_reasons,
            "co_defendant_group": case.co_defendant_group or "",
            # case-level facts of the outcome go on the case's last proceeding
            "loss_report_submitted": case.loss_report_submitted if last else None,
            "performance": performance.get(case.id, (None, None))[0] if last else None,
            "performance_date": performance.get(case.id, (None, None))[1] if last else None,
            "major_fault": case.major_fault if last else False, "notes": case.notes if last else "",
            "major_fault_reason": case.major_fault_reason if last else "",
        }
        proc_hearings = hearings.get(p.id, [])
        first = proc_hearings[0] if proc_hearings else None
        rows.append(_ledger_row(values, first))
        for extra in proc_hearings[1:]:
            # the unit too: a 案号 may belong to several units (co-defendants, ledger.md 2026-12)
            rows.append(_ledger_row({"case_number": p.case_number, "unit": case.unit.name}, extra))
    return rows


def _ledger_row(values: dict, hearing) -> list:
    if hearing is not None:
        values = {**values, "hearing_date": hearing.date, "attendee": attendee_text(hearing.attendee,
                                                                                     hearing.attendee_post),
                  "role": hearing.role, "left_without_permission": hearing.left_without_permission,
                  "hearing_place": hearing.place, "absence_reason": hearing.absence_reason}
    row = []
    for column in COLUMNS:
        value = values.get(column.key)
        if column.kind == "bool":
            value = (YES if value else NO) if column.key in values else None
        elif value in ("", None):
            value = None
        row.append(value)
    return row


def write_ledger(path: str | Path) -> tuple[Path, int]:
    from openpyxl.utils import get_column_letter

    from xiangshan_desk.application.documents.excel import new_workbook, print_setup, put_row, save_workbook, text_width
    rows = ledger_rows()
    workbook = new_workbook(write_only=False)
    ws = _ledger_sheet(workbook)
    ws.row_dimensions[1].height = 32
    for row_index, values in enumerate(rows, start=2):
        put_row(ws, row_index, values)
    _ledger_print_setup(ws, rows, text_width, get_column_letter, print_setup)
    return save_workbook(workbook, path), len(rows)


def _ledger_print_setup(ws, rows, text_width, get_column_letter, print_setup) -> None:
    """Widths from the content (dates never print "###"), A4 landscape with the header row and the 案号 column
    repeated on every page; the ledger is wider than a page, so it is printed at a legible scale across pages."""
    sample = rows[:500]
    for index, header in enumerate(HEADERS):
        kind = BY_HEADER[header].kind
        widest = 12.0 if kind == "date" else max((text_width(str(row[index])) for row in sample
                                                  if row[index] is not None), default=0.0)
        width = max(text_width(header) / 2 + 1, min(widest, 30.0)) + 2
        ws.column_dimensions[get_column_letter(index + 1)].width = max(width, 7)
    ws.freeze_panes = "B2"
    print_setup(ws, title_rows="1:1")
    ws.print_title_cols = "A:A"
    ws.sheet_properties.pageSetUpPr.fitToPage = False      # 39 columns: pages across, at 70%, not one tiny page
    ws.page_setup.scale = 70
    ws.page_setup.pageOrder = "overThenDown"
    ws.print_options.gridLines = True
