"""Sample documents of every type for the print check and for docs/images/documents.

The samples are built to stress the layout: a unit with a long name, a four-digit case serial, a 二审,
multi-paragraph text typed by a clerk, periods with many rows and periods with none.
``python -m tests.print_samples OUTDIR`` writes them (into a temporary database) for a look by hand;
``--images docs/images/documents`` also renders each document's first page there.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LONG_UNIT = "宁波市自然资源和规划局象山分局"
LONG_NUMBER = "（2026）浙0225行初1078号"
APPEAL_NUMBER = "（2026）浙02行终1107号"
TODAY = dt.date(2026, 9, 15)
FACTS = ("原告系石浦镇某村村民，因其房屋被认定为违法建筑，于2026年3月向本单位申请查阅相关审批材料。\n"
         "本单位于2026年4月作出不予公开告知书，原告不服，向法院提起诉讼，请求撤销该告知书并责令重新答复。\n"
         "目前案件已经开庭审理，尚未宣判。")
RISK_POINTS = ("一是事实认定方面，不予公开的理由为“内部管理信息”，但未说明该信息与原告权益的关系，"
               "证据不足以支持告知书的结论。\n"
               "二是程序方面，告知书未载明救济途径和期限，属程序瑕疵。\n"
               "三是法律适用方面，告知书引用的条款已于2019年修订，存在适用法律错误的风险。")
MEASURES = ("（一）补充提交信息形成过程的证据材料。\n（二）主要负责人亲自过问，与法院沟通案件审理情况。\n"
            "（三）组织法律顾问对同类告知书进行全面排查。")
REASONS = ("法院认为，被告作出的告知书未说明不予公开的具体理由，属于认定事实不清、主要证据不足。\n"
           "同时，被告未在法定期限内作出答复，程序违法。\n"
           "综上，判决撤销被诉告知书，责令被告在判决生效之日起十五个工作日内重新作出答复。")

FILL_LINES, FILL_ROWS = 24, 14          # a page holds 22 lines; a leads row takes 3 to 5 lines
# The document types and the file each sample is written to.
SAMPLES = {
    "filing-checklist": "filing-checklist.docx",
    "head-list": "head-list.docx",
    "risk-report": "risk-report.docx",
    "loss-report": "loss-report.docx",
    "quarterly-loss-cases": "quarterly-loss-cases.docx",
    "quarterly-loss-cases-empty": "quarterly-loss-cases-empty.docx",
    "accountability-leads": "accountability-leads.docx",
    "half-year-report": "half-year-report.docx",
    "half-year-report-empty": "half-year-report-empty.docx",
    "typical-cases": "typical-cases.docx",
    "todo": "todo.docx",
}


def _unit(name: str) -> int:
    from xiangshan_desk.persistence.models import Unit
    return Unit.get(Unit.name == name).id


def make_cases(actor) -> dict:
    """The hand-made cases behind the single-case documents (on top of the demo data)."""
    from xiangshan_desk.application import cases, supervision
    saved = cases.create_case(actor, {"unit_id": _unit(LONG_UNIT), "plaintiffs": "张某某、李某某",
                                      "cause": "政府信息公开"},
                              {"case_number": LONG_NUMBER, "court": "象山县人民法院",
                               "complaint_received": "2026-03-06", "filing_received": "2026-03-13",
                               "filing_complete": True, "summons_received": "2026-04-01"})
    first = cases.case_detail(saved.id).proceedings[0].facts.id
    cases.set_risk(actor, first, {"found_date": "2026-04-10", "source": "法院告知", "basic_facts": FACTS,
                                  "risk_points": RISK_POINTS, "measures": MEASURES})
    cases.add_hearing(actor, first, {"date": "2026-05-06", "place": "象山县人民法院第三法庭",
                                     "attendee": "周某", "attendee_post": "法规科科员", "role": "工作人员"})
    cases.update_proceeding(actor, first, {"judgment_received": "2026-06-03", "decision": "驳回诉讼请求"})
    appeal = cases.add_proceeding(actor, saved.id, {
        "level": "二审", "case_number": APPEAL_NUMBER, "court": "宁波市中级人民法院",
        "complaint_received": "2026-06-20", "filing_received": "2026-06-29", "filing_complete": True,
        "filing_submission": "邮寄", "tracking_numbers": "EMS1100123456789",
        "summons_received": "2026-07-13"}).id
    hearing = cases.add_hearing(actor, appeal, {"date": "2026-07-28", "place": "宁波市中级人民法院第八法庭",
                                                "attendee": "陈某某", "attendee_post": "副局长",
                                                "role": "副职负责人"}).id
    cases.update_proceeding(actor, appeal, {"judgment_received": "2026-08-10", "decision": "撤销",
                                            "decision_reasons": REASONS, "effective_date": "2026-08-10"})
    cases.record_performance(actor, saved.id, "2026-08-20", "正在履行", "已按判决重新作出答复，正在送达")
    supervision.mark_typical(actor, saved.id, 2026, 3, {
        "title": "不予公开告知书未说明理由被撤销", "summary": FACTS, "lesson": "告知书应当逐项说明理由。\n"
        "答复应当在法定期限内作出，并载明救济途径。"})
    return {"case_id": saved.id, "hearing": hearing, "first": first, "appeal": appeal}


def write_samples(folder: Path, actor) -> dict[str, Path]:
    """Every document type, written into ``folder`` from the database that is open."""
    from xiangshan_desk.application import agenda, demo, stats
    from xiangshan_desk.application.documents import official
    from xiangshan_desk.application.documents.official import render
    from xiangshan_desk.application.documents.todo import write_todo_docx
    demo.generate(400, seed=19, today=TODAY)
    made = make_cases(actor)
    out = {name: folder / file for name, file in SAMPLES.items()}
    render("filing-checklist", official.filing_checklist(made["appeal"]), out["filing-checklist"])
    render("head-list", official.head_list(made["hearing"]), out["head-list"])
    render("risk-report", official.risk_report(made["first"]), out["risk-report"])
    render("loss-report", official.loss_report(made["appeal"]), out["loss-report"])
    render("quarterly-loss-cases", official.quarterly_loss_cases(2026, 3), out["quarterly-loss-cases"])
    render("quarterly-loss-cases", official.quarterly_loss_cases(2019, 1), out["quarterly-loss-cases-empty"])
    render("accountability-leads", official.accountability_leads(stats.Period.year(2025)),
           out["accountability-leads"])
    render("half-year-report", official.half_year_report(2026, 1), out["half-year-report"])
    render("half-year-report", official.half_year_report(2019, 1), out["half-year-report-empty"])
    render("typical-cases", official.typical_cases(2026, 3), out["typical-cases"])
    write_todo_docx(agenda.todo(30, today=TODAY), out["todo"], 30, TODAY)
    # The sign-off at every position on the page: after text growing a line at a time, after a table
    # growing a row at a time (GB/T 9704 7.3.5.1: it never stands alone on a page).
    risk = official.risk_report(made["first"])
    for lines in range(FILL_LINES):
        out[f"risk-report-fill-{lines}"] = folder / f"risk-report-fill-{lines}.docx"
        render("risk-report", {**risk, "resolution_plan": [f"第{n + 1}项化解措施。" for n in range(lines + 1)]},
               out[f"risk-report-fill-{lines}"])
    leads = official.accountability_leads(stats.Period.year(2025))
    for rows in range(1, FILL_ROWS + 1):
        out[f"leads-rows-{rows}"] = folder / f"leads-rows-{rows}.docx"
        render("accountability-leads", {**leads, "count": rows, "leads": leads["leads"][:rows]},
               out[f"leads-rows-{rows}"])
    return out


def to_pdf(files: list[Path], folder: Path) -> dict[Path, Path]:
    """All files converted by one LibreOffice run (its start-up is most of the time)."""
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    try:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), *map(str, files)], check=True, capture_output=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return {f: folder / (f.stem + ".pdf") for f in files}


def pages_text(pdf: Path) -> list[str]:
    """Each page's text, in reading order (pdftotext, form feed between pages)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True, encoding="utf-8").stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


IMAGES = ("filing-checklist", "head-list", "risk-report", "loss-report", "quarterly-loss-cases",
          "accountability-leads", "half-year-report", "typical-cases", "todo")


def main(argv: list[str]) -> None:
    os.environ.setdefault("XIANGSHAN_DESK_DATA", tempfile.mkdtemp(prefix="xsd-data-"))
    from xiangshan_desk.application.cases import Actor
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.db import close_database
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="xsd-samples-"))
    open_workspace(work / "samples.sqlite3")
    try:
        files = write_samples(folder, Actor("样例", "samples"))
    finally:
        close_database()
    pdfs = to_pdf(list(files.values()), folder)
    for pdf in pdfs.values():
        print(f"{pdf}: {len(pages_text(pdf))} pages")
    if len(argv) > 2 and argv[1] == "--images":
        images = Path(argv[2])
        for name in IMAGES:
            stem = images / name
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                            str(pdfs[files[name]]), str(stem)], check=True)
            print(f"{stem}.png")


if __name__ == "__main__":
    main(sys.argv[1:])
