"""Issue #25 findings 8, 10, 15, 16: one text validator at the boundary (characters XML cannot carry, line breaks in
one-line fields, the database's column lengths), dates and whole numbers only as clerks write them, and refusals
that name the right column."""
import pytest

from xiangshan_desk import cases, reference
from xiangshan_desk.errors import AppError
from xiangshan_desk.fields import FieldSpec, clean_value, parse_date
from xiangshan_desk.models import Unit


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
    with pytest.raises(AppError):
        parse_date(value, "收到日期")


def test_full_width_digits_are_read():
    assert parse_date("２０２５年３月７日").isoformat() == "2025-03-07"


@pytest.mark.parametrize("value", ["2.9", 2.9, "1e309", "10" * 2500, "٣"])
def test_whole_numbers_only(value):
    with pytest.raises(AppError, match="应为整数|不能大于"):
        clean_value(FieldSpec("原告人数", "int", minimum=1, maximum=1_000_000), value)


def test_a_ledger_refusal_names_its_own_column(db, actor, tmp_path):
    from openpyxl import Workbook

    from xiangshan_desk.importing import import_ledger
    from xiangshan_desk.ledger import HEADERS
    book = Workbook()
    book.active.append(HEADERS)
    row = {"案号": "（2025）浙0225行初1号", "被告单位": "石浦镇", "案由": "行政\n处罚", "备注": "第一行\n第二行"}
    book.active.append([row.get(h) for h in HEADERS])
    book.save(tmp_path / "l.xlsx")
    refusal = import_ledger(actor, tmp_path / "l.xlsx").refused[0]
    assert (refusal.column, refusal.reason) == ("案由", "案由不能换行，请写在一行内")


def test_a_unit_name_like_a_formula_stays_text_in_the_import_template(db, actor, tmp_path):
    from openpyxl import load_workbook

    from xiangshan_desk.ledger import write_template
    path = write_template(tmp_path / "模板.xlsx", ["石浦镇", "=1+1单位"])
    options = load_workbook(path)["选项"]
    cells = [c for row in options.iter_rows() for c in row if c.value == "=1+1单位"]
    assert cells and all(c.data_type == "s" for c in cells)
