"""Issue #25 findings 8, 10, 15, 16: one text validator at the boundary (characters XML cannot carry, line breaks in
one-line fields, the database's column lengths), dates and whole numbers only as clerks write them, and refusals
that name the right column."""
import pytest

from xiangshan_desk.application import cases, reference
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.domain.fields import FieldSpec, clean_value, parse_date
from xiangshan_desk.persistence.models import Unit


@pytest.mark.parametrize("text", ["原告\ufffe", "原告\uffff", "原告\ud800", "原告\x00", "原告\x1b[0m"])
def test_text_that_documents_cannot_carry_is_refused(db, actor, text):
    unit = Unit.get(Unit.name == "石浦镇").id
    with pytest.raises(AppError, match="原告含有不可见的控制字符或无法保存的字符"):
        cases.create_case(actor, {"unit_id": unit, "plaintiffs": text}, {"case_number": "（2025）浙0225行初1号"})
    with pytest.raises(AppError, match="别名"):
        reference.save_unit(actor, unit, {"name": "石浦镇"}, ["石浦\x07"])


def test_one_line_fields_and_column_lengths(db, actor):
    unit = Unit.get(Unit.name == "石浦镇").id
    with pytest.raises(AppError, match="案号不能换行"):
        cases.create_case(actor, {"unit_id": unit}, {"case_number": "（2025）浙0225\n行初1号"})
    with pytest.raises(AppError, match="案由过长.*最多 255 字"):
        cases.create_case(actor, {"unit_id": unit, "cause": "行" * 256}, {"case_number": "（2025）浙0225行初1号"})
    saved = cases.create_case(actor, {"unit_id": unit, "cause": "行" * 255, "plaintiffs": "甲\n乙"},
                              {"case_number": "（2025）浙0225行初1号"})
    assert cases.case_detail(saved.id).values["plaintiffs"] == "甲\n乙"      # several lines where they belong


@pytest.mark.parametrize("value", ["٢٠٢٥-٠٣-٠٧", "२०२५-०३-०७", "0000-03-07", "99999-03-07"])
def test_dates_only_in_the_forms_clerks_write(value):
    with pytest.raises(AppError, match="收到日期“.*”不是(有效|存在的)日期"):
        parse_date(value, "收到日期")


def test_full_width_digits_are_read():
    assert parse_date("２０２５年３月７日").isoformat() == "2025-03-07"


@pytest.mark.parametrize("value", ["2.9", 2.9, "1e309", "10" * 2500, "٣"])
def test_whole_numbers_only(value):
    with pytest.raises(AppError, match="应为整数|不能大于"):
        clean_value(FieldSpec("原告人数", "int", minimum=1, maximum=1_000_000), value)


def test_a_ledger_refusal_names_its_own_column(db, actor, tmp_path):
    from openpyxl import Workbook

    from xiangshan_desk.application.importing import import_ledger
    from xiangshan_desk.application.ledger import HEADERS
    book = Workbook()
    book.active.append(HEADERS)
    row = {"案号": "（2025）浙0225行初1号", "被告单位": "石浦镇", "案由": "行政\n处罚", "备注": "第一行\n第二行"}
    book.active.append([row.get(h) for h in HEADERS])
    book.save(tmp_path / "l.xlsx")
    refusal = import_ledger(actor, tmp_path / "l.xlsx").refused[0]
    assert (refusal.column, refusal.reason) == ("案由", "案由不能换行，请写在一行内")


def test_a_unit_name_like_a_formula_stays_text_in_the_import_template(db, actor, tmp_path):
    from openpyxl import load_workbook

    from xiangshan_desk.application.ledger import write_template
    path = write_template(tmp_path / "模板.xlsx", ["石浦镇", "=1+1单位"])
    options = load_workbook(path)["选项"]
    cells = [c for row in options.iter_rows() for c in row if c.value == "=1+1单位"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_an_empty_or_foreign_file_is_refused_untouched(tmp_path):
    import sqlite3

    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.db import close_database
    empty = tmp_path / "空.sqlite3"
    empty.write_bytes(b"")
    with pytest.raises(AppError, match="是空的"):
        open_workspace(empty)
    assert empty.stat().st_size == 0
    foreign = tmp_path / "other.sqlite3"
    with sqlite3.connect(foreign) as raw:
        raw.execute('CREATE TABLE "case" (id INTEGER PRIMARY KEY, title TEXT)')
    raw.close()
    before = foreign.read_bytes()
    with pytest.raises(AppError, match="其他程序的数据库"):
        open_workspace(foreign)
    assert foreign.read_bytes() == before
    close_database()


def _broken_workbooks(tmp_path):
    """Workbooks that open as zip files but break while read, and a zip bomb's shape."""
    import zipfile

    from openpyxl import Workbook
    good = tmp_path / "good.xlsx"
    book = Workbook()
    book.active.append(["案号", "被告单位"])
    book.active.append(["（2025）浙0225行初1号", "石浦镇"])
    book.save(good)
    made = {}
    with zipfile.ZipFile(good) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    truncated = tmp_path / "truncated.xlsx"
    with zipfile.ZipFile(truncated, "w") as target:
        for name, data in parts.items():
            target.writestr(name, data[: len(data) // 2] if name == "xl/worksheets/sheet1.xml" else data)
    made["truncated"] = truncated
    no_sheets = tmp_path / "nosheets.xlsx"
    with zipfile.ZipFile(no_sheets, "w") as target:
        for name, data in parts.items():
            if name == "xl/workbook.xml":
                data = data.replace(data[data.find(b"<sheets>"):data.find(b"</sheets>") + 9], b"<sheets/>")
            target.writestr(name, data)
    made["no sheets"] = no_sheets
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
        target.writestr("xl/padding.bin", b"\0" * (450 * 1024 * 1024))
    made["bomb"] = bomb
    return made


def test_broken_workbooks_end_in_a_chinese_refusal_not_a_traceback(db_path, tmp_path):
    import os
    import subprocess
    import sys
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for what, path in _broken_workbooks(tmp_path).items():
        result = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "import", str(path),
                                 "--dry-run"], cwd=root, capture_output=True, text=True, encoding="utf-8",
                                timeout=120, env=os.environ.copy())
        assert result.returncode == 2, (what, result.stderr[-800:])
        assert "Traceback" not in result.stderr and result.stderr.startswith("错误："), (what, result.stderr[-800:])


def test_a_ledger_on_the_second_sheet_or_with_a_doubled_header_is_explained(tmp_path):
    from openpyxl import Workbook

    from xiangshan_desk.application.importing import LedgerUnreadable, read_ledger
    book = Workbook()
    book.active.title = "说明"
    book.active.append(["填写说明"])
    book.create_sheet("台账").append(["案号", "被告单位"])
    book.save(tmp_path / "two.xlsx")
    with pytest.raises(LedgerUnreadable, match="只读取第一个工作表“说明”"):
        read_ledger(tmp_path / "two.xlsx")
    book = Workbook()
    book.active.append(["案号", "被告单位", "案由", "案由"])
    book.save(tmp_path / "double.xlsx")
    with pytest.raises(LedgerUnreadable, match="“案由”出现了不止一次"):
        read_ledger(tmp_path / "double.xlsx")


def test_search_text_that_cannot_match_is_cleaned(db, actor):
    from xiangshan_desk.application import caselist
    unit = Unit.get(Unit.name == "石浦镇").id
    cases.create_case(actor, {"unit_id": unit, "plaintiffs": "张三"}, {"case_number": "（2025）浙0225行初1号"})
    cases.create_case(actor, {"unit_id": unit, "plaintiffs": "李四"}, {"case_number": "（2025）浙0225行初2号"})
    assert caselist.normalise_search("\x00") == ""
    assert caselist.count_rows(caselist.CaseFilter(text=caselist.normalise_search("张\x00三"))) == 1
    assert caselist.count_rows(caselist.CaseFilter(text=caselist.normalise_search("张三\ud800"))) == 1
    assert len(caselist.normalise_search("案" * 60000)) == caselist.MAX_SEARCH
    assert caselist.count_rows(caselist.CaseFilter(text=caselist.normalise_search("案" * 60000))) == 0
