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
    with pytest.raises(AppError) as info:
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
