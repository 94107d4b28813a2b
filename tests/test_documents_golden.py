"""Golden copies of word/document.xml for three documents, so that an unintended layout change shows as a diff.

The XML is normalised before comparing: today's date (the sign-off of a filled template) becomes 〔今日〕,
revision ids are dropped, and the XML is pretty-printed one element a line. After an intended change, rewrite
the copies with ``XIANGSHAN_UPDATE_GOLDEN=1 pytest tests/test_documents_golden.py`` and read the diff."""
import datetime as dt
import os
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from xiangshan_desk.application.agenda import AgendaItem
from xiangshan_desk.application.documents import official
from xiangshan_desk.application.documents.official import render
from xiangshan_desk.application.documents.todo import write_todo_docx
from xiangshan_desk.application.documents.word import chinese_date

from .scenarios import proceeding_of

GOLDEN = Path(__file__).parent / "golden"
TODAY = dt.date(2026, 9, 15)


def normalised(path: Path) -> str:
    xml = zipfile.ZipFile(path).read("word/document.xml")
    root = etree.fromstring(xml)
    for element in root.iter():
        for name in [n for n in element.attrib if re.search(r"}rsid|}paraId|}textId", n)]:
            del element.attrib[name]
    text = etree.tostring(root, pretty_print=True, encoding="unicode")
    return text.replace(chinese_date(dt.date.today()), "〔今日〕")


def check(path: Path, name: str) -> None:
    golden = GOLDEN / f"{name}.document.xml"
    actual = normalised(path)
    if os.environ.get("XIANGSHAN_UPDATE_GOLDEN"):
        golden.write_text(actual, encoding="utf-8")
    assert golden.is_file(), f"no golden copy {golden}: run with XIANGSHAN_UPDATE_GOLDEN=1 and read it"
    assert actual == golden.read_text(encoding="utf-8"), f"{name}: word/document.xml differs from {golden}"


def test_filing_checklist_golden(lost_case, tmp_path):
    check(render("filing-checklist", official.filing_checklist(proceeding_of("（2025）浙0225行初88号")), tmp_path / "a.docx").path,
          "filing-checklist")


def test_risk_report_golden(lost_case, tmp_path):
    check(render("risk-report", official.risk_report(proceeding_of("（2025）浙0225行初88号")), tmp_path / "r.docx").path,
          "risk-report")


def test_todo_letters_golden(tmp_path):
    def item(unit, number, what, day, status, text, responsible="被诉单位"):
        return AgendaItem(day, "deadline", 1, number, unit, 1, what, status, text, responsible)
    items = [item("宁波市自然资源和规划局象山分局", "（2026）浙0225行初1078号", "答辩期限", dt.date(2026, 9, 1),
                  "overdue", "已逾期14天"),
             item("宁波市自然资源和规划局象山分局", "（2026）浙02行终1107号", "裁判文书备案期限", dt.date(2026, 9, 20),
                  "due", "还剩5天"),
             item("丹西街道", "（2026）浙0225行初12号", "出庭名单备案期限", dt.date(2026, 9, 16), "due", "还剩1天"),
             item("丹西街道", "（2026）浙0225行初12号", "转报期限", dt.date(2026, 9, 14), "overdue", "已逾期1天",
                  "司法局")]
    check(write_todo_docx(items, tmp_path / "催办单.docx", 7, TODAY), "todo-letters")


@pytest.mark.parametrize("name", ["filing-checklist", "risk-report", "todo-letters"])
def test_golden_copies_are_laid_out(name):
    """The copies themselves hold the layout this change is about (so a regenerated copy cannot lose it)."""
    text = (GOLDEN / f"{name}.document.xml").read_text(encoding="utf-8")
    assert 'w:type="lines" w:linePitch="579"' in text and '<w:pgNumType w:start="1"/>' in text
    if name != "risk-report":
        assert "<w:cantSplit/>" in text and "<w:tblHeader/>" in text and 'w:type="dxa"' in text
    if name != "filing-checklist":
        assert 'w:val="落款"' in text and "<w:keepNext/>" in text
