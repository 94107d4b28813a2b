"""Case identity (rules.md §6, 2026-12): a proceeding is (unit, 案号); co-defendant cases share a 案号."""
import os
import subprocess
import sys

import peewee
import pytest
from docx import Document

from xiangshan_desk.application import cases, identity, reference
from xiangshan_desk.persistence import db as dbmod
from xiangshan_desk.application import bootstrap
from xiangshan_desk.application.documents import official
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import AuditEntry, Case, Proceeding, Unit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NUMBER = "（2026）浙0225行初37号"
AGENCY, GOVERNMENT = "宁波市自然资源和规划局象山分局", "象山县人民政府"


def _unit(name):
    return Unit.get(Unit.name == name).id


def _register(actor, unit, number=NUMBER, plaintiffs="甲公司", cause="行政许可", **proc):
    return cases.create_case(actor, {"unit_id": _unit(unit), "plaintiffs": plaintiffs, "cause": cause},
                             {"case_number": number, "complaint_received": "2026-03-02", **proc}).id


@pytest.fixture
def co_defendants(db, actor):
    """An agency and the county government (its reconsideration body) sued in one lawsuit."""
    agency = _register(actor, AGENCY, plaintiffs="甲公司", cause="行政许可")
    government = _register(actor, GOVERNMENT, plaintiffs="甲公司", cause="行政复议")
    return agency, government


def test_the_same_unit_cannot_register_a_case_number_twice(db, actor):
    first = _register(actor, "石浦镇")
    with pytest.raises(identity.DuplicateCaseNumber, match="石浦镇已有案号为（2026）浙0225行初37号") as info:
        _register(actor, "石浦镇", number="(2026)浙0225行初37号")       # half-width brackets: the same number
    assert info.value.existing.case_id == first and info.value.field == "case_number"
    assert Proceeding.select().count() == 1


def test_the_database_itself_refuses_a_duplicate(db, actor):
    first = _register(actor, "石浦镇")
    proc = Proceeding.get(Proceeding.case == first)
    other = Case.create(unit=_unit("石浦镇"))
    with pytest.raises(peewee.IntegrityError, match="(?i)unique"):
        with dbmod.database.atomic():
            Proceeding.create(case=other, level="一审", case_number=NUMBER, unit=proc.unit_id)


def test_co_defendants_share_a_number_and_are_linked(co_defendants):
    agency, government = co_defendants
    assert [ref.case_id for ref in identity.co_defendants(agency)] == [government]
    assert [ref.unit for ref in identity.co_defendants(government)] == [AGENCY]
    assert {ref.case_id: ref.unit for ref in identity.cases_with_number(NUMBER)} == {agency: AGENCY,
                                                                                       government: GOVERNMENT}


def test_a_shared_number_needs_the_unit(co_defendants):
    agency, government = co_defendants
    with pytest.raises(identity.AmbiguousCaseNumber, match="--unit") as info:
        identity.find_proceeding(NUMBER)
    assert AGENCY in info.value.message and GOVERNMENT in info.value.message and "--unit" in info.value.message
    assert identity.find_proceeding(NUMBER, GOVERNMENT).case_id == government
    with pytest.raises(AppError, match="石浦镇没有案号"):
        identity.find_proceeding(NUMBER, "石浦镇")


def test_each_co_defendant_gets_its_own_filing_checklist(co_defendants, tmp_path):
    agency, government = co_defendants
    for case_id, unit, cause in ((agency, AGENCY, "行政许可"), (government, GOVERNMENT, "行政复议")):
        proc = Proceeding.get(Proceeding.case == case_id).id
        path = official.render("filing-checklist", official.filing_checklist(proc), tmp_path / f"{case_id}.docx").path
        text = "\n".join(cell.text for table in Document(str(path)).tables for row in table.rows for cell in row.cells)
        assert unit in text and cause in text
        other = GOVERNMENT if unit == AGENCY else AGENCY
        assert other not in text


def _cli(db_path, *args):
    return subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", env=os.environ.copy(), timeout=120)


def test_command_line_documents_of_co_defendants(co_defendants, db_path, tmp_path):
    dbmod.close_database()
    refused = _cli(db_path, "export", "filing-checklist", "--case", NUMBER, "--out", str(tmp_path / "x.docx"))
    assert refused.returncode == 2 and AGENCY in refused.stderr and GOVERNMENT in refused.stderr
    assert not (tmp_path / "x.docx").exists()
    for unit, other in ((AGENCY, GOVERNMENT), (GOVERNMENT, AGENCY)):
        out = tmp_path / f"{unit}.docx"
        done = _cli(db_path, "export", "filing-checklist", "--case", NUMBER, "--unit", unit, "--out", str(out))
        assert done.returncode == 0, done.stderr
        text = "\n".join(c.text for t in Document(str(out)).tables for r in t.rows for c in r.cells)
        assert unit in text and other not in text
    audit = _cli(db_path, "export", "audit", "--case", NUMBER, "--out", str(tmp_path / "audit.xlsx"))
    assert audit.returncode == 2 and "请指明单位" in audit.stderr


def test_adding_an_appeal_with_a_number_the_unit_has_is_refused(db, actor):
    first = _register(actor, "石浦镇")
    _register(actor, "石浦镇", number="（2026）浙02行终5号")
    with pytest.raises(identity.DuplicateCaseNumber, match="石浦镇已有案号为（2026）浙02行终5号的案件"):
        cases.add_proceeding(actor, first, {"level": "二审", "case_number": "（2026）浙02行终5号"})
    proc = Proceeding.get(Proceeding.case == first).id
    with pytest.raises(identity.DuplicateCaseNumber, match="石浦镇已有案号为（2026）浙02行终5号的案件"):
        cases.update_proceeding(actor, proc, {"case_number": "（2026）浙02行终5号"})
    assert Proceeding.get_by_id(proc).case_number == NUMBER


def test_recycle_bin_frees_the_number_and_restore_checks_it(db, actor):
    first = _register(actor, "石浦镇")
    cases.move_to_recycle_bin(actor, first)
    again = _register(actor, "石浦镇")                      # the number is free while the first is in the bin
    with pytest.raises(identity.DuplicateCaseNumber, match=f"石浦镇已有案号为{NUMBER}的案件"):
        cases.restore_case(actor, first)
    assert Case.get_by_id(first).deleted_at is not None
    cases.move_to_recycle_bin(actor, again)
    cases.restore_case(actor, first)
    assert Case.get_by_id(first).deleted_at is None and not Proceeding.get(Proceeding.case == first).in_bin


def test_moving_a_case_to_a_unit_with_the_same_number_is_refused(db, actor):
    _register(actor, "石浦镇")
    other = _register(actor, "丹西街道")                    # a co-defendant case
    with pytest.raises(identity.DuplicateCaseNumber, match=f"石浦镇已有案号为{NUMBER}的案件"):
        cases.update_case(actor, other, {"unit_id": _unit("石浦镇")})
    with pytest.raises(AppError, match="不能合并"):
        reference.merge_units(actor, _unit("丹西街道"), _unit("石浦镇"))
    assert Case.get_by_id(other).unit_id == _unit("丹西街道")


@pytest.mark.sqlite_only
def test_upgrade_moves_an_old_duplicate_to_the_recycle_bin(db_path, actor, monkeypatch):
    """A database of the previous release (schema 0006) with a number saved twice for one unit."""
    from .old_schema import open_at
    from .old_schema import insert as insert_old
    database = open_at(db_path, "0006_appearance_columns")
    unit = _unit("石浦镇")

    def insert(table, values):          # as the old program wrote rows (tests/old_schema.py)
        return insert_old(database, table, values)

    for plaintiffs in ("张三", "李四"):
        case_id = insert("case", {"unit_id": unit, "plaintiffs": plaintiffs, "current_case_number": NUMBER,
                                  "plaintiff_count": 1, "version": 1})
        insert("proceeding", {"case_id": case_id, "level": "一审", "case_number": NUMBER, "judgment_kind": "判决",
                              "version": 1})
        insert("performance_record", {"case_id": case_id, "state": "已履行", "date": "2026-05-06",
                                       "note": "台账导入（old.xlsx）"})
    database.close()
    bootstrap.open_workspace(db_path)
    kept, binned = Case.select().order_by(Case.id)
    assert kept.deleted_at is None and kept.plaintiffs == "张三"
    assert binned.deleted_at is not None and binned.plaintiffs == "李四"       # nothing lost: in the bin
    note = AuditEntry.get((AuditEntry.case_id == binned.id) & (AuditEntry.action == "移入回收站"))
    assert f"与案件 {kept.id} 同一单位、同一案号" in note.new_value
    assert [p.unit_id for p in Proceeding.select()] == [unit, unit]
    from xiangshan_desk.persistence.models import PerformanceRecord
    assert [r.note for r in PerformanceRecord.select()] == ["", ""]      # the import's source note is not printed
    with pytest.raises(identity.DuplicateCaseNumber, match=f"石浦镇已有案号为{NUMBER}的案件"):
        cases.restore_case(actor, binned.id)
    dbmod.close_database()


def test_editor_refuses_a_duplicate_and_offers_the_existing_case(qtbot, db, db_path, actor):
    from ui.case_editor.editor import CaseEditor
    from ui.context import AppContext
    from xiangshan_desk.application.settings import Settings
    existing = _register(actor, "石浦镇")
    editor = CaseEditor(AppContext(Settings(operator="王书记员"), str(db_path)))
    qtbot.addWidget(editor)
    editor.set_value("unit_id", _unit("石浦镇"))
    editor.set_value("case_number", "(2026)浙0225行初37号")
    editor.set_value("plaintiffs", "乙公司")
    assert not editor.save()
    assert "石浦镇已有案号为" in editor.message.text() and editor.value("plaintiffs") == "乙公司"
    assert not editor.open_existing_button.isHidden()
    with qtbot.waitSignal(editor.open_case_requested) as opened:
        editor.open_existing_button.click()
    assert opened.args == [existing]
    editor._dirty = False


def test_editor_asks_about_a_co_defendant_and_links_the_cases(qtbot, db, db_path, actor, monkeypatch, tmp_path):
    from ui.case_editor.editor import CaseEditor
    from ui.context import AppContext
    from xiangshan_desk.application.settings import Settings
    agency = _register(actor, AGENCY)
    asked = []
    monkeypatch.setattr(CaseEditor, "ask_co_defendant",
                        classmethod(lambda cls, parent, number, others: asked.append((number, others)) or False))
    context = AppContext(Settings(operator="王书记员"), str(db_path))
    editor = CaseEditor(context)
    qtbot.addWidget(editor)
    editor.set_value("unit_id", _unit(GOVERNMENT))
    editor.set_value("case_number", NUMBER)
    assert not editor.save() and "未保存" in editor.message.text()
    assert asked[0][0] == NUMBER and [ref.unit for ref in asked[0][1]] == [AGENCY]
    assert len(identity.cases_with_number(NUMBER)) == 1
    monkeypatch.setattr(CaseEditor, "ask_co_defendant", classmethod(lambda cls, parent, number, others: True))
    assert editor.save()
    government = identity.find_proceeding(NUMBER, GOVERNMENT).case_id
    assert editor.co_defendants_list.count() == 1 and AGENCY in editor.co_defendants_list.item(0).text()
    other = CaseEditor(context, agency)
    qtbot.addWidget(other)
    assert other.co_defendants_list.count() == 1 and GOVERNMENT in other.co_defendants_list.item(0).text()
    with qtbot.waitSignal(other.open_case_requested) as opened:
        other.co_defendants_list.itemDoubleClicked.emit(other.co_defendants_list.item(0))
    assert opened.args == [government]
    # the document from each editor is the case on screen, not the other unit's
    from ui.files import FileDialogs, OpenAfterExport
    monkeypatch.setattr(OpenAfterExport, "ask", classmethod(lambda cls, *a: ""))
    for shown, unit, other_unit in ((editor, GOVERNMENT, AGENCY), (other, AGENCY, GOVERNMENT)):
        target = tmp_path / f"{unit}.docx"
        monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a, t=str(target): t))
        rendered = shown.generate_document("filing-checklist")
        text = "\n".join(c.text for t in Document(str(rendered.path)).tables for r in t.rows for c in r.cells)
        assert unit in text and other_unit not in text
    editor._dirty = other._dirty = False


def _ledger(path, rows):
    from .ledgers import ledger_file
    return ledger_file(path, rows)


def test_a_co_defendant_ledger_imports_both_cases_linked(db, actor, tmp_path):
    from xiangshan_desk.application.importing import import_ledger
    path = _ledger(tmp_path / "共同被告.xlsx", [
        {"案号": NUMBER, "被告单位": AGENCY, "原告": "甲公司", "案由": "行政许可", "收到起诉状副本日期": "2026-03-02"},
        {"案号": NUMBER, "被告单位": "县政府", "原告": "甲公司", "案由": "行政复议", "收到起诉状副本日期": "2026-03-03"},
        {"案号": NUMBER, "被告单位": AGENCY, "开庭日期": "2026-05-06", "出庭人员身份": "副职负责人"},
    ])
    report = import_ledger(actor, path)
    assert (report.imported, report.refused) == (2, [])
    agency = identity.find_proceeding(NUMBER, AGENCY).case_id
    government = identity.find_proceeding(NUMBER, GOVERNMENT).case_id
    assert [ref.case_id for ref in identity.co_defendants(agency)] == [government]
    assert Case.get_by_id(government).cause == "行政复议"
    assert [h.date.isoformat() for h in Proceeding.get(Proceeding.case == agency).hearings] == ["2026-05-06"]
    assert not list(Proceeding.get(Proceeding.case == government).hearings)
    again = import_ledger(actor, path, dry_run=True)
    assert (again.imported, again.existing) == (0, 2)          # each (案号, 被告单位) is already there


def test_one_file_with_a_pair_twice_and_conflicting_cells_is_refused(db, actor, tmp_path):
    from xiangshan_desk.application.importing import import_ledger
    path = _ledger(tmp_path / "重复.xlsx", [
        {"案号": NUMBER, "被告单位": "石浦镇", "原告": "甲公司", "收到起诉状副本日期": "2026-03-02"},
        {"案号": NUMBER, "被告单位": "石浦镇", "原告": "乙公司", "开庭日期": "2026-05-06", "出庭人员身份": "副职负责人"},
        {"案号": "（2026）浙0225行初38号", "被告单位": "石浦镇"},
        {"案号": "（2026）浙0225行初38号", "被告单位": "丹西街道"},
        {"案号": "（2026）浙0225行初38号", "开庭日期": "2026-05-07", "出庭人员身份": "副职负责人"},
    ])
    report = import_ledger(actor, path)
    refused = {(r.row, r.column) for r in report.refused}
    assert (3, "原告") in refused                 # same pair, other plaintiff: refused, not a second case
    assert (6, "被告单位") in refused             # which of the two units? the row must say
    assert "有2个被告单位" in next(r.reason for r in report.refused if r.row == 6)
    assert report.imported == 3 and Proceeding.select().count() == 3


def test_a_whole_imports_look_ups_find_each_unit_and_leave_the_bin_out(co_defendants, actor):
    """identity.stored_keys / proceeding_of: the ledger import's (案号, unit) look-ups, in one query."""
    agency, government = co_defendants
    by_case = {case_id: (number, unit) for (number, unit), (_, case_id) in identity.stored_keys([NUMBER]).items()}
    assert by_case == {agency: (NUMBER, _unit(AGENCY)), government: (NUMBER, _unit(GOVERNMENT))}
    assert identity.proceeding_of(_unit(GOVERNMENT), "(2026)浙0225行初37号")[1] == government
    assert identity.proceeding_of(_unit("石浦镇"), NUMBER) is None
    cases.move_to_recycle_bin(actor, agency)
    assert identity.proceeding_of(_unit(AGENCY), NUMBER) is None
    assert [case_id for _, case_id in identity.stored_keys().values()] == [government]
