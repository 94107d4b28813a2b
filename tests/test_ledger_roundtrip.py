"""Issue #25 finding 4: `export ledger` then `import` into a new database gives back every stored fact of every
case (the demo data: scheduled hearings, rulings, reasons, hearing places, risk texts, posting, …).

The issue asks for 20,000 cases; CI runs 2,000 (the same code paths) unless XIANGSHAN_ROUNDTRIP_CASES says more."""
import os

import pytest

from xiangshan_desk.application import cases
from xiangshan_desk.persistence import db as dbmod
from xiangshan_desk.application import bootstrap
from xiangshan_desk.persistence.models import Case, Hearing, PerformanceRecord, Proceeding, RiskRecord

CASES = int(os.environ.get("XIANGSHAN_ROUNDTRIP_CASES", "2000"))
PROCEEDING = [name for name in cases.PROCEEDING_FIELDS if name != "parent_id"]
CASE = [name for name in cases.CASE_FIELDS if name != "unit_id"]
HEARING = list(cases.HEARING_FIELDS)
RISK = list(cases.RISK_FIELDS)


def _facts() -> dict:
    """Every stored fact, keyed by (unit, 案号) of its proceeding."""
    procs = Proceeding.select(Proceeding, Case).join(Case).where(Case.deleted_at.is_null())
    parents = {p.id: p.case_number for p in Proceeding.select(Proceeding.id, Proceeding.case_number)}
    hearings: dict[int, list] = {}
    for h in Hearing.select().order_by(Hearing.date, Hearing.id):
        hearings.setdefault(h.proceeding_id, []).append(tuple(getattr(h, name) for name in HEARING))
    risks = {r.proceeding_id: tuple(getattr(r, name) for name in RISK) for r in RiskRecord.select()}
    performance: dict[int, tuple] = {}
    for record in PerformanceRecord.select().order_by(PerformanceRecord.date, PerformanceRecord.id):
        performance[record.case_id] = (record.state, record.date)
    result = {}
    for p in procs:
        case = p.case
        result[(case.unit_id, p.case_number)] = {
            "proceeding": tuple(getattr(p, name) for name in PROCEEDING),
            "parent": parents.get(p.parent_id),
            "case": tuple(getattr(case, name) for name in CASE),
            "hearings": hearings.get(p.id, []), "risk": risks.get(p.id),
            "performance": performance.get(case.id),
        }
    return result


def _every_field_once(actor) -> None:
    """What the demo never fills: posting, risk texts, a good reason for absence, notes on several lines, a
    co-defendant link, a ruling served and pending effect."""
    from xiangshan_desk.persistence.models import Unit
    unit = Unit.get(Unit.name == "石浦镇").id
    saved = cases.create_case(actor, {"unit_id": unit, "plaintiffs": "甲公司\n乙公司", "cause": "行政许可",
                                      "notes": "第一行\n第二行", "co_defendant_group": "GX-1",
                                      "major_fault": True, "major_fault_reason": "未依法送达"},
                              {"case_number": "（2026）浙0225行初9001号", "court": "象山县人民法院", "complaint_received": "2026-03-02",
                               "defense_submitted": "2026-03-16", "defense_submission": "邮寄",
                               "filing_received": "2026-03-09", "filing_submission": "网上", "filing_complete": True,
                               "tracking_numbers": "EMS1；EMS2", "plaintiff_count": 55, "high_attention": True})
    proc = cases.case_detail(saved.id).proceedings[0].facts.id
    cases.add_hearing(actor, proc, {"date": "2026-04-20", "place": "第三法庭", "role": "未出庭",
                                    "absence_reason": "突发疾病，已向法院请假"})
    cases.set_risk(actor, proc, {"found_date": "2026-03-20", "source": "自行排摸", "report_filed": "2026-03-25",
                                 "basic_facts": "基本情况", "risk_points": "风险点", "measures": "措施",
                                 "resolution_plan": "方案"})
    cases.update_proceeding(actor, proc, {"judgment_received": "2026-05-06", "judgment_served": "2026-05-06",
                                          "judgment_kind": "裁定", "decision": "驳回起诉",
                                          "decision_reasons": "超过起诉期限", "effective_date": "2099-05-17"})


@pytest.mark.sqlite_only
def test_export_then_import_gives_back_every_fact(db_path, tmp_path, actor):
    from xiangshan_desk.application.demo import generate
    from xiangshan_desk.application.importing import import_ledger
    from xiangshan_desk.application.ledger import write_ledger
    bootstrap.open_workspace(db_path)
    generate(CASES, seed=11)
    _every_field_once(actor)
    before = _facts()
    ledger, rows = write_ledger(tmp_path / "台账.xlsx")
    dbmod.close_database()
    assert any(h[4] is None for fact in before.values() for h in fact["hearings"])     # scheduled hearings
    bootstrap.open_workspace(tmp_path / "new.sqlite3")
    try:
        report = import_ledger(actor, ledger)
        assert report.refused == [], [r.as_dict() for r in report.refused[:5]]
        after = _facts()
    finally:
        dbmod.close_database()
    assert after.keys() == before.keys()
    differences = [(key, part) for key, fact in before.items() for part in fact if after[key][part] != fact[part]]
    assert differences == [], [(k, p, before[k][p], after[k][p]) for k, p in differences[:5]]
