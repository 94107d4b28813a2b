"""Online backups (SQLite backup API), their rotation, integrity checks, and restore with an aside copy.

Case materials (issue #22) are content-addressed files in ``materials/`` beside the database: each backup copies
only the files the backup folder's own ``materials/`` lacks, and a restore brings back the ones the database's
folder lacks, then verifies every referenced file by its hash (``check_materials_in_file``)."""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from xiangshan_desk.persistence.paths import data_dir
from xiangshan_desk.persistence.db import backend, mark_damaged
from xiangshan_desk.domain.errors import AppError, describe_os_error

if TYPE_CHECKING:
    from xiangshan_desk.application.materials import Problem

# The case materials module (and its text extraction) is loaded only when files are copied or checked: the main
# window imports this module at start-up for the integrity check (benchmarks/README.md, start-up).

KEEP_DAILY = 30
KEEP_MONTHLY = 12
_NAME = re.compile(r"^xiangshan_desk_(\d{8})_(\d{6})_(\w+)\.sqlite3$")
REASONS = {"daily": "每日自动备份", "manual": "手动备份", "migration": "升级数据结构前", "import": "导入台账前",
           "restore": "恢复前的当前数据库"}


def backups_root() -> Path:
    return data_dir() / "backups"


def backup_dir(database: Path | None = None) -> Path:
    """The backups of one database file: a folder named after it (and a short fingerprint of its full path, so two
    files called the same in different folders never share backups; issue #21)."""
    import hashlib

    from xiangshan_desk.persistence.paths import default_db_path
    source = database or current_sqlite_path() or default_db_path()
    resolved = str(Path(source).resolve())
    stem = re.sub(r"[^\w\u4e00-\u9fff.-]", "_", Path(source).stem)[:40] or "database"
    return backups_root() / f"{stem}-{hashlib.sha1(resolved.encode('utf-8')).hexdigest()[:8]}"


def owner_only(path: Path, mode: int = 0o600) -> None:
    """Readable by the owner only, where the OS supports it (these are personal data); folders 0700. Only takes
    rights away: a file the clerk made read-only stays read-only."""
    try:
        current = path.stat().st_mode & 0o777
        os.chmod(path, current & mode)
    except OSError:
        pass


def current_sqlite_path() -> Path | None:
    """The file of the open database, or None when it is PostgreSQL."""
    return backend().file


def check_integrity(path: Path, full: bool = True) -> str | None:
    """None when the file is a sound SQLite database; otherwise the problem, in Chinese.

    ``full`` runs PRAGMA quick_check over every page (seconds on a large file); otherwise only the header and
    the schema are read, which is enough to tell a database from anything else.
    """
    if not path.exists():
        return f"文件不存在：{path}"
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if full:
                result = connection.execute("PRAGMA quick_check").fetchone()[0]
            else:
                connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                result = "ok"
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        mark_damaged(path)
        return f"{path.name} 不是数据库文件或已严重损坏（{exc}）"
    if result != "ok":
        mark_damaged(path)          # the open database, if it is this file, closes without writing to it
        return f"{path.name} 已损坏（完整性检查：{result}）"
    if full:
        mark_damaged(path, damaged=False)
    return None


SOURCE_KEY = "backup_of"          # the setting a backup carries: the database file it was taken from


class BackupInfo(NamedTuple):
    path: Path
    created: dt.datetime
    reason: str
    size: int
    cases: int | None           # None: the file could not be read
    problem: str | None
    source: str = ""            # the database it is a backup of ("" for backups of earlier releases)

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)


def _stamp(path: Path) -> tuple[dt.datetime, str] | None:
    match = _NAME.match(path.name)
    if match is None:
        return None
    return dt.datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S"), match[3]


def make_backup(source: Path | None = None, folder: Path | None = None, reason: str = "manual") -> Path:
    """Copy the database while it is in use (SQLite online backup API) and rotate the folder."""
    source = source or current_sqlite_path()
    if source is None:
        raise AppError("共享的 PostgreSQL 数据库请由管理员用 pg_dump 备份；本程序只备份内置数据库文件。")
    folder = Path(folder) if folder else backup_dir(source)
    if folder.exists() and not folder.is_dir():
        raise AppError(f"备份位置不是文件夹：{folder}")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    owner_only(folder, 0o700)
    now = dt.datetime.now()
    # a private temporary name: backups started in the same second (two windows, a script) never share a file
    handle, name = tempfile.mkstemp(prefix=f"xiangshan_desk_{now:%Y%m%d_%H%M%S}_", suffix=".partial", dir=folder)
    os.close(handle)
    partial = Path(name)                          # renamed only when complete: no half backups in the list
    try:
        owner_only(partial)
        _copy(sqlite3.connect(str(source), timeout=30), partial)
        _label(partial, source)
        target = _publish(partial, folder, now, reason)
        from xiangshan_desk.application.materials import FOLDER_NAME, copy_new_files, folder_for
        copy_new_files(folder_for(source), folder / FOLDER_NAME)     # incremental: new material files only
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        # in the clerk's words: a full disk, a read-only folder … (not "database or disk is full")
        from xiangshan_desk.domain.errors import database_error_message, describe_os_error
        reason = describe_os_error(exc, folder) if isinstance(exc, OSError) else database_error_message(exc)
        raise AppError(f"备份失败，未留下不完整的备份文件：{reason}") from exc
    owner_only(target)
    rotate(folder)
    return target


def _publish(partial: Path, folder: Path, now: dt.datetime, reason: str) -> Path:
    """Give the finished copy the first free name of its second: a hard link fails when the name is taken (another
    backup of the same second got it first), so no backup ever replaces another."""
    counter = 0
    while True:
        target = folder / f"xiangshan_desk_{now:%Y%m%d_%H%M%S}_{reason}{counter or ''}.sqlite3"
        try:
            os.link(partial, target)
        except FileExistsError:
            counter += 1
            continue
        except OSError:                      # a file system without hard links: the checked rename
            if target.exists():
                counter += 1
                continue
            os.replace(partial, target)
            return target
        partial.unlink()
        return target


def rotate(folder: Path, today: dt.date | None = None) -> list[Path]:
    """Keep today's backups, the newest of each of the last 30 days and 12 months; remove the rest."""
    today = today or dt.date.today()
    stamped = sorted(((s, p) for p in folder.glob("xiangshan_desk_*.sqlite3") if (s := _stamp(p))),
                     key=lambda item: item[0][0], reverse=True)
    keep: set[Path] = set()
    days: list[dt.date] = []
    months: list[tuple[int, int]] = []
    for (created, _reason), path in stamped:
        day = created.date()
        if day == today:
            keep.add(path)
        if day not in days and len(days) < KEEP_DAILY:
            days.append(day)
            keep.add(path)
        month = (created.year, created.month)
        if month not in months and len(months) < KEEP_MONTHLY:
            months.append(month)
            keep.add(path)
    removed = []
    for _, path in stamped:
        if path not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    # a backup interrupted by a crash or a kill leaves its temporary file: case data, so removed once it is old
    for leftover in folder.glob("*.partial"):
        try:
            if dt.datetime.now().timestamp() - leftover.stat().st_mtime > 3600:
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            pass
    return removed


def daily_backup_if_due(folder: Path | None = None) -> Path | None:
    """The once-a-day backup at start-up (SQLite only)."""
    source = current_sqlite_path()
    if source is None or not source.exists():
        return None
    folder = Path(folder) if folder else backup_dir(source)
    today = dt.date.today()
    if any((s := _stamp(p)) and s[0].date() == today for p in folder.glob("xiangshan_desk_*.sqlite3")):
        return None
    return make_backup(source, folder, "daily")


def case_count(path: Path) -> int | None:
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return connection.execute('SELECT COUNT(*) FROM "case" WHERE deleted_at IS NULL').fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return None


def list_backups(folder: Path | None = None, check: bool = False) -> list[BackupInfo]:
    """The backups, newest first, with their case counts and source (and integrity when ``check``): those of the
    open database, and those an earlier release kept in the shared folder (their source unknown)."""
    folders = [Path(folder)] if folder else [backup_dir(), backups_root()]
    result = []
    for path in (p for f in folders for p in f.glob("xiangshan_desk_*.sqlite3")):
        stamp = _stamp(path)
        if stamp is None:
            continue
        problem = check_integrity(path) if check else None
        result.append(BackupInfo(path, stamp[0], stamp[1], path.stat().st_size,
                                 None if problem else case_count(path), problem,
                                 "" if problem else backup_source(path)))
    return sorted(result, key=lambda b: b.created, reverse=True)


def latest_good_backup(folder: Path | None = None) -> BackupInfo | None:
    return next((b for b in list_backups(folder, check=True) if b.problem is None and b.cases is not None), None)


def restore(backup: Path, target: Path, folder: Path | None = None) -> Path | None:
    """Replace ``target`` with the backup; the current file is first saved aside. Returns the aside copy
    (None when there was no current file).

    The program must not have ``target`` open. A damaged current file is kept as it is (renamed aside,
    never overwritten in place without a copy).
    """
    from xiangshan_desk.application.instance_lock import refuse_if_open_elsewhere
    refuse_if_open_elsewhere(target, "恢复数据库")
    problem = check_integrity(backup) or program_database_problem(backup)
    if problem:
        raise AppError(f"备份文件不能使用：{problem}")
    folder = Path(folder) if folder else backup_dir(target)
    folder.mkdir(parents=True, exist_ok=True)
    aside = None
    if target.exists():
        if check_integrity(target) is None:
            aside = make_backup(target, folder, "restore")
        else:
            # a damaged file is moved aside byte for byte, with its journal files
            aside = target.with_name(f"{target.stem}.damaged_{dt.datetime.now():%Y%m%d_%H%M%S}{target.suffix}")
            shutil.move(str(target), aside)
            for suffix in ("-wal", "-shm"):
                extra = Path(str(target) + suffix)
                if extra.exists():
                    shutil.move(str(extra), str(aside) + suffix)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    # The copy is made beside the file and then takes its place: a new file, not the old one overwritten, so that a
    # connection still open on the old one (none should be) cannot share SQLite's state of the file with the new
    # one's connections. Where the old file is still open (Windows refuses the replace), nothing changes.
    restoring = target.with_name(target.name + ".restoring")
    restoring.unlink(missing_ok=True)
    _copy(sqlite3.connect(f"file:{backup}?mode=ro", uri=True), restoring)
    try:
        os.replace(restoring, target)
    except OSError as exc:
        restoring.unlink(missing_ok=True)
        kept = f"；恢复前的数据库已另存为 {aside}" if aside else ""
        raise AppError(f"无法替换数据库文件（{describe_os_error(exc)}），可能另一个窗口仍打开着它，请关闭后重试{kept}。") \
            from exc
    mark_damaged(target, damaged=False)          # a sound copy is in its place now
    owner_only(target)
    from xiangshan_desk.application.materials import FOLDER_NAME, copy_new_files, folder_for
    copy_new_files(backup.parent / FOLDER_NAME, folder_for(target), repair=True)
    return aside


def check_materials_in_file(db_file: Path, folder: Path | None = None) -> list[Problem]:
    """Every material the database file references exists in its materials folder with its hash: the missing and
    damaged ones by case and name (after a restore; the program need not have the file open)."""
    from xiangshan_desk.application.materials import Problem, blob_path, folder_for, verify_file
    folder = folder or folder_for(db_file)
    connection = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'material'").fetchone() is None:
            return []                   # a database from before case materials
        rows = connection.execute(
            'SELECT f.sha256, f.size, m.case_id, c.current_case_number, u.name, m.name, m.kind FROM material m '
            'JOIN material_file f ON f.id = m.file_id JOIN "case" c ON c.id = m.case_id JOIN unit u ON u.id = c.unit_id '
            "ORDER BY u.sort_order, c.current_case_number, m.id").fetchall()
    finally:
        connection.close()
    verdicts: dict[str, str | None] = {}
    problems = []
    for sha, size, case_id, number, unit, name, kind in rows:
        if sha not in verdicts:
            verdicts[sha] = verify_file(blob_path(folder, sha), sha, size)
        if verdicts[sha]:
            problems.append(Problem(case_id, number, unit, name, kind, verdicts[sha]))
    return problems


def program_database_problem(path: Path) -> str | None:
    """None when the file is a database of this program that this version can open (an older one is upgraded
    when opened); otherwise why not, in Chinese."""
    from xiangshan_desk.persistence.schema import MIGRATIONS_DIR
    known = {p.stem for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py")}
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            applied = ({name for (name,) in connection.execute("SELECT name FROM schema_migration")}
                       if "schema_migration" in tables else set())
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return f"无法读取（{exc}）"
    if not applied or not {"case", "proceeding", "unit"} <= tables:
        return "不是本程序的数据库（缺少案件数据表）"
    newer = sorted(applied - known)
    if newer:
        return f"由较新版本的程序创建（数据结构版本 {', '.join(newer)}），请先升级程序"
    return None


def _label(backup: Path, source: Path) -> None:
    """Write into the copy which database it was taken from (shown in the list; a restore elsewhere asks)."""
    connection = sqlite3.connect(str(backup))
    try:
        if connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'setting'").fetchone():
            connection.execute("DELETE FROM setting WHERE key = ?", (SOURCE_KEY,))
            connection.execute("INSERT INTO setting (key, value) VALUES (?, ?)", (SOURCE_KEY, str(Path(source).resolve())))
            connection.commit()
    finally:
        connection.close()


def backup_source(path: Path) -> str:
    """The database a backup was taken from, or "" when it does not say (backups of earlier releases)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT value FROM setting WHERE key = ?", (SOURCE_KEY,)).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return ""
    return row[0] if row else ""


def is_backup_of_another_database(backup: Path, target: Path) -> bool:
    source = backup_source(backup)
    return bool(source) and Path(source).resolve() != Path(target).resolve()


def _copy(source: sqlite3.Connection, target: Path) -> None:
    """SQLite's online backup of an open database into the file ``target``; both connections are closed."""
    try:
        destination = sqlite3.connect(str(target))
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
