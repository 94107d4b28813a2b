"""rules.md §7 (2026-12) on a ledger worked by hand: co-defendants counted once in 合计, a decision pending effect,
a lapsed deadline, both bases; every cell of the unit table the same in the report model, the quarterly workbook,
the half-year workbook and the figures the Word reports quote; frozen reported figures and their differences."""
import datetime as dt
import os
import subprocess
import sys

import pytest
from openpyxl import load_workbook

from xiangshan_desk.application import cases, freeze, stats
from xiangshan_desk.application.documents.workbooks import write_half_year_stats, write_quarterly_stats
from xiangshan_desk.persistence.models import FrozenReport, Unit
from xiangshan_desk.application.stats import BASIS_ALL, BASIS_JUDGMENTS, Period

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TODAY = dt.date(2026, 11, 20)
Q4, H2 = Period.quarter(2026, 4), Period.half(2026, 2)
AGENCY, GOVERNMENT, TOWN = "县市场监督管理局", "象山县人民政府", "石浦镇"
SHARED = "（2026）浙02行初5号"


def _unit(name):
    return Unit.get(Unit.name == name).id


def _case(actor, unit, number, received, **proc):
    saved = cases.create_case(actor, {"unit_id": _unit(unit), "plaintiffs": f"{unit}案原告"},
                              {"case_number": number, "complaint_received": received, **proc})
    return saved.id, cases.case_detail(saved.id).proceedings[0].facts.id


@pytest.fixture
def ledger(db, actor):
    ids = {}
    # C1: one lawsuit against the agency and the county government (its reconsideration body), 60 plaintiffs.
    # Both filed on time; a deputy appeared for the agency (the principal was required), the county leader for
    # the government; the government's head list was filed 3 days late (due 10-23). The agency lost (撤销), the
    # government's claim was dismissed; both effective 11-10.
    for key, unit, role, head_list in (("C1a", AGENCY, "副职负责人", "2026-10-22"),
                                       ("C1b", GOVERNMENT, "分管县领导", "2026-10-26")):
        ids[key], p = _case(actor, unit, SHARED, "2026-10-12", plaintiff_count=60, filing_received="2026-10-15",
                            filing_complete=True, summons_received="2026-10-20", head_list_filed=head_list)
        cases.add_hearing(actor, p, {"date": "2026-11-05", "role": role})
        cases.update_proceeding(actor, p, {"judgment_received": "2026-11-03", "judgment_filed": "2026-11-05",
                                           "decision": "撤销" if key == "C1a" else "驳回诉讼请求",
                                           "effective_date": "2026-11-10"})
    # A2: the agency's case received in July, lost (确认违法) effective 10-22; the loss report (due 11-11) not sent
    ids["A2"], p = _case(actor, AGENCY, "（2026）浙0225行初40号", "2026-07-06", filing_received="2026-07-08",
                         filing_complete=True)
    cases.update_proceeding(actor, p, {"judgment_received": "2026-10-09", "judgment_filed": "2026-10-12",
                                       "decision": "确认违法", "effective_date": "2026-10-22"})
    # S1: withdrawn 10-19, before its filing was due (10-22): the filing lapsed (不适用, never counted); the
    # withdrawal ruling was never filed (due 10-26): overdue
    ids["S1"], p = _case(actor, TOWN, "（2026）浙0225行初41号", "2026-10-14")
    cases.update_proceeding(actor, p, {"judgment_received": "2026-10-19", "judgment_kind": "裁定", "decision": "撤诉",
                                       "effective_date": "2026-10-19"})
    # S2: lost (确认违法), but effective 11-28, after the day counted (11-20): pending, neither concluded nor lost
    ids["S2"], p = _case(actor, TOWN, "（2026）浙0225行初42号", "2026-10-09", filing_received="2026-10-13",
                         filing_complete=True)
    cases.update_proceeding(actor, p, {"judgment_received": "2026-11-16", "decision": "确认违法",
                                       "effective_date": "2026-11-28"})
    # S3: filing never recorded (due 10-29): overdue; only staff appeared on 11-12: a lead
    ids["S3"], p = _case(actor, TOWN, "（2026）浙0225行初43号", "2026-10-21")
    cases.add_hearing(actor, p, {"date": "2026-11-12", "role": "工作人员"})
    return ids


KEYS = ("received", "concluded", "concluded_judgments", "lost", "mediated_or_withdrawn", "heard", "head_appeared",
        "principal_appeared", "principal_required", "principal_required_and_appeared", "filing_overdue",
        "head_list_overdue", "risk_report_overdue", "judgment_filing_overdue", "loss_report_overdue", "leads")
# worked by hand, in the order of KEYS
Q4_BY_HAND = {
    AGENCY: (1, 2, 2, 2, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 1, 0),
    GOVERNMENT: (1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0, 0),
    TOWN: (3, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1),
    # the lawsuit C1 once: received, concluded, lost (the agency lost), heard, appeared-for once
    "合计": (4, 3, 2, 2, 1, 2, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1),
}


def _by_hand(period):
    expected = {name: dict(zip(KEYS, values)) for name, values in Q4_BY_HAND.items()}
    if period == H2:                        # A2 was received in July
        expected[AGENCY]["received"] += 1
        expected["合计"]["received"] += 1
    return expected


def _rates(counts, basis):
    return {key: stats.rate_of(counts, key, basis) for key in stats.RATES}


@pytest.mark.parametrize("period", [Q4, H2])
@pytest.mark.parametrize("basis", [BASIS_ALL, BASIS_JUDGMENTS])
def test_figures_by_hand(ledger, period, basis):
    result = stats.compute(period, basis, today=TODAY)
    expected = _by_hand(period)
    rows = {row.unit_name: row.figures for row in result.units if row.figures.any()}
    assert set(rows) == {AGENCY, GOVERNMENT, TOWN}
    for name in (AGENCY, GOVERNMENT, TOWN):
        assert {key: rows[name].count(key) for key in KEYS} == expected[name], name
    assert {key: result.county.count(key) for key in KEYS} == expected["合计"]
    # the county lists name the lawsuit once (the first unit in the official order: the government)
    assert [ref.case_id for ref in result.county.items["concluded"]].count(ledger["C1a"]) + \
        [ref.case_id for ref in result.county.items["concluded"]].count(ledger["C1b"]) == 1
    for figures in list(rows.values()) + [result.county]:
        for key in stats._KEYS:
            assert figures.count(key) == len(figures.items[key]), key
    assert result.co_defendant_note == "共同被告案件1件在各单位分别计入，合计中按一件计"
    # rates
    county = result.county
    if basis == BASIS_ALL:
        assert county.loss_rate(basis) == pytest.approx(2 / 3)
        assert stats.format_rate(rows[TOWN].loss_rate(basis)) == "0.0%"
    else:
        assert county.loss_rate(basis) == pytest.approx(1.0)
        assert stats.format_rate(rows[TOWN].loss_rate(basis)) == "—"     # no judgment concluded
    assert county.principal_rate() == 1.0 and rows[AGENCY].principal_rate() == 0.0
    assert county.appearance_rate() == pytest.approx(0.5)


def test_no_co_defendants_no_note_and_county_is_the_sum(db, actor):
    _case(actor, TOWN, "（2026）浙0225行初50号", "2026-10-14")
    result = stats.compute(Q4, today=TODAY)
    assert result.co_defendant_note == "" and result.county.count("received") == 1
    assert stats.unit_table(result).notes[-1].startswith("说明：")


def test_pending_and_lapsed_count_nowhere(ledger):
    result = stats.compute(Q4, today=TODAY)
    counted = {ref.case_id for key in ("concluded", "lost") for ref in result.county.items[key]}
    assert ledger["S2"] not in counted
    late = {(d.case_id, d.kind) for d in result.late_deadlines}
    assert (ledger["S1"], "filing_due") not in late and (ledger["S1"], "judgment_filing_due") in late
    # after its date the pending decision counts
    later = stats.compute(Q4, today=dt.date(2026, 11, 30))
    assert ledger["S2"] in {ref.case_id for ref in later.county.items["lost"]}


def _sheet_rows(ws):
    headers = [c.value.replace("\n", "") for c in ws[2]]      # (a printed header breaks before its bracket)
    rows = {}
    for r in range(3, ws.max_row + 1):
        name = ws.cell(row=r, column=1).value
        if name is None or ws.cell(row=r, column=2).value is None:
            continue
        rows[name] = dict(zip(headers[1:], [ws.cell(row=r, column=c).value for c in range(2, len(headers) + 1)]))
    return headers, rows


def _same(value, expected):
    if expected is None:
        return value in (None, "—")
    if isinstance(expected, float):
        return value == pytest.approx(expected)
    return value == expected


@pytest.mark.parametrize("basis", [BASIS_ALL, BASIS_JUDGMENTS])
def test_every_cell_the_same_in_the_report_model_both_workbooks_and_the_documents(ledger, basis, tmp_path, qapp):
    from ui.report_tab import StatsTableModel

    for period, writer, sheets in ((Q4, write_quarterly_stats, ("分单位统计",)),
                                   (H2, write_half_year_stats, ("负责人出庭情况", "行政应诉工作情况"))):
        result = stats.compute(period, basis, today=TODAY)
        expected = _by_hand(period)
        book = load_workbook(writer(result, tmp_path / f"{period.label}.xlsx", TODAY))
        for sheet in sheets:
            keys = {"分单位统计": stats.QUARTERLY_COLUMNS, "负责人出庭情况": stats.APPEARANCE_COLUMNS,
                    "行政应诉工作情况": stats.RESPONSE_COLUMNS}[sheet]
            include = (lambda counts: counts.get("heard")) if sheet == "负责人出庭情况" else None
            table = stats.unit_table(result, keys, include)
            headers, rows = _sheet_rows(book[sheet])
            assert headers == table.headers
            assert ("判决结案数" in headers) == (basis == BASIS_JUDGMENTS or False) or sheet == "负责人出庭情况"
            if "败诉率" in "".join(headers):
                assert ("败诉率（判决口径）" in headers) == (basis == BASIS_JUDGMENTS)
            assert list(rows) == [row.name for row in table.rows]
            for row in table.rows:
                hand = expected[row.name]
                hand_rates = _rates(hand, basis)
                for column, value in zip(table.columns, row.values):
                    want = hand_rates[column.key] if column.kind == "rate" else hand[column.key]
                    assert _same(value, want), (sheet, row.name, column.header)
                    assert _same(rows[row.name][column.header], want), (sheet, row.name, column.header)
            notes = [book[sheet].cell(row=r, column=1).value for r in range(3, book[sheet].max_row + 1)]
            assert "共同被告案件1件在各单位分别计入，合计中按一件计。" in notes
        if period == Q4:
            model = StatsTableModel()
            model.set_statistics(result)
            table = stats.unit_table(result)
            for r, row in enumerate(table.rows):
                shown = [model.data(model.index(r, c)) for c in range(model.columnCount())]
                assert shown == table.texts(row)
                hand = expected[row.name]
                hand_rates = _rates(hand, basis)
                for column, text in zip(table.columns, shown[1:]):
                    want = hand_rates[column.key] if column.kind == "rate" else hand[column.key]
                    assert text == (stats.format_rate(want) if column.kind == "rate" else str(want))
            # the table and the figures the Word reports quote
            rows_for_documents = {row["unit"]: row for row in table.as_dicts()}
            for row in table.rows:
                assert [rows_for_documents[row.name][c.key] for c in table.columns] == table.texts(row)[1:]
            words = stats.document_figures(result)
            county = expected["合计"]
            for key in KEYS:
                assert words[key] == county[key]
            assert words["principal_sentence"] == "应由主要负责人出庭1件，实际出庭1件，应出尽出率100.0%"
            assert words["co_defendant_note"] == "共同被告案件1件在各单位分别计入，合计中按一件计"
            if basis == BASIS_JUDGMENTS:
                assert words["loss_sentence"] == "审结3件，其中判决结案2件，败诉2件，败诉率（判决口径）100.0%"
            else:
                assert words["loss_sentence"] == "审结3件，其中败诉2件，败诉率66.7%"


# The Word reports of the hand-worked ledger, read back from the .docx: every number they quote, worked out by
# hand (the unit rows of Q4_BY_HAND; rates: 败诉 2 of 审结 3 = 66.7%, of 判决结案 2 = 100.0%; 调撤 1 of 3 = 33.3%;
# 出庭 1 of 2 heard = 50.0%; 应出尽出 1 of 1 = 100.0%).
WORD_BY_HAND = {
    BASIS_ALL: {
        "loss_headers": ["单位", "审结数", "败诉数", "败诉率"],
        "loss_rows": [[AGENCY, "2", "2", "100.0%"], ["合计", "3", "2", "66.7%"]],
        "half_headers": ["单位", "收案数", "审结数", "败诉数", "败诉率", "出庭率"],
        # H2: the agency's A2 was received in July
        "half_rows": [[TOWN, "3", "1", "0", "0.0%", "0.0%"], [GOVERNMENT, "1", "1", "0", "0.0%", "100.0%"],
                      [AGENCY, "2", "2", "2", "100.0%", "100.0%"], ["合计", "5", "3", "2", "66.7%", "50.0%"]],
        "loss": "审结3件，其中败诉2件，败诉率66.7%（败诉率口径：全部审结案件）",
    },
    BASIS_JUDGMENTS: {
        "loss_headers": ["单位", "判决结案数", "败诉数", "败诉率（判决口径）"],
        "loss_rows": [[AGENCY, "2", "2", "100.0%"], ["合计", "2", "2", "100.0%"]],
        "half_headers": ["单位", "收案数", "判决结案数", "败诉数", "败诉率（判决口径）", "出庭率"],
        "half_rows": [[TOWN, "3", "0", "0", "—", "0.0%"], [GOVERNMENT, "1", "1", "0", "0.0%", "100.0%"],
                      [AGENCY, "2", "2", "2", "100.0%", "100.0%"], ["合计", "5", "2", "2", "100.0%", "50.0%"]],
        "loss": "审结3件，其中判决结案2件，败诉2件，败诉率（判决口径）100.0%（败诉率口径：仅判决结案",
    },
}


def _docx(path):
    from docx import Document
    document = Document(str(path))
    text = "".join(p.text for p in document.paragraphs)
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return text, tables


@pytest.mark.parametrize("basis", [BASIS_ALL, BASIS_JUDGMENTS])
def test_the_word_reports_quote_the_unit_table(ledger, basis, tmp_path):
    from xiangshan_desk.application.documents.official import (accountability_leads, half_year_report,
                                                               quarterly_loss_cases, render)
    hand = WORD_BY_HAND[basis]
    note = "共同被告案件1件在各单位分别计入，合计中按一件计。"
    # 季度败诉案件汇报材料, 2026 Q4
    text, tables = _docx(render("quarterly-loss-cases", quarterly_loss_cases(2026, 4, basis, TODAY),
                                tmp_path / "q.docx").path)
    assert f"2026年第4季度，全县行政诉讼案件{hand['loss']}" in text
    assert tables[1] == [hand["loss_headers"], *hand["loss_rows"]]
    assert note in text
    losses = [row[1] for row in tables[0][1:]]
    assert sorted(losses) == sorted([SHARED, "（2026）浙0225行初40号"])      # C1 once, A2; not the pending S2
    # 半年度行政应诉工作情况报告, 2026 H2
    text, tables = _docx(render("half-year-report", half_year_report(2026, 2, basis, TODAY), tmp_path / "h.docx").path)
    assert ("2026年下半年，全县行政诉讼案件开庭审理2件，行政机关负责人出庭应诉1件，出庭率50.0%；主要负责人出庭1件；"
            "应由主要负责人出庭1件，实际出庭1件，应出尽出率100.0%。") in text
    assert f"全县新收行政诉讼案件5件，{hand['loss']}" in text and "调撤率33.3%。" in text
    # the lapsed filing of S1 (不适用) is not among the overdue
    assert ("备案逾期1项，出庭名单备案逾期1项，风险分析报告逾期0项，裁判文书备案逾期1项，败诉个案报告逾期1项。"
            in text)
    assert tables == [[hand["half_headers"], *hand["half_rows"]]]
    assert note in text
    assert "败诉生效案件2件" in text
    # 问责线索清单: S3 alone
    text, tables = _docx(render("accountability-leads", accountability_leads(Q4, TODAY), tmp_path / "l.docx").path)
    assert "2026年第4季度共有问责线索1件" in text
    assert [row[:2] for row in tables[0][1:]] == [[TOWN, "（2026）浙0225行初43号"]]


def test_lead_lines_follow_the_official_unit_order_everywhere(db, actor, tmp_path):
    from xiangshan_desk.application.documents.official import accountability_leads, render
    # by name 县市场监督管理局 sorts before 石浦镇; units.md lists the townships first
    for unit, number in ((AGENCY, "（2026）浙0225行初60号"), (TOWN, "（2026）浙0225行初61号"),
                         (GOVERNMENT, "（2026）浙02行初62号")):
        _, p = _case(actor, unit, number, "2026-10-09")
        cases.add_hearing(actor, p, {"date": "2026-11-12", "role": "工作人员"})
    official = [TOWN, GOVERNMENT, AGENCY]
    ranks = {row.name: row.sort_order for row in Unit.select()}
    assert sorted(official, key=ranks.get) == official
    result = stats.compute(Q4, today=TODAY)
    assert [line.unit for line in stats.lead_lines(result, TODAY)] == official
    book = load_workbook(write_quarterly_stats(result, tmp_path / "q.xlsx", TODAY))
    sheet = book["问责线索"]
    assert [sheet.cell(row=r, column=1).value for r in range(3, 6)] == official
    _, tables = _docx(render("accountability-leads", accountability_leads(Q4, TODAY), tmp_path / "l.docx").path)
    assert [row[0] for row in tables[0][1:]] == official


# ---------------------------------------------------------------------------------------------
# Frozen reported figures


def test_freeze_change_and_the_difference_names_case_and_field(ledger, actor, tmp_path):
    frozen = freeze.freeze(actor, Q4, BASIS_ALL, "报县政府常务会议", today=TODAY)
    assert frozen.version == 1 and frozen.county["lost"] == 2 and frozen.note == "报县政府常务会议"
    assert freeze.differences(frozen, stats.compute(Q4, today=TODAY)) == []
    # the government's decision is corrected to 撤销: now a loss of its own
    proc = cases.case_detail(ledger["C1b"]).proceedings[0].facts.id
    cases.update_proceeding(actor, proc, {"decision": "撤销"})
    now = stats.compute(Q4, today=TODAY)
    found = freeze.differences(frozen, now)
    government = [d for d in found if d.unit == GOVERNMENT and d.figure == "败诉数"]
    assert len(government) == 1
    d = government[0]
    assert (d.old, d.new, d.case_number, d.change) == (0, 1, SHARED, "新计入")
    assert "驳回诉讼请求 → 撤销" in d.cause
    # 合计 still counts the lawsuit once: lost already (the agency lost), so no county difference in 败诉数
    assert not [d for d in found if d.unit == "合计" and d.figure == "败诉数"]
    # the workbook shows the current figures and the differences; --frozen the figures as reported
    book = load_workbook(write_quarterly_stats(now, tmp_path / "now.xlsx", TODAY))
    diff = book["与报送版本的差异"]
    assert "第1版" in diff["A1"].value
    assert any(diff.cell(row=r, column=5).value == SHARED and "撤销" in diff.cell(row=r, column=7).value
               for r in range(3, diff.max_row + 1))
    reported = load_workbook(write_quarterly_stats(now, tmp_path / "frozen.xlsx", TODAY, frozen=frozen))
    _, rows = _sheet_rows(reported["分单位统计"])
    assert rows[GOVERNMENT]["败诉数"] == 0 and "报送" in reported["分单位统计"]["A1"].value
    # freezing again keeps the first version
    second = freeze.freeze(actor, Q4, BASIS_ALL, today=TODAY)
    assert second.version == 2 and [v.version for v in freeze.versions(Q4)] == [1, 2]
    assert freeze.get(Q4, 1).units == frozen.units


def test_frozen_rows_are_untouched_by_edits_imports_and_holiday_changes(ledger, actor, tmp_path):
    from xiangshan_desk.application import holidays, importing, ledger as ledger_io
    freeze.freeze(actor, Q4, BASIS_JUDGMENTS, today=TODAY)
    stored = [(r.id, r.figures, r.case_lists, r.frozen_at, r.basis) for r in FrozenReport.select()]
    proc = cases.case_detail(ledger["S3"]).proceedings[0].facts.id
    cases.update_proceeding(actor, proc, {"filing_received": "2026-10-28", "filing_complete": True})
    cases.move_to_recycle_bin(actor, ledger["S1"])
    path, _ = ledger_io.write_ledger(tmp_path / "台账.xlsx")
    importing.import_ledger(actor, path, update_existing=True)
    holidays.apply(actor, {dt.date(2026, 10, 28): False}, "测试：临时放假")
    assert [(r.id, r.figures, r.case_lists, r.frozen_at, r.basis) for r in FrozenReport.select()] == stored
    found = freeze.differences(freeze.get(Q4), stats.compute(Q4, BASIS_JUDGMENTS, today=TODAY))
    assert any(d.figure == "备案逾期数" and d.unit == TOWN and d.change == "不再计入" for d in found)
    assert any(d.figure == "收案数" and d.unit == TOWN and d.case_number == "（2026）浙0225行初41号"
               and d.change == "不再计入" for d in found)


def test_command_line_freeze_and_frozen_export(ledger, db_path, tmp_path, actor):
    run = lambda *args: subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), *args],  # noqa: E731
                                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    done = run("freeze", "--year", "2026", "--quarter", "4", "--note", "报送")
    assert done.returncode == 0, done.stderr
    assert "第1版" in done.stdout
    frozen = freeze.get(Q4)
    # a later change does not alter the --frozen export: its cells are the frozen ones exactly
    proc = cases.case_detail(ledger["C1b"]).proceedings[0].facts.id
    cases.update_proceeding(actor, proc, {"decision": "撤销"})
    out = tmp_path / "报送.xlsx"
    done = run("export", "quarterly-stats", "--year", "2026", "--quarter", "4", "--frozen", "--out", str(out))
    assert done.returncode == 0, done.stderr
    headers, rows = _sheet_rows(load_workbook(out)["分单位统计"])
    table = frozen.table()
    assert headers == table.headers
    for row in table.rows:
        assert [rows[row.name][h] for h in headers[1:]] == ["—" if v is None else pytest.approx(v) for v in row.values]
    missing = run("export", "half-year-stats", "--year", "2026", "--half", "1", "--frozen", "--out", str(out))
    assert missing.returncode != 0 and "尚未报送冻结" in missing.stderr


def test_half_year_frozen_on_the_judgments_basis_reproduces_both_tables(ledger, db_path, tmp_path, actor):
    run = lambda *args: subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), *args],  # noqa: E731
                                       capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=120)
    done = run("freeze", "--year", "2026", "--half", "2", "--basis", "judgments")
    assert done.returncode == 0, done.stderr
    frozen = freeze.get(H2)
    assert frozen.basis == BASIS_JUDGMENTS and frozen.period.label == "2026年下半年"
    cases.move_to_recycle_bin(actor, ledger["S3"])          # changes 收案数, 开庭审理数, 备案逾期数, 问责线索数
    out = tmp_path / "半年报送.xlsx"
    done = run("export", "half-year-stats", "--year", "2026", "--half", "2", "--frozen", "1", "--out", str(out))
    assert done.returncode == 0, done.stderr
    book = load_workbook(out)
    for sheet, keys, include in (("负责人出庭情况", stats.APPEARANCE_COLUMNS, lambda counts: counts.get("heard")),
                                 ("行政应诉工作情况", stats.RESPONSE_COLUMNS, None)):
        headers, rows = _sheet_rows(book[sheet])
        table = frozen.table(keys, include)
        assert headers == table.headers
        if sheet == "行政应诉工作情况":
            assert {"判决结案数", "败诉率（判决口径）"} <= set(headers) and "败诉率" not in headers
        for row in table.rows:
            assert [rows[row.name][h] for h in headers[1:]] == \
                ["—" if v is None else pytest.approx(v) for v in row.values], (sheet, row.name)
    differences = book["与报送版本的差异"]
    found = {(differences.cell(row=r, column=1).value, differences.cell(row=r, column=2).value,
              differences.cell(row=r, column=6).value) for r in range(3, differences.max_row + 1)}
    assert ("收案数", TOWN, "不再计入") in found and ("问责线索数", "合计", "不再计入") in found
