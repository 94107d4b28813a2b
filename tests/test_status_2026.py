"""rules.md §3 (2026-12) through the database: lapsed deadlines stored and never counted, decisions pending effect
counted nowhere until their date, and the one status wording everywhere."""
import datetime as dt

from xiangshan_desk import agenda, caselist, cases, rules, stats
from xiangshan_desk.models import Deadline, Unit
from xiangshan_desk.stats import Period

D = dt.date
Q1 = Period.quarter(2025, 1)


def _case(actor, number, **proc):
    saved = cases.create_case(actor, {"unit_id": Unit.get(Unit.name == "石浦镇").id},
                              {"case_number": number, **proc})
    return saved.id, cases.case_detail(saved.id).proceedings[0].facts.id


def test_a_withdrawal_before_the_filing_deadline_is_not_counted(db, actor):
    # complaint 2025-03-07: filing due 03-17, defense due 03-24; the withdrawal ruling is received on 03-12
    case_id, proc = _case(actor, "（2025）浙0225行初1号", complaint_received="2025-03-07")
    cases.update_proceeding(actor, proc, {"judgment_received": "2025-03-12", "judgment_kind": "裁定",
                                          "decision": "撤诉", "effective_date": "2025-03-12"})
    stored = {d.kind: d for d in Deadline.select().where(Deadline.case == case_id)}
    assert stored["filing_due"].lapsed and stored["filing_due"].closed and not stored["filing_due"].missed
    assert rules.stored_status(stored["filing_due"].due, None, False, True, D(2025, 4, 1))[0] is rules.Status.LAPSED
    figures = {row.unit_name: row.figures for row in stats.compute(Q1, today=D(2025, 4, 1)).units}["石浦镇"]
    assert figures.count("filing_overdue") == 0 and figures.count("concluded") == 1
    todo = [item.what for item in agenda.todo(30, None, today=D(2025, 3, 16)) if item.case_id == case_id]
    assert todo == ["裁判文书备案期限"]              # the withdrawal ruling is still to be filed; the rest lapsed
    detail = cases.case_detail(case_id, today=D(2025, 4, 1))
    texts = {s.kind.id: s.text for p in detail.proceedings for s in p.deadlines}
    assert texts["filing_due"] == "不适用" and texts["defense_due"] == "不适用"


def test_a_decision_pending_effect_counts_nowhere_until_its_date(db, actor):
    case_id, proc = _case(actor, "（2025）浙0225行初2号", complaint_received="2025-01-06")
    cases.update_proceeding(actor, proc, {"judgment_received": "2025-03-10", "decision": "撤销",
                                          "effective_date": "2025-03-28", "judgment_filed": "2025-03-12"})
    before, after = D(2025, 3, 27), D(2025, 3, 28)
    county = stats.compute(Q1, today=before).county
    assert county.count("concluded") == 0 and county.count("lost") == 0
    county = stats.compute(Q1, today=after).county
    assert county.count("concluded") == 1 and county.count("lost") == 1
    open_filter = caselist.CaseFilter(state=caselist.STATE_OPEN)
    rows = caselist.query_rows(open_filter, today=before)
    assert [r.id for r in rows] == [case_id] and caselist.state_text(rows[0], before) == "在办（3月28日生效）"
    assert caselist.count_rows(open_filter, after) == 0
    assert caselist.count_rows(caselist.CaseFilter(state=caselist.STATE_CONCLUDED), after) == 1
    assert (caselist.status_counts(before).open, caselist.status_counts(after).open) == (1, 0)
    # the editor's live view: pending until the date, then the outcome; its loss report deadline runs from it
    assert cases.case_detail(case_id, today=before).outcome is None
    assert cases.case_detail(case_id, today=after).outcome.is_loss


def test_a_hearing_dated_after_today_is_not_yet_held(db, actor):
    """rules.md §4/§5: a role recorded for a future date is a plan: no verdict, no lead, not counted as heard."""
    case_id, proc = _case(actor, "（2025）浙0225行初3号", complaint_received="2025-01-06")
    cases.add_hearing(actor, proc, {"date": "2025-03-20", "role": "未出庭"})      # nobody is planned to go
    before, after = D(2025, 3, 19), D(2025, 3, 20)
    detail = cases.case_detail(case_id, today=before)
    assert detail.proceedings[0].compliance.text == "尚未开庭" and detail.lead is None
    assert stats.compute(Q1, today=before).county.count("heard") == 0
    assert caselist.count_rows(caselist.CaseFilter(leads_only=True), before) == 0
    assert stats.compute(Q1, today=before).county.count("leads") == 0
    detail = cases.case_detail(case_id, today=after)
    assert not detail.proceedings[0].compliance.compliant and detail.lead.reasons[0].number == 3
    assert stats.compute(Q1, today=after).county.count("heard") == 1
    assert caselist.count_rows(caselist.CaseFilter(leads_only=True), after) == 1


def test_county_leader_role_only_in_county_government_cases(db, actor, tmp_path, qtbot):
    """rules.md §4 (2026-12): 分管县领导 is refused for any other unit, in the core, the editor and the import."""
    import pytest
    from openpyxl import Workbook

    from xiangshan_desk.errors import AppError
    from xiangshan_desk.importing import import_ledger
    from xiangshan_desk.ledger import HEADERS
    _, proc = _case(actor, "（2025）浙0225行初4号", complaint_received="2025-01-06")
    with pytest.raises(AppError, match="只用于县政府为被告的案件"):
        cases.add_hearing(actor, proc, {"date": "2025-03-20", "role": "分管县领导"})
    government = cases.create_case(actor, {"unit_id": Unit.get(Unit.name == "象山县人民政府").id},
                                   {"case_number": "（2025）浙0225行初5号"}).id
    gov_proc = cases.case_detail(government).proceedings[0].facts.id
    assert cases.add_hearing(actor, gov_proc, {"date": "2025-03-20", "role": "分管县领导"}).id
    assert "分管县领导" not in rules.appearance_roles("镇乡街道")
    assert "分管县领导" in rules.appearance_roles("县政府")

    from ui.case_editor import HearingDialog
    dialog = HearingDialog(roles=rules.appearance_roles("镇乡街道"))
    qtbot.addWidget(dialog)
    offered = [dialog.role_combo.itemData(i) for i in range(dialog.role_combo.count())]
    assert "分管县领导" not in offered and "主要负责人" in offered

    book = Workbook()
    book.active.append(HEADERS)
    row = {"案号": "（2025）浙0225行初6号", "被告单位": "石浦镇", "开庭日期": "2025-03-20", "出庭人员身份": "分管县领导"}
    book.active.append([row.get(h) for h in HEADERS])
    book.save(tmp_path / "l.xlsx")
    report = import_ledger(actor, tmp_path / "l.xlsx")
    refusal = report.refused[0]
    assert (refusal.row, refusal.column, refusal.value) == (2, "出庭人员身份", "分管县领导")
    assert "只用于县政府为被告的案件" in refusal.reason and report.imported == 0


def test_the_import_source_note_stays_in_the_history_and_out_of_documents(db, actor, tmp_path):
    from docx import Document
    from openpyxl import Workbook

    from xiangshan_desk.documents import official
    from xiangshan_desk.importing import import_ledger
    from xiangshan_desk.ledger import HEADERS
    book = Workbook()
    book.active.append(HEADERS)
    row = {"案号": "（2025）浙0225行初7号", "被告单位": "石浦镇", "收到起诉状副本日期": "2025-01-06",
           "裁判结果": "撤销", "生效日期": "2025-03-10", "履行情况": "已履行"}
    book.active.append([row.get(h) for h in HEADERS])
    book.save(tmp_path / "filled.xlsx")
    assert import_ledger(actor, tmp_path / "filled.xlsx").imported == 1
    case_id = cases.case_detail(1).id
    history = " ".join(f"{e.field} {e.new_value}" for e in cases.audit_trail(case_id))
    assert "filled.xlsx" in history and "履行情况 已履行" in history
    proc = cases.case_detail(case_id).proceedings[0].facts.id
    path = official.render("loss-report", official.loss_report(proc), tmp_path / "r.docx").path
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "已履行" in text and "台账导入" not in text and "filled.xlsx" not in text
