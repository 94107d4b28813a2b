"""Issue #25 finding 3, on a real full disk (a small tmpfs, filled up; skipped where this runner cannot mount):
an export onto it exits 2 with a Chinese message and leaves the good file already at the target byte for byte; a
backup onto it fails cleanly and leaves no ``.partial`` file behind."""
import os
import sqlite3
import subprocess
import sys

import pytest

from tests.mounts import fill, small_filesystem

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytestmark = pytest.mark.sqlite_only


def _cli(*args):
    result = subprocess.run([sys.executable, "-m", "xiangshan_desk", *map(str, args)], cwd=ROOT, capture_output=True,
                            env=os.environ.copy(), timeout=120)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


@pytest.fixture
def demo_database(tmp_path):
    path = tmp_path / "demo.sqlite3"
    code, _, err = _cli("--db", path, "demo", "--cases", "40")
    assert code == 0, err
    return path


@pytest.fixture
def full_disk(tmp_path):
    """A 2 MB file system holding a good file of each kind the tests export, then filled to the last byte."""
    with small_filesystem(tmp_path / "满的磁盘", 2048) as folder:
        yield folder


def _first_case_number(database) -> str:
    connection = sqlite3.connect(database)
    try:
        return connection.execute("SELECT case_number FROM proceeding ORDER BY id LIMIT 1").fetchone()[0]
    finally:
        connection.close()


EXPORTS = [
    (["export", "ledger"], "台账.xlsx"),
    (["export", "quarterly-stats", "--year", "2025", "--quarter", "2"], "季度统计.xlsx"),
    (["export", "todo", "--days", "30"], "催办单.docx"),
    (["export", "filing-checklist", "--case", "{case}"], "备案登记表.docx"),
]


@pytest.mark.parametrize("args, name", EXPORTS)
def test_an_export_onto_a_full_disk_keeps_the_good_file(demo_database, full_disk, args, name):
    args = [a.format(case=_first_case_number(demo_database)) for a in args]
    target = full_disk / name
    # the good file: the same export made while there was room
    code, _, err = _cli("--db", demo_database, *args, "--out", target)
    assert code == 0 and target.stat().st_size > 1000, err
    good = target.read_bytes()
    fill(full_disk)
    assert os.statvfs(full_disk).f_bavail == 0
    code, out, err = _cli("--db", demo_database, *args, "--out", target)
    assert code == 2 and "Traceback" not in err, err
    assert "磁盘空间已满" in err and "打开" not in err, err         # not "the file is open in Excel"
    assert target.read_bytes() == good
    assert sorted(p.name for p in full_disk.iterdir() if not p.name.startswith("filler")) == [name]


def test_a_backup_onto_a_full_disk_fails_cleanly(demo_database, full_disk):
    folder = full_disk / "备份"
    code, _, err = _cli("--db", demo_database, "backup", "--to", folder)     # one good backup while there was room
    assert code == 0, err
    before = sorted(p.name for p in folder.iterdir())
    fill(full_disk)
    code, _, err = _cli("--db", demo_database, "backup", "--to", folder)
    assert code == 2 and "Traceback" not in err and "磁盘空间已满" in err, err
    assert sorted(p.name for p in folder.iterdir()) == before               # no .partial, no half backup
    assert not list(full_disk.rglob("*.partial"))
    # room again: the next backup works and still leaves nothing half-written
    for filler in full_disk.glob("filler*"):
        filler.unlink()
    code, _, err = _cli("--db", demo_database, "backup", "--to", folder)
    assert code == 0, err
    assert not list(full_disk.rglob("*.partial")) and len(list(folder.glob("*.sqlite3"))) == len(
        [n for n in before if n.endswith(".sqlite3")]) + 1
