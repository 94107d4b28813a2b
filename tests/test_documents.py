"""The Word documents: content, order of sections, GB/T 9704 layout, escaping, template overrides."""
import os
import subprocess
import sys

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from xiangshan_desk import cases
from xiangshan_desk.documents import official
from xiangshan_desk.documents.official import render
from xiangshan_desk.documents.templates import TEMPLATE_NAMES
from xiangshan_desk.models import Unit

from .test_stats import quarter  # noqa: F401  (the hand-worked quarter)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLAINTIFF = "<张三&李四>\n\"王五\""


@pytest.fixture
def lost_case(db, actor):
    unit = Unit.get(Unit.name == "石浦镇").id
    saved = cases.create_case(actor, {"unit_id": unit, "plaintiffs": PLAINTIFF, "cause": "行政处罚"},
                              {"case_number": "（2025）浙0225行初88号", "court": "象山县人民法院",
                               "complaint_received": "2025-03-07", "filing_received": "2025-03-14",
                               "filing_complete": True, "summons_received": "2025-04-01"})
    proc = cases.case_detail(saved.id).proceedings[0].facts.id
    cases.set_risk(actor, proc, {"found_date": "2025-04-10", "source": "法院告知",
                                 "risk_points": "执法程序存在瑕疵：未告知陈述申辩权利"})
    hearing = cases.add_hearing(actor, proc, {"date": "2025-05-06", "place": "第一法庭", "attendee": "王某",
                                              "attendee_post": "副镇长", "role": "副职负责人"}).id
    cases.update_proceeding(actor, proc, {"judgment_received": "2025-06-03", "decision": "撤销",
                                          "decision_reasons": "认定事实不清", "effective_date": "2025-06-19"})
    return saved.id, hearing


def _text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _check_layout(document):
    section = document.sections[0]
    for value, expected in ((section.top_margin, 37), (section.bottom_margin, 35), (section.left_margin, 28),
                            (section.right_margin, 26), (section.page_width, 210), (section.page_height, 297)):
        assert abs(value - Mm(expected)) <= Mm(0.5)
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    body = [p for p in document.paragraphs if p.text.strip()][1]
    assert all(run.element.rPr.rFonts.get(qn("w:eastAsia")) for run in body.runs if run.text.strip())
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "— " in section.footer.paragraphs[0].text
    assert "PAGE" in section.even_page_footer._element.xml
    assert document.settings.odd_and_even_pages_header_footer


def test_every_shipped_template_exists():
    from xiangshan_desk.locate import resource
    for name in TEMPLATE_NAMES:
        assert resource("templates", f"{name}.docx").is_file()


def test_filing_checklist(lost_case, tmp_path):
    path = render("filing-checklist", official.filing_checklist("(2025)浙0225行初88号"), tmp_path / "a.docx").path
    document = Document(str(path))
    text = _text(document)
    assert document.paragraphs[0].text == "行政应诉案件备案登记表"
    assert "2025年3月24日（周一）" in text and "2025年3月17日（周一）" in text and "按期" in text
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts["原告"] == PLAINTIFF                       # escaped, line break kept, nothing lost
    assert text.count("已收到") == 3
    header = document.tables[0].rows[0]._tr
    assert header.trPr is not None and header.trPr.find(qn("w:tblHeader")) is not None
    _check_layout(document)


def test_head_list(lost_case, tmp_path):
    _, hearing = lost_case
    document = Document(str(render("head-list", official.head_list(hearing), tmp_path / "b.docx").path))
    text = _text(document)
    assert document.paragraphs[0].text == "行政机关负责人出庭应诉备案表"
    assert "2025年5月6日（周二）" in text and "第一法庭" in text and "负责人" in text
    assert "王某" in text and "副镇长" in text and "2025年4月7日（周一）" in text   # 3 working days after 04-01
    _check_layout(document)


def test_risk_report_sections_in_order(lost_case, tmp_path):
    context = official.risk_report("（2025）浙0225行初88号")
    document = Document(str(render("risk-report", context, tmp_path / "c.docx").path))
    texts = [p.text for p in document.paragraphs]
    headings = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、")]
    assert headings == ["一、案件基本情况", "二、败诉风险点分析", "三、下一步工作措施", "四、争议化解方案"]
    assert "败诉风险分析报告" in texts[0]
    after = texts[texts.index("二、败诉风险点分析") + 1]
    assert after == "执法程序存在瑕疵：未告知陈述申辩权利"
    assert texts[texts.index("一、案件基本情况") + 1].startswith("（请")      # guidance where nothing recorded
    assert context["due"] == "2025年4月21日（周一）"                        # 04-10 + 10 = Sunday → Monday
    assert "报告期限" not in "\n".join(texts)             # the report does not quote its own deadline
    assert "于2025年4月10日经法院告知发现存在败诉风险。" in texts[2]
    assert "<张三&李四>" in "\n".join(texts)
    _check_layout(document)


def test_loss_report_sections_and_addressee(lost_case, tmp_path):
    context = official.loss_report("（2025）浙0225行初88号")
    document = Document(str(render("loss-report", context, tmp_path / "d.docx").path))
    texts = [p.text for p in document.paragraphs]
    headings = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert headings == ["一、基本案情", "二、法院裁判理由", "三、败诉原因分析", "四、裁判落实情况", "五、整改措施"]
    assert texts[[i for i, t in enumerate(texts) if t.startswith("县建设法治政府（依法行政）联席会议办公室")][0]]
    assert "认定事实不清" in texts and context["due"] == "2025年7月9日（周三）"   # 06-19 + 20
    assert "报告期限" not in "\n".join(texts)
    _check_layout(document)


def test_errors_for_wrong_requests(lost_case, db, actor):
    with pytest.raises(Exception) as info:
        official.filing_checklist("（2025）浙0225行初999号")
    assert "找不到" in info.value.message
    unit = Unit.get(Unit.name == "石浦镇").id
    won = cases.create_case(actor, {"unit_id": unit}, {"case_number": "（2025）浙0225行初77号",
                                                       "decision": "驳回诉讼请求", "effective_date": "2025-06-01"})
    with pytest.raises(Exception) as info:
        official.loss_report("（2025）浙0225行初77号")
    assert "不是败诉" in info.value.message
    with pytest.raises(Exception) as info:
        official.risk_report("（2025）浙0225行初77号")
    assert "没有败诉风险记录" in info.value.message
    assert won


def test_quarterly_documents(quarter, tmp_path):  # noqa: F811
    document = Document(str(render("quarterly-loss-cases", official.quarterly_loss_cases(2025, 2),
                                   tmp_path / "q.docx").path))
    text = _text(document)
    assert "2025年第2季度行政诉讼败诉案件汇报材料" == document.paragraphs[0].text
    assert "审结5件，其中败诉2件，败诉率40.0%" in text
    assert "（2025）浙02行终2号" in text and "（2025）浙0225行初1号" in text
    leads = Document(str(render("accountability-leads", official.accountability_leads(
        official.stats.Period.quarter(2025, 2)), tmp_path / "l.docx").path))
    assert "问责线索2件" in _text(leads) and "未依法送达" in _text(leads)
    half = Document(str(render("half-year-report", official.half_year_report(2025, 1), tmp_path / "h.docx").path))
    half_text = _text(half)
    assert "开庭审理6件" in half_text and "一、行政机关负责人出庭应诉情况" in half_text
    _check_layout(half)


def test_override_template_is_used_and_a_broken_one_falls_back(lost_case, tmp_path, private_data_dir):
    folder = official.user_template_dir()
    folder.mkdir(parents=True)
    from xiangshan_desk.documents.templates import BUILDERS
    custom = BUILDERS["filing-checklist"]()
    custom.paragraph("本表由象山县司法局行政应诉科制")
    custom.save(folder / "filing-checklist.docx")
    rendered = render("filing-checklist", official.filing_checklist("（2025）浙0225行初88号"), tmp_path / "o.docx")
    assert rendered.template == str(folder / "filing-checklist.docx") and not rendered.warnings
    assert "本表由象山县司法局行政应诉科制" in _text(Document(str(rendered.path)))
    (folder / "filing-checklist.docx").write_bytes(b"not a docx")
    rendered = render("filing-checklist", official.filing_checklist("（2025）浙0225行初88号"), tmp_path / "p.docx")
    assert rendered.template.startswith("内置模板") and "filing-checklist.docx" in rendered.warnings[0]
    assert Document(str(rendered.path)).paragraphs[0].text == "行政应诉案件备案登记表"
    broken = BUILDERS["filing-checklist"]()
    broken.paragraph("{{ unclosed")
    broken.save(folder / "filing-checklist.docx")
    rendered = render("filing-checklist", official.filing_checklist("（2025）浙0225行初88号"), tmp_path / "r.docx")
    assert rendered.warnings and "内置模板" in rendered.template


def test_safe_file_names():
    assert official.safe_file_name("（2025）浙0225行初1号") == "（2025）浙0225行初1号"
    assert official.safe_file_name("../../etc/passwd") == "_.._etc_passwd"
    assert "/" not in official.safe_file_name('a/b\\c:d*e?f"g<h>i|j') and official.safe_file_name("...") == "文书"


def test_command_line(lost_case, db_path, tmp_path):
    out = tmp_path / "登记表.docx"
    ok = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "export", "filing-checklist",
                         "--case", "(2025)浙0225行初88号", "--out", str(out)], capture_output=True, text=True,
                        encoding="utf-8", cwd=ROOT, timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert Document(str(out)).paragraphs[0].text == "行政应诉案件备案登记表"
    for args, message in ((["loss-report", "--case", "（2025）浙0225行初999号"], "找不到"),
                          (["risk-report", "--case", "（2025）浙0225行初999号"], "找不到")):
        bad = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "export", *args,
                              "--out", str(tmp_path / "x.docx")], capture_output=True, text=True, encoding="utf-8",
                             cwd=ROOT, timeout=120)
        assert bad.returncode == 2 and message in bad.stderr and bad.stdout == ""


def test_typical_cases_compilation(lost_case, actor, tmp_path):
    from xiangshan_desk import supervision
    case_id, _ = lost_case
    with pytest.raises(Exception) as info:
        official.typical_cases(2025, 2)
    assert "还没有选定典型案例" in info.value.message
    supervision.mark_typical(actor, case_id, 2025, 2, {"title": "未告知陈述申辩权被撤销",
                                                      "summary": "<处罚>程序违法", "lesson": "严格履行告知义务"})
    document = Document(str(render("typical-cases", official.typical_cases(2025, 2), tmp_path / "t.docx").path))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "2025年第2季度行政诉讼典型案例汇编"
    assert "案例1　未告知陈述申辩权被撤销" in texts and "<处罚>程序违法" in texts and "严格履行告知义务" in texts
    assert not any("{%" in t for t in texts)
    _check_layout(document)
