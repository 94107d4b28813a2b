"""Issue #25 findings 2, 3, 12: an output may not be the database, a backup or the input; a failed write leaves the
file already there as it was; failures end in a Chinese message and exit 2."""
import os
import subprocess
import sys

import pytest
from openpyxl import Workbook

from xiangshan_desk.domain.errors import AppError, database_error_message, mask_secrets
from xiangshan_desk.application.outputs import atomic_output, check_output_path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "xiangshan_desk", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", env=os.environ.copy(), timeout=120)


@pytest.mark.sqlite_only
def test_refused_rows_cannot_overwrite_the_database_or_the_ledger(db, db_path, tmp_path):
    from xiangshan_desk.persistence.db import close_database
    close_database()
    ledger = tmp_path / "台账.xlsx"
    book = Workbook()
    book.active.append(["案号", "被告单位"])
    book.active.append(["（2025）浙0225行初1号", "不存在的单位"])
    book.save(ledger)
    before = db_path.read_bytes()
    for target in (db_path, ledger, str(db_path) + "-wal"):
        result = _cli("--db", str(db_path), "import", str(ledger), "--refused-out", str(target))
        assert result.returncode == 2 and "不能" in result.stderr and "Traceback" not in result.stderr
    assert db_path.read_bytes() == before
    assert ledger.exists()
    folder = _cli("--db", str(db_path), "export", "ledger", "--out", str(tmp_path))
    assert folder.returncode == 2 and "文件夹" in folder.stderr
    missing = _cli("--db", str(db_path), "export", "ledger", "--out", str(tmp_path / "无此文件夹" / "a.xlsx"))
    assert missing.returncode == 2 and "不存在" in missing.stderr


def test_a_failed_write_leaves_the_existing_file_as_it_was(tmp_path):
    target = tmp_path / "统计.xlsx"
    target.write_bytes(b"the good file")
    with pytest.raises(RuntimeError, match="disk full in the middle"):
        with atomic_output(target) as partial:
            partial.write_bytes(b"half")
            raise RuntimeError("disk full in the middle")
    assert target.read_bytes() == b"the good file"
    assert [p.name for p in tmp_path.iterdir()] == ["统计.xlsx"]            # no leftover
    with atomic_output(target) as partial:
        partial.write_bytes(b"new")
    assert target.read_bytes() == b"new"


def test_outputs_into_the_backups_folder_are_refused(tmp_path, private_data_dir):
    from xiangshan_desk.application.backup import backup_dir
    backup_dir().mkdir(parents=True)
    with pytest.raises(AppError, match="备份文件夹"):
        check_output_path(backup_dir() / "x.xlsx")


def test_database_errors_in_chinese_and_passwords_masked():
    import sqlite3
    assert "稍后再试" in database_error_message(sqlite3.OperationalError("database is locked"))
    assert "只读" in database_error_message(sqlite3.OperationalError("attempt to write a readonly database"))
    assert "磁盘空间已满" in database_error_message(sqlite3.OperationalError("database or disk is full"))
    text = database_error_message(Exception('could not connect to server postgresql://clerk:s3cret@10.0.0.5/db'))
    assert "s3cret" not in text and "clerk:***@" in text
    assert mask_secrets("postgresql://a:b@h/d") == "postgresql://a:***@h/d"


@pytest.mark.sqlite_only
def test_backups_in_the_same_second_do_not_collide_and_are_private(db, db_path):
    import stat
    import threading

    from xiangshan_desk.application.backup import backup_dir, make_backup
    made, failed = [], []

    def one():
        try:
            made.append(make_backup(db_path, reason="manual"))
        except AppError as exc:
            failed.append(exc.message)
    threads = [threading.Thread(target=one) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == [] and len(set(made)) == 6
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in made)
    assert stat.S_IMODE(backup_dir().stat().st_mode) == 0o700
    assert not list(backup_dir().glob("*.partial"))


def test_a_failed_export_keeps_the_good_workbook_and_document(db, tmp_path, monkeypatch):
    """Issue #25 finding 3: the workbook and Word saves go through the all-or-nothing write."""
    import errno

    from xiangshan_desk.application.documents.excel import new_workbook, save_workbook
    from xiangshan_desk.application.documents.word import OfficialDocument
    target = tmp_path / "统计.xlsx"
    target.write_bytes(b"yesterday's good workbook")
    workbook = new_workbook()
    workbook.create_sheet("表").append(["一", 2])

    def full_disk(self, filename):
        with open(filename, "wb") as half:
            half.write(b"PK\x03\x04 half")
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(type(workbook), "save", full_disk)
    with pytest.raises(AppError, match="磁盘空间已满"):
        save_workbook(workbook, target)
    assert target.read_bytes() == b"yesterday's good workbook" and not list(tmp_path.glob("*.partial"))
    document = tmp_path / "报告.docx"
    document.write_bytes(b"good document")
    doc = OfficialDocument()
    monkeypatch.setattr(type(doc.doc), "save", lambda self, name: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(AppError, match="磁盘空间已满"):
        doc.save(document)
    assert document.read_bytes() == b"good document"
