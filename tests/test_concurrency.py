"""Two clerks on one database (two processes; SQLite or PostgreSQL): the second save of a case is refused."""
import json
import os
import subprocess
import sys
import textwrap

from xiangshan_desk.application import cases
from xiangshan_desk.persistence.db import close_database
from xiangshan_desk.persistence.models import Case, Unit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CLERK = textwrap.dedent("""
    import json, sys
    from xiangshan_desk.application import cases
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.domain.errors import ConflictError
    open_workspace(sys.argv[1])
    case_id, version, name, field, value = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
    try:
        cases.update_case(cases.Actor(name, name), case_id, {field: value}, expected_version=version)
        print(json.dumps({"saved": True}))
    except ConflictError as exc:
        print(json.dumps({"saved": False, "message": exc.message}, ensure_ascii=False))
""")


def _clerk(db_path, case_id, version, name, field, value):
    result = subprocess.run([sys.executable, "-c", CLERK, str(db_path), str(case_id), str(version), name, field, value],
                            cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_second_save_is_refused_and_shows_the_other_change(db, actor, db_path):
    unit = Unit.get(Unit.name == "石浦镇").id
    case_id = cases.create_case(actor, {"unit_id": unit, "cause": "行政处罚"}, {"case_number": "（2025）浙0225行初1号"}).id
    detail = cases.case_detail(case_id)          # both clerks opened the case at this version
    close_database()
    first = _clerk(db_path, case_id, detail.version, "王书记员", "cause", "行政许可")
    second = _clerk(db_path, case_id, detail.version, "李书记员", "plaintiffs", "张三")
    assert first == {"saved": True}
    assert second["saved"] is False and "已被其他人修改" in second["message"]
    from xiangshan_desk.application.bootstrap import open_workspace
    open_workspace(db_path)
    row = Case.get_by_id(case_id)
    assert (row.cause, row.plaintiffs, row.version) == ("行政许可", "", detail.version + 1)
    changes = cases.changes_since(case_id, detail.audit_mark)
    assert len(changes) == 1 and "王书记员" in changes[0] and "行政处罚 → 行政许可" in changes[0]


def test_editor_keeps_values_on_conflict_and_saves_on_second_try(qtbot, db, actor, db_path):
    from ui.case_editor.editor import CaseEditor
    from ui.context import AppContext
    from xiangshan_desk.application.settings import Settings
    unit = Unit.get(Unit.name == "石浦镇").id
    case_id = cases.create_case(actor, {"unit_id": unit, "cause": "行政处罚"}, {"case_number": "（2025）浙0225行初1号"}).id
    editor = CaseEditor(AppContext(Settings(operator="李书记员"), str(db_path)), case_id)
    qtbot.addWidget(editor)
    editor.set_value("plaintiffs", "张三")
    cases.update_case(cases.Actor("王书记员", "w"), case_id, {"cause": "行政许可"}, expected_version=editor.detail.version)
    assert not editor.save()
    assert editor.value("plaintiffs") == "张三" and "王书记员" in editor.message.text()
    assert "行政处罚 → 行政许可" in editor.message.text()
    assert editor.save()                         # the clerk reviewed it and saves again
    row = Case.get_by_id(case_id)
    assert (row.plaintiffs, row.cause) == ("张三", "行政许可")     # the other clerk's change is kept
    editor._dirty = False
    editor.close()


BURST = textwrap.dedent("""
    import sys
    from xiangshan_desk.application import cases
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.models import Unit
    open_workspace(sys.argv[1])
    unit = Unit.get(Unit.name == "石浦镇").id
    for n in range(40):
        cases.create_case(cases.Actor(sys.argv[2], "t"), {"unit_id": unit},
                          {"case_number": f"（2025）浙0225行初{sys.argv[2]}{n}号", "complaint_received": "2025-03-07"})
    print("ok")
""")


def test_two_processes_write_without_database_locked(db, db_path):
    close_database()
    children = [subprocess.Popen([sys.executable, "-c", BURST, str(db_path), tag], cwd=ROOT, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, encoding="utf-8") for tag in ("1", "2")]
    outputs = [child.communicate(timeout=180) for child in children]
    for child, (out, err) in zip(children, outputs):
        assert child.returncode == 0 and out.strip() == "ok", err
        assert "locked" not in err
    from xiangshan_desk.application.bootstrap import open_workspace
    open_workspace(db_path)
    assert Case.select().count() == 80


def test_two_imports_of_one_ledger_at_once_create_each_case_once(db, db_path, tmp_path):
    """Issue #25 finding 6: both imports decide what is new inside their write transaction, one after the other."""
    import os
    import subprocess
    import sys
    import textwrap

    from openpyxl import Workbook

    from xiangshan_desk.persistence.db import close_database
    from xiangshan_desk.application.ledger import HEADERS
    from xiangshan_desk.persistence.models import Proceeding
    book = Workbook()
    book.active.append(HEADERS)
    for n in range(300):
        row = {"案号": f"（2024）浙0225行初{n + 1}号", "被告单位": "县公安局", "收到起诉状副本日期": "2024-05-06"}
        book.active.append([row.get(h) for h in HEADERS])
    ledger = tmp_path / "同一台账.xlsx"
    book.save(ledger)
    close_database()
    script = textwrap.dedent("""
        import sys
        from xiangshan_desk.application import cases
        from xiangshan_desk.application.bootstrap import open_workspace
        from xiangshan_desk.application.importing import import_ledger
        open_workspace(sys.argv[1])
        report = import_ledger(cases.Actor("导入", "t"), sys.argv[2])
        print(report.imported, report.existing)
    """)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    children = [subprocess.Popen([sys.executable, "-c", script, str(db_path), str(ledger)], cwd=root,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                 env={**os.environ, "XIANGSHAN_DESK_DATA": str(tmp_path / f"data{i}")})
                for i in range(2)]
    results = [child.communicate(timeout=300) for child in children]
    assert all(child.returncode == 0 for child in children), [err[-2000:] for _, err in results]
    counts = sorted(tuple(map(int, out.split())) for out, _ in results)
    assert counts == [(0, 300), (300, 0)]
    from xiangshan_desk.application.bootstrap import open_workspace
    open_workspace(db_path)
    assert Proceeding.select().count() == 300
