"""The Word documents the Bureau prints: data gathered from the core, filled into the .docx templates."""
from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from xiangshan_desk.domain import rules
from xiangshan_desk.application import stats
from xiangshan_desk.domain.calendar import UNCONFIRMED, Computed, weekday_name
from xiangshan_desk.application.cases import case_detail, load_calendar
from xiangshan_desk.persistence.paths import data_dir
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.application.locate import resource
from xiangshan_desk.application.materials import MaterialKind
from xiangshan_desk.persistence.models import Case, CountyLeader, Hearing, Proceeding, Unit
from xiangshan_desk.application.outputs import save_atomically
from xiangshan_desk.application.documents.word import (BUREAU, Paragraphs, break_title, chinese_date, keep_sign_off_with_text, paragraphs, prose_dates,
                   tidy_package)

log = logging.getLogger(__name__)

DOCUMENT_TITLES = {
    "filing-checklist": "行政应诉案件备案登记表", "head-list": "行政机关负责人出庭应诉备案表",
    "risk-report": "败诉风险分析报告", "loss-report": "行政诉讼案件败诉个案报告",
    "quarterly-loss-cases": "季度败诉案件汇报材料", "accountability-leads": "问责线索清单",
    "half-year-report": "半年度行政应诉工作情况报告",
    "typical-cases": "典型案例汇编",
}
GUIDANCE = {
    "basic_facts": "（请简述原告诉求、被诉行政行为及作出经过、目前诉讼进展。）",
    "risk_points": "（请逐项分析事实认定、法律适用、程序等方面可能导致败诉的风险点。）",
    "measures": "（请写明补充证据、与法院沟通、主要负责人亲自过问等下一步工作措施。）",
    "resolution_plan": "（请写明与原告协商、争取撤诉或调解等争议化解方案。）",
    "facts": "（请简述基本案情。）",
    "reasons": "（请摘录法院裁判理由。）",
    "analysis": "（请专题研究并写明败诉原因。）",
    "performance": "（请写明生效裁判的履行情况。）",
    "rectification": "（请写明整改措施。）",
}
FOUND_HOW = {source: f"经{source}" for source in rules.RISK_SOURCES}     # 经法院告知 …
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def user_template_dir() -> Path:
    """Where the Bureau's modified templates live; a file here overrides the shipped one of the same name."""
    return data_dir() / "templates"


def prepare_user_templates() -> Path:
    """Create the override folder with a README and copies of the shipped templates to start from."""
    from xiangshan_desk.application.documents.templates import TEMPLATE_NAMES
    folder = user_template_dir()
    originals = folder / "内置模板副本"
    originals.mkdir(parents=True, exist_ok=True)
    for name in TEMPLATE_NAMES:
        (originals / f"{name}.docx").write_bytes(resource("templates", f"{name}.docx").read_bytes())
    (folder / "说明.txt").write_text(
        "在 Word 中修改“内置模板副本”里的模板（可改措辞、版头、落款），保存后复制到本文件夹（文件名不变），\n"
        "程序即改用本文件夹中的模板。{{ }} 中的内容是程序填写的项目，请勿改动其中的名称。\n"
        "模板有误时，程序会提示并改用内置模板。\n", encoding="utf-8")
    return folder


def safe_file_name(text: str) -> str:
    """A file name from a case number: no path separators, nothing Windows forbids, no leading dots."""
    cleaned = _UNSAFE.sub("_", text).strip(" .")
    return cleaned[:120] or "文书"


def day_text(day: dt.date | None, weekday: bool = False, unconfirmed: bool = False) -> str:
    """2025年3月24日, with the weekday and the 未确认 mark of a deadline computed on an uncovered year (§2)
    in one bracket: 2025年3月24日（周一，未确认）."""
    if day is None:
        return "（未填）"
    notes = ([weekday_name(day)] if weekday else []) + ([UNCONFIRMED] if unconfirmed else [])
    return chinese_date(day) + (f"（{'，'.join(notes)}）" if notes else "")


def due_text(state: rules.DeadlineState) -> str:
    """A deadline's due date as documents print it: weekday, and 未确认 where the calendar is not confirmed."""
    return day_text(state.due.day if state.due else None, True, state.unconfirmed)


def computed_text(due: Computed) -> str:
    """A due date computed here (not read from a deadline's state) as ``due_text`` prints it, 未确认 included."""
    return day_text(due.day, True, due.unconfirmed)


@dataclass(frozen=True)
class Rendered:
    path: Path
    template: str          # which template file was used
    warnings: tuple[str, ...] = ()


class _Lines(list):
    """Paragraphs for {%p for line in key %}; a template from before #19 prints the key whole ({{ key }}),
    and then it is the lines with line breaks, as it used to be."""

    def __init__(self, lines):
        from docxtpl import Listing
        super().__init__(Listing(line) for line in lines)
        self.whole = Listing("\n".join(lines))

    def __html__(self) -> str:
        return self.whole.__html__()

    __str__ = __html__


def _listing(value):
    """Every value as text that Word shows literally (escaped, line breaks kept)."""
    from docxtpl import Listing
    if isinstance(value, Paragraphs):
        return _Lines(value)
    if isinstance(value, dict):
        return {k: _listing(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_listing(v) for v in value]
    if isinstance(value, dt.date):
        value = chinese_date(value)
    return Listing("" if value is None else str(value))


def render(name: str, context: dict, path: str | Path) -> Rendered:
    """Fill the template ``name`` (the Bureau's override when there is one) and save the document."""
    from docxtpl import DocxTemplate
    shipped = resource("templates", f"{name}.docx")
    override = user_template_dir() / f"{name}.docx"
    values = _listing({"date": dt.date.today(), **context})
    title = DOCUMENT_TITLES.get(name, "")
    warnings = []
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if override.exists():
        try:
            document = DocxTemplate(str(override))
            document.render(values, autoescape=True)
            _finish(document, title)
            save_atomically(path, lambda temporary: document.save(str(temporary)), "Word 文件")
            return Rendered(path, str(override))
        except Exception as exc:  # noqa: BLE001 - any fault in a hand-edited template: fall back, say which
            log.warning("template override %s failed: %s", override, exc)
            warnings.append(f"自定义模板 {override} 无法使用（{type(exc).__name__}：{exc}），已改用内置模板。")
    from importlib.resources import as_file
    with as_file(shipped) as template_file:
        document = DocxTemplate(str(template_file))
        document.render(values, autoescape=True)
    _finish(document, title)
    save_atomically(path, lambda temporary: document.save(str(temporary)), "Word 文件")
    return Rendered(path, f"内置模板 {name}.docx", tuple(warnings))


def _finish(document, title: str) -> None:
    """What only the filled document knows: which lines precede the sign-off, and when it was made."""
    keep_sign_off_with_text(document.docx)
    tidy_package(document.docx, title)


# ---------------------------------------------------------------------------------------------
# Finding what a document is about


def _proceeding(proceeding_id: int) -> Proceeding:
    """The proceeding a document is about, by id: a case is never found by its 案号 alone (rules.md §6)."""
    proc = (Proceeding.select().join(Case).where((Proceeding.id == proceeding_id) & Case.deleted_at.is_null())
            .first())
    if proc is None:
        raise AppError(f"案件不存在或已在回收站中（审级编号 {proceeding_id}）")
    return proc


def _leader_of(unit: Unit) -> str:
    if unit.leader_id:
        leader = CountyLeader.get_by_id(unit.leader_id)
        return f"{leader.name}（{leader.post}）" if leader.post else leader.name
    return "（未登记）"


def _basics(proc: Proceeding) -> dict:
    case = proc.case
    return {"case_number": proc.case_number, "level": proc.level, "court": proc.court or "（未填）",
            "unit": case.unit.name, "plaintiffs": case.plaintiffs or "（未填）", "cause": case.cause or "（未填）"}


def _submission(way: str | None, tracking: str) -> str:
    if not way:
        return "（未填）"
    return f"{way}（邮寄单号：{tracking}）" if way == rules.POSTED and tracking else way


def _in_prose(proc: Proceeding) -> dict:
    """Names that a report's opening sentence quotes: several plaintiffs typed one a line are joined with 、
    (a line break would cut the sentence)."""
    return {"plaintiffs": "、".join(paragraphs(proc.case.plaintiffs, "（未填）"))}


# ---------------------------------------------------------------------------------------------
# One context builder per document


def filing_checklist(proceeding_id: int) -> dict:
    proc = _proceeding(proceeding_id)
    detail = case_detail(proc.case_id)
    states = {s.kind.id: s for p in detail.proceedings if p.facts.id == proc.id for s in p.deadlines}
    filing = states["filing_due"]
    if proc.filing_complete and proc.filing_received:
        materials = ("已收到",) * 3
    elif proc.filing_received:
        materials = ("已收到", "未齐，请核对", "未齐，请核对")
    else:
        materials = ("未收到",) * 3
    forward = states["forward_due"]
    return {**_basics(proc), "complaint_copy": MaterialKind.APPEAL if proc.level == rules.LEVEL_SECOND else MaterialKind.COMPLAINT,
            "complaint_received": day_text(proc.complaint_received),
            "material_complaint": materials[0], "material_defense": materials[1], "material_evidence": materials[2],
            "defense_due": due_text(states["defense_due"]), "filing_due": due_text(filing),
            # The status in the same words as everywhere else (rules.md §3: one status function).
            "filing_received": day_text(proc.filing_received), "filing_on_time": filing.text,
            # A posted filing counts on its posting date, and the form says so (rules.md §3, posting).
            "filing_date_label": rules.act_date_label("备案日期", proc.filing_submission),
            "filing_way": _submission(proc.filing_submission, proc.tracking_numbers),
            "leader": _leader_of(proc.case.unit),
            "forward_due": due_text(forward),
            "forwarded": day_text(proc.forwarded)}


def head_list(hearing_id: int) -> dict:
    hearing = Hearing.get_or_none(Hearing.id == hearing_id)
    if hearing is None:
        raise AppError(f"找不到编号为 {hearing_id} 的开庭记录")
    proc = hearing.proceeding
    detail = case_detail(proc.case_id)
    shown = next(p for p in detail.proceedings if p.facts.id == proc.id)
    due = next(s for s in shown.deadlines if s.kind.id == "head_list_due")
    requirement = shown.compliance.requirement          # the hearing's own proceeding decides (rules.md §4)
    # Only a head belongs on the list (rules.md §4); staff, lawyers or nobody: the form says none is named yet.
    attendees = []
    if hearing.attendee and rules.ROLE_RANKS.get(hearing.role or "", rules.Rank.NOBODY) >= rules.Rank.HEAD:
        attendees.append({"name": hearing.attendee, "post": hearing.attendee_post or "", "role": hearing.role})
    return {**_basics(proc), "hearing_date": day_text(hearing.date, True), "hearing_place": hearing.place or "（未填）",
            "required": requirement.label, "reason": requirement.reason_text,
            "summons_received": day_text(proc.summons_received),
            "head_list_due": due_text(due), "attendees": attendees}


def risk_report(proceeding_id: int) -> dict:
    proc = _proceeding(proceeding_id)
    risk = proc.risks.first()
    if risk is None:
        raise AppError(f"案件 {proc.case_number} 没有败诉风险记录，不能生成风险分析报告")
    due = rules.risk_report_due(load_calendar(), risk.found_date)
    sections = {key: paragraphs(getattr(risk, key), GUIDANCE[key])
                for key in ("basic_facts", "risk_points", "measures", "resolution_plan")}
    unit = proc.case.unit.name
    return {**_basics(proc), **_in_prose(proc), "found_date": day_text(risk.found_date), "source": risk.source,
            "found_how": FOUND_HOW.get(risk.source, ""), "due": computed_text(due),
            "title": break_title([unit, ("关于", 9), (proc.case_number, 2), "案件的", "败诉风险分析报告"]),
            **sections}


def loss_report(proceeding_id: int) -> dict:
    proc = _proceeding(proceeding_id)
    detail = case_detail(proc.case_id)
    if detail.outcome is None or not detail.outcome.is_loss:
        state = "尚未生效" if detail.outcome is None else f"最终结果为“{detail.outcome.outcome}”，不是败诉"
        raise AppError(f"案件 {proc.case_number} {state}，不能生成败诉个案报告")
    final = Proceeding.get_by_id(detail.outcome.proceeding.id)
    due = rules.loss_report_due(load_calendar(), detail.outcome.effective_date)
    performance = detail.performance[-1] if detail.performance else None
    if performance:
        performed = paragraphs(f"截至{chinese_date(performance.date)}，{performance.state}"
                               + (f"：{performance.note}" if performance.note else "。"))
    else:
        performed = paragraphs(GUIDANCE["performance"])
    unit = final.case.unit.name
    leader = _leader_of(final.case.unit).split("（")[0] if final.case.unit.leader_id else "有关县领导"
    return {**_basics(final), **_in_prose(final), "leader": leader, "outcome": detail.outcome.outcome,
            "effective_date": day_text(detail.outcome.effective_date), "due": computed_text(due),
            "title": break_title([unit, ("关于", 9), (final.case_number, 2), ("案件的", 0), ("行政诉讼案件", 2),
                                  "败诉个案报告"]),
            "facts": paragraphs(GUIDANCE["facts"]), "reasons": paragraphs(final.decision_reasons, GUIDANCE["reasons"]),
            "analysis": paragraphs(detail.values.get("major_fault_reason"), GUIDANCE["analysis"]),
            "performance": performed, "rectification": paragraphs(GUIDANCE["rectification"])}


def _document_table(result: stats.Statistics, keys: tuple[str, ...], include=None) -> tuple[list[str], list[dict]]:
    """A unit table of a Word report: its headers and rows (units, then 合计) as the report tab and the workbooks
    show them (stats.unit_table: the same counts, the same rates, the same texts); no rows when no unit has any."""
    table = stats.unit_table(result, stats.document_columns(result.basis, keys), include)
    rows = table.as_dicts()
    if len(rows) == 1:                  # 合计 alone: nothing to list
        return table.headers, []
    below = stats.document_columns(result.basis, ("denominator",))[0]
    for row, dict_row in zip(table.rows, rows):
        # the loss rate's denominator under the basis; 审结数 always (for templates made before the basis column)
        dict_row.update(denominator=dict_row.get(below, ""), concluded=str(row.counts.get("concluded", 0)),
                        rate=dict_row.get("loss_rate", ""))
    return table.headers, rows


def quarterly_loss_cases(year: int, quarter: int, basis: str = stats.BASIS_ALL, today: dt.date | None = None) -> dict:
    result = stats.compute(stats.Period.quarter(year, quarter), basis, today)
    lost = stats.loss_lines(result, today)
    reasons: dict[int, str] = {}
    for case_id, text in (Proceeding.select(Proceeding.case, Proceeding.decision_reasons)
                          .where(Proceeding.case.in_([line.case_id for line in lost])
                                 & (Proceeding.decision_reasons != "")).order_by(Proceeding.id).tuples()):
        reasons[case_id] = text            # the latest proceeding's reasons win
    cases = [{"unit": line.unit, "case_number": line.case_number, "outcome": line.outcome,
              "reasons": reasons.get(line.case_id, "（未填）"), "report": line.report_status} for line in lost]
    headers, units = _document_table(result, stats.LOSS_CASES_COLUMNS, lambda counts: counts.get("lost"))
    figures = stats.document_figures(result)
    label = result.period.label
    if figures["loss_sentence"]:
        summary = f"{label}，全县行政诉讼案件{figures['loss_sentence']}（{result.basis_label}）。"
    else:
        summary = f"{label}，全县无审结案件，不计算败诉率。"
    return {"period": label, "title": break_title([label, ("行政诉讼", 1), ("败诉案件", 1), "汇报材料"]),
            "summary": summary, "concluded": figures["concluded"],
            "lost": figures["lost"], "loss_rate": figures["loss_rate"],
            "basis": result.basis_label, "cases": cases, "units": units, "headers": headers,
            "co_defendant_note": _note(figures, units)}


def _note(figures: dict, units: list[dict]) -> str:
    """The co-defendant sentence under a Word table whose 合计 counts a lawsuit once (rules.md §7)."""
    return figures["co_defendant_note"] + "。" if units and figures["co_defendant_note"] else ""


def accountability_leads(period: stats.Period, today: dt.date | None = None) -> dict:
    result = stats.compute(period, today=today)
    leads = stats.lead_lines(result, today)
    dates = {c.id: c.lead_date for c in Case.select(Case.id, Case.lead_date)
             .where(Case.id.in_([line.case_id for line in leads]))}
    return {"period": period.label, "count": len(leads),
            "title": break_title([period.label, ("行政应诉", 1), "问责线索清单"]),
            "leads": [{"unit": line.unit, "case_number": line.case_number,
                       "reasons": _lead_reasons(line.detail, line.case_number, dates.get(line.case_id)),
                       "date": day_text(dates.get(line.case_id))} for line in leads]}


def _lead_reasons(detail: str, case_number: str, lead_date: dt.date | None) -> str:
    """The reasons one per line, dates written as in documents, without what the row's other columns say
    (its own 案号, and the date the lead arose)."""
    lines = []
    for reason in detail.split("；"):
        reason = prose_dates(reason).replace(f"（{case_number}）", "")
        if lead_date is not None:
            reason = reason.replace(f"（{chinese_date(lead_date)}）", "")
        lines.append(reason)
    return "\n".join(lines)


def half_year_report(year: int, half: int, basis: str = stats.BASIS_ALL, today: dt.date | None = None) -> dict:
    result = stats.compute(stats.Period.half(year, half), basis, today)
    label = result.period.label
    risks = stats.risk_lines(result.period, today)
    performance = stats.performance_lines(result)
    # every figure quoted from the unit table's 合计 (stats.document_figures), never counted here
    figures = stats.document_figures(result)
    # Each lost case counts once, under its latest recorded state (refusals first recorded and later
    # performed count as performed), so that the parts add up to the lost cases.
    states = [p.state for p in performance]
    parts = {state: states.count(state) for state in (*rules.PERFORMANCE_STATES, stats.NOT_RECORDED)}
    performed = "，".join(f"{state}{parts[state]}件" for state in rules.PERFORMANCE_STATES)
    risks_resolved = sum(1 for r in risks if r.resolved)
    risks_open = sum(1 for r in risks if r.open)
    headers, units = _document_table(result, stats.HALF_YEAR_REPORT_COLUMNS)
    return {
        "period": label, "basis": result.basis_label,
        "title": break_title([BUREAU, ("关于", 9), label, ("行政应诉工作情况的报告", 3), "（初稿）"]),
        **{key: figures[key] for key in (*stats.COUNT_LABELS, *stats.RATES)},
        "appearance_text": (f"{label}，全县行政诉讼案件{figures['appearance_sentence']}。"
                            if figures["appearance_sentence"] else f"{label}，全县没有开庭审理的行政诉讼案件。"),
        "response_text": (f"全县新收行政诉讼案件{figures['received']}件，{figures['loss_sentence']}"
                          f"（{result.basis_label}），调撤率{figures['mediation_rate']}。"
                          if figures["loss_sentence"] else f"全县新收行政诉讼案件{figures['received']}件，无审结案件。"),
        "overdue_text": figures["overdue_sentence"] + "。",
        "units": units, "headers": headers, "co_defendant_note": _note(figures, units),
        "risks": len(risks), "risks_resolved": risks_resolved,
        "risk_text": (f"{label}各单位排摸发现存在败诉风险的案件{len(risks)}件，其中已通过撤诉、调解化解"
                      f"{risks_resolved}件，{stats.RISK_OPEN}{risks_open}件，经裁判结案{len(risks) - risks_resolved - risks_open}件；"
                      f"风险分析报告逾期{figures['risk_report_overdue']}项。") if risks
        else f"{label}未发现存在败诉风险的案件。",
        "performed": parts[rules.PerformanceState.DONE], "performing": parts[rules.PerformanceState.UNDER_WAY],
        "not_performed": parts[rules.PerformanceState.NOT_DONE], "refused": parts[rules.PERFORMANCE_REFUSED],
        "unrecorded": parts[stats.NOT_RECORDED],
        "performance_text": (f"{label}败诉生效案件{len(states)}件，其中{performed}，"
                             f"尚未记录履行情况{parts[stats.NOT_RECORDED]}件。") if states
        else f"{label}无败诉生效案件。",
        "suggestions": _suggestion_text(result.period),
        "training": _training_text(result.period),
    }


def _suggestion_text(period: stats.Period) -> str:
    from xiangshan_desk.application import supervision
    total = supervision.suggestion_figures(period.start, period.end).get("合计")
    if total is None:
        return f"{period.label}未收到人民法院司法建议。"
    # The parts add up to the suggestions received: on time + late + not yet replied.
    return (f"{period.label}各单位共收到人民法院司法建议{total.received}件，其中按期答复{total.replied_on_time}件，"
            f"逾期答复{total.replied - total.replied_on_time}件，尚未答复{total.received - total.replied}件。")


def _training_text(period: stats.Period) -> str:
    from xiangshan_desk.application import supervision
    total = supervision.training_by_unit(period.start, period.end).get("合计")
    if total is None:
        return f"{period.label}未登记行政应诉培训和旁听庭审活动。"
    return (f"{period.label}组织行政应诉培训{total.sessions}次、旁听庭审{total.observations}次，"
            f"各单位参加{total.people}人次，其中负责人{total.heads}人次。")


def typical_cases(year: int, quarter: int) -> dict:
    from xiangshan_desk.application import supervision
    rows = supervision.typical_cases(year, quarter)
    if not rows:
        raise AppError(f"{year}年第{quarter}季度还没有选定典型案例（监督 → 典型案例）")
    period = f"{year}年第{quarter}季度"
    return {"period": period, "count": len(rows), "title": break_title([period, ("行政诉讼", 1), "典型案例汇编"]),
            "cases": [{"number": f"案例{index}", "title": r.title, "case_number": r.case_number, "unit": r.unit,
                       "outcome": r.outcome, "summary": paragraphs(r.summary, "（未填写案情简介）"),
                       "lesson": paragraphs(r.lesson, "（未填写启示）")} for index, r in enumerate(rows, start=1)]}
