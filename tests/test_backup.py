"""Backups: online copy, rotation, restore with the aside copy, damaged files never overwritten."""
import datetime as dt
import os
import stat
import subprocess
import sys

import pytest

from xiangshan_desk.application import backup, cases
from xiangshan_desk.application.bootstrap import open_workspace
from xiangshan_desk.persistence.db import close_database
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import Case, Unit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytestmark = pytest.mark.sqlite_only          # backups are of the embedded SQLite file


def _add_case(actor, number):
    unit = Unit.get(Unit.name == "石浦镇").id
    return cases.create_case(actor, {"unit_id": unit}, {"case_number": number}).id


def test_online_backup_while_open_and_owner_only(db, actor, db_path):
    _add_case(actor, "（2025）浙0225行初1号")
    path = backup.make_backup(reason="manual")
    assert path.parent == backup.backup_dir() and backup.check_integrity(path) is None
    info = backup.list_backups()[0]
    assert info.cases == 1 and info.reason_text == "手动备份"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_rotation_keeps_30_days_and_12_months(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    today = dt.date(2026, 11, 26)
    made = []
    for days_ago in range(0, 500, 1):
        day = today - dt.timedelta(days=days_ago)
        for hour in (9, 17):
            path = folder / f"xiangshan_desk_{day:%Y%m%d}_{hour:02d}0000_daily.sqlite3"
            path.write_bytes(b"")
            made.append(path)
    backup.rotate(folder, today)
    kept = sorted(p.name for p in folder.iterdir())
    assert f"xiangshan_desk_{today:%Y%m%d}_090000_daily.sqlite3" in kept       # today's are all kept
    days = {name[15:23] for name in kept}
    months = {name[15:21] for name in kept}
    # the newest of each of the last 30 days (Oct 28 – Nov 26, which also covers November and October),
    # the newest of each of the 10 months before (Sep 2026 back to Dec 2025), and today's other backup
    assert len(days) == 40 and len(months) == 12 and len(kept) == 41
    assert all(f"{(today - dt.timedelta(days=d)):%Y%m%d}_170000" in " ".join(kept) for d in range(30))
    assert "xiangshan_desk_20251231_170000_daily.sqlite3" in kept
    assert "xiangshan_desk_20251130_170000_daily.sqlite3" not in kept


def test_daily_backup_once_a_day(db, actor):
    assert backup.daily_backup_if_due() is not None
    assert backup.daily_backup_if_due() is None


def test_backup_before_import_and_migration(db, actor, tmp_path, db_path):
    from openpyxl import Workbook

    from xiangshan_desk.application.importing import import_ledger
    from xiangshan_desk.application.ledger import HEADERS
    book = Workbook()
    book.active.append(HEADERS)
    book.active.append(["（2025）浙0225行初2号" if h == "案号" else "石浦镇" if h == "被告单位" else None for h in HEADERS])
    book.save(tmp_path / "l.xlsx")
    import_ledger(actor, tmp_path / "l.xlsx")
    assert [b.reason for b in backup.list_backups()] == ["import"]
    close_database()
    # an older program's database: forget the last migration, then open again
    import sqlite3
    connection = sqlite3.connect(db_path)
    connection.execute("DROP TABLE coordination_member")
    connection.execute("DELETE FROM schema_migration WHERE name = '0003_coordination_group'")
    connection.commit()
    connection.close()
    open_workspace(db_path)
    assert "migration" in [b.reason for b in backup.list_backups()]


def test_restore_saves_the_current_database_aside(db, actor, db_path):
    _add_case(actor, "（2025）浙0225行初1号")
    saved = backup.make_backup(reason="manual")
    _add_case(actor, "（2025）浙0225行初2号")
    close_database()
    aside = backup.restore(saved, db_path)
    assert aside is not None and backup.case_count(aside) == 2
    open_workspace(db_path)
    assert Case.select().count() == 1


def test_damaged_backup_is_refused(tmp_path):
    broken = tmp_path / "xiangshan_desk_20260101_000000_manual.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    with pytest.raises(AppError, match="备份文件不能使用：.*不是数据库文件或已严重损坏"):
        backup.restore(broken, tmp_path / "target.sqlite3")


def test_damaged_database_at_start_is_never_overwritten(tmp_path):
    bad = tmp_path / "cases.sqlite3"
    bad.write_bytes(b"these are not the cases you are looking for" * 50)
    env = {**os.environ, "XIANGSHAN_DESK_DATA": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "main.py", "--db", str(bad), "--exit-after-startup"], cwd=ROOT,
                            env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 2 and "不是数据库文件" in result.stderr and "未作任何改动" in result.stderr
    assert bad.read_bytes() == b"these are not the cases you are looking for" * 50


def test_cli_backup_and_restore(db, actor, db_path, tmp_path):
    _add_case(actor, "（2025）浙0225行初1号")
    close_database()

    def run(*args):
        return subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), *args], cwd=ROOT,
                              capture_output=True, text=True, encoding="utf-8", timeout=120, stdin=subprocess.DEVNULL)
    made = run("backup", "--to", str(tmp_path / "bk"))
    assert made.returncode == 0, made.stderr
    copy = next((tmp_path / "bk").glob("*.sqlite3"))
    refused = run("restore", str(copy))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    done = run("restore", str(copy), "--yes")
    assert done.returncode == 0 and "已恢复" in done.stdout and "另存为" in done.stdout


def test_header_check_tells_a_database_from_anything_else(db, db_path, tmp_path):
    assert backup.check_integrity(db_path, full=False) is None
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"x" * 4096)
    assert "不是数据库文件" in backup.check_integrity(junk, full=False)


@pytest.mark.sqlite_only
def test_backups_are_kept_per_database_and_name_their_source(db, db_path, tmp_path):
    """issue #21: a folder per database file; the list shows the source; another database's backup is told apart."""
    from xiangshan_desk.application import backup
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.db import close_database
    ours = backup.make_backup(reason="manual")
    other_db = tmp_path / "other" / "cases.sqlite3"           # the same file name, another folder
    other_db.parent.mkdir()
    close_database()
    open_workspace(other_db)
    theirs = backup.make_backup(reason="manual")
    assert ours.parent != theirs.parent and ours.parent.parent == theirs.parent.parent == backup.backups_root()
    assert [b.path for b in backup.list_backups()] == [theirs]
    assert backup.list_backups()[0].source == str(other_db.resolve())
    close_database()
    open_workspace(db_path)
    assert [b.path for b in backup.list_backups()] == [ours]
    assert backup.is_backup_of_another_database(theirs, db_path)
    assert not backup.is_backup_of_another_database(ours, db_path)


def _closing_statements(caplog) -> list[str]:
    """The SQL the program itself runs while closing the open database (peewee logs each statement)."""
    import logging
    caplog.clear()
    with caplog.at_level(logging.DEBUG, logger="peewee"):
        close_database()
    return [str(record.msg[0]) for record in caplog.records if record.name == "peewee"]


def test_closing_a_sound_database_keeps_its_planner_statistics(db, actor, caplog):
    _add_case(actor, "（2025）浙0225行初1号")
    assert backup.check_integrity(backup.current_sqlite_path()) is None
    assert "PRAGMA optimize" in _closing_statements(caplog)


def test_closing_a_database_found_damaged_writes_nothing_to_it(db, actor, db_path, caplog):
    """The start-up integrity check found the open file damaged: closing the window must not write to it (PRAGMA
    optimize may store statistics), so that the restore keeps it aside as it was found."""
    for number in range(1, 40):
        _add_case(actor, f"（2025）浙0225行初{number}号")
    Case.select().where(Case.plaintiffs.contains("张")).count()             # a query the planner could remember
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")                       # everything committed is in the file
    with open(db_path, "r+b") as handle:                                     # pages in the middle overwritten
        handle.seek(4096 * 3)
        handle.write(b"\xff" * 8000)
    damaged = db_path.read_bytes()
    assert "损坏" in backup.check_integrity(db_path)
    assert not any("optimize" in sql for sql in _closing_statements(caplog))
    assert db_path.read_bytes() == damaged


def test_a_restored_file_is_no_longer_treated_as_damaged(db, actor, db_path, caplog):
    _add_case(actor, "（2025）浙0225行初1号")
    good = backup.make_backup(reason="manual")
    close_database()
    with open(db_path, "r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(b"\xff" * 8000)
    assert backup.check_integrity(db_path) is not None
    backup.restore(good, db_path)
    open_workspace(db_path)
    assert Case.select().count() == 1
    assert "PRAGMA optimize" in _closing_statements(caplog)


def test_a_restore_puts_a_new_file_in_place_and_an_old_connection_cannot_mix_them(db, actor, db_path):
    """The restored copy takes the file's place (a new file, not the old one overwritten): a connection still open
    on the old file — none should be — keeps reading the old file and cannot share SQLite's state with the new
    one's connections."""
    import sqlite3
    _add_case(actor, "（2025）浙0225行初1号")
    saved = backup.make_backup(reason="manual")
    _add_case(actor, "（2025）浙0225行初2号")
    close_database()
    lingering = sqlite3.connect(str(db_path))
    try:
        assert lingering.execute('SELECT COUNT(*) FROM "case"').fetchone()[0] == 2
        before = os.stat(db_path).st_ino
        backup.restore(saved, db_path)
        assert os.stat(db_path).st_ino != before and not db_path.with_name(db_path.name + ".restoring").exists()
        fresh = sqlite3.connect(str(db_path))
        assert fresh.execute('SELECT COUNT(*) FROM "case"').fetchone()[0] == 1
        assert fresh.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        fresh.close()
        assert lingering.execute('SELECT COUNT(*) FROM "case"').fetchone()[0] == 2
    finally:
        lingering.close()
    open_workspace(db_path)
    assert Case.select().count() == 1


def test_a_restore_the_system_refuses_changes_nothing(db, actor, db_path, monkeypatch):
    """Where the file cannot be replaced (Windows: still open elsewhere), the clerk is told, the database is as it
    was and no half copy is left."""
    _add_case(actor, "（2025）浙0225行初1号")
    saved = backup.make_backup(reason="manual")
    _add_case(actor, "（2025）浙0225行初2号")
    close_database()

    def refuse(source, target):
        raise PermissionError(13, "另一个程序正在使用此文件", str(target))
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(AppError, match="无法替换数据库文件.*恢复前的数据库已另存为"):
        backup.restore(saved, db_path)
    monkeypatch.undo()
    assert not db_path.with_name(db_path.name + ".restoring").exists()
    open_workspace(db_path)
    assert Case.select().count() == 2
