"""The quarterly statistics workbook, reopened with openpyxl and checked cell by cell."""
import datetime as dt
import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from xiangshan_desk import cases, stats
from xiangshan_desk.documents.workbooks import UNIT_HEADERS, write_quarterly_stats

from .test_stats import Q2, TODAY, quarter  # noqa: F401  (the hand-worked quarter)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def workbook(quarter, actor, tmp_path):  # noqa: F811
    # a plaintiff whose name would be a formula if written carelessly
    cases.update_case(actor, quarter["A1"], {"plaintiffs": "=1+1"})
    path = write_quarterly_stats(stats.compute(Q2, today=TODAY), tmp_path / "q2.xlsx", TODAY)
    return load_workbook(path)


def test_unit_sheet_headers_numbers_and_formats(workbook):
    ws = workbook["分单位统计"]
    assert "2025年第2季度" in ws["A1"].value and "全部审结案件" in ws["A1"].value
    assert [c.value for c in ws[2]] == UNIT_HEADERS
    rows = {ws.cell(row=r, column=1).value: [c.value for c in ws[r]] for r in range(3, ws.max_row + 1)
            if ws.cell(row=r, column=2).value is not None}
    assert list(rows)[-1] == "合计"
    assert set(rows) == {"石浦镇", "县公安局", "象山县人民政府", "合计"}
    assert rows["石浦镇"][1:5] == [1, 2, 1, 0.5]
    assert rows["县公安局"][4] == pytest.approx(1 / 3)
    assert rows["象山县人民政府"][4] == "—" and rows["象山县人民政府"][7] == 1
    assert rows["合计"] == ["合计", 4, 5, 2, pytest.approx(0.4), 5, 4, pytest.approx(0.8), 1, 2,
                           pytest.approx(0.2), 2, 2]
    shipu = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == "石浦镇")
    assert ws.cell(row=shipu, column=5).number_format == "0.0%"
    assert ws.cell(row=shipu, column=2).data_type == "n"
    rules = [rule for rng in ws.conditional_formatting for rule in rng.rules]
    assert any("E3>=0.08" in rule.formula[0] for rule in rules)
    assert ws._charts and ws._charts[0].title is not None
    total = next(r for r in range(3, ws.max_row + 1) if ws.cell(row=r, column=1).value == "合计")
    assert all(ws.cell(row=total, column=c).font.b for c in range(1, len(UNIT_HEADERS) + 1))
    assert not ws.cell(row=shipu, column=1).font.b and ws.print_options.gridLines
    assert ws.cell(row=total + 1, column=1).value is None
    assert ws.cell(row=total + 2, column=1).value.startswith("说明：败诉率≥8%的单位标红")
    assert f"A1:{get_column_letter(len(UNIT_HEADERS))}1" in {str(r) for r in ws.merged_cells.ranges}


def test_print_settings(workbook):
    for ws in workbook.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$2:$2"
        assert ws.freeze_panes in ("A3", "B3")
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
        assert ws.column_dimensions["A"].width >= 8


def test_case_sheets_and_text_stays_text(workbook):
    assert workbook.sheetnames == ["分单位统计", "败诉案件", "逾期事项", "问责线索", "出庭情况", "收结案件"]
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


def test_command_line_export(quarter, db_path, tmp_path):  # noqa: F811
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


def test_half_year_workbook(quarter, actor, tmp_path):  # noqa: F811
    from xiangshan_desk import supervision
    from xiangshan_desk.documents.workbooks import write_half_year_stats
    from xiangshan_desk.models import Unit
    shipu = Unit.get(Unit.name == "石浦镇").id
    supervision.add_suggestion(actor, {"received": "2025-02-10", "unit_id": shipu, "reply_date": "2025-03-01"})
    supervision.add_suggestion(actor, {"received": "2025-05-10", "unit_id": shipu})
    supervision.add_training(actor, "2025-04-01", "培训", "县司法局", "新法培训", [(shipu, 3, 1)])
    result = stats.compute(stats.Period.half(2025, 1), today=TODAY)
    book = load_workbook(write_half_year_stats(result, tmp_path / "h1.xlsx", TODAY))
    assert book.sheetnames == ["负责人出庭情况", "行政应诉工作情况", "败诉风险案件化解情况", "生效裁判履行情况",
                               "司法建议处理情况", "司法建议明细", "培训与旁听庭审"]
    suggestions = book["司法建议处理情况"]
    assert [c.value for c in suggestions[suggestions.max_row]] == ["合计", 2, 1, 1, 0.5]
    training = book["培训与旁听庭审"]
    assert [c.value for c in training[3]] == ["石浦镇", 1, 0, 3, 1]
    appearance = book["负责人出庭情况"]
    total = [c.value for c in appearance[appearance.max_row]]
    # the first half holds Q2 and B2's Q1 second-instance hearing (a deputy appeared)
    assert total == ["合计", 6, 5, pytest.approx(5 / 6), 2, 1, pytest.approx(0.5)]
    risks = book["败诉风险案件化解情况"]
    assert [c.value for c in risks[3]][1:3] == ["（2025）浙0225行初3号", dt.datetime(2025, 6, 1)]
    assert [c.value for c in risks[3]][6:8] == ["已逾期34天", "尚未审结"]
    performance = book["生效裁判履行情况"]
    assert sorted(performance.cell(row=r, column=2).value for r in range(3, performance.max_row + 1)) == \
        ["（2025）浙0225行初1号", "（2025）浙02行终2号"]
    assert performance["E3"].value == "未记录"


def test_paths_with_chinese_and_spaces(quarter, tmp_path):  # noqa: F811
    out = tmp_path / "行政 应诉" / "2025年第2季度 行政应诉统计.xlsx"
    written = write_quarterly_stats(stats.compute(stats.Period.quarter(2025, 2), today=TODAY), out, TODAY)
    assert written == out and load_workbook(out).sheetnames[0] == "分单位统计"
