"""Issue #25 finding 1: restoring, or upgrading the structure of, a database another instance has open is refused,
naming who has it open; a crashed instance's entry does not block for ever."""
import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from xiangshan_desk.application import backup, cases
from xiangshan_desk.persistence import db as dbmod
from xiangshan_desk.application import bootstrap
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.application.instance_lock import InstanceLock, holders, others_holding
from xiangshan_desk.persistence.models import Case, Unit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytestmark = [pytest.mark.sqlite_only, pytest.mark.skipif(os.name != "posix", reason="SIGKILL")]

HOLD = textwrap.dedent("""
    import sys, time
    from xiangshan_desk.application.instance_lock import InstanceLock
    InstanceLock(sys.argv[1], "王某").acquire()
    print("holding", flush=True)
    time.sleep(120)
""")


@pytest.fixture
def other_instance(db_path):
    with subprocess.Popen([sys.executable, "-c", HOLD, str(db_path)], cwd=ROOT, stdout=subprocess.PIPE,
                          text=True) as child:
        assert child.stdout.readline().strip() == "holding"
        yield child
        child.kill()
        child.wait(timeout=30)


def test_restore_is_refused_while_another_instance_has_the_database_open(db, db_path, actor, other_instance,
                                                                          tmp_path):
    cases.create_case(actor, {"unit_id": Unit.get(Unit.name == "石浦镇").id}, {"case_number": "（2025）浙0225行初1号"})
    saved = backup.make_backup(reason="manual")
    cases.create_case(actor, {"unit_id": Unit.get(Unit.name == "石浦镇").id}, {"case_number": "（2025）浙0225行初2号"})
    dbmod.close_database()
    with pytest.raises(AppError, match="王某 在 .* 上打开了该数据库") as info:
        backup.restore(saved, db_path)
    assert "不能恢复数据库" in info.value.message
    bootstrap.open_workspace(db_path)
    assert Case.select().count() == 2                           # nothing was replaced
    dbmod.close_database()
    cli = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "restore", str(saved), "--yes"],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert cli.returncode == 2 and "王某" in cli.stderr
    # the other instance crashes: its entry is stale and the restore goes ahead
    other_instance.send_signal(signal.SIGKILL)
    other_instance.wait(timeout=30)
    assert others_holding(db_path) == []
    backup.restore(saved, db_path)
    bootstrap.open_workspace(db_path)
    assert Case.select().count() == 1


def test_this_process_own_entry_does_not_block_it(db_path, tmp_path):
    with InstanceLock(db_path, "本人") as lock:
        assert [h.operator for h in holders(db_path)] == ["本人"] and others_holding(db_path) == []
        assert lock.entry.exists()
    assert holders(db_path) == []


def test_an_upgrade_is_refused_while_another_instance_has_the_database_open(db_path, other_instance):
    from .old_schema import open_at
    database = open_at(db_path, "0006_appearance_columns")
    database.close()
    with pytest.raises(AppError, match="不能升级数据库结构：王某"):
        bootstrap.open_workspace(db_path)
    dbmod.close_database()


def test_restore_accepts_only_a_backup_of_this_program(db, db_path, tmp_path):
    import sqlite3
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as raw:
        raw.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    raw.close()
    dbmod.close_database()
    with pytest.raises(AppError, match="不是本程序的数据库"):
        backup.restore(foreign, db_path)
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(db_path, newer)
    with sqlite3.connect(newer) as raw:
        raw.execute("INSERT INTO schema_migration (name, applied) VALUES ('9999_future', '2030-01-01')")
    raw.close()
    with pytest.raises(AppError, match="较新版本"):
        backup.restore(newer, db_path)
