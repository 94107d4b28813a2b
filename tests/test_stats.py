"""rules.md §7 statistics, checked against values worked out by hand for a quarter (2025 Q2)."""
import datetime as dt

import pytest

from xiangshan_desk.application import stats
from xiangshan_desk.application.stats import BASIS_JUDGMENTS, Period

from .scenarios import Q2, TODAY

D = dt.date


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
