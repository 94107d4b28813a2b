"""Demo data: reproducible for a seed, every stage represented, never written over real cases."""
import pytest

from xiangshan_desk.application import demo
from xiangshan_desk.application.bootstrap import open_workspace
from xiangshan_desk.persistence.db import close_database
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import Case, Hearing, Proceeding, RiskRecord


def _fingerprint():
    return (sorted(Proceeding.select(Proceeding.case_number, Proceeding.decision).tuples()),
            Hearing.select().count(), RiskRecord.select().count())


def test_reproducible_and_varied(tmp_path):
    open_workspace(tmp_path / "a.sqlite3")
    assert demo.generate(400, seed=3) == 400
    first = _fingerprint()
    stages = {
        "二审": Proceeding.select().where(Proceeding.level == "二审").count(),
        "败诉": Case.select().where(Case.is_loss == True).count(),  # noqa: E712
        "在办": Case.select().where(Case.concluded == False).count(),  # noqa: E712
        "县政府": Case.select().join(Proceeding).where(Proceeding.case_number.contains("浙02行初")).count(),
        "逾期": Case.select().where(Case.earliest_open_due.is_null(False)).count(),
        "线索": Case.select().where(Case.lead_date.is_null(False)).count(),
    }
    assert all(stages.values()), stages
    close_database()
    open_workspace(tmp_path / "b.sqlite3")
    demo.generate(400, seed=3)
    assert _fingerprint() == first
    with pytest.raises(AppError, match="已有案件") as info:
        demo.generate(10, seed=3)
    assert "已有案件" in info.value.message
    close_database()


def test_demo_data_records_nothing_after_today(db):
    """issue #21: demo data reads like a real ledger: no act, effect, performance or appearance dated later."""
    import datetime as dt

    from xiangshan_desk.application.demo import generate
    from xiangshan_desk.persistence.models import Hearing, PerformanceRecord, Proceeding
    today = dt.date.today()
    generate(400, seed=5)
    for field in ("defense_submitted", "filing_received", "forwarded", "summons_received", "head_list_filed",
                  "judgment_received", "judgment_served", "judgment_filed", "effective_date"):
        column = getattr(Proceeding, field)
        assert not Proceeding.select().where(column > today).exists(), field
    assert not PerformanceRecord.select().where(PerformanceRecord.date > today).exists()
    assert not Hearing.select().where((Hearing.date > today) & Hearing.role.is_null(False)).exists()


def test_demo_registers_heads_and_county_leaders_and_uses_them(db):
    """issue #21: heads and county leaders registered for the units; a township's people hold township posts; the
    principal head who appears in court is the one registered for the unit."""
    from xiangshan_desk.domain import rules
    from xiangshan_desk.application.demo import generate
    from xiangshan_desk.persistence.models import CountyLeader, Unit
    generate(400, seed=5)
    leaders = list(CountyLeader.select())
    assert leaders and all(leader.name and leader.post == "副县长" and leader.portfolio for leader in leaders)
    units = list(Unit.select().where(Unit.active == True))  # noqa: E712
    assert all(u.principal_head_name and u.principal_head_post for u in units)
    assert all(u.leader_id for u in units if u.kind != rules.KIND_COUNTY_GOVERNMENT)
    township_heads = {u.name: u.principal_head_post for u in units if u.kind == rules.KIND_TOWNSHIP}
    assert township_heads["石浦镇"] == "镇长" and township_heads["东陈乡"] == "乡长"
    assert township_heads["丹东街道"] == "街道办事处主任"
    assert Unit.get(Unit.name == "县公安局").principal_head_post == "局长"
    assert Unit.get(Unit.name == "宁波市自然资源和规划局象山分局").leader.portfolio.startswith("自然资源")

    attended = list(Hearing.select(Hearing, Proceeding, Case, Unit).join(Proceeding).join(Case).join(Unit)
                    .where(Hearing.attendee != ""))
    township = [h for h in attended if h.proceeding.case.unit.kind == rules.KIND_TOWNSHIP]
    assert township and not [h.attendee_post for h in township if "局" in h.attendee_post]
    principals = [h for h in attended if h.role == rules.ROLE_PRINCIPAL]
    assert principals and all((h.attendee, h.attendee_post) == (h.proceeding.case.unit.principal_head_name,
                                                                 h.proceeding.case.unit.principal_head_post)
                              for h in principals)
    names = {leader.name for leader in leaders}
    assert all(h.attendee in names for h in attended if h.role == rules.ROLE_COUNTY_LEADER)


def test_demo_keeps_the_heads_a_clerk_registered(db):
    from xiangshan_desk.application.demo import generate
    from xiangshan_desk.persistence.models import Unit
    Unit.update(principal_head_name="林海", principal_head_post="镇长").where(Unit.name == "石浦镇").execute()
    generate(30, seed=2)
    assert (Unit.get(Unit.name == "石浦镇").principal_head_name, Unit.get(Unit.name == "石浦镇").principal_head_post) \
        == ("林海", "镇长")


def test_demo_risk_records_have_text(db):
    from xiangshan_desk.application.demo import generate
    generate(400, seed=5)
    risks = list(RiskRecord.select())
    assert risks
    assert all(r.basic_facts and r.risk_points for r in risks)
    assert all(r.measures and r.resolution_plan for r in risks if r.report_filed)
    assert any("提起行政诉讼" in r.basic_facts for r in risks)


def test_demo_typical_cases_are_titled_after_their_outcome(db):
    from xiangshan_desk.application.demo import generate
    from xiangshan_desk.persistence.models import TypicalCase
    words = {"撤销": "撤销", "部分撤销": "部分", "变更": "变更", "确认违法": "确认违法", "确认违法但不撤销": "不撤销",
             "确认无效": "无效", "责令履行法定职责": "履行", "判决给付": "给付", "行政协议继续履行": "继续履行",
             "行政协议采取补救措施": "补救", "行政协议赔偿或补偿": "赔偿", "行政赔偿": "赔偿"}
    generate(1500, seed=4)
    typical = list(TypicalCase.select())
    assert typical
    outcomes = set()
    for row in typical:
        case = Case.get_by_id(row.case_id)
        outcomes.add(case.outcome)
        assert words[case.outcome] in row.title, (case.outcome, row.title)
        assert case.is_loss
    assert len(outcomes) > 1                        # not one title for every case


def test_demo_records_nothing_after_today_anywhere(db):
    """issue #21: besides the acts of a proceeding, no risk, report, suggestion, reply or training is dated later."""
    import datetime as dt

    from xiangshan_desk.application.demo import generate
    from xiangshan_desk.persistence.models import JudicialSuggestion, PerformanceRecord, Training
    today = dt.date.today()
    generate(600, seed=8)
    for model, field in ((RiskRecord, "found_date"), (RiskRecord, "report_filed"), (Case, "loss_report_submitted"),
                         (Case, "effective_date"), (PerformanceRecord, "date"), (JudicialSuggestion, "received"),
                         (JudicialSuggestion, "reply_date"), (Training, "date")):
        assert not model.select().where(getattr(model, field) > today).exists(), (model.__name__, field)


def test_demo_people_are_the_same_for_a_seed(tmp_path):
    from xiangshan_desk.persistence.models import CountyLeader, Unit

    def people():
        return (sorted(Unit.select(Unit.name, Unit.principal_head_name, Unit.principal_head_post).tuples()),
                sorted(CountyLeader.select(CountyLeader.name, CountyLeader.portfolio).tuples()),
                sorted(Hearing.select(Hearing.date, Hearing.attendee, Hearing.attendee_post).tuples()))
    open_workspace(tmp_path / "a.sqlite3")
    demo.generate(200, seed=6)
    first = people()
    close_database()
    open_workspace(tmp_path / "b.sqlite3")
    demo.generate(200, seed=6)
    assert people() == first
    close_database()
