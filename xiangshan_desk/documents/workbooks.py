"""The statistics workbooks for meetings (quarterly), built from stats.Statistics."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .. import stats
from ..stats import Statistics
from .excel import PERCENT, add_table_sheet, new_workbook, save_workbook

# The 分单位统计 header, exactly as issue #6 and the county's meetings expect it.
UNIT_HEADERS = ["单位", "收案数", "审结数", "败诉数", "败诉率", "开庭审理数", "负责人出庭数", "出庭率",
                "主要负责人出庭数", "应由主要负责人出庭数", "调撤率", "备案逾期数", "问责线索数"]
RATE_COLUMNS = {4: "loss_rate", 7: "appearance_rate", 10: "mediation_rate"}
LOSS_RATE_COLUMN = "E"


def _rate(value: float | None):
    return "—" if value is None else value


def unit_row(name: str, figures: stats.Figures, basis: str) -> list:
    return [name, figures.count("received"), figures.count("concluded"), figures.count("lost"),
            _rate(figures.loss_rate(basis)), figures.count("heard"), figures.count("head_appeared"),
            _rate(figures.appearance_rate()), figures.count("principal_appeared"),
            figures.count("principal_required"), _rate(figures.mediation_rate()), figures.count("filing_overdue"),
            figures.count("leads")]


def write_quarterly_stats(result: Statistics, path: str | Path, today: dt.date | None = None) -> Path:
    """季度行政应诉统计: 分单位统计 with a chart, and the sheets listing the cases behind the figures."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill

    today = today or dt.date.today()
    workbook = new_workbook()
    rows = [unit_row(row.unit_name, row.figures, result.basis) for row in result.units_with_figures()]
    title = f"{result.period.label}行政应诉工作统计（{result.basis_label}；{today:%Y年%m月%d日}统计）"
    note = f"说明：败诉率≥8%的单位标红（通知要求控制在8%以下）；审结数为0时比率显示为“—”。{result.basis_label}。"
    ws = add_table_sheet(workbook, "分单位统计", title, UNIT_HEADERS,
                         rows + [unit_row("合计", result.county, result.basis)],
                         {index: PERCENT for index in RATE_COLUMNS}, bold_last=True, notes=(note,))
    first, last = 3, 3 + len(rows)             # the units, then the total
    red = PatternFill("solid", fgColor="F4B6B6", bgColor="F4B6B6")
    # A number at or above the 8% line; "—" (no concluded case) is text and never flagged.
    ws.conditional_formatting.add(
        f"{LOSS_RATE_COLUMN}{first}:{LOSS_RATE_COLUMN}{last}",
        FormulaRule(formula=[f"AND(ISNUMBER({LOSS_RATE_COLUMN}{first}),{LOSS_RATE_COLUMN}{first}>={stats.LOSS_RATE_LIMIT})"],
                    fill=red, font=Font(color="9C0006", bold=True)))
    if rows:
        chart = BarChart()
        chart.type = "col"
        chart.title = f"{result.period.label}各单位败诉率"
        chart.y_axis.title = "败诉率"
        chart.y_axis.numFmt = "0%"
        chart.y_axis.scaling.min = 0
        chart.legend = None
        data = Reference(ws, min_col=5, min_row=2, max_row=last - 1)
        categories = Reference(ws, min_col=1, min_row=3, max_row=last - 1)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(categories)
        chart.width, chart.height = 24, 10
        ws.add_chart(chart, f"A{last + 4}")

    lost = stats.loss_lines(result, today)
    add_table_sheet(workbook, "败诉案件", f"{result.period.label}败诉案件（共{len(lost)}件）",
                    ["单位", "案号", "原告", "裁判结果", "生效日期", "败诉报告期限", "败诉报告提交日期", "报告情况"],
                    [[line.unit, line.case_number, line.plaintiffs, line.outcome, line.effective, line.report_due,
                      line.report_submitted, line.report_status] for line in lost])
    overdue = stats.overdue_lines(result, today)
    add_table_sheet(workbook, "逾期事项", f"{result.period.label}到期的逾期事项（共{len(overdue)}项）",
                    ["单位", "案号", "事项", "到期日", "完成日期", "情况"],
                    [[line.unit, line.case_number, line.what, line.due, line.done, line.status] for line in overdue])
    leads = stats.lead_lines(result, today)
    add_table_sheet(workbook, "问责线索", f"{result.period.label}问责线索（共{len(leads)}件）",
                    ["单位", "案号", "线索理由及日期"],
                    [[line.unit, line.case_number, line.detail] for line in leads])
    appearance = stats.appearance_lines(result)
    add_table_sheet(workbook, "出庭情况", f"{result.period.label}开庭审理案件出庭情况（共{len(appearance)}件）",
                    ["单位", "案号", "应出庭人员", "要求理由", "出庭人员", "是否符合要求"],
                    [[line.unit, line.case_number, line.required, line.reason, line.attended, line.compliance]
                     for line in appearance])
    counted = []
    for key in ("received", "concluded", "lost"):
        for line in stats.lines(result, result.county.items[key]):
            counted.append([stats.COUNT_LABELS[key], line.unit, line.case_number, line.plaintiffs, line.detail])
    add_table_sheet(workbook, "收结案件", f"{result.period.label}计入收案、审结、败诉数的案件",
                    ["统计项", "单位", "案号", "原告", "裁判结果"], counted)
    return save_workbook(workbook, path)


def write_half_year_stats(result: Statistics, path: str | Path, today: dt.date | None = None) -> Path:
    """半年度行政应诉统计: the five items the Bureau reports to the county government (rules.md §8)."""
    today = today or dt.date.today()
    workbook = new_workbook()
    units = result.units_with_figures()
    label = result.period.label

    def appearance_row(name, f):
        return [name, f.count("heard"), f.count("head_appeared"), _rate(f.appearance_rate()),
                f.count("principal_required"), f.count("principal_appeared"), _rate(f.principal_rate())]
    add_table_sheet(workbook, "负责人出庭情况", f"{label}行政机关负责人出庭应诉情况",
                         ["单位", "开庭审理数", "负责人出庭数", "出庭率", "应由主要负责人出庭数", "主要负责人出庭数",
                          "主要负责人出庭率"],
                         [appearance_row(r.unit_name, r.figures) for r in units if r.figures.count("heard")]
                         + [appearance_row("合计", result.county)], {3: PERCENT, 6: PERCENT}, bold_last=True)

    def response_row(name, f):
        return [name, f.count("received"), f.count("concluded"), f.count("lost"), _rate(f.loss_rate(result.basis)),
                f.count("mediated_or_withdrawn"), _rate(f.mediation_rate()), f.count("filing_overdue"),
                f.count("head_list_overdue"), f.count("risk_report_overdue"), f.count("judgment_filing_overdue"),
                f.count("loss_report_overdue"), f.count("leads")]
    add_table_sheet(workbook, "行政应诉工作情况", f"{label}行政应诉工作情况（{result.basis_label}）",
                         ["单位", "收案数", "审结数", "败诉数", "败诉率", "调解撤诉数", "调撤率", "备案逾期数",
                          "名单备案逾期数", "风险报告逾期数", "裁判备案逾期数", "败诉报告逾期数", "问责线索数"],
                         [response_row(r.unit_name, r.figures) for r in units]
                         + [response_row("合计", result.county)], {4: PERCENT, 6: PERCENT}, bold_last=True)
    risks = stats.risk_lines(result.period, today)
    add_table_sheet(workbook, "败诉风险案件化解情况", f"{label}发现败诉风险的案件及争议化解情况（共{len(risks)}件）",
                    ["单位", "案号", "风险发现日期", "风险来源", "报告期限", "报告备案日期", "报告情况", "化解情况",
                     "争议化解方案"],
                    [[r.unit, r.case_number, r.found, r.source, r.report_due, r.report_filed, r.report_status,
                      r.resolution, r.plan] for r in risks])
    performance = stats.performance_lines(result)
    add_table_sheet(workbook, "生效裁判履行情况", f"{label}败诉生效裁判的履行情况（共{len(performance)}件）",
                    ["单位", "案号", "裁判结果", "生效日期", "履行情况", "记录日期", "曾拒不履行"],
                    [[p.unit, p.case_number, p.outcome, p.effective, p.state, p.recorded, "是" if p.refused else "否"]
                     for p in performance])
    from .. import supervision
    period = result.period
    suggestion_counts = supervision.suggestion_figures(period.start, period.end, today)
    add_table_sheet(workbook, "司法建议处理情况", f"{label}收到的司法建议及答复情况",
                         ["单位", "收到", "已答复", "按期答复", "按期答复率"],
                         [[name, f.received, f.replied, f.replied_on_time,
                           _rate(f.replied_on_time / f.received if f.received else None)]
                          for name, f in sorted(suggestion_counts.items(), key=lambda item: item[0] == "合计")],
                         {4: PERCENT}, bold_last=bool(suggestion_counts))
    suggestions = supervision.list_suggestions(period.start, period.end, today)
    add_table_sheet(workbook, "司法建议明细", f"{label}司法建议明细（共{len(suggestions)}件）",
                    ["收到日期", "法院", "单位", "来源案件", "建议内容", "答复期限", "答复日期", "情况", "采取的措施"],
                    [[r.received, r.court, r.unit, r.case_number, r.summary, r.reply_due, r.reply_date,
                      r.status_text, r.measures] for r in suggestions])
    training = supervision.training_by_unit(period.start, period.end)
    add_table_sheet(workbook, "培训与旁听庭审", f"{label}参加行政应诉培训和旁听庭审情况",
                         ["单位", "参加培训次数", "参加旁听庭审次数", "参加人次", "其中负责人人次"],
                         [[name, f.sessions, f.observations, f.people, f.heads]
                          for name, f in sorted(training.items(), key=lambda item: item[0] == "合计")],
                         bold_last=bool(training))
    return save_workbook(workbook, path)
