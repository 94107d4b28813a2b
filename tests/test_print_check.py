"""The print check: every document type printed through LibreOffice and read page by page, as the county office
would read it (GB/T 9704-2012: sign-off never alone on a page, titles broken at meaning boundaries, tables within
the text block, each 催办单 numbered from 1).

One LibreOffice run converts all samples (tests/print_samples.py) once per session."""
import os
import re
import shutil
import unicodedata

import pytest
from docx import Document
from docx.oxml.ns import qn

from . import print_samples
from .print_samples import APPEAL_NUMBER, LONG_NUMBER, LONG_UNIT

MISSING = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
# .ci/run installs both and sets XIANGSHAN_REQUIRE_PRINT_CHECK, so that there a missing tool fails, never skips.
pytestmark = pytest.mark.skipif(
    bool(MISSING) and not os.environ.get("XIANGSHAN_REQUIRE_PRINT_CHECK"),
    reason=f"the print check needs LibreOffice (soffice) and poppler-utils (pdftotext), missing: {MISSING}")

TEXT_WIDTH_TWIPS = 8845                       # 210 mm - 28 mm - 26 mm
CASE_NUMBER = re.compile(r"[（(]\d{4}[）)][\u4e00-\u9fff\d]+?\d+号")
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
PAGE_NUMBER = re.compile(r"^—\d+—$")
SIGNERS = {"象山县司法局", LONG_UNIT, f"{LONG_UNIT}（盖章）"}
# Pages each sample prints on, as read page by page in the renders of this change.
EXPECTED_PAGES = {"filing-checklist": 1, "head-list": 1, "risk-report": 2, "loss-report": 2,
                  "quarterly-loss-cases-empty": 1, "half-year-report-empty": 2, "typical-cases": 1}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """Every sample document, its PDF's pages (text without spaces, line by line) and the .docx."""
    from xiangshan_desk.application.cases import Actor
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.db import close_database
    folder = tmp_path_factory.mktemp("print")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XIANGSHAN_DESK_DATA", str(folder / "userdata"))
        open_workspace(folder / "samples.sqlite3")
        try:
            files = print_samples.write_samples(folder, Actor("样例", "samples"))
        finally:
            close_database()
    pdfs = print_samples.to_pdf(list(files.values()), folder)
    result = {}
    for name, path in files.items():
        pages = [[re.sub(r"\s+", "", line) for line in page.splitlines() if line.strip()]
                 for page in print_samples.pages_text(pdfs[path])]
        result[name] = {"pages": pages, "docx": Document(str(path)), "path": path}
    return result


def _width(line: str) -> float:
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in line)


def _body(page: list[str]) -> list[str]:
    return [line for line in page if not PAGE_NUMBER.match(line)]


def test_every_sample_printed(printed):
    assert set(print_samples.SAMPLES) <= set(printed)
    for name, sample in printed.items():
        assert sample["pages"], name
        assert all(_body(page) for page in sample["pages"]), f"{name}: a page with nothing but its number"


def test_no_page_holds_only_the_sign_off(printed):
    for name, sample in printed.items():
        for number, page in enumerate(sample["pages"], start=1):
            body = _body(page)
            alone = all(line in SIGNERS or DATE.fullmatch(line) or line == "特此报告。" for line in body)
            assert not alone, f"{name} page {number} holds only the sign-off: {body}"


def test_sign_off_pulls_text_at_every_position(printed):
    """The fill samples move the sign-off down a line (or a table row) at a time: some of them would leave it
    alone at the top of a page, and there the text before it comes along."""
    fills = [name for name in printed if name.startswith(("risk-report-fill-", "leads-rows-"))]
    assert len(fills) == print_samples.FILL_LINES + print_samples.FILL_ROWS
    pages = {name: len(printed[name]["pages"]) for name in fills}
    assert len(set(pages.values())) > 1, pages              # the samples do cross a page boundary
    for name in fills:
        last = _body(printed[name]["pages"][-1])
        text = [line for line in last if line not in SIGNERS and not DATE.fullmatch(line) and line != "特此报告。"]
        assert text, f"{name}: the last page holds only the sign-off: {last}"


def _title_lines(sample) -> list[str]:
    """The title as printed: the first page's lines down to the first line that the title paragraph lacks."""
    title = sample["docx"].paragraphs[0].text.replace("\n", "")
    lines, printed = [], ""
    for line in sample["pages"][0]:
        if not title.replace(" ", "").startswith(printed + line):
            break
        lines.append(line)
        printed += line
    assert printed == title.replace(" ", ""), (lines, title)
    return lines


def _breaks_inside(lines: list[str], pattern_or_text) -> list[str]:
    whole = "".join(lines)
    spans = ([m.span() for m in pattern_or_text.finditer(whole)] if hasattr(pattern_or_text, "finditer")
             else [(m.start(), m.start() + len(pattern_or_text)) for m in re.finditer(re.escape(pattern_or_text),
                                                                                        whole)])
    cuts, at = [], 0
    for line in lines[:-1]:
        at += len(line)
        cuts.append(at)
    return [whole[start:end] for start, end in spans for cut in cuts if start < cut < end]


def test_titles_break_at_meaning_boundaries(printed):
    for name in ("risk-report", "loss-report", "half-year-report", "quarterly-loss-cases", "accountability-leads"):
        lines = _title_lines(printed[name])
        assert not _breaks_inside(lines, CASE_NUMBER), f"{name}: title breaks inside a 案号: {lines}"
        assert not _breaks_inside(lines, LONG_UNIT), f"{name}: title breaks inside the unit name: {lines}"
        assert not any(line.startswith(("的", "件", "号")) for line in lines[1:]), f"{name}: {lines}"
        if len(lines) > 1:                     # balanced: no line more than half again as long as another
            widths = [_width(line) for line in lines]
            assert max(widths) <= 1.6 * min(widths) + 2, f"{name}: unbalanced title {lines}"


def test_page_counts(printed):
    for name, pages in EXPECTED_PAGES.items():
        assert len(printed[name]["pages"]) == pages, (name, printed[name]["pages"])


def test_tables_fit_the_text_block(printed):
    for name, sample in printed.items():
        for index, table in enumerate(sample["docx"].tables):
            grid = table._tbl.tblGrid
            total = sum(int(col.get(qn("w:w"))) for col in grid.findall(qn("w:gridCol")))
            assert total <= TEXT_WIDTH_TWIPS, f"{name} table {index}: {total} twips wide"
            width = table._tbl.tblPr.find(qn("w:tblW"))
            assert width is not None and width.get(qn("w:type")) == "dxa" and int(width.get(qn("w:w"))) <= \
                TEXT_WIDTH_TWIPS, f"{name} table {index}"


def test_dates_and_case_numbers_in_tables_do_not_wrap(printed):
    for name, sample in printed.items():
        lines = [line for page in sample["pages"] for line in page]
        for table in sample["docx"].tables:
            for row in table.rows[1:]:
                for cell in row.cells:
                    text = cell.text.replace(" ", "")
                    if CASE_NUMBER.fullmatch(text) or DATE.fullmatch(text):
                        assert any(text in line for line in lines), f"{name}: “{text}” wraps in its cell"


def test_each_unit_letter_starts_at_page_one(printed):
    pages = printed["todo"]["pages"]
    letters = [page for page in pages if "行政应诉事项催办单" in page]
    assert len(letters) > 10
    for page in letters:
        assert "—1—" in page, page[:3]


def test_empty_periods_say_so_in_one_sentence(printed):
    quarter = printed["quarterly-loss-cases-empty"]
    text = "".join(line for page in quarter["pages"] for line in page)
    assert "本季度无败诉案件。" in text and not quarter["docx"].tables
    half = printed["half-year-report-empty"]
    text = "".join(line for page in half["pages"] for line in page)
    assert "—" not in text.replace("—1—", "").replace("—2—", "") and "无审结案件" in text
    assert not text.count("如下：" + "单位")


def test_second_instance_checklist_names_the_appeal(printed):
    text = "".join(printed["filing-checklist"]["pages"][0])
    assert APPEAL_NUMBER in text and "上诉状副本" in text and "起诉状副本" not in text
    assert "备案交邮日期2026年6月29日" in text and "EMS1100123456789" in text
    assert LONG_NUMBER not in "".join(_title_lines(printed["filing-checklist"]))


def test_dates_in_words_and_no_audit_notes_or_template_tags(printed):
    for name, sample in printed.items():
        text = "\n".join(line for page in sample["pages"] for line in page)
        assert not re.search(r"\d{4}-\d{1,2}-\d{1,2}", text), f"{name}: an ISO date is printed"
        assert "台账导入" not in text and "None" not in text, name
        assert "{{" not in text and "{%" not in text, name


def test_body_lines_hold_28_characters(printed):
    """22 lines of 28 characters of 三号 (GB/T 9704 5.2.2): a full line of Chinese text prints 28 characters, and
    no body line more (the previous layout printed 27)."""
    from xiangshan_desk.application.documents.word import CHARS_PER_LINE
    for name in ("risk-report", "loss-report", "half-year-report", "typical-cases"):
        title = {line for line in _title_lines(printed[name])}
        widths = [_width(line) for page in printed[name]["pages"] for line in _body(page) if line not in title]
        assert max(widths) <= CHARS_PER_LINE, (name, max(widths))
    full = [line for page in printed["risk-report"]["pages"] for line in page
            if len(line) == CHARS_PER_LINE and _width(line) == CHARS_PER_LINE]
    assert len(full) >= 2, printed["risk-report"]["pages"][0]


def test_a_full_page_holds_22_lines(printed):
    from xiangshan_desk.application.documents.word import LINES_PER_PAGE
    last = f"risk-report-fill-{print_samples.FILL_LINES - 1}"
    middle = printed[last]["pages"][1]                    # a page of body text only: no title, no sign-off
    assert len(_body(middle)) == LINES_PER_PAGE, middle
