"""The database: migrations, seed data, pragmas, stored deadlines, holiday table, audit trail."""
import datetime as dt

import pytest

from xiangshan_desk.application import cases
from xiangshan_desk.application.audit import audit_trail
from xiangshan_desk.application.holidays import set_holiday_days, set_year_complete
from xiangshan_desk.persistence import db as dbmod
from xiangshan_desk.application import bootstrap
from xiangshan_desk.persistence import paths
from xiangshan_desk.domain.errors import AppError, ConflictError, SchemaTooNewError
from xiangshan_desk.persistence.models import AuditEntry, Case, Deadline, Proceeding, Unit

D = dt.date


def _unit(name="石浦镇"):
    return Unit.get(Unit.name == name).id


def test_first_start_seeds_the_units_of_units_md(db):
    assert Unit.select().count() == 52
    kinds = {u.name: u.kind for u in Unit.select()}
    assert kinds["高塘岛乡"] == "镇乡街道" and kinds["象山县人民政府"] == "县政府"
    assert kinds["县信访局"] == "县级部门" and kinds["象山县消防救援大队"] == "垂直管理"
    assert sum(1 for k in kinds.values() if k == "镇乡街道") == 18


def test_seeding_happens_once_and_keeps_clerks_edits(db_path):
    bootstrap.open_workspace(db_path)
    Unit.update(principal_head_name="王某").where(Unit.name == "石浦镇").execute()
    dbmod.close_database()
    bootstrap.open_workspace(db_path)
    assert Unit.select().count() == 52
    assert Unit.get(Unit.name == "石浦镇").principal_head_name == "王某"
    dbmod.close_database()


@pytest.mark.sqlite_only
def test_sqlite_runs_in_wal_with_foreign_keys(db):
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2


def test_default_database_is_in_the_user_data_folder(private_data_dir):
    assert paths.default_db_path().parent == private_data_dir
    assert paths.default_db_path().name.endswith(".sqlite3")


def test_database_newer_than_the_program_is_refused(db_path):
    database = bootstrap.open_workspace(db_path)
    database.execute_sql("INSERT INTO schema_migration (name, applied) VALUES ('0999_future', '2030-01-01')")
    dbmod.close_database()
    with pytest.raises(SchemaTooNewError, match="较新版本") as info:
        bootstrap.open_workspace(db_path)
    assert "较新版本" in info.value.message and "0999_future" in info.value.message
    dbmod.close_database()


def test_a_file_that_is_not_a_database_is_refused_and_kept(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(AppError, match="不是本程序的数据库") as info:
        bootstrap.open_workspace(path)
    assert "不是本程序的数据库" in info.value.message
    assert path.read_bytes() == b"this is not a database" * 100
    dbmod.close_database()


def _register(actor, **proc):
    return cases.create_case(actor, {"unit_id": _unit(), "plaintiffs": "李四", "cause": "行政处罚"},
                             {"case_number": "(2025)浙0225行初101号", **proc})


def test_create_case_stores_deadlines_and_audit(db, actor):
    saved = _register(actor, complaint_received="2025-03-07")
    rows = {d.kind: d for d in Deadline.select().where(Deadline.case == saved.id)}
    assert rows["defense_due"].due == D(2025, 3, 24) and rows["filing_due"].due == D(2025, 3, 17)
    assert not rows["filing_due"].closed
    detail = cases.case_detail(saved.id, today=D(2025, 3, 10))
    assert detail.proceedings[0].facts.case_number == "（2025）浙0225行初101号"
    entries = audit_trail(saved.id)
    assert {e.field for e in entries} >= {"被告单位", "案号"}
    assert entries[0].operator == "测试员" and entries[0].os_user == "tester"


def test_recording_the_filing_closes_the_deadline(db, actor):
    saved = _register(actor, complaint_received="2025-03-07")
    proc_id = cases.case_detail(saved.id).proceedings[0].facts.id
    cases.update_proceeding(actor, proc_id, {"filing_received": "2025-03-14", "filing_complete": True})
    filing = Deadline.get((Deadline.case == saved.id) & (Deadline.kind == "filing_due"))
    assert filing.closed and filing.done == D(2025, 3, 14)
    forward = Deadline.get((Deadline.case == saved.id) & (Deadline.kind == "forward_due"))
    assert forward.due == D(2025, 3, 19)
    change = [e for e in audit_trail(saved.id) if e.field == "备案日期"][0]
    assert (change.old_value, change.new_value) == (None, "2025-03-14")


def test_impossible_dates_are_refused_and_nothing_changes(db, actor):
    saved = _register(actor, complaint_received="2025-03-07")
    proc_id = cases.case_detail(saved.id).proceedings[0].facts.id
    with pytest.raises(AppError, match="不能早于") as info:
        cases.update_proceeding(actor, proc_id, {"filing_received": "2025-03-01"})
    assert "不能早于" in info.value.message and info.value.field == "filing_received"
    with pytest.raises(AppError, match="收到裁判文书日期“2025-02-30”不是存在的日期"):
        cases.update_proceeding(actor, proc_id, {"judgment_received": "2025-02-30"})
    assert cases.case_detail(saved.id).proceedings[0].facts.filing_received is None


def test_a_count_beyond_what_the_database_holds_is_refused_in_chinese(db, actor):
    saved = _register(actor, complaint_received="2025-03-07")
    proc = cases.case_detail(saved.id).proceedings[0].facts.id
    for count in (2_147_483_648, 10**12, 1_000_001):
        with pytest.raises(AppError, match="原告人数不能大于 1000000") as info:
            cases.update_proceeding(actor, proc, {"plaintiff_count": count})
        assert "原告人数不能大于 1000000" in info.value.message
    assert Proceeding.get_by_id(proc).plaintiff_count == 1
    cases.update_proceeding(actor, proc, {"plaintiff_count": 1_000_000})
    assert Proceeding.get_by_id(proc).plaintiff_count == 1_000_000


def test_unusual_values_warn_but_save(db, actor):
    saved = cases.create_case(actor, {"unit_id": _unit()},
                              {"case_number": "（2015）象行初字第14号", "complaint_received": "2025-03-07"})
    assert any("案号" in w for w in saved.warnings)
    assert Case.get_by_id(saved.id).proceedings[0].case_number == "（2015）象行初字第14号"


def test_stale_version_is_a_conflict(db, actor):
    saved = _register(actor)
    version = cases.case_detail(saved.id).version
    cases.update_case(actor, saved.id, {"cause": "政府信息公开"}, expected_version=version)
    with pytest.raises(ConflictError, match="该案件已被其他人修改，请核对后重新保存"):
        cases.update_case(actor, saved.id, {"cause": "行政许可"}, expected_version=version)
    assert cases.case_detail(saved.id).values["cause"] == "政府信息公开"


def test_holiday_entry_recomputes_only_affected_deadlines(schedule_ending_2026, db, actor):
    late = _register(actor, complaint_received="2026-12-20")
    other = cases.create_case(actor, {"unit_id": _unit()},
                              {"case_number": "（2025）浙0225行初102号", "complaint_received": "2025-03-07"})
    defense = Deadline.get((Deadline.case == late.id) & (Deadline.kind == "defense_due"))
    assert defense.due == D(2027, 1, 4) and defense.unconfirmed
    recomputed = set_holiday_days(actor, {D(2027, 1, 1): False, D(2027, 1, 4): False, D(2027, 1, 5): True})
    assert recomputed == 1
    defense = Deadline.get((Deadline.case == late.id) & (Deadline.kind == "defense_due"))
    assert defense.due == D(2027, 1, 5) and not defense.unconfirmed
    untouched = Deadline.get((Deadline.case == other.id) & (Deadline.kind == "defense_due"))
    assert untouched.due == D(2025, 3, 24)
    assert AuditEntry.select().where(AuditEntry.entity == "holiday").count() == 3


def test_marking_a_year_complete_needs_a_source_and_clears_unconfirmed(schedule_ending_2026, db, actor):
    saved = _register(actor, complaint_received="2026-12-24")   # 12-24 + 15 = 2027-01-08
    with pytest.raises(AppError, match="请填写节假日安排的来源"):
        set_year_complete(actor, 2027, True, "")
    set_year_complete(actor, 2027, True, "国办发明电〔2026〕X号")
    defense = Deadline.get((Deadline.case == saved.id) & (Deadline.kind == "defense_due"))
    assert defense.due == D(2027, 1, 8) and not defense.unconfirmed


def test_hearing_with_staff_only_makes_a_lead(db, actor):
    saved = _register(actor, complaint_received="2025-03-07")
    proc_id = cases.case_detail(saved.id).proceedings[0].facts.id
    cases.add_hearing(actor, proc_id, {"date": "2025-05-06", "attendee": "赵某", "role": "工作人员"})
    detail = cases.case_detail(saved.id, today=D(2025, 6, 1))
    assert detail.proceedings[0].compliance.reason == "仅工作人员或律师出庭"
    assert [r.number for r in detail.lead.reasons] == [4]


def test_second_instance_links_to_the_first(db, actor):
    saved = _register(actor, complaint_received="2025-03-07")
    first_id = cases.case_detail(saved.id).proceedings[0].facts.id
    cases.update_proceeding(actor, first_id, {"judgment_received": "2025-06-03", "decision": "撤销"})
    second = cases.add_proceeding(actor, saved.id, {"level": "二审", "case_number": "(2025)浙02行终9号",
                                                     "complaint_received": "2025-06-25"})
    detail = cases.case_detail(saved.id, today=D(2025, 7, 1))
    assert [p.facts.level for p in detail.proceedings] == ["一审", "二审"]
    assert detail.proceedings[1].facts.parent_id == first_id and second.id == detail.proceedings[1].facts.id
    # the first instance was superseded: its unrecorded filing is missed, not on the to-do list
    first_filing = {s.kind.id: s for s in detail.proceedings[0].deadlines}["filing_due"]
    assert first_filing.status.value == "未办理"
    cases.update_proceeding(actor, second.id, {"decision": "维持原判", "effective_date": "2025-09-01"})
    detail = cases.case_detail(saved.id, today=D(2025, 9, 2))
    assert detail.outcome.is_loss and detail.outcome.effective_date == D(2025, 9, 1)
    loss = Deadline.get((Deadline.case == saved.id) & (Deadline.kind == "loss_report_due"))
    assert loss.due == D(2025, 9, 22) and loss.proceeding_id == second.id


def test_recycle_bin_round_trip(db, actor):
    saved = _register(actor)
    cases.move_to_recycle_bin(actor, saved.id)
    assert cases.count_cases() == 0 and cases.case_detail(saved.id).deleted
    with pytest.raises(AppError, match="案件不存在或已在回收站中"):
        cases.move_to_recycle_bin(actor, saved.id)
    cases.restore_case(actor, saved.id)
    assert cases.count_cases() == 1


def test_unit_with_cases_cannot_be_deleted(db, actor):
    _register(actor)
    import peewee
    # the database itself refuses (ON DELETE RESTRICT)
    with pytest.raises(peewee.IntegrityError, match="(?i)foreign key"):
        Unit.get_by_id(_unit()).delete_instance()


def test_save_case_is_one_transaction(db, actor):
    saved = cases.save_case(actor, None, {"unit_id": _unit(), "plaintiffs": "王五"},
                            None, {"case_number": "（2025）浙0225行初5号", "complaint_received": "2025-03-07"},
                            {"found_date": "2025-03-20", "source": "自行排摸"})
    detail = cases.case_detail(saved.id)
    assert detail.facts.proceedings[0].risk_found == D(2025, 3, 20)
    proc = detail.proceedings[0]
    # a refused risk record rolls back the case change made in the same save
    with pytest.raises(AppError, match="风险来源的值“别处”不在可选范围内"):
        cases.save_case(actor, saved.id, {"cause": "行政许可", "unit_id": _unit("县公安局")}, proc.facts.id,
                        {"court": "象山县人民法院"}, {"found_date": "2025-03-20", "source": "别处"},
                        detail.version, proc.version)
    again = cases.case_detail(saved.id)
    assert again.values["cause"] == "" and again.unit_name == "石浦镇" and again.proceedings[0].court == ""
    cases.save_case(actor, saved.id, {"unit_id": _unit("县公安局")}, proc.facts.id, {}, None,
                    detail.version, proc.version)
    assert cases.case_detail(saved.id).unit_name == "县公安局"


def test_empty_recycle_bin_deletes_for_good_and_records_it(db, actor):
    keep = _register(actor)
    doomed = cases.create_case(actor, {"unit_id": _unit()}, {"case_number": "（2025）浙0225行初9号"})
    cases.move_to_recycle_bin(actor, doomed.id)
    assert cases.empty_recycle_bin(actor) == 1
    assert Case.get_or_none(Case.id == doomed.id) is None and Case.get_or_none(Case.id == keep.id)
    assert AuditEntry.select().where((AuditEntry.case_id == doomed.id)
                                     & (AuditEntry.action.contains("清空回收站"))).count() == 1


@pytest.mark.sqlite_only
def test_a_database_from_before_the_appearance_columns_gets_them_computed(db_path, actor):
    """Schema 0005 (before the derived appearance columns of 0006 and the per-proceeding facts of 0007): the case
    holds 败诉风险较高; after the upgrade its proceeding does, and the figures count it."""
    from xiangshan_desk.application import stats

    from .old_schema import insert, open_at
    database = open_at(db_path, "0005_assessment_rules")
    case_id = insert(database, "case", {"unit_id": _unit(), "plaintiffs": "李四", "cause": "行政处罚",
                                        "plaintiff_count": 60, "high_risk": 1, "version": 1})
    proc_id = insert(database, "proceeding", {"case_id": case_id, "level": "一审", "case_number":
                                              "（2025）浙0225行初102号", "complaint_received": "2025-03-07",
                                              "judgment_kind": "判决", "version": 1})
    insert(database, "hearing", {"proceeding_id": proc_id, "date": "2025-05-06", "attendee": "王某",
                                 "role": "主要负责人"})
    database.close()
    bootstrap.open_workspace(db_path)
    try:
        from xiangshan_desk.persistence.models import Proceeding
        upgraded = Proceeding.get_by_id(proc_id)
        assert (upgraded.plaintiff_count, upgraded.high_risk, upgraded.major_public_interest) == (60, True, False)
        figures = stats.compute(stats.Period.quarter(2025, 2)).county
        assert figures.count("heard") == 1
        assert figures.count("principal_required") == 1
        assert figures.count("head_appeared") == 1 and figures.count("principal_appeared") == 1
        assert figures.principal_rate() == 1.0
    finally:
        dbmod.close_database()


@pytest.mark.sqlite_only
def test_an_upgraded_database_gets_the_unconfirmed_marks_of_its_case_list(schedule_ending_2026, db_path):
    """Schema 0009 (before the case list's 未确认 marks of 0010): after the upgrade every case is recomputed, so a
    case whose deadlines fall in a year without a holiday schedule (2027 here) is marked, and a confirmed one not."""
    from xiangshan_desk.application import caselist

    from .old_schema import insert, open_at
    database = open_at(db_path, "0009_frozen_figures")
    numbers = {"2026-12-20": "（2026）浙0225行初81号", "2026-03-06": "（2026）浙0225行初82号"}
    ids = {}
    for received, number in numbers.items():
        ids[received] = insert(database, "case", {"unit_id": _unit(), "plaintiffs": "李四", "cause": "行政处罚",
                                                  "version": 1})
        insert(database, "proceeding", {"case_id": ids[received], "level": "一审", "case_number": number,
                                        "complaint_received": received, "judgment_kind": "判决", "version": 1,
                                        "unit_id": _unit()})
    database.close()
    bootstrap.open_workspace(db_path)
    try:
        late, confirmed = caselist.rows_by_ids([ids["2026-12-20"], ids["2026-03-06"]])
        assert (late.defense_due, late.next_due_kind) == (D(2027, 1, 4), "filing_due")
        assert late.defense_due_unconfirmed and late.filing_due_unconfirmed and late.next_due_unconfirmed
        assert confirmed.defense_due == D(2026, 3, 23)
        assert not (confirmed.defense_due_unconfirmed or confirmed.filing_due_unconfirmed
                    or confirmed.next_due_unconfirmed)
        assert not Case.select().where(Case.defense_due.is_null()).exists()
    finally:
        dbmod.close_database()
