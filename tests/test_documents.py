"""The Word documents: content, order of sections, GB/T 9704 layout, escaping, template overrides."""
import os
import subprocess
import sys

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from xiangshan_desk.application import cases
from xiangshan_desk.application.documents import official
from xiangshan_desk.application.documents.official import render
from xiangshan_desk.application.documents.templates import TEMPLATE_NAMES
from xiangshan_desk.persistence.models import Unit
from xiangshan_desk.domain.errors import AppError

from .scenarios import PLAINTIFF, proceeding_of

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


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
    from xiangshan_desk.application.locate import resource
    for name in TEMPLATE_NAMES:
        assert resource("templates", f"{name}.docx").is_file()


def test_filing_checklist(lost_case, tmp_path):
    path = render("filing-checklist", official.filing_checklist(proceeding_of("(2025)浙0225行初88号")), tmp_path / "a.docx").path
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
    context = official.risk_report(proceeding_of("（2025）浙0225行初88号"))
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
    assert "<张三&李四>、\"王五\"诉本单位行政处罚一案中" in texts[2]          # plaintiffs joined in the sentence
    assert "<张三&李四>" in "\n".join(texts)
    _check_layout(document)


def test_loss_report_sections_and_addressee(lost_case, tmp_path):
    context = official.loss_report(proceeding_of("（2025）浙0225行初88号"))
    document = Document(str(render("loss-report", context, tmp_path / "d.docx").path))
    texts = [p.text for p in document.paragraphs]
    headings = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert headings == ["一、基本案情", "二、法院裁判理由", "三、败诉原因分析", "四、裁判落实情况", "五、整改措施"]
    assert texts[[i for i, t in enumerate(texts) if t.startswith("县建设法治政府（依法行政）联席会议办公室")][0]]
    assert "认定事实不清" in texts and context["due"] == "2025年7月9日（周三）"   # 06-19 + 20
    assert "报告期限" not in "\n".join(texts)
    _check_layout(document)


def test_errors_for_wrong_requests(lost_case, db, actor):
    with pytest.raises(AppError, match="找不到") as info:
        official.filing_checklist(proceeding_of("（2025）浙0225行初999号"))
    assert "找不到" in info.value.message
    unit = Unit.get(Unit.name == "石浦镇").id
    won = cases.create_case(actor, {"unit_id": unit}, {"case_number": "（2025）浙0225行初77号",
                                                       "decision": "驳回诉讼请求", "effective_date": "2025-06-01"})
    with pytest.raises(AppError, match="不是败诉") as info:
        official.loss_report(proceeding_of("（2025）浙0225行初77号"))
    assert "不是败诉" in info.value.message
    with pytest.raises(AppError, match="没有败诉风险记录") as info:
        official.risk_report(proceeding_of("（2025）浙0225行初77号"))
    assert "没有败诉风险记录" in info.value.message
    assert won


def test_quarterly_documents(quarter, tmp_path):
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
    from xiangshan_desk.application.documents.templates import BUILDERS
    custom = BUILDERS["filing-checklist"]()
    custom.paragraph("本表由象山县司法局行政应诉科制")
    custom.save(folder / "filing-checklist.docx")
    rendered = render("filing-checklist", official.filing_checklist(proceeding_of("（2025）浙0225行初88号")), tmp_path / "o.docx")
    assert rendered.template == str(folder / "filing-checklist.docx") and not rendered.warnings
    assert "本表由象山县司法局行政应诉科制" in _text(Document(str(rendered.path)))
    (folder / "filing-checklist.docx").write_bytes(b"not a docx")
    rendered = render("filing-checklist", official.filing_checklist(proceeding_of("（2025）浙0225行初88号")), tmp_path / "p.docx")
    assert rendered.template.startswith("内置模板") and "filing-checklist.docx" in rendered.warnings[0]
    assert Document(str(rendered.path)).paragraphs[0].text == "行政应诉案件备案登记表"
    broken = BUILDERS["filing-checklist"]()
    broken.paragraph("{{ unclosed")
    broken.save(folder / "filing-checklist.docx")
    rendered = render("filing-checklist", official.filing_checklist(proceeding_of("（2025）浙0225行初88号")), tmp_path / "r.docx")
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
    from xiangshan_desk.application import supervision
    case_id, _ = lost_case
    with pytest.raises(AppError, match="还没有选定典型案例") as info:
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


# --- GB/T 9704 layout, content that adds up, file hygiene (#19) ---------------------------------------------

def test_titles_break_between_words_on_balanced_lines():
    import json

    from xiangshan_desk.application.documents.word import TITLE_CHARS, break_title, text_width
    from xiangshan_desk.application.locate import resource
    units = [u["name"] for u in json.loads(resource("seed", "reference.json").read_text("utf-8"))["units"]]
    numbers = ["（2026）浙0225行初1078号", "（2026）浙02行终1107号", "（2025）浙0225行赔初12号", "（2026）浙行再3号"]
    assert "宁波市自然资源和规划局象山分局" in units and len(units) > 40
    for unit in units:
        for number in numbers:
            words = [unit, ("关于", 9), (number, 2), "案件的", "败诉风险分析报告"]
            lines = break_title(words).split("\n")
            assert "".join(lines) == f"{unit}关于{number}案件的败诉风险分析报告"
            assert all(text_width(line) <= TITLE_CHARS for line in lines), lines
            cuts = [len("".join(lines[:i])) for i in range(1, len(lines))]
            whole = "".join(lines)
            for word in (unit, number, "案件的"):
                start = whole.index(word)
                assert not any(start < cut < start + len(word) for cut in cuts), (word, lines)
            fewest = 2 if text_width(whole) <= 2 * TITLE_CHARS else 3
            assert len(lines) <= fewest + (text_width(unit) + text_width(number) > TITLE_CHARS - 2), lines
    assert break_title(["2025年第2季度", ("行政诉讼", 1), ("败诉案件", 1), "汇报材料"]) == "2025年第2季度行政诉讼败诉案件汇报材料"


def test_table_columns_fill_the_text_block_and_hold_dates_and_case_numbers():
    from xiangshan_desk.application.documents.templates import CASE_NUMBER, DATE
    from xiangshan_desk.application.documents.word import TABLE_PT, TEXT_WIDTH_TWIPS, column_widths, text_width
    widths = column_widths(["单位", "案号", "线索理由", "产生日期"], [2, CASE_NUMBER, 4, DATE])
    assert sum(widths) <= TEXT_WIDTH_TWIPS and sum(widths) > TEXT_WIDTH_TWIPS - 10
    assert widths[1] >= text_width(CASE_NUMBER) * TABLE_PT * 20 + 216
    assert widths[3] >= text_width(DATE) * TABLE_PT * 20 + 216
    assert widths[2] > widths[0]                                # by weight
    with pytest.raises(ValueError, match="table too wide for the text block"):
        column_widths(["案号", "案号", "案号"], [CASE_NUMBER] * 3)


def test_typed_text_is_one_paragraph_per_line_each_indented(lost_case, actor, tmp_path):
    proc = cases.case_detail(lost_case[0]).proceedings[0].facts.id
    cases.set_risk(actor, proc, {"basic_facts": "第一段。\n\n第二段。\n第三段。"})
    document = Document(str(render("risk-report", official.risk_report(proceeding_of("（2025）浙0225行初88号")),
                                   tmp_path / "m.docx").path))
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]
    start = texts.index("一、案件基本情况")
    assert texts[start + 1:start + 4] == ["第一段。", "第二段。", "第三段。"]
    for paragraph in paragraphs[start + 1:start + 4]:
        assert paragraph.paragraph_format.first_line_indent == Mm(0) + 16 * 2 * 12700
        assert "<w:br/>" not in paragraph._p.xml
    assert paragraphs[start].paragraph_format.keep_with_next                  # heading kept with its text
    sign_off = [i for i, p in enumerate(paragraphs) if p.style.name == "落款"]
    assert [texts[i] for i in sign_off][0] == "石浦镇"
    kept = [bool(p.style.paragraph_format.keep_with_next if p.paragraph_format.keep_with_next is None
                 else p.paragraph_format.keep_with_next) for p in paragraphs[sign_off[0] - 3:sign_off[0] + 2]]
    assert kept == [True, True, True, True, False]     # last text, 特此报告。, blank line, 署名 — not the date
    assert texts[sign_off[0] - 2] == "特此报告。"


def test_head_list_names_only_heads(lost_case, actor, tmp_path):
    case_id, hearing = lost_case
    cases.update_hearing(actor, hearing, {"attendee": "李某", "attendee_post": "科员", "role": "工作人员"})
    document = Document(str(render("head-list", official.head_list(hearing), tmp_path / "s.docx").path))
    text = _text(document)
    assert "尚未确定出庭负责人" in text and "李某" not in text and len(document.tables) == 1


def test_second_instance_checklist_names_the_appeal_copy(lost_case, actor, tmp_path):
    case_id, _ = lost_case
    cases.add_proceeding(actor, case_id, {"level": "二审", "case_number": "（2025）浙02行终9号",
                                          "complaint_received": "2025-07-01"})
    document = Document(str(render("filing-checklist", official.filing_checklist(proceeding_of("（2025）浙02行终9号")),
                                   tmp_path / "e.docx").path))
    labels = [row.cells[0].text for row in document.tables[0].rows]
    assert "收到上诉状副本日期" in labels and "上诉状副本" in labels
    assert not any("起诉状" in label for label in labels)


def test_half_year_sentences_add_up(quarter, actor, tmp_path):
    context = official.half_year_report(2025, 1)
    parts = [context[k] for k in ("performed", "performing", "not_performed", "refused", "unrecorded")]
    assert sum(parts) == context["lost"]
    text = context["performance_text"]
    for label, count in zip(("已履行", "正在履行", "未履行", "拒不履行", "尚未记录履行情况"), parts):
        assert f"{label}{count}件" in text
    assert f"败诉生效案件{context['lost']}件" in text
    assert "应由主要负责人出庭" in context["appearance_text"] and "实际出庭" in context["appearance_text"]
    assert "主要负责人出庭率" not in context["appearance_text"]
    empty = official.half_year_report(2019, 1)
    for key in ("appearance_text", "response_text", "risk_text", "performance_text"):
        assert "—" not in empty[key], empty[key]
    assert "无审结案件" in empty["response_text"] and not empty["units"]
    document = Document(str(render("half-year-report", empty, tmp_path / "h.docx").path))
    assert not document.tables and "各单位情况如下" not in _text(document)


def test_empty_quarter_says_so_instead_of_an_empty_table(db, tmp_path):
    document = Document(str(render("quarterly-loss-cases", official.quarterly_loss_cases(2019, 1),
                                   tmp_path / "q.docx").path))
    text = _text(document)
    assert "本季度无败诉案件。" in text and "如下" not in text and not document.tables
    assert "无审结案件" in text and "—" not in text
    leads = Document(str(render("accountability-leads", official.accountability_leads(
        official.stats.Period.quarter(2019, 1)), tmp_path / "l.docx").path))
    assert "无问责线索" in _text(leads) and not leads.tables


def test_file_properties_and_fonts_name_the_bureau(lost_case, tmp_path):
    import datetime as dt
    import zipfile
    path = render("risk-report", official.risk_report(proceeding_of("（2025）浙0225行初88号")), tmp_path / "p.docx").path
    document = Document(str(path))
    props = document.core_properties
    assert props.author == "象山县司法局" and props.last_modified_by == "象山县司法局"
    assert props.title == "败诉风险分析报告" and "python-docx" not in (props.comments or "")
    assert abs((dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - props.created.replace(tzinfo=None)).total_seconds()) < 120
    package = zipfile.ZipFile(path)
    names = package.namelist()
    app = package.read("docProps/app.xml").decode("utf-8")
    assert "<Application>象山县行政应诉工作台</Application>" in app and "Macintosh" not in app
    assert not any("thumbnail" in name for name in names)
    theme = package.read("word/theme/theme1.xml").decode("utf-8")
    assert 'script="Jpan"' not in theme and '<a:ea typeface="宋体"/>' in theme
    fonts = package.read("word/fontTable.xml").decode("utf-8")
    assert "ＭＳ" not in fonts and "仿宋_GB2312" in fonts
    settings = package.read("word/settings.xml").decode("utf-8")
    assert 'w:eastAsia="zh-CN"' in settings and "ja-JP" not in settings
    assert 'w:eastAsia="zh-CN"' in package.read("word/styles.xml").decode("utf-8")


def test_page_grid_page_numbers_and_one_section_per_letter(db, tmp_path):
    import datetime as dt

    from xiangshan_desk.application.agenda import AgendaItem
    from xiangshan_desk.application.documents.todo import write_todo_docx
    day = dt.date(2026, 9, 15)
    items = [AgendaItem(day, "deadline", 1, f"（2026）浙0225行初{n}号", unit, 1, "答辩期限", "due", "今日到期",
                        "被诉单位") for n, unit in enumerate(["丹东街道", "丹西街道", "石浦镇"], start=1)]
    document = Document(str(write_todo_docx(items, tmp_path / "t.docx", 7, day)))
    assert len(document.sections) == 3
    for section in document.sections:
        sect_pr = section._sectPr
        assert sect_pr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        grid = sect_pr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    odd, even = document.sections[0].footer.paragraphs[0], document.sections[0].even_page_footer.paragraphs[0]
    assert odd.paragraph_format.right_indent.pt == 14 and even.paragraph_format.left_indent.pt == 14
    assert odd.runs[0].font.name == "宋体" and odd.runs[0].font.size.pt == 14
    spacing = document.styles["Normal"].element.rPr.find(qn("w:spacing"))
    assert int(spacing.get(qn("w:val"))) * 28 / 20 + 16 * 28 <= 442.2        # 28 characters on a 156 mm line


def test_due_dates_carry_the_weekday_and_the_unconfirmed_mark_in_one_bracket():
    import datetime as dt
    day = dt.date(2025, 3, 24)
    assert official.day_text(day) == "2025年3月24日"
    assert official.day_text(day, True) == "2025年3月24日（周一）"
    assert official.day_text(day, True, True) == "2025年3月24日（周一，未确认）"
    assert official.day_text(None, True, True) == "（未填）"


def test_an_override_made_before_paragraph_loops_prints_typed_text_whole(lost_case, actor, tmp_path):
    """A Bureau template edited from the old shipped one says {{ basic_facts }}: the lines, with line breaks."""
    from xiangshan_desk.application.documents.word import OfficialDocument
    proc = proceeding_of("（2025）浙0225行初88号")
    cases.set_risk(actor, proc, {"basic_facts": "第一段。\n第二段。"})
    folder = official.user_template_dir()
    folder.mkdir(parents=True)
    old = OfficialDocument()
    old.title("败诉风险分析报告")
    old.paragraph("{{ basic_facts }}")
    old.save(folder / "risk-report.docx")
    rendered = render("risk-report", official.risk_report(proc), tmp_path / "old.docx")
    assert rendered.template == str(folder / "risk-report.docx")
    texts = [p.text for p in Document(str(rendered.path)).paragraphs]
    assert "第一段。\n第二段。" in texts and not any("[" in t or "Listing" in t for t in texts)


def test_todo_letter_marks_unconfirmed_dates_under_the_date(db, tmp_path):
    import datetime as dt

    from xiangshan_desk.application.agenda import AgendaItem
    from xiangshan_desk.application.documents.todo import write_todo_docx
    day = dt.date(2031, 1, 6)
    items = [AgendaItem(day, "deadline", 1, "（2030）浙0225行初1号", "石浦镇", 1, "答辩期限", "due", "未到期（还剩3天）",
                        "被诉单位", unconfirmed=True)]
    document = Document(str(write_todo_docx(items, tmp_path / "u.docx", 7, dt.date(2031, 1, 3))))
    row = [cell.text for cell in document.tables[0].rows[1].cells]
    assert row == ["（2030）浙0225行初1号", "答辩期限", "2031年1月6日\n（未确认）", "未到期（还剩3天）"]


def test_suggestion_sentence_parts_add_up(db, actor):
    from xiangshan_desk.application import supervision
    shipu = Unit.get(Unit.name == "石浦镇").id
    first = supervision.add_suggestion(actor, {"received": "2025-01-31", "unit_id": shipu})
    second = supervision.add_suggestion(actor, {"received": "2025-03-10", "unit_id": shipu, "reply_due": "2025-04-10"})
    supervision.add_suggestion(actor, {"received": "2025-05-06", "unit_id": shipu})
    supervision.update_suggestion(actor, first, {"reply_date": "2025-03-20"})
    supervision.update_suggestion(actor, second, {"reply_date": "2025-04-15"})
    text = official.half_year_report(2025, 1)["suggestions"]
    assert text == ("2025年上半年各单位共收到人民法院司法建议3件，其中按期答复1件，逾期答复1件，尚未答复1件。")


def test_a_word_wider_than_the_title_line_is_the_only_thing_cut():
    from xiangshan_desk.application.documents.word import TITLE_CHARS, break_title, text_width
    unit = "宁波市自然资源和规划局象山分局某某某某某某某"           # 22 characters, wider than a line
    lines = break_title([unit, ("关于", 9), ("（2026）浙0225行初1078号", 2), "案件的", "败诉风险分析报告"]).split("\n")
    assert all(text_width(line) <= TITLE_CHARS for line in lines)
    assert lines[0] == unit[:20]                                     # cut where the line ends
    assert any("（2026）浙0225行初1078号" in line for line in lines)    # the 案号 still whole


def test_a_posted_filing_prints_its_posting_date_label(lost_case, actor, tmp_path):
    proc = proceeding_of("（2025）浙0225行初88号")
    cases.update_proceeding(actor, proc, {"filing_submission": "邮寄", "tracking_numbers": "EMS1234567890"})
    document = Document(str(render("filing-checklist", official.filing_checklist(proc), tmp_path / "post.docx").path))
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts["备案交邮日期"] == "2025年3月14日" and "备案日期" not in facts
    assert facts["备案方式"] == "邮寄（邮寄单号：EMS1234567890）"


def test_the_reports_mark_a_due_date_in_a_year_without_a_holiday_schedule(db, actor):
    """rules.md §3: a deadline computed on a year whose holidays are not entered carries 未确认 wherever its date is
    printed — the risk report and the loss report too (they printed the date alone)."""
    from xiangshan_desk.domain.calendar import OfficialSchedule, use_official_schedule
    previous = use_official_schedule(OfficialSchedule.from_package(years=range(1990, 2025)))    # 2025 not published
    try:
        unit = Unit.get(Unit.name == "石浦镇").id
        saved = cases.create_case(actor, {"unit_id": unit, "plaintiffs": "甲", "cause": "行政处罚"},
                                  {"case_number": "（2025）浙0225行初901号", "complaint_received": "2025-03-03"})
        proc = cases.case_detail(saved.id).proceedings[0].facts.id
        cases.set_risk(actor, proc, {"found_date": "2025-04-10", "source": "法院告知"})
        assert official.risk_report(proc)["due"] == "2025年4月21日（周一，未确认）"
        cases.update_proceeding(actor, proc, {"judgment_received": "2025-06-03", "decision": "撤销",
                                              "effective_date": "2025-06-19"})
        assert official.loss_report(proc)["due"] == "2025年7月9日（周三，未确认）"
    finally:
        use_official_schedule(previous)


def test_the_shipped_templates_are_what_the_builder_writes(tmp_path):
    """resources/templates is made by documents/templates.py, whose unit tables take their columns from stats' one
    table: a change there (or to the layout) shows here until the templates are rebuilt
    (``python -m xiangshan_desk.application.documents.templates``)."""
    import zipfile

    from xiangshan_desk.application.documents.templates import build_all
    shipped = os.path.join(ROOT, "resources", "templates")
    for path in build_all(tmp_path):
        with zipfile.ZipFile(path) as built, zipfile.ZipFile(os.path.join(shipped, path.name)) as kept:
            assert built.read("word/document.xml") == kept.read("word/document.xml"), path.name


def test_the_half_year_report_counts_risk_cases_by_how_they_stand(db, actor):
    """The risk sentence reads stats.risk_lines (one wording for 尚未审结 / 已化解): resolved by withdrawal or
    mediation, not concluded, decided by a judgment — the three add up to the risk cases found."""
    unit = Unit.get(Unit.name == "石浦镇").id
    for n, decision in enumerate(("撤诉", None, "驳回诉讼请求", "调解"), 1):
        saved = cases.create_case(actor, {"unit_id": unit, "plaintiffs": "甲", "cause": "行政处罚"},
                                  {"case_number": f"（2025）浙0225行初9{n}号", "complaint_received": "2025-02-03"})
        proc = cases.case_detail(saved.id).proceedings[0].facts.id
        cases.set_risk(actor, proc, {"found_date": "2025-02-20", "source": "自行排摸"})
        if decision:
            cases.update_proceeding(actor, proc, {"judgment_received": "2025-04-01", "decision": decision,
                                                  "effective_date": "2025-04-20"})
    context = official.half_year_report(2025, 1)
    assert (context["risks"], context["risks_resolved"]) == (4, 2)
    assert "存在败诉风险的案件4件，其中已通过撤诉、调解化解2件，尚未审结1件，经裁判结案1件" in context["risk_text"]
