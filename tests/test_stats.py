"""rules.md §7 statistics, checked against values worked out by hand for a quarter (2025 Q2)."""
import datetime as dt

import pytest

from xiangshan_desk.application import cases, stats
from xiangshan_desk.persistence.models import Unit
from xiangshan_desk.application.stats import BASIS_JUDGMENTS, Period

D = dt.date
TODAY = D(2025, 7, 15)
Q2 = Period.quarter(2025, 2)


def _unit(name):
    return Unit.get(Unit.name == name).id


def _case(actor, unit, number, received, plaintiff_count=1, **proc):
    saved = cases.create_case(actor, {"unit_id": _unit(unit), "plaintiffs": number},
                              {"case_number": number, "complaint_received": received,
                               "plaintiff_count": plaintiff_count, **proc})
    return saved.id, cases.case_detail(saved.id).proceedings[0].facts.id


@pytest.fixture
def quarter(db, actor):
    ids = {}
    # A1 石浦镇: received in Q2, filed on time, a deputy head appeared, lost (撤销) effective 06-19,
    # judgment received 06-03 and never filed (due 06-10)
    ids["A1"], p = _case(actor, "石浦镇", "（2025）浙0225行初1号", "2025-04-10", filing_received="2025-04-14",
                         filing_complete=True)
    cases.add_hearing(actor, p, {"date": "2025-05-20", "role": "副职负责人"})
    cases.update_proceeding(actor, p, {"judgment_received": "2025-06-03", "decision": "撤销",
                                       "effective_date": "2025-06-19"})
    # A2 石浦镇: received in Q1; two hearings in Q2, only the second with a head; dismissed, effective 05-10
    ids["A2"], p = _case(actor, "石浦镇", "（2025）浙0225行初2号", "2025-03-20", filing_received="2025-04-02",
                         filing_complete=True)
    cases.add_hearing(actor, p, {"date": "2025-04-08", "role": "工作人员"})
    cases.add_hearing(actor, p, {"date": "2025-04-22", "role": "其他分管负责人"})
    cases.update_proceeding(actor, p, {"decision": "驳回诉讼请求", "effective_date": "2025-05-10"})
    # A3 石浦镇: 60 plaintiffs, principal head appeared 06-16; risk found 06-01, report never filed (due 06-11)
    ids["A3"], p = _case(actor, "石浦镇", "（2025）浙0225行初3号", "2025-02-10", plaintiff_count=60)
    cases.add_hearing(actor, p, {"date": "2025-06-16", "role": "主要负责人"})
    cases.set_risk(actor, p, {"found_date": "2025-06-01", "source": "法院告知"})
    # A4 石浦镇: received in Q2 but in the recycle bin
    ids["A4"], _ = _case(actor, "石浦镇", "（2025）浙0225行初4号", "2025-04-20")
    cases.move_to_recycle_bin(actor, ids["A4"])
    # B1 县公安局: received 05-06, withdrawn (撤诉) effective 06-05, filing never recorded (due 05-14: missed)
    ids["B1"], p = _case(actor, "县公安局", "（2025）浙0225行初5号", "2025-05-06")
    cases.update_proceeding(actor, p, {"decision": "撤诉", "judgment_kind": "裁定", "effective_date": "2025-06-05"})
    # B2 县公安局: first-instance loss reversed on appeal, effective 04-20: concluded, not lost
    ids["B2"], p = _case(actor, "县公安局", "（2024）浙0225行初50号", "2024-11-01", filing_received="2024-11-05",
                         filing_complete=True)
    cases.update_proceeding(actor, p, {"decision": "确认违法"})
    second = cases.add_proceeding(actor, ids["B2"], {"level": "二审", "case_number": "（2025）浙02行终1号",
                                                     "complaint_received": "2025-01-10", "filing_received": "2025-01-15",
                                                     "filing_complete": True}).id
    cases.add_hearing(actor, second, {"date": "2025-03-15", "role": "副职负责人"})
    cases.update_proceeding(actor, second, {"decision": "驳回诉讼请求", "effective_date": "2025-04-20"})
    # B3 县公安局: first-instance win reversed on appeal (撤销) effective 06-25, major fault: a lead on 06-25
    ids["B3"], p = _case(actor, "县公安局", "（2024）浙0225行初40号", "2024-10-08", filing_received="2024-10-10",
                         filing_complete=True)
    cases.update_proceeding(actor, p, {"decision": "驳回诉讼请求"})
    second = cases.add_proceeding(actor, ids["B3"], {"level": "二审", "case_number": "（2025）浙02行终2号",
                                                     "complaint_received": "2025-01-20", "filing_received": "2025-01-24",
                                                     "filing_complete": True}).id
    cases.update_proceeding(actor, second, {"decision": "撤销", "effective_date": "2025-06-25"})
    cases.update_case(actor, ids["B3"], {"major_fault": True, "major_fault_reason": "未依法送达"})
    # B4 县公安局: received 06-02 (a holiday), nobody appeared on 06-30: a lead; filing never recorded (due 06-10)
    ids["B4"], p = _case(actor, "县公安局", "（2025）浙0225行初6号", "2025-06-02")
    cases.add_hearing(actor, p, {"date": "2025-06-30", "role": "未出庭"})
    # G1 象山县人民政府: county leader required, a deputy appeared; head list filed late (due 05-23, filed 05-26)
    ids["G1"], p = _case(actor, "象山县人民政府", "（2025）浙02行初1号", "2025-04-15", filing_received="2025-04-23",
                         filing_complete=True, summons_received="2025-05-20", head_list_filed="2025-05-26")
    cases.add_hearing(actor, p, {"date": "2025-06-10", "role": "副职负责人"})
    return ids


def _cases(figures, key):
    return sorted(ref.case_id for ref in figures.items[key])


def test_unit_figures_by_hand(quarter):
    ids = quarter
    result = stats.compute(Q2, today=TODAY)
    rows = {row.unit_name: row for row in result.units}
    a, b, g = rows["石浦镇"].figures, rows["县公安局"].figures, rows["象山县人民政府"].figures

    assert _cases(a, "received") == [ids["A1"]]
    assert _cases(a, "concluded") == sorted([ids["A1"], ids["A2"]])
    assert _cases(a, "lost") == [ids["A1"]]
    assert a.loss_rate() == pytest.approx(0.5) and a.loss_rate(BASIS_JUDGMENTS) == pytest.approx(0.5)
    assert _cases(a, "heard") == sorted([ids["A1"], ids["A2"], ids["A3"]])
    assert _cases(a, "head_appeared") == sorted([ids["A1"], ids["A2"], ids["A3"]])
    assert a.appearance_rate() == 1.0
    assert _cases(a, "principal_appeared") == [ids["A3"]] and _cases(a, "principal_required") == [ids["A3"]]
    assert a.principal_rate() == 1.0
    assert a.mediation_rate() == 0.0
    assert _cases(a, "filing_overdue") == []
    assert _cases(a, "judgment_filing_overdue") == [ids["A1"]]
    assert _cases(a, "risk_report_overdue") == [ids["A3"]]
    assert _cases(a, "leads") == []

    assert _cases(b, "received") == sorted([ids["B1"], ids["B4"]])
    assert _cases(b, "concluded") == sorted([ids["B1"], ids["B2"], ids["B3"]])
    assert _cases(b, "lost") == [ids["B3"]]
    assert b.loss_rate() == pytest.approx(1 / 3)
    assert b.loss_rate(BASIS_JUDGMENTS) == pytest.approx(0.5)      # the withdrawal leaves the denominator
    assert _cases(b, "heard") == [ids["B4"]] and b.appearance_rate() == 0.0
    assert b.principal_rate() is None
    assert b.mediation_rate() == pytest.approx(1 / 3)
    assert _cases(b, "filing_overdue") == sorted([ids["B1"], ids["B4"]])
    assert _cases(b, "leads") == sorted([ids["B3"], ids["B4"]])

    assert _cases(g, "received") == [ids["G1"]]
    assert g.count("concluded") == 0 and g.loss_rate() is None and stats.format_rate(g.loss_rate()) == "—"
    assert _cases(g, "head_appeared") == [ids["G1"]]
    assert _cases(g, "principal_required") == [ids["G1"]] and g.principal_rate() == 0.0
    assert _cases(g, "head_list_overdue") == [ids["G1"]]
    assert g.count("filing_overdue") == 0

    assert result.flagged(rows["石浦镇"]) and result.flagged(rows["县公安局"])
    assert not result.flagged(rows["象山县人民政府"])
    assert {row.unit_name for row in result.units_with_figures()} == {"石浦镇", "县公安局", "象山县人民政府"}


def test_county_figures_by_hand(quarter):
    county = stats.compute(Q2, today=TODAY).county
    assert [county.count(k) for k in ("received", "concluded", "lost", "heard", "head_appeared",
                                      "principal_appeared", "principal_required", "mediated_or_withdrawn",
                                      "filing_overdue", "head_list_overdue", "risk_report_overdue",
                                      "judgment_filing_overdue", "loss_report_overdue", "leads")] == \
        [4, 5, 2, 5, 4, 1, 2, 1, 2, 1, 1, 1, 0, 2]
    assert county.loss_rate() == pytest.approx(0.4)
    assert county.loss_rate(BASIS_JUDGMENTS) == pytest.approx(0.5)
    assert county.appearance_rate() == pytest.approx(0.8)
    assert county.principal_rate() == pytest.approx(0.5)
    assert county.mediation_rate() == pytest.approx(0.2)


def test_case_lists_name_the_cases(quarter):
    result = stats.compute(Q2, today=TODAY)
    lost = stats.lines(result, result.county.items["lost"])
    # in the official unit order (units.md): the townships before the county departments
    assert [(line.case_number, line.unit) for line in lost] == [("（2025）浙0225行初1号", "石浦镇"),
                                                                ("（2025）浙02行终2号", "县公安局")]
    leads = {line.case_number: line.detail for line in stats.lead_lines(result, TODAY)}
    assert "重大过错" in leads["（2025）浙02行终2号"] and "未依法送达" in leads["（2025）浙02行终2号"]
    assert "拒不到庭" in leads["（2025）浙0225行初6号"]
    appearance = {line.case_number: line for line in stats.appearance_lines(result)}
    assert appearance["（2025）浙02行初1号"].required == "分管县领导"
    assert appearance["（2025）浙02行初1号"].compliance.startswith("不符合")
    assert appearance["（2025）浙0225行初2号"].compliance == "符合要求"


def test_quarter_without_concluded_cases_shows_dash(quarter):
    result = stats.compute(Period.quarter(2024, 3), today=TODAY)
    assert result.county.count("concluded") == 0
    assert stats.format_rate(result.county.loss_rate()) == "—"
    assert result.units_with_figures() == []


def test_periods():
    assert (Period.quarter(2025, 4).start, Period.quarter(2025, 4).end) == (D(2025, 10, 1), D(2025, 12, 31))
    assert (Period.quarter(2025, 1).end, Period.half(2025, 2).start) == (D(2025, 3, 31), D(2025, 7, 1))
    assert Period.year(2025).label == "2025年"


def test_counted_figures_match_the_cases_listed_behind_them(db):
    """The figures are counted in SQL and the lists read separately: on varied demo data they must agree."""
    from xiangshan_desk.application import demo
    demo.generate(400, seed=3, today=TODAY)
    for quarter in (1, 2, 3, 4):
        result = stats.compute(Period.quarter(2024, quarter), today=TODAY)
        assert result.county.count("received") > 0
        for figures in [row.figures for row in result.units] + [result.county]:
            for key in stats._KEYS:
                assert figures.count(key) == len(figures.items[key]), (quarter, key)
        assert set(result.unit_of_case) == {ref.case_id for refs in result.county.items.values() for ref in refs}
