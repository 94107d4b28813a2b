"""The shipped .docx templates, built from OfficialDocument so they carry the GB/T 9704 layout.

The Bureau edits copies of these in Word (wording, letterhead, signature blocks); the program fills them with
docxtpl. ``python -m xiangshan_desk.application.documents.templates`` rewrites the shipped files in resources/templates.
Layout lives in the templates (styles, grid, table widths, keep-with-next), so an edited copy keeps it.
"""
from __future__ import annotations

import sys
from pathlib import Path

from xiangshan_desk.application import stats
from xiangshan_desk.application.documents.word import BUREAU, OfficialDocument

TEMPLATE_NAMES = ("filing-checklist", "head-list", "risk-report", "loss-report", "quarterly-loss-cases",
                  "accountability-leads", "half-year-report", "typical-cases")
# The longest texts that a column must hold on one line (widths come from them, see word.column_widths).
CASE_NUMBER = "（2026）浙0225行初1234号"
DATE = "2026年12月31日"
NOTICE = "《象山县人民政府办公室关于进一步加强行政应诉工作的通知》"


def _facts_table(doc: OfficialDocument, pairs: list[tuple[str, str]], longest_label: str) -> None:
    doc.table(["项目", "内容"], [[label, value] for label, value in pairs], [longest_label, None])


def _loop_table(doc: OfficialDocument, headers: list[str], loop: str, cells: list[str], whole: list,
                longest_headers: list[str] | None = None) -> None:
    """A table whose body row repeats for each item (docxtpl's {%tr for %} rows)."""
    doc.table(headers, [[f"{{%tr for {loop} %}}"] + [""] * (len(headers) - 1), cells,
                        ["{%tr endfor %}"] + [""] * (len(headers) - 1)], whole, longest_headers)


def _unit_table(doc: OfficialDocument, keys: tuple[str, ...], whole: list, cell_names: dict | None = None) -> None:
    """A report's unit table: the columns of stats' one table (``keys``, "denominator" standing for the loss rate's
    denominator under the basis); the headers are the context's (``stats.unit_table`` under the report's basis), and
    the widths hold the longer ones, those of the judgments-only basis. ``cell_names``: a row key a shipped template
    already reads under another name (the renderer fills both)."""
    longest = stats.unit_columns(stats.BASIS_JUDGMENTS, stats.document_columns(stats.BASIS_JUDGMENTS, keys))
    names = cell_names or {}
    _loop_table(doc, ["单位", *(f"{{{{ headers[{i}] }}}}" for i in range(1, len(keys) + 1))], "u in units",
                ["{{ u.unit }}", *(f"{{{{ u.{names.get(key, key)} }}}}" for key in keys)], whole,
                ["单位", *(column.header for column in longest)])


def _lines(doc: OfficialDocument, key: str) -> None:
    """A text a clerk typed: one paragraph for each of its lines (the value is a list of lines)."""
    doc.tag(f"{{%p for line in {key} %}}")
    doc.paragraph("{{ line }}")
    doc.tag("{%p endfor %}")


def _note(doc: OfficialDocument) -> None:
    """The co-defendant sentence under a unit table whose 合计 counts a lawsuit once."""
    doc.tag("{%p if co_defendant_note %}")
    doc.paragraph("{{ co_defendant_note }}")
    doc.tag("{%p endif %}")


def filing_checklist() -> OfficialDocument:
    doc = OfficialDocument(title="行政应诉案件备案登记表")
    doc.title("行政应诉案件备案登记表")
    _facts_table(doc, [
        ("案号", "{{ case_number }}"), ("审级", "{{ level }}"), ("法院", "{{ court }}"),
        ("被告单位", "{{ unit }}"), ("原告", "{{ plaintiffs }}"), ("案由", "{{ cause }}"),
        ("收到{{ complaint_copy }}日期", "{{ complaint_received }}"),
        ("{{ complaint_copy }}", "{{ material_complaint }}"), ("答辩状", "{{ material_defense }}"),
        ("证据清单", "{{ material_evidence }}"),
        ("答辩期限", "{{ defense_due }}"), ("备案期限", "{{ filing_due }}"),
        ("备案方式", "{{ filing_way }}"), ("{{ filing_date_label }}", "{{ filing_received }}"),
        ("是否按期备案", "{{ filing_on_time }}"),
        ("分管县领导", "{{ leader }}"), ("转报期限", "{{ forward_due }}"), ("转报日期", "{{ forwarded }}"),
    ], "收到上诉状副本日期")
    doc.paragraph("")
    doc.paragraph("经办人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿", indent=False)
    doc.paragraph("日　期：＿＿＿＿年＿＿月＿＿日", indent=False)
    return doc


def head_list() -> OfficialDocument:
    doc = OfficialDocument(title="行政机关负责人出庭应诉备案表")
    doc.title("行政机关负责人出庭应诉备案表")
    _facts_table(doc, [
        ("案号", "{{ case_number }}"), ("法院", "{{ court }}"), ("被告单位", "{{ unit }}"),
        ("原告", "{{ plaintiffs }}"), ("案由", "{{ cause }}"),
        ("开庭时间", "{{ hearing_date }}"), ("开庭地点", "{{ hearing_place }}"),
        ("应出庭人员", "{{ required }}"), ("要求理由", "{{ reason }}"),
        ("收到开庭传票日期", "{{ summons_received }}"), ("名单备案期限", "{{ head_list_due }}"),
    ], "收到开庭传票日期")
    doc.paragraph("")
    doc.tag("{%p if attendees %}")
    doc.paragraph("拟出庭应诉的行政机关负责人：", indent=False)
    _loop_table(doc, ["姓名", "职务", "身份"], "p in attendees", ["{{ p.name }}", "{{ p.post }}", "{{ p.role }}"],
                [None, None, "其他分管负责人"])
    doc.tag("{%p else %}")
    doc.paragraph("拟出庭应诉的行政机关负责人：尚未确定出庭负责人。", indent=False)
    doc.tag("{%p endif %}")
    doc.signature("{{ unit }}（盖章）", None)
    return doc


def _numbered_report(title: str, addressee: str, opening: str, sections: tuple[tuple[str, str], ...]) -> OfficialDocument:
    """A unit's report to the Bureau: an opening paragraph, then a numbered heading and a text for each section
    (the text is the template variable named by the section's key, one paragraph per line)."""
    doc = OfficialDocument(title=title)
    doc.title("{{ title }}")
    doc.addressee(addressee)
    doc.paragraph(opening)
    for number, (key, heading) in zip("一二三四五六七八九", sections):
        doc.heading(f"{number}、{heading}", 1)
        _lines(doc, key)
    doc.paragraph("特此报告。")
    doc.signature("{{ unit }}", None)
    return doc


def risk_report() -> OfficialDocument:
    return _numbered_report(
        "败诉风险分析报告", "县司法局",
        "我单位在{{ case_number }}{{ plaintiffs }}诉本单位{{ cause }}一案中，于{{ found_date }}{{ found_how }}"
        f"发现存在败诉风险。根据{NOTICE}，现将分析情况报告如下：",
        (("basic_facts", "案件基本情况"), ("risk_points", "败诉风险点分析"), ("measures", "下一步工作措施"),
         ("resolution_plan", "争议化解方案")))


def loss_report() -> OfficialDocument:
    return _numbered_report(
        "行政诉讼案件败诉个案报告",
        "县建设法治政府（依法行政）联席会议办公室、{{ leader }}",
        "{{ case_number }}{{ plaintiffs }}诉本单位{{ cause }}一案，{{ court }}作出{{ outcome }}的裁判，"
        f"于{{{{ effective_date }}}}生效。根据{NOTICE}，现将败诉情况报告如下：",
        (("facts", "基本案情"), ("reasons", "法院裁判理由"), ("analysis", "败诉原因分析"),
         ("performance", "裁判落实情况"), ("rectification", "整改措施")))


def quarterly_loss_cases() -> OfficialDocument:
    doc = OfficialDocument(title="季度行政诉讼败诉案件汇报材料")
    doc.title("{{ title }}")
    doc.paragraph("{{ summary }}")
    doc.tag("{%p if cases %}")
    doc.paragraph("败诉案件情况如下：")
    doc.heading("一、败诉案件明细", 1)
    _loop_table(doc, ["单位", "案号", "裁判结果", "败诉原因", "败诉报告"], "c in cases",
                ["{{ c.unit }}", "{{ c.case_number }}", "{{ c.outcome }}", "{{ c.reasons }}", "{{ c.report }}"],
                [3, CASE_NUMBER, 1.2, 5, 1.5])
    doc.heading("二、各单位败诉情况", 1)
    _unit_table(doc, stats.LOSS_CASES_COLUMNS, [None, "判决结案数", "败诉数", "败诉率（判决口径）"],
                cell_names={"loss_rate": "rate"})
    _note(doc)
    doc.tag("{%p else %}")
    doc.paragraph("本季度无败诉案件。")
    doc.tag("{%p endif %}")
    doc.signature(BUREAU, None)
    return doc


def accountability_leads() -> OfficialDocument:
    doc = OfficialDocument(title="行政应诉问责线索清单")
    doc.title("{{ title }}")
    doc.tag("{%p if leads %}")
    doc.paragraph(f"根据{NOTICE}二（四）3，{{{{ period }}}}共有问责线索{{{{ count }}}}件，具体如下：")
    _loop_table(doc, ["单位", "案号", "线索理由", "产生日期"], "l in leads",
                ["{{ l.unit }}", "{{ l.case_number }}", "{{ l.reasons }}", "{{ l.date }}"],
                [2, CASE_NUMBER, 4, DATE])
    # a closing sentence after the table: the text the sign-off keeps with (LibreOffice does not honour
    # keep-with-next from a table's last row to the paragraph after it, so a sign-off could stand alone)
    doc.paragraph("请有关单位对照上述线索逐件核查，并将核查情况报县司法局。")
    doc.tag("{%p else %}")
    doc.paragraph(f"根据{NOTICE}二（四）3，{{{{ period }}}}无问责线索。")
    doc.tag("{%p endif %}")
    doc.signature(BUREAU, None)
    return doc


def half_year_report() -> OfficialDocument:
    doc = OfficialDocument(title="半年度行政应诉工作情况的报告")
    doc.title("{{ title }}")
    doc.addressee("县人民政府")
    doc.paragraph("现将{{ period }}全县行政应诉工作情况报告如下：")
    doc.heading("一、行政机关负责人出庭应诉情况", 1)
    doc.paragraph("{{ appearance_text }}")
    doc.heading("二、行政应诉工作情况", 1)
    doc.paragraph("{{ response_text }}")
    doc.paragraph("{{ overdue_text }}")
    doc.tag("{%p if units %}")
    doc.paragraph("各单位情况如下：")
    _unit_table(doc, stats.HALF_YEAR_REPORT_COLUMNS, [None, "收案数", "判决结案数", "败诉数", 0.5, "100.0%"])
    _note(doc)
    doc.tag("{%p endif %}")
    doc.heading("三、存在败诉风险案件的争议化解情况", 1)
    doc.paragraph("{{ risk_text }}")
    doc.heading("四、履行生效裁判情况", 1)
    doc.paragraph("{{ performance_text }}")
    doc.heading("五、司法建议处理情况", 1)
    doc.paragraph("{{ suggestions }}")
    doc.paragraph("{{ training }}")
    doc.heading("六、问题与建议", 1)
    doc.paragraph("（请结合以上情况填写存在的问题和改进行政应诉工作的建议。）")
    doc.paragraph("特此报告。")
    doc.signature(BUREAU, None)
    return doc


def typical_cases() -> OfficialDocument:
    doc = OfficialDocument(title="行政诉讼典型案例汇编")
    doc.title("{{ title }}")
    doc.paragraph("为加强案例指引，杜绝同类型败诉案件的发生，现将{{ period }}行政诉讼典型案例{{ count }}件汇编如下。")
    doc.tag("{%p for c in cases %}")
    doc.heading("{{ c.number }}　{{ c.title }}", 1)
    doc.paragraph("案号：{{ c.case_number }}；被告单位：{{ c.unit }}；裁判结果：{{ c.outcome }}。")
    doc.heading("（一）基本案情", 2)
    _lines(doc, "c.summary")
    doc.heading("（二）启示", 2)
    _lines(doc, "c.lesson")
    doc.tag("{%p endfor %}")
    doc.signature(BUREAU, None)
    return doc


BUILDERS = {"filing-checklist": filing_checklist, "head-list": head_list, "risk-report": risk_report,
            "loss-report": loss_report, "quarterly-loss-cases": quarterly_loss_cases,
            "accountability-leads": accountability_leads, "half-year-report": half_year_report,
            "typical-cases": typical_cases}


def build_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [BUILDERS[name]().save(folder / f"{name}.docx") for name in TEMPLATE_NAMES]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[3] / "resources" / "templates"
    for written in build_all(target):
        print(written)
