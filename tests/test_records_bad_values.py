"""Issue #25 findings 12, 15, 16 for `import-records`: 季度 2.7, 10¹² participants, 1e309, NaN and date serials 0 or
negative are refused in Chinese naming the row and the sheet's column header (not a field key or another column);
a refused row or training session leaves nothing behind, and a cell openpyxl cannot read refuses the whole file."""
import os
import re
import subprocess
import sys
import zipfile

import pytest
from openpyxl import load_workbook

from xiangshan_desk.application import cases
from xiangshan_desk.application.importing import LedgerUnreadable
from xiangshan_desk.persistence.models import AuditEntry, JudicialSuggestion, Training, TrainingUnit, TypicalCase, Unit
from xiangshan_desk.application.supervision_io import export_records, import_records

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = "（2025）浙0225行初1号"


def _state():
    return (JudicialSuggestion.select().count(), TypicalCase.select().count(), Training.select().count(),
            TrainingUnit.select().count(), AuditEntry.select().count())


def _patch(path, replacements: dict[str, str]) -> None:
    """Put raw cell values Excel never writes (NaN, 1e309, serial 0 …) into the saved workbook's XML."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name, data in parts.items():
        if name.startswith("xl/worksheets/"):
            text = data.decode("utf-8")
            for placeholder, raw in replacements.items():
                text = text.replace(f"<v>{placeholder}</v>", f"<v>{raw}</v>")
            parts[name] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def _records(tmp_path, suggestions=(), typical=(), training=(), raw: dict | None = None, dates=()):
    path = export_records(tmp_path / "监督记录.xlsx")            # the three sheets with their headers, no rows
    book = load_workbook(path)
    for sheet, rows in (("司法建议", suggestions), ("典型案例", typical), ("培训", training)):
        for row in rows:
            book[sheet].append(list(row))
    for sheet, cell in dates:                                   # serial numbers shown as dates
        book[sheet][cell].number_format = "yyyy-mm-dd"
    book.save(path)
    if raw:
        _patch(path, raw)
    return path


@pytest.fixture
def case(db, actor):
    unit = Unit.get(Unit.name == "石浦镇").id
    return cases.create_case(actor, {"unit_id": unit}, {"case_number": NUMBER}).id


def _refusals(report):
    return {(sheet, r.row, r.column): (r.value, r.reason) for sheet, r in report.refused}


def test_bad_numbers_and_dates_are_refused_naming_row_and_column(case, actor, tmp_path):
    path = _records(
        tmp_path,
        suggestions=[[111111, "象山法院", "石浦镇", None, "规范送达", None, None, ""],      # serial 0 as a date
                     [222222, "象山法院", "石浦镇", None, "规范执法", None, None, ""],      # serial -5 as a date
                     ["2025-03-01", "象山法院", "石浦镇", None, "答复", None, 45000, ""]],  # a bare number
        typical=[[2025, 2.7, NUMBER, "标题", "简介", "启示"],
                 [333333, 1, NUMBER, "标题", "简介", "启示"]],                              # 1e309
        training=[["2025-04-01", "培训", "县司法局", "新法", "石浦镇", 10 ** 12, 0],
                  ["2025-04-02", "培训", "县司法局", "旧法", "石浦镇", 3, 2.9],
                  ["2025-04-03", "培训", "县司法局", "行政诉讼法", "石浦镇", 3, 4],
                  ["2025-04-04", "培训", "县司法局", "好的一次", "石浦镇", 5, 1]],
        raw={"111111": "0", "222222": "-5", "333333": "1e309"},
        dates=[("司法建议", "A3"), ("司法建议", "A4")])
    before = _state()
    report = import_records(actor, path)
    refused = _refusals(report)
    assert set(refused) == {("司法建议", 3, "收到日期"), ("司法建议", 4, "收到日期"), ("司法建议", 5, "答复日期"),
                            ("典型案例", 3, "季度"), ("典型案例", 4, "年份"),
                            ("培训", 3, "参加人数"), ("培训", 4, "其中负责人数"), ("培训", 5, "其中负责人数")}, refused
    for _, reason in refused.values():
        assert CJK.search(reason) and "datetime" not in reason and "Error" not in reason, reason
    assert refused[("典型案例", 3, "季度")][0] == "2.7"
    assert "不是日期" in refused[("司法建议", 3, "收到日期")][1]
    assert "1990" in refused[("司法建议", 4, "收到日期")][1]              # 1899-12-25: outside the years handled
    assert "不能大于" in refused[("培训", 3, "参加人数")][1]
    assert "整数" in refused[("培训", 4, "其中负责人数")][1]
    assert "不能超过参加人数" in refused[("培训", 5, "其中负责人数")][1]
    # the good session went in, nothing of the refused rows did
    assert report.imported == {"司法建议": 0, "典型案例": 0, "培训": 1}
    assert _state()[:4] == (before[0], before[1], before[2] + 1, before[3] + 1)
    assert [t.topic for t in Training.select()] == ["好的一次"]
    # the dry run says the same and changes nothing
    assert _refusals(import_records(actor, path, dry_run=True)).keys() == {k for k in refused}


def test_a_session_with_one_bad_row_is_refused_whole(case, actor, tmp_path):
    path = _records(tmp_path, training=[["2025-04-01", "培训", "县司法局", "新法", "石浦镇", 3, 0],
                                        ["2025-04-01", "培训", "县司法局", "新法", "县公安局", 2.5, 0]])
    before = _state()
    report = import_records(actor, path)
    assert [(r.row, r.column) for _, r in report.refused] == [(3, "日期"), (4, "参加人数")]
    assert _state() == before


@pytest.mark.parametrize("raw", ["NaN", "1e99999x", "--3"])
def test_a_number_openpyxl_cannot_read_refuses_the_file_naming_the_cell(case, actor, tmp_path, raw):
    path = _records(tmp_path, training=[["2025-04-01", "培训", "县司法局", "新法", "石浦镇", 3, 0],
                                        ["2025-04-02", "培训", "县司法局", "旧法", "县公安局", 444444, 0]],
                    raw={"444444": raw})
    before = _state()
    with pytest.raises(LedgerUnreadable, match="没有导入任何记录") as refused:
        import_records(actor, path)
    message = refused.value.message
    assert "培训" in message and "第 4 行" in message and "“参加人数”列" in message, message
    assert "没有导入任何记录" in message and _state() == before


def test_the_command_line_says_it_and_exits_2(case, actor, tmp_path, db_path):
    path = _records(tmp_path, typical=[[2025, 555555, NUMBER, "标题", "简介", "启示"]], raw={"555555": "NaN"})
    before = _state()
    result = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "import-records", str(path)],
                            cwd=ROOT, capture_output=True, timeout=120, env=os.environ.copy())
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "Traceback" not in err and "第 3 行“季度”列" in err, err
    assert _state() == before
    bad = _records(tmp_path, typical=[[2025, 2.7, NUMBER, "标题", "简介", "启示"]])
    result = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "import-records", str(bad)],
                            cwd=ROOT, capture_output=True, timeout=120, env=os.environ.copy())
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0 and "典型案例 第 3 行　季度　“2.7”" in out, out + result.stderr.decode("utf-8")
    assert _state() == before
