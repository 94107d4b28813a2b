"""The quarterly statistics workbook, reopened with openpyxl and checked cell by cell."""
import datetime as dt
import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from xiangshan_desk.application import cases, stats
from xiangshan_desk.application.documents.workbooks import write_quarterly_stats

from .scenarios import Q2, TODAY  # the hand-worked quarter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def workbook(quarter, actor, tmp_path):
    # a plaintiff whose name would be a formula if written carelessly
    cases.update_case(actor, quarter["A1"], {"plaintiffs": "=1+1"})
    path = write_quarterly_stats(stats.compute(Q2, today=TODAY), tmp_path / "q2.xlsx", TODAY)
    return load_workbook(path)


def test_unit_sheet_headers_numbers_and_formats(workbook):
    ws = workbook["分单位统计"]
    headers = stats.unit_table(stats.compute(Q2, today=TODAY)).headers
    assert "2025年第2季度" in ws["A1"].value and "全部审结案件" in ws["A1"].value
    assert "2025年7月15日统计" in ws["A1"].value
    assert [c.value for c in ws[2]] == headers
    assert "判决结案数" not in headers and {"应出尽出数", "应出尽出率", "名单备案逾期数", "风险报告逾期数",
                                           "裁判备案逾期数", "败诉报告逾期数"} <= set(headers)
    rows = {ws.cell(row=r, column=1).value: dict(zip(headers, [c.value for c in ws[r]]))
            for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=2).value is not None}
    assert list(rows)[-1] == "合计"
    assert set(rows) == {"石浦镇", "县公安局", "象山县人民政府", "合计"}
    assert [rows["石浦镇"][h] for h in ("收案数", "审结数", "败诉数", "败诉率")] == [1, 2, 1, 0.5]
    assert rows["县公安局"]["败诉率"] == pytest.approx(1 / 3)
    assert rows["象山县人民政府"]["败诉率"] == "—" and rows["象山县人民政府"]["负责人出庭数"] == 1
    total = rows["合计"]
    assert [total[h] for h in ("收案数", "审结数", "败诉数", "开庭审理数", "负责人出庭数", "主要负责人出庭数",
                               "应由主要负责人出庭数", "应出尽出数", "备案逾期数", "名单备案逾期数", "风险报告逾期数",
                               "裁判备案逾期数", "败诉报告逾期数", "问责线索数")] == [4, 5, 2, 5, 4, 1, 2, 1, 2, 1, 1, 1, 0, 2]
    assert total["败诉率"] == pytest.approx(0.4) and total["出庭率"] == pytest.approx(0.8)
    assert total["应出尽出率"] == pytest.approx(0.5) and total["调撤率"] == pytest.approx(0.2)
    shipu = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == "石浦镇")
    loss = headers.index("败诉率") + 1
    assert ws.cell(row=shipu, column=loss).number_format == "0.0%"
    assert ws.cell(row=shipu, column=2).data_type == "n"
    # red at or above 8%, in the cell itself (every viewer and printer shows it)
    assert ws.cell(row=shipu, column=loss).fill.fgColor.rgb.endswith("F4B6B6")
    government = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == "象山县人民政府")
    assert ws.cell(row=government, column=loss).alignment.horizontal == "right"
    assert ws.cell(row=government, column=loss).fill.fgColor.rgb in (None, "00000000")
    total_row = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == "合计")
    assert all(ws.cell(row=total_row, column=c).font.b for c in range(1, len(headers) + 1))
    assert not ws.cell(row=government, column=1).font.b and ws.print_options.gridLines
    assert ws.cell(row=shipu, column=1).fill.fgColor.rgb.endswith("F4B6B6")          # the flagged unit's name too
    assert ws.cell(row=total_row + 1, column=1).value is None
    assert ws.cell(row=total_row + 2, column=1).value.startswith("说明：败诉率口径：全部审结案件")
    assert f"A1:{get_column_letter(len(headers))}1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.cell(row=government, column=2).font.name == "宋体" and ws["A1"].font.name == "宋体"


def test_the_judgments_basis_rate_header_breaks_before_its_bracket(quarter, tmp_path):
    """Printed, 败诉率（判决口径） stands on two lines, 败诉率 above （判决口径）, each whole: never a lone "）" on a
    line of its own in a narrow column (both workbooks' unit sheets take their headers from the unit table)."""
    from xiangshan_desk.application.documents.excel import text_width
    from xiangshan_desk.application.documents.workbooks import write_half_year_stats
    result = stats.compute(Q2, stats.BASIS_JUDGMENTS, today=TODAY)
    quarterly = load_workbook(write_quarterly_stats(result, tmp_path / "q.xlsx", TODAY))
    half = load_workbook(write_half_year_stats(stats.compute(stats.Period.half(2025, 1), stats.BASIS_JUDGMENTS,
                                                             today=TODAY), tmp_path / "h.xlsx", TODAY))
    for ws in (quarterly["分单位统计"], half["行政应诉工作情况"]):
        headers = [c.value for c in ws[2]]
        column = headers.index("败诉率\n（判决口径）") + 1
        width = ws.column_dimensions[get_column_letter(column)].width
        assert width >= text_width("（判决口径）") + 1, ws.title
        assert ws.row_dimensions[2].height >= 2 * 14
        # the other headers as they were: one line each, wrapped by the spreadsheet where narrow
        assert "判决结案数" in headers and not [h for h in headers if "\n" in h and "判决口径" not in h]
    # on screen and in the text of documents, the header stays on one line
    assert stats.unit_table(result).headers.count("败诉率（判决口径）") == 1


def test_loss_chart_only_units_with_losses_and_the_8_percent_line(workbook):
    ws = workbook["败诉率图表"]
    names = [ws.cell(row=r, column=1).value for r in range(3, ws.max_row + 1)]
    assert names == ["石浦镇", "县公安局"]                  # not 象山县人民政府 (no loss), in the official order
    assert [ws.cell(row=r, column=3).value for r in range(3, 5)] == [0.08, 0.08]
    chart = ws._charts[0]
    assert chart.type == "bar" and len(chart._charts) == 2        # the bars and the 8% line


def test_case_sheets_and_text_stays_text(workbook):
    assert workbook.sheetnames == ["分单位统计", "败诉率图表", "败诉案件", "逾期事项", "问责线索", "出庭情况", "收结案件"]
    lost = workbook["败诉案件"]
    plaintiffs = {lost.cell(row=r, column=2).value: lost.cell(row=r, column=3) for r in range(3, lost.max_row + 1)}
    cell = plaintiffs["（2025）浙0225行初1号"]
    assert cell.value == "=1+1" and cell.data_type == "s"
    overdue = workbook["逾期事项"]
    items = [(overdue.cell(row=r, column=2).value, overdue.cell(row=r, column=3).value,
              overdue.cell(row=r, column=6).value) for r in range(3, overdue.max_row + 1)]
    assert ("（2025）浙0225行初5号", "备案期限", "未办理") in items
    assert ("（2025）浙02行初1号", "出庭名单备案期限", "逾期3天完成") in items
    leads = workbook["问责线索"]
    assert leads.max_row == 4
    appearance = workbook["出庭情况"]
    assert appearance.max_row == 2 + 5


def test_command_line_export(quarter, db_path, tmp_path):
    out = tmp_path / "季度统计.xlsx"
    env = {**os.environ}
    result = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "export",
                             "quarterly-stats", "--year", "2025", "--quarter", "2", "--basis", "judgments",
                             "--out", str(out)], capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    ws = load_workbook(out)["分单位统计"]
    assert "仅判决结案" in ws["A1"].value
    bad = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "export", "quarterly-stats",
                          "--year", "2025", "--quarter", "5", "--out", str(out)], capture_output=True, text=True,
                         encoding="utf-8", cwd=ROOT, timeout=120)
    assert bad.returncode == 2 and bad.stdout == ""


def test_half_year_workbook(quarter, actor, tmp_path):
    from xiangshan_desk.application import supervision
    from xiangshan_desk.application.documents.workbooks import write_half_year_stats
    from xiangshan_desk.persistence.models import Unit
    shipu = Unit.get(Unit.name == "石浦镇").id
    supervision.add_suggestion(actor, {"received": "2025-02-10", "unit_id": shipu, "reply_date": "2025-03-01"})
    supervision.add_suggestion(actor, {"received": "2025-05-10", "unit_id": shipu})
    supervision.add_training(actor, "2025-04-01", "培训", "县司法局", "新法培训", [(shipu, 3, 1)])
    result = stats.compute(stats.Period.half(2025, 1), today=TODAY)
    book = load_workbook(write_half_year_stats(result, tmp_path / "h1.xlsx", TODAY))
    assert book.sheetnames == ["负责人出庭情况", "行政应诉工作情况", "败诉率图表", "败诉风险案件化解情况", "生效裁判履行情况",
                               "司法建议处理情况", "司法建议明细", "培训与旁听庭审"]
    suggestions = book["司法建议处理情况"]
    assert [c.value for c in suggestions[suggestions.max_row]] == ["合计", 2, 1, 1, 0.5]
    training = book["培训与旁听庭审"]
    assert [c.value for c in training[3]] == ["石浦镇", 1, 0, 3, 1]
    appearance = book["负责人出庭情况"]
    total = next([c.value for c in row] for row in appearance.iter_rows(min_row=3) if row[0].value == "合计")
    # the first half holds Q2 and B2's Q1 second-instance hearing (a deputy appeared)
    assert [c.value for c in appearance[2]] == ["单位", "开庭审理数", "负责人出庭数", "出庭率", "主要负责人出庭数",
                                                "应由主要负责人出庭数", "应出尽出数", "应出尽出率"]
    assert total == ["合计", 6, 5, pytest.approx(5 / 6), 1, 2, 1, pytest.approx(0.5)]
    response = book["行政应诉工作情况"]
    shipu = next(r for r in range(3, response.max_row + 1) if response.cell(row=r, column=1).value == "石浦镇")
    assert response.cell(row=shipu, column=5).fill.fgColor.rgb.endswith("F4B6B6")      # 败诉率 ≥ 8% in red
    risks = book["败诉风险案件化解情况"]
    assert [c.value for c in risks[3]][1:3] == ["（2025）浙0225行初3号", dt.datetime(2025, 6, 1)]
    assert [c.value for c in risks[3]][6:8] == ["已逾期34天", "尚未审结"]
    performance = book["生效裁判履行情况"]
    assert sorted(performance.cell(row=r, column=2).value for r in range(3, performance.max_row + 1)) == \
        ["（2025）浙0225行初1号", "（2025）浙02行终2号"]
    assert performance["E3"].value == "未记录"


def test_paths_with_chinese_and_spaces(quarter, tmp_path):
    out = tmp_path / "行政 应诉" / "2025年第2季度 行政应诉统计.xlsx"
    written = write_quarterly_stats(stats.compute(stats.Period.quarter(2025, 2), today=TODAY), out, TODAY)
    assert written == out and load_workbook(out).sheetnames[0] == "分单位统计"


def test_other_workbooks_print_and_read_well(quarter, actor, tmp_path):
    """宋体 everywhere, print setup on every sheet, numbers stored as numbers, 是/否 lists that accept Y/N."""
    from xiangshan_desk.application import assessment, ledger
    from xiangshan_desk.persistence.models import Unit
    path, _ = ledger.write_ledger(tmp_path / "台账.xlsx")
    book = load_workbook(path)
    ws = book["台账"]
    assert ws["A1"].font.name == "宋体" and ws["A2"].font.name == "宋体"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert ws.print_title_cols == "$A:$A" and ws.oddFooter.center.text
    received = ledger.HEADERS.index("收到起诉状副本日期") + 1
    assert ws.column_dimensions[get_column_letter(received)].width >= 12       # dates never print "###"
    template = load_workbook(ledger.write_template(tmp_path / "模板.xlsx", [u.name for u in Unit.select()]))
    validations = {str(v.sqref).split(":")[0][:-1]: v for v in template["台账"].data_validations.dataValidation}
    bool_column = get_column_letter(ledger.HEADERS.index("重大过错") + 1)
    assert validations[bool_column].errorStyle == "information"    # Y/N, √, 1/0 are allowed by 填写说明
    choice_column = get_column_letter(ledger.HEADERS.index("审级") + 1)
    assert validations[choice_column].errorStyle in (None, "stop")
    scores = load_workbook(assessment.write_workbook(2025, tmp_path / "考核.xlsx", TODAY))
    explained = scores["计算说明"]
    values = [explained.cell(row=r, column=4).value for r in range(3, explained.max_row + 1)]
    assert any(isinstance(v, (int, float)) for v in values) and all(isinstance(v, (int, float)) or v == "不适用"
                                                                    for v in values if v is not None)
    assert explained.cell(row=3, column=3).data_type == "n"
    for sheet in scores.worksheets:
        assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$2:$2"


def test_half_year_unit_lists_in_the_official_order(db, actor, tmp_path):
    from xiangshan_desk.application import supervision
    from xiangshan_desk.application.documents.workbooks import write_half_year_stats
    from xiangshan_desk.persistence.models import Unit

    def unit(name):
        return Unit.get(Unit.name == name).id
    # entered department first: by entry (and by name) 县公安局 would come first; units.md puts 石浦镇 first
    supervision.add_suggestion(actor, {"received": "2025-02-01", "unit_id": unit("县公安局")})
    supervision.add_suggestion(actor, {"received": "2025-03-10", "unit_id": unit("石浦镇")})
    supervision.add_training(actor, "2025-04-01", "培训", "县司法局", "行政诉讼法新解释",
                             [(unit("县公安局"), 2, 0), (unit("石浦镇"), 3, 1)])
    book = load_workbook(write_half_year_stats(stats.compute(stats.Period.half(2025, 1), today=TODAY),
                                               tmp_path / "h1.xlsx", TODAY))
    for sheet in ("司法建议处理情况", "培训与旁听庭审"):
        ws = book[sheet]
        assert [ws.cell(row=r, column=1).value for r in range(3, 6)] == ["石浦镇", "县公安局", "合计"], sheet


def test_a_wide_list_narrows_its_text_columns_and_a_wrapped_row_reads_from_the_top(tmp_path):
    """A list wider than a legible A4 landscape page (the case-list export, 出庭情况): its long text columns wrap
    at a common width, never below about eight characters; 案号, dates and the first column stay whole; every
    cell of a row with a wrapped text is aligned to the top."""
    import datetime as dt

    from xiangshan_desk.application.documents.excel import NARROWEST, PAGE_WIDTH, write_table
    long = "备案期限 12月11日 周五 · 未到期（还剩5天）"
    headers = ["单位", "案号", "要求理由", "出庭人员", "是否符合要求", "收到日期", "答辩期限", "备注"]
    rows = [["宁波市自然资源和规划局象山分局", "（2026）浙0225行初1234号", "社会高度关注或者可能引发群体性事件" * 2,
             "2026年9月16日 程捷（其他分管负责人）；2026年10月20日 郑娟丽（副职负责人）", long,
             dt.date(2026, 9, 1), "2026-12-15 周二", "短"],
            ["石浦镇", "（2026）浙0225行初1号", "短", "短", "符合要求", dt.date(2026, 9, 2), "2026-12-16 周三", ""]]
    ws = load_workbook(write_table(tmp_path / "宽表.xlsx", "宽表", headers, rows)).active
    widths = {header: ws.column_dimensions[get_column_letter(i)].width for i, header in enumerate(headers, start=1)}
    assert sum(widths.values()) <= PAGE_WIDTH + 0.01
    for header in ("要求理由", "出庭人员", "是否符合要求"):
        assert NARROWEST <= widths[header] < 36, header
    assert widths["单位"] >= 30 and widths["案号"] >= 24                    # whole
    assert widths["答辩期限"] >= 16 and widths["收到日期"] >= 12              # dates never wrap or print "###"
    assert ws.cell(row=3, column=3).alignment.wrap_text
    assert all(ws.cell(row=3, column=c).alignment.vertical == "top" for c in range(1, len(headers)))
    assert ws.cell(row=3, column=6).number_format == "yyyy-mm-dd"            # a date styled for the top keeps its format
    assert ws.row_dimensions[3].height >= 2 * 15
    # a narrow list keeps its widths
    narrow = load_workbook(write_table(tmp_path / "窄表.xlsx", "窄表", ["单位", "说明"], [["石浦镇", long]])).active
    assert narrow.column_dimensions["B"].width > NARROWEST + 5
