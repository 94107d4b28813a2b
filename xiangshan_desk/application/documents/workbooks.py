"""The statistics workbooks for meetings (quarterly), built from stats.Statistics."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from xiangshan_desk.application import stats
from xiangshan_desk.application.stats import Statistics
from xiangshan_desk.application.outputs import writable
from xiangshan_desk.application.documents.excel import (FOOTER, PERCENT, add_table_sheet, chinese_date, fit_to_page,
                                                        font, new_workbook, print_setup, save_workbook, text_width)

def table_rows(table: stats.UnitTable) -> tuple[list[str], list[list], dict[int, str], set[tuple[int, int]]]:
    """A unit table as a sheet's headers, rows, number formats and red cells (loss rate ≥ 8%)."""
    formats = {index: (PERCENT if column.kind == "rate" else "0")
               for index, column in enumerate(table.columns, start=1)}
    loss = next((index for index, column in enumerate(table.columns, start=1) if column.key == "loss_rate"), None)
    rows, red = [], set()
    for number, row in enumerate(table.rows):
        rows.append([row.name, *("—" if value is None else value for value in row.values)])
        if row.flagged and loss is not None:
            red.update({(number, 0), (number, loss)})
    return table.printed_headers, rows, formats, red


def add_unit_sheet(workbook, sheet: str, title: str, table: stats.UnitTable, extra_notes: tuple[str, ...] = ()):
    headers, rows, formats, red = table_rows(table)
    ws = add_table_sheet(workbook, sheet, title, headers, rows, formats, bold_last=True,
                         notes=table.notes + extra_notes, flagged=red)
    return ws


def add_loss_chart(workbook, table: stats.UnitTable, title: str) -> None:
    """败诉率图表: the units with losses (not every unit), with the 8% line, alone on a printed page."""
    from openpyxl.chart import BarChart, LineChart, Reference

    loss = [column.key for column in table.columns].index("loss_rate")
    lost = [column.key for column in table.columns].index("lost")
    losing = [row for row in table.rows if not row.total and row.values[lost] and row.values[loss] is not None]
    ws = workbook.create_sheet("败诉率图表")
    fit_to_page(ws)
    rows = [[title], ["单位", table.columns[loss].header, f"{stats.LOSS_RATE_LINE}控制线"]]
    rows += [[row.name, row.values[loss], stats.LOSS_RATE_LIMIT] for row in losing]
    from openpyxl.cell import WriteOnlyCell
    ws.column_dimensions["A"].width = 24
    # the rate's header whole (败诉率（判决口径）), not running into the 8% column
    ws.column_dimensions["B"].width = max(14.0, text_width(table.columns[loss].header) + 2)
    ws.column_dimensions["C"].width = 12
    for index, values in enumerate(rows):
        cells = []
        for column, value in enumerate(values):
            cell = WriteOnlyCell(ws, writable(value))         # a unit name stored with a character Excel refuses
            if index == 0:
                cell.font = font(bold=True, size=14)
            elif index == 1:
                cell.font = font(bold=True)
            elif column and isinstance(value, float):
                cell.number_format = PERCENT
                if column == 1 and value >= stats.LOSS_RATE_LIMIT:
                    cell.font = font(bold=True, color="9C0006")
            cells.append(cell)
        ws.append(cells)
    if not losing:
        ws.append(["本期没有败诉案件。"])
    print_setup(ws, footer="败诉率图表　" + FOOTER)
    if not losing:
        return
    last = 2 + len(losing)
    bars = BarChart()
    bars.type = "bar"               # horizontal: every unit name stays readable
    bars.title = title
    bars.y_axis.title = table.columns[loss].header
    bars.y_axis.numFmt = "0%"
    bars.y_axis.scaling.min = 0
    bars.y_axis.scaling.max = 1
    bars.y_axis.majorGridlines = None
    bars.x_axis.scaling.orientation = "maxMin"      # the first unit on top
    bars.add_data(Reference(ws, min_col=2, min_row=2, max_row=last), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=1, min_row=3, max_row=last))
    line = LineChart()
    line.add_data(Reference(ws, min_col=3, min_row=2, max_row=last), titles_from_data=True)
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].graphicalProperties.line.dashStyle = "dash"
    line.series[0].marker.symbol = "none"
    bars += line
    bars.legend.position = "b"
    # about one A4 landscape page: 24 cm wide, tall enough for the bars, never more than a page
    bars.width, bars.height = 24, min(16, 6 + 0.7 * len(losing))
    ws.add_chart(bars, "E2")


def write_quarterly_stats(result: Statistics, path: str | Path, today: dt.date | None = None,
                          frozen=None) -> Path:
    """季度行政应诉统计: 分单位统计, 败诉率图表, and the sheets listing the cases behind the figures.

    ``frozen`` (a freeze.FrozenReport): the unit table as reported, and a sheet of the differences from it.
    """
    today = today or dt.date.today()
    workbook = new_workbook()
    table = frozen.table() if frozen is not None else stats.unit_table(result)
    basis_label = stats.BASIS_LABELS[table.basis]
    when = f"{chinese_date(frozen.frozen_at.date())}报送" if frozen is not None else f"{chinese_date(today)}统计"
    title = f"{result.period.label}行政应诉工作统计（{basis_label}；{when}）"
    add_unit_sheet(workbook, "分单位统计", title, table)
    add_loss_chart(workbook, table, f"{result.period.label}有败诉案件的单位败诉率")
    _add_differences(workbook, result, frozen)
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


def write_half_year_stats(result: Statistics, path: str | Path, today: dt.date | None = None,
                          frozen=None) -> Path:
    """半年度行政应诉统计: the five items the Bureau reports to the county government (rules.md §8)."""
    today = today or dt.date.today()
    workbook = new_workbook()
    label = result.period.label

    def table(keys, include=None):
        if frozen is not None:
            return frozen.table(keys, include)
        return stats.unit_table(result, keys, include)
    basis_label = stats.BASIS_LABELS[frozen.basis if frozen is not None else result.basis]
    when = f"（{chinese_date(frozen.frozen_at.date())}报送）" if frozen is not None else ""
    add_unit_sheet(workbook, "负责人出庭情况", f"{label}行政机关负责人出庭应诉情况{when}",
                   table(stats.APPEARANCE_COLUMNS, lambda counts: counts.get("heard")))
    response = table(stats.RESPONSE_COLUMNS)
    add_unit_sheet(workbook, "行政应诉工作情况", f"{label}行政应诉工作情况（{basis_label}）{when}", response)
    add_loss_chart(workbook, response, f"{label}有败诉案件的单位败诉率")
    _add_differences(workbook, result, frozen)
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
    from xiangshan_desk.application import supervision
    period = result.period
    suggestion_counts = supervision.suggestion_figures(period.start, period.end, today)
    add_table_sheet(workbook, "司法建议处理情况", f"{label}收到的司法建议及答复情况",
                         ["单位", "收到", "已答复", "按期答复", "按期答复率"],
                         [[name, f.received, f.replied, f.replied_on_time,
                           _rate(f.replied_on_time / f.received if f.received else None)]
                          for name, f in sorted(suggestion_counts.items(), key=lambda item: _unit_order(result, item[0]))],
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
                          for name, f in sorted(training.items(), key=lambda item: _unit_order(result, item[0]))],
                         bold_last=bool(training))
    return save_workbook(workbook, path)


def _unit_order(result: Statistics, name: str) -> tuple:
    """Units in the official order (units.md, the unit list's order), 合计 last."""
    return (name == "合计", result.unit_rank(name))


def _rate(value: float | None):
    return "—" if value is None else value


def _add_differences(workbook, result: Statistics, frozen) -> None:
    """与报送版本的差异: every figure that changed since the period was frozen, with the case and the change."""
    if frozen is None:
        from xiangshan_desk.application import freeze
        frozen = freeze.latest(result.period)
        if frozen is None:
            return
    from xiangshan_desk.application import freeze
    differences = freeze.differences(frozen, result)
    add_table_sheet(workbook, "与报送版本的差异",
                    f"{result.period.label}与{chinese_date(frozen.frozen_at.date())}报送版本（第{frozen.version}版）的差异"
                    f"（共{len(differences)}项）",
                    ["统计项", "单位", "报送数", "现在数", "案号", "变化", "引起变化的修改"],
                    [[d.figure, d.unit, d.old, d.new, d.case_number, d.change, d.cause] for d in differences]
                    or [["无差异", "", "", "", "", "", ""]], {2: "0", 3: "0"})
