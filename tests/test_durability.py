"""A process killed at any moment (SIGKILL) leaves the database consistent with every committed change."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from xiangshan_desk.application.bootstrap import open_workspace
from xiangshan_desk.persistence.db import close_database
from xiangshan_desk.persistence.models import Case, Proceeding

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")

SAVES = textwrap.dedent("""
    import sys
    from xiangshan_desk.application import cases
    from xiangshan_desk.application.projection import refresh_all_cases
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.models import Unit
    open_workspace(sys.argv[1])
    actor = cases.Actor("压力测试", "t")
    unit = Unit.get(Unit.name == "石浦镇").id
    for n in range(100000):
        number = f"（2025）浙0225行初{n + 1}号"
        cases.create_case(actor, {"unit_id": unit, "plaintiffs": f"原告{n}"},
                          {"case_number": number, "complaint_received": "2025-03-07"})
        print(number, flush=True)       # printed only after the commit
""")

IMPORT = textwrap.dedent("""
    import sys
    from xiangshan_desk.application import cases
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.application.importing import import_ledger
    open_workspace(sys.argv[1])
    print("start", flush=True)
    import_ledger(cases.Actor("导入", "t"), sys.argv[2], progress=lambda n, total: print(n, total, flush=True))
    print("done", flush=True)
""")


def _integrity(db_path):
    if isinstance(db_path, str):
        return
    from xiangshan_desk.application.backup import check_integrity
    assert check_integrity(db_path) is None


def test_kill_during_a_burst_of_saves(db, db_path):
    close_database()
    committed = []
    with subprocess.Popen([sys.executable, "-c", SAVES, str(db_path)], cwd=ROOT, stdout=subprocess.PIPE,
                          text=True, encoding="utf-8") as child:
        while len(committed) < 25:
            line = child.stdout.readline()
            assert line, "the child stopped early"
            committed.append(line.strip())
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    _integrity(db_path)
    open_workspace(db_path)
    stored = {n for (n,) in Proceeding.select(Proceeding.case_number).tuples()}
    assert set(committed) <= stored
    # nothing half-written: every case has its proceeding and its deadlines
    assert Case.select().count() == len(stored)
    assert all(c.defense_due is not None for c in Case.select())


def test_kill_during_a_large_import(db, db_path, tmp_path):
    from openpyxl import Workbook

    from xiangshan_desk.application.ledger import HEADERS
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for n in range(4000):
        row = {"案号": f"（2024）浙0225行初{n + 1}号", "被告单位": "县公安局", "原告": f"甲{n}",
               "收到起诉状副本日期": "2024-05-06", "开庭日期": "2024-06-10", "出庭人员身份": "副职负责人"}
        sheet.append([row.get(h) for h in HEADERS])
    ledger = tmp_path / "大台账.xlsx"
    book.save(ledger)
    close_database()
    with subprocess.Popen([sys.executable, "-c", IMPORT, str(db_path), str(ledger)], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True, encoding="utf-8",
                          env={**os.environ, "XIANGSHAN_DESK_DATA": str(tmp_path / "data")}) as child:
        assert child.stdout.readline().strip() == "start"
        # Reading reports every 500 rows (8 times), writing every 200 rows: the 12th report comes while the rows are
        # being written, before the commit. Waiting for it (not for a time) kills in the middle on any machine.
        for _ in range(12):
            assert child.stdout.readline().strip() not in ("", "done"), "the import ended before it was killed"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL       # it was killed, not finished
    _integrity(db_path)
    open_workspace(db_path)
    count = Proceeding.select().count()
    assert count in (0, 4000)            # one transaction: all or nothing


@pytest.mark.sqlite_only
def test_a_kill_after_an_upgrade_and_before_the_recomputation_is_finished_at_the_next_start(db_path, tmp_path):
    """Issue #25 finding 5: the migration commits, the process dies before recomputing the derived columns; the
    mark committed before the migration makes the next start recompute them."""
    from xiangshan_desk.application import stats

    from .old_schema import insert, open_at
    database = open_at(db_path, "0006_appearance_columns")
    case_id = insert(database, "case", {"unit_id": 4, "plaintiffs": "甲", "plaintiff_count": 60, "version": 1})
    proc_id = insert(database, "proceeding", {"case_id": case_id, "level": "一审", "case_number": "（2025）浙0225行初1号",
                                              "complaint_received": "2025-04-07", "judgment_kind": "判决",
                                              "version": 1})
    insert(database, "hearing", {"proceeding_id": proc_id, "date": "2025-05-06", "role": "主要负责人"})
    database.close()
    upgrade_then_die = textwrap.dedent("""
        import os, sys
        from xiangshan_desk.application import projection
        projection.refresh_all_cases = lambda: os._exit(9)      # killed right after the migrations committed
        from xiangshan_desk.application.bootstrap import open_workspace
        open_workspace(sys.argv[1])
    """)
    child = subprocess.run([sys.executable, "-c", upgrade_then_die, str(db_path)], cwd=ROOT,
                           env={**os.environ, "XIANGSHAN_DESK_DATA": str(tmp_path / "data")}, timeout=120)
    assert child.returncode == 9
    open_workspace(db_path)
    try:
        figures = stats.compute(stats.Period.quarter(2025, 2)).county
        assert figures.count("principal_required") == 1 and figures.count("principal_appeared") == 1
    finally:
        close_database()


def test_a_demo_killed_half_way_leaves_nothing_half_made(db_path, tmp_path):
    """Issue #25 finding 7: the demo is one transaction; killed at any moment, the database is empty (and takes a
    new demo) or complete."""
    with subprocess.Popen([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "demo", "--cases", "20000"],
                          cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          env={**os.environ, "XIANGSHAN_DESK_DATA": str(tmp_path / "data")}) as child:
        # a SQLite file exists once the child has started (slow on a busy machine); opening, seeding and planning
        # then take about 4 s, the writing longer
        started = time.monotonic()
        while (not isinstance(db_path, str) and not db_path.exists() and child.poll() is None
               and time.monotonic() - started < 120):
            time.sleep(0.05)
        time.sleep(4)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    _integrity(db_path)
    open_workspace(db_path)
    try:
        made = Case.select().count()
        assert made in (0, 20000)
        assert Case.select().where(Case.search_text == "").count() == 0
    finally:
        close_database()
    again = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "demo", "--cases", "50"],
                           cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300,
                           env={**os.environ, "XIANGSHAN_DESK_DATA": str(tmp_path / "data")})
    assert (again.returncode == 0) == (made == 0), again.stderr
