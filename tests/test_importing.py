"""The ledger import (ledger.md): accepted forms, refusals of every kind, idempotence, the template round trip."""
import datetime as dt
import json
import os
import re
import subprocess
import sys

import pytest
from openpyxl import Workbook, load_workbook

from xiangshan_desk.application.bootstrap import open_workspace
from xiangshan_desk.persistence.db import close_database
from xiangshan_desk.application.importing import LedgerUnreadable, import_ledger, write_refused
from xiangshan_desk.application.ledger import HEADERS, write_ledger, write_template
from xiangshan_desk.persistence.models import AuditEntry, Case, Deadline, Hearing, PerformanceRecord, Proceeding, RiskRecord

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
D = dt.date


def _ledger(path, rows, headers=None):
    headers = headers or HEADERS
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h) for h in headers])
    workbook.save(path)
    return path


FULL = {
    "案号": "(2025)浙0225行初101号", "审级": "一审", "法院": "象山县人民法院", "案由": "行政处罚", "原告": "张三",
    "原告人数": 2, "被告单位": "石浦镇", "县政府为被告": "否", "重大公共利益": "Y", "社会高度关注": "N",
    "败诉风险较高": "√", "书面建议主要负责人出庭": 0, "收到起诉状副本日期": dt.datetime(2025, 3, 7),
    "答辩状提交日期": "2025/3/20", "备案日期": "2025.3.14", "备案材料齐全": "TRUE", "转报日期": "2025年3月17日",
    "收到开庭传票日期": "2025-04-01", "出庭名单备案日期": "2025-04-03", "开庭日期": "2025-05-06",
    "出庭人员": "王某（副镇长）", "出庭人员身份": "副职负责人", "中途退庭": "否", "风险发现日期": "2025-04-10",
    "风险来源": "法院告知", "风险报告备案日期": "2025-04-18", "收到裁判文书日期": "2025-06-03",
    "裁判文书备案日期": "2025-06-06", "裁判结果": "撤销", "生效日期": "2025-06-19", "败诉报告提交日期": "2025-07-01",
    "履行情况": "已履行", "重大过错": "是", "备注": "第一行\n第二行",
}


def test_every_column_and_date_form(db, actor, tmp_path):
    path = _ledger(tmp_path / "台账.xlsx", [
        FULL,
        {"案号": "（2025）浙0225行初101号", "开庭日期": "2025-05-20", "出庭人员": "李某(镇长)", "出庭人员身份": "主要负责人"},
        {"案号": "(2025)浙02行终9号", "原审案号": "（2025）浙0225行初101号", "被告单位": "石浦镇",
         "收到起诉状副本日期": "2025-07-01", "裁判结果": "维持原判", "生效日期": "2025-09-01"},
    ])
    report = import_ledger(actor, path)
    assert (report.imported, report.existing, report.refused) == (2, 0, [])
    first = Proceeding.get(Proceeding.case_number == "（2025）浙0225行初101号")
    case = first.case
    assert (case.plaintiffs, first.plaintiff_count, case.cause, case.unit.name) == ("张三", 2, "行政处罚", "石浦镇")
    assert (first.major_public_interest, first.high_attention, first.high_risk, first.written_recommendation) == \
        (True, False, True, False)
    assert case.major_fault and case.loss_report_submitted == D(2025, 7, 1) and case.notes == "第一行\n第二行"
    assert (first.complaint_received, first.defense_submitted, first.filing_received, first.forwarded) == \
        (D(2025, 3, 7), D(2025, 3, 20), D(2025, 3, 14), D(2025, 3, 17))
    assert first.filing_complete and first.decision == "撤销" and first.effective_date == D(2025, 6, 19)
    hearings = list(first.hearings.order_by(Hearing.date))
    assert [(h.attendee, h.attendee_post, h.role) for h in hearings] == [("王某", "副镇长", "副职负责人"),
                                                                         ("李某", "镇长", "主要负责人")]
    risk = RiskRecord.get(RiskRecord.proceeding == first)
    assert (risk.found_date, risk.source, risk.report_filed) == (D(2025, 4, 10), "法院告知", D(2025, 4, 18))
    assert PerformanceRecord.get(PerformanceRecord.case == case).state == "已履行"
    second = Proceeding.get(Proceeding.case_number == "（2025）浙02行终9号")
    assert second.case_id == case.id and second.parent_id == first.id and second.level == "二审"
    # the appeal row left the appearance facts empty: it starts with the first instance's (rules.md §4 2026-12)
    assert (second.plaintiff_count, second.major_public_interest, second.high_risk) == (2, True, True)
    assert second.court == "宁波市中级人民法院"                       # from the court code
    assert Deadline.select().where(Deadline.case == case).count() > 0
    assert Case.get_by_id(case.id).is_loss                           # the upheld loss, after refresh
    imported = AuditEntry.select().where(AuditEntry.action == "导入")
    assert {(e.entity_id, e.field) for e in imported} == {(first.id, "案号"), (first.id, "来源"), (first.id, "履行情况"),
                                                          (second.id, "案号"), (second.id, "来源")}


def test_appeal_row_above_its_first_instance(db, actor, tmp_path):
    path = _ledger(tmp_path / "a.xlsx", [
        {"案号": "（2025）浙02行终9号", "原审案号": "（2025）浙0225行初1号", "被告单位": "县公安局"},
        {"案号": "（2025）浙0225行初1号", "被告单位": "县公安局"},
    ])
    report = import_ledger(actor, path)
    assert report.imported == 2 and not report.refused


@pytest.mark.parametrize("row, column, reason", [
    ({"案号": "（2025）浙0225行初5号", "被告单位": "石浦镇", "备案日期": "2025-02-30"}, "备案日期", "不是存在的日期"),
    ({"案号": "（2025）浙0225行初5号", "被告单位": "石浦镇", "备案日期": "三月七日"}, "备案日期", "不是有效日期"),
    ({"案号": "（2025）浙0225行初5号", "被告单位": "石浦"}, "被告单位", "相近的单位：石浦镇"),
    ({"案号": "（2025）浙0225行初5号", "被告单位": "石浦镇", "出庭人员身份": "科长"}, "出庭人员身份", "不在可选范围内"),
    ({"案号": "（2025）浙0225行初5号"}, "被告单位", "必填"),
    ({"案号": "（2025）浙02行终5号", "被告单位": "石浦镇", "原审案号": "（2025）浙0225行初404号"}, "原审案号",
     "不在本表或系统中"),
    ({"案号": "（2025）浙02行终5号", "被告单位": "石浦镇"}, "原审案号", "须填写原审案号"),
    ({"案号": "（2025）浙0225行初5号", "被告单位": "石浦镇", "收到起诉状副本日期": "2025-03-07",
      "备案日期": "2025-03-01"}, "备案日期", "不能早于"),
    ({"案号": "（2025）浙0225行初5号", "被告单位": "石浦镇", "县政府为被告": "是"}, "县政府为被告", "不是县政府"),
    # (a 开庭日期 without 出庭人员身份 is a scheduled hearing, valid: issue #25 finding 4)
    ({"案号": "（2025）浙0225行初5号", "被告单位": "石浦镇", "出庭人员身份": "主要负责人"}, "开庭日期", "须填写开庭日期"),
    ({"案号": "（2025）浙0225行初5号", "被告单位": "石浦镇", "原告人数": "很多"}, "原告人数", "整数"),
])
def test_refused_rows_change_nothing(db, actor, tmp_path, row, column, reason):
    before = (Case.select().count(), Proceeding.select().count(), AuditEntry.select().count())
    report = import_ledger(actor, _ledger(tmp_path / "bad.xlsx", [row]))
    assert report.imported == 0 and len(report.refused) >= 1
    refusal = report.refused[0]
    assert (refusal.row, refusal.column) == (2, column) and reason in refusal.reason
    assert (Case.select().count(), Proceeding.select().count(), AuditEntry.select().count()) == before


def test_conflicting_repeated_row_is_refused_and_the_rest_imported(db, actor, tmp_path):
    path = _ledger(tmp_path / "c.xlsx", [
        {"案号": "（2025）浙0225行初7号", "被告单位": "石浦镇", "原告": "甲", "开庭日期": "2025-05-06", "出庭人员身份": "律师"},
        {"案号": "（2025）浙0225行初7号", "原告": "乙", "开庭日期": "2025-06-06", "出庭人员身份": "工作人员"},
        {"案号": "（2025）浙0225行初7号", "被告单位": "石浦镇", "开庭日期": "2025-07-06", "出庭人员身份": "副职负责人"},
    ])
    report = import_ledger(actor, path)
    assert report.imported == 1 and [(r.row, r.column) for r in report.refused] == [(3, "原告")]
    assert "不一致" in report.refused[0].reason
    assert Hearing.select().count() == 2
    out = write_refused(report, tmp_path / "被拒绝.xlsx")
    sheet = load_workbook(out).active
    assert sheet.cell(row=1, column=sheet.max_column).value == "拒绝原因"
    assert "原告" in sheet.cell(row=2, column=sheet.max_column).value and sheet.max_row == 2


def test_importing_twice_adds_nothing(db, actor, tmp_path):
    path = _ledger(tmp_path / "t.xlsx", [FULL])
    assert import_ledger(actor, path).imported == 1
    counts = (Case.select().count(), Proceeding.select().count(), Hearing.select().count())
    again = import_ledger(actor, path)
    assert (again.imported, again.existing) == (0, 1)
    assert (Case.select().count(), Proceeding.select().count(), Hearing.select().count()) == counts
    updated = _ledger(tmp_path / "u.xlsx", [{**FULL, "原告": "张三丰", "开庭日期": "2025-08-08"}])
    report = import_ledger(actor, updated, update_existing=True)
    assert report.updated == 1 and Case.get().plaintiffs == "张三丰" and Hearing.select().count() == 2


def test_dry_run_changes_nothing(db, actor, tmp_path):
    report = import_ledger(actor, _ledger(tmp_path / "d.xlsx", [FULL]), dry_run=True)
    assert report.imported == 1 and Case.select().count() == 0


def test_unreadable_files(db, actor, tmp_path):
    not_a_workbook = tmp_path / "x.xlsx"
    not_a_workbook.write_text("hello", encoding="utf-8")
    for path, message in ((not_a_workbook, "不是可读取的 Excel"),
                          (_ledger(tmp_path / "h.xlsx", [], ["原告", "被告单位"]), "没有“案号”列"),
                          (_ledger(tmp_path / "e.xlsx", [], [None]), "没有表头")):
        with pytest.raises(LedgerUnreadable, match=re.escape(message)) as info:
            import_ledger(actor, path)
        assert message in info.value.message


def test_unknown_headers_are_reported_and_ignored(db, actor, tmp_path):
    path = _ledger(tmp_path / "u.xlsx", [{"案号": "（2025）浙0225行初8号", "被告单位": "石浦镇", "承办人": "刘"}],
                   ["案号", "被告单位", "承办人"])
    report = import_ledger(actor, path)
    assert report.imported == 1 and report.unknown_headers == ["承办人"]


def test_command_line_json_and_exit_codes(db_path, tmp_path):
    open_workspace(db_path)
    close_database()
    path = _ledger(tmp_path / "j.xlsx", [FULL, {"案号": "（2025）浙0225行初9号", "被告单位": "火星局"}])

    def run(*args):
        return subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "import", *args],
                              capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    result = run(str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["imported"] == 1 and data["existing"] == 0
    assert data["refused"] == [{"row": 3, "column": "被告单位", "value": "火星局",
                                "reason": data["refused"][0]["reason"]}]
    assert json.loads(run(str(path), "--json").stdout)["existing"] == 1
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK not really")
    failed = run(str(bad))
    assert failed.returncode == 2 and "Excel" in failed.stderr and failed.stdout == ""


def test_template_round_trip(db, actor, tmp_path, db_path):
    template = write_template(tmp_path / "模板.xlsx", ["石浦镇", "县公安局"])
    book = load_workbook(template)
    sheet = book["台账"]
    assert [c.value for c in sheet[1]] == HEADERS
    assert "填写说明" in book.sheetnames and len(sheet.data_validations.dataValidation) >= 10
    for row in (FULL, {"案号": "（2025）浙0225行初101号", "开庭日期": "2025-05-20", "出庭人员": "李某（镇长）",
                       "出庭人员身份": "主要负责人"},
                {"案号": "（2025）浙02行终9号", "原审案号": "（2025）浙0225行初101号", "被告单位": "石浦镇",
                 "收到起诉状副本日期": "2025-07-01"}):
        sheet.append([row.get(h) for h in HEADERS])
    book.save(template)
    assert import_ledger(actor, template).imported == 2
    exported, _ = write_ledger(tmp_path / "导出.xlsx")
    snapshot = _snapshot()
    close_database()
    open_workspace(tmp_path / "empty.sqlite3")
    report = import_ledger(actor, exported)
    assert report.imported == 2 and not report.refused
    assert _snapshot() == snapshot
    close_database()


def _snapshot():
    procs = sorted((p.case_number, p.level, p.case.plaintiffs, p.case.unit.name, p.complaint_received,
                    p.filing_received, p.decision, p.effective_date, p.parent.case_number if p.parent else None)
                   for p in Proceeding.select())
    hearings = sorted((h.proceeding.case_number, h.date, h.attendee, h.attendee_post, h.role) for h in Hearing.select())
    return procs, hearings, Case.select().count()


def test_appeal_with_a_different_unit_is_refused(db, actor, tmp_path):
    path = _ledger(tmp_path / "u.xlsx", [
        {"案号": "（2025）浙0225行初1号", "被告单位": "县公安局"},
        {"案号": "（2025）浙02行终9号", "原审案号": "（2025）浙0225行初1号", "被告单位": "石浦镇"},
    ])
    report = import_ledger(actor, path)
    # 原审案号 is looked up with the same 被告单位 (ledger.md 2026-12): 石浦镇 has no case with that number
    assert report.imported == 1 and [(r.row, r.column) for r in report.refused] == [(3, "原审案号")]
    assert "不是石浦镇的案件" in report.refused[0].reason
