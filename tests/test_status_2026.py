"""rules.md §3 (2026-12) through the database: lapsed deadlines stored and never counted, decisions pending effect
counted nowhere until their date, and the one status wording everywhere."""
import datetime as dt

from xiangshan_desk.application import agenda, caselist, cases, stats
from xiangshan_desk.application.audit import audit_trail
from xiangshan_desk.application.projection import refresh_pending
from xiangshan_desk.domain import rules
from xiangshan_desk.persistence.models import Case, Deadline, Unit
from xiangshan_desk.application.stats import Period

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
    today = dt.date.today()
    effective = today + dt.timedelta(days=5)
    period = Period.quarter(effective.year, (effective.month - 1) // 3 + 1)
    case_id, proc = _case(actor, "（2025）浙0225行初2号", complaint_received=(today - dt.timedelta(days=60)).isoformat())
    cases.update_proceeding(actor, proc, {"judgment_received": today.isoformat(), "decision": "撤销",
                                          "effective_date": effective.isoformat(),
                                          "judgment_filed": today.isoformat()})
    county = stats.compute(period, today=today).county
    assert county.count("concluded") == 0 and county.count("lost") == 0
    open_filter = caselist.CaseFilter(state=caselist.STATE_OPEN)
    rows = caselist.query_rows(open_filter, today=today)
    assert [r.id for r in rows] == [case_id]
    assert caselist.state_text(rows[0], today) == f"在办（{effective.month}月{effective.day}日生效）"
    assert caselist.status_counts(today).open == 1
    # the editor's live view: pending until the date, then the outcome
    assert cases.case_detail(case_id, today=today).outcome is None
    assert cases.case_detail(case_id, today=effective).outcome.is_loss
    # on the day it takes effect the case is recomputed (db.open_database calls this) and counts from then on
    assert refresh_pending(today) == 0 and refresh_pending(effective) == 1
    county = stats.compute(period, today=effective).county
    assert county.count("concluded") == 1 and county.count("lost") == 1
    assert caselist.count_rows(open_filter, effective) == 0
    assert caselist.count_rows(caselist.CaseFilter(state=caselist.STATE_CONCLUDED), effective) == 1
    assert Case.get_by_id(case_id).pending_effective is None


def test_a_retrial_pending_effect_leaves_the_earlier_outcome_standing(db, actor):
    """rules.md §6 (2026-12): the earlier effective outcome stands until the retrial decision takes effect."""
    today = dt.date.today()
    case_id, proc = _case(actor, "（2025）浙0225行初20号", complaint_received="2025-01-06")
    cases.update_proceeding(actor, proc, {"judgment_received": "2025-03-01", "decision": "撤销",
                                          "effective_date": "2025-03-20"})
    retrial = cases.add_proceeding(actor, case_id, {"level": "再审", "case_number": "（2026）浙02行再1号"}).id
    cases.update_proceeding(actor, retrial, {"decision": "驳回诉讼请求",
                                             "effective_date": (today + dt.timedelta(days=3)).isoformat()})
    stored = Case.get_by_id(case_id)
    assert (stored.outcome, stored.effective_date, stored.is_loss) == ("撤销", D(2025, 3, 20), True)
    q1 = {row.unit_name: row.figures for row in stats.compute(Q1, today=today).units}["石浦镇"]
    assert q1.count("lost") == 1                       # still counted in the period it took effect


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

    from xiangshan_desk.domain.errors import AppError
    from xiangshan_desk.application.importing import import_ledger
    from xiangshan_desk.application.ledger import HEADERS
    _, proc = _case(actor, "（2025）浙0225行初4号", complaint_received="2025-01-06")
    with pytest.raises(AppError, match="只用于县政府为被告的案件"):
        cases.add_hearing(actor, proc, {"date": "2025-03-20", "role": "分管县领导"})
    government = cases.create_case(actor, {"unit_id": Unit.get(Unit.name == "象山县人民政府").id},
                                   {"case_number": "（2025）浙0225行初5号"}).id
    gov_proc = cases.case_detail(government).proceedings[0].facts.id
    assert cases.add_hearing(actor, gov_proc, {"date": "2025-03-20", "role": "分管县领导"}).id
    assert "分管县领导" not in rules.appearance_roles("镇乡街道")
    assert "分管县领导" in rules.appearance_roles("县政府")

    from ui.case_editor.dialogs import HearingDialog
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

    from xiangshan_desk.application.documents import official
    from xiangshan_desk.application.importing import import_ledger
    from xiangshan_desk.application.ledger import HEADERS
    book = Workbook()
    book.active.append(HEADERS)
    row = {"案号": "（2025）浙0225行初7号", "被告单位": "石浦镇", "收到起诉状副本日期": "2025-01-06",
           "裁判结果": "撤销", "生效日期": "2025-03-10", "履行情况": "已履行"}
    book.active.append([row.get(h) for h in HEADERS])
    book.save(tmp_path / "filled.xlsx")
    assert import_ledger(actor, tmp_path / "filled.xlsx").imported == 1
    case_id = cases.case_detail(1).id
    history = " ".join(f"{e.field} {e.new_value}" for e in audit_trail(case_id))
    assert "filled.xlsx" in history and "履行情况 已履行" in history
    proc = cases.case_detail(case_id).proceedings[0].facts.id
    path = official.render("loss-report", official.loss_report(proc), tmp_path / "r.docx").path
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "已履行" in text and "台账导入" not in text and "filled.xlsx" not in text


def test_appearance_facts_belong_to_each_proceeding(db, actor, tmp_path):
    """rules.md §4 (2026-12): a new proceeding starts with the previous one's facts; a later one never rewrites an
    earlier one's, in the core and through the ledger."""
    from openpyxl import Workbook

    from xiangshan_desk.application.importing import import_ledger
    from xiangshan_desk.application.ledger import HEADERS
    from xiangshan_desk.persistence.models import Proceeding
    case_id, first = _case(actor, "（2025）浙0225行初8号", complaint_received="2025-01-06", plaintiff_count=60,
                           high_attention=True)
    second = cases.add_proceeding(actor, case_id, {"level": "二审", "case_number": "（2025）浙02行终8号"}).id
    assert (Proceeding.get_by_id(second).plaintiff_count, Proceeding.get_by_id(second).high_attention) == (60, True)
    cases.update_proceeding(actor, second, {"plaintiff_count": 1, "high_attention": False})
    assert Proceeding.get_by_id(first).plaintiff_count == 60 and Proceeding.get_by_id(first).principal_required
    assert not Proceeding.get_by_id(second).principal_required

    book = Workbook()
    book.active.append(HEADERS)
    for row in ({"案号": "（2025）浙0225行初9号", "被告单位": "石浦镇", "原告人数": 60, "收到起诉状副本日期": "2025-01-06",
                 "开庭日期": "2025-02-20", "出庭人员身份": "主要负责人"},
                {"案号": "（2025）浙02行终9号", "原审案号": "（2025）浙0225行初9号", "被告单位": "石浦镇", "原告人数": 1,
                 "收到起诉状副本日期": "2025-03-03", "开庭日期": "2025-03-20", "出庭人员身份": "副职负责人"}):
        book.active.append([row.get(h) for h in HEADERS])
    book.save(tmp_path / "appeal.xlsx")
    assert import_ledger(actor, tmp_path / "appeal.xlsx").imported == 2
    imported_first = Proceeding.get(Proceeding.case_number == "（2025）浙0225行初9号")
    imported_appeal = Proceeding.get(Proceeding.case_number == "（2025）浙02行终9号")
    assert (imported_first.plaintiff_count, imported_first.principal_required) == (60, True)
    assert (imported_appeal.plaintiff_count, imported_appeal.principal_required) == (1, False)
    figures = {row.unit_name: row.figures for row in stats.compute(Q1, today=D(2025, 4, 1)).units}["石浦镇"]
    # heard in Q1: 行初9号 (60 plaintiffs: principal required) and 行终9号 (one appellant: a head suffices)
    assert figures.count("heard") == 2 and figures.count("principal_required") == 1


def test_posting_is_recorded_and_round_trips_through_the_ledger(db, actor, tmp_path, qtbot, db_path):
    """rules.md §3 (2026-12): 当面 / 邮寄 / 网上 with the tracking number; a posted document's date is its posting
    date (on time when posted by the due date) and the editor labels it 交邮日期."""
    from xiangshan_desk.application.importing import import_ledger
    from xiangshan_desk.application.ledger import write_ledger
    from xiangshan_desk.persistence.models import Proceeding
    case_id, proc = _case(actor, "（2025）浙0225行初10号", complaint_received="2025-03-07",
                          filing_received="2025-03-17", filing_complete=True, filing_submission="邮寄",
                          tracking_numbers="EMS1234567890", defense_submitted="2025-03-24",
                          defense_submission="网上")
    states = {s.kind.id: s for p in cases.case_detail(case_id, today=D(2025, 4, 1)).proceedings for s in p.deadlines}
    assert states["filing_due"].status is rules.Status.MET            # posted on the last day: on time
    assert rules.act_date_label("备案日期", "邮寄") == "备案交邮日期"
    assert rules.act_date_label("答辩状提交日期", "邮寄") == "答辩状交邮日期"
    assert rules.act_date_label("备案日期", "当面") == "备案日期"

    from ui.case_editor.editor import CaseEditor
    from ui.context import AppContext
    from xiangshan_desk.application.settings import Settings
    editor = CaseEditor(AppContext(Settings(operator="王书记员"), str(db_path)), case_id)
    qtbot.addWidget(editor)
    assert editor.row_labels["filing_received"].text() == "备案交邮日期"
    assert editor.row_labels["defense_submitted"].text() == "答辩状提交日期"
    editor._dirty = False

    path, _ = write_ledger(tmp_path / "ledger.xlsx")
    cases.move_to_recycle_bin(actor, case_id)
    cases.empty_recycle_bin(actor)
    assert import_ledger(actor, path).imported == 1
    again = Proceeding.get(Proceeding.case_number == "（2025）浙0225行初10号")
    assert (again.filing_submission, again.tracking_numbers, again.defense_submission) == \
        ("邮寄", "EMS1234567890", "网上")


def _write(path, rows):
    from .ledgers import ledger_file
    return ledger_file(path, rows)


def test_update_existing_corrects_hearings_risk_and_performance_with_history(db, actor, tmp_path):
    """ledger.md (2026-12): --update-existing brings every fact up to date, audited, empty cells erase nothing."""
    from xiangshan_desk.application.importing import import_ledger
    from xiangshan_desk.persistence.models import AuditEntry, Hearing, PerformanceRecord, RiskRecord
    first = _write(tmp_path / "v1.xlsx", [
        {"案号": "（2025）浙0225行初11号", "被告单位": "石浦镇", "原告": "甲", "收到起诉状副本日期": "2025-01-06",
         "开庭日期": "2025-02-20", "出庭人员": "王某（副镇长）", "出庭人员身份": "工作人员",
         "风险发现日期": "2025-01-20", "风险来源": "自行排摸", "裁判结果": "撤销", "生效日期": "2025-03-10"}])
    assert import_ledger(actor, first).imported == 1
    second = _write(tmp_path / "v2.xlsx", [
        {"案号": "（2025）浙0225行初11号", "被告单位": "石浦镇", "开庭日期": "2025-02-20", "出庭人员身份": "副职负责人",
         "风险报告备案日期": "2025-02-10", "履行情况": "拒不履行", "履行情况日期": "2025-03-20"},
        {"案号": "（2025）浙0225行初11号", "被告单位": "石浦镇", "开庭日期": "2025-03-01", "出庭人员身份": "主要负责人"}])
    report = import_ledger(actor, second, update_existing=True)
    assert (report.imported, report.updated) == (0, 1), [r.as_dict() for r in report.refused]
    assert report.refused == []
    hearings = {h.date.isoformat(): h for h in Hearing.select()}
    assert hearings["2025-02-20"].role == "副职负责人" and hearings["2025-02-20"].attendee == "王某"   # kept
    assert hearings["2025-03-01"].role == "主要负责人"
    assert RiskRecord.get().report_filed == D(2025, 2, 10) and RiskRecord.get().source == "自行排摸"
    refusal = PerformanceRecord.get()
    assert (refusal.state, refusal.date) == ("拒不履行", D(2025, 3, 20))
    case_id = refusal.case_id
    assert cases.case_detail(case_id, today=D(2025, 4, 1)).lead.reasons[-1].date == D(2025, 3, 20)
    assert _plaintiffs_of(case_id) == "甲"                   # the empty 原告 cell erased nothing
    changed = " ".join(report.changes[0].changes)
    assert "出庭人员身份：工作人员 → 副职负责人" in changed and "风险报告备案日期" in changed and "履行情况" in changed
    sources = {e.action for e in AuditEntry.select().where(AuditEntry.id > 0) if "台账导入" in e.action}
    assert sources and all("v2.xlsx" in action for action in sources)


def _plaintiffs_of(case_id):
    from xiangshan_desk.persistence.models import Case
    return Case.get_by_id(case_id).plaintiffs


def test_ledger_quirks_of_2026_12(db, actor, tmp_path):
    """No 备案材料齐全 column: a recorded filing is complete, and the report says so; 按撤回上诉处理 is 撤回上诉."""
    from openpyxl import Workbook

    from xiangshan_desk.application.importing import import_ledger
    from xiangshan_desk.persistence.models import Proceeding
    book = Workbook()
    book.active.append(["案号", "被告单位", "收到起诉状副本日期", "备案日期", "原审案号", "裁判结果"])
    book.active.append(["（2025）浙0225行初12号", "石浦镇", "2025-01-06", "2025-01-10", None, None])
    book.active.append(["（2025）浙02行终12号", "石浦镇", "2025-02-06", None, "（2025）浙0225行初12号", "按撤回上诉处理"])
    book.save(tmp_path / "short.xlsx")
    report = import_ledger(actor, tmp_path / "short.xlsx")
    assert report.imported == 2 and any("备案材料齐全" in w for w in report.warnings)
    assert Proceeding.get(Proceeding.case_number == "（2025）浙0225行初12号").filing_complete
    assert Proceeding.get(Proceeding.case_number == "（2025）浙02行终12号").decision == "撤回上诉"


def test_hearing_dates_are_checked_and_the_operator_is_never_empty(db):
    """issue #21: a hearing before the complaint is refused, one on a rest day warned; the history always names
    who acted (the system account when no operator name was given)."""
    import pytest

    from xiangshan_desk.domain.errors import AppError
    from xiangshan_desk.persistence.models import AuditEntry
    nobody = cases.Actor("", "clerk01")
    saved = cases.create_case(nobody, {"unit_id": Unit.get(Unit.name == "石浦镇").id},
                              {"case_number": "（2025）浙0225行初30号", "complaint_received": "2025-03-07"})
    proc = cases.case_detail(saved.id).proceedings[0].facts.id
    with pytest.raises(AppError, match="开庭日期（2025-03-01）不能早于收到起诉状副本日期（2025-03-07）"):
        cases.add_hearing(nobody, proc, {"date": "2025-03-01"})
    holiday = cases.add_hearing(nobody, proc, {"date": "2025-05-01"})       # Labour Day
    assert holiday.warnings and "休息日" in holiday.warnings[0]
    assert not cases.add_hearing(nobody, proc, {"date": "2025-05-06"}).warnings
    assert {e.operator for e in AuditEntry.select()} == {"clerk01"}
