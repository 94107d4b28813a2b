"""Opening a workspace: everything that happens between "this database, please" and a database the program can use.

One sequence, used by the window (main.py), the command line, the tests and restore:
refuse a foreign file → connect → refuse a newer structure → back up before an upgrade → migrate → finish the
post-migration work (recompute every case when a migration asked for it; decisions that took effect since) →
seed units and courts on first use → owner-only permissions → planner statistics.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path

import peewee
from peewee import Database

from xiangshan_desk.domain.errors import AppError, database_error_message, mask_secrets
from xiangshan_desk.persistence import schema
from xiangshan_desk.persistence.db import (backend, bind, database, make_database, refuse_foreign_file,
                                           refuse_read_only)
from xiangshan_desk.persistence.paths import default_db_path, is_url

log = logging.getLogger(__name__)


def open_workspace(target: str | os.PathLike | None = None, seed: bool = True) -> Database:
    """Open ``target`` (a file, a postgresql:// URL, or None for the default file) ready for use; AppError in
    Chinese when it cannot be, with the file untouched."""
    where = target or default_db_path()
    if not is_url(where):
        refuse_read_only(Path(where))          # (first: a read-only folder cannot even be read in WAL mode)
        refuse_foreign_file(Path(where))
    db = make_database(target)
    try:
        bind(db)
        applied = _upgrade(db)
        _finish_post_migration()
    except AppError:
        db.close()
        raise
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        if backend(db).is_sqlite:
            raise AppError(f"文件 {where} 不是本程序的数据库或已损坏（{exc}）。文件未作任何改动。") from exc
        raise AppError(f"无法连接数据库 {mask_secrets(str(where))}：{database_error_message(exc)}") from exc
    if seed:
        from xiangshan_desk.application.seed import seed_if_empty
        seed_if_empty()
    file = backend(db).file
    if file is not None:
        from xiangshan_desk.application.backup import owner_only
        for name in (file, Path(f"{file}-wal"), Path(f"{file}-shm")):   # case data: the clerk's only
            if name.exists():
                owner_only(name)
        # upgrading an existing file alters tables, which drops their planner statistics: gather them again
        upgraded = bool(applied) and not any(name.startswith("0001") for name in applied)
        backend(db).analyze_if_needed(force=upgraded)
    return db


def _upgrade(db: Database) -> list[str]:
    if schema.is_up_to_date(db):
        return []
    current = schema.state(db)
    schema.refuse_newer(current)
    file = backend(db).file
    if current.is_upgrade and file is not None:
        # a database written by an older program: nobody else may have it open while its structure changes, and
        # a copy is kept before
        from xiangshan_desk.application.backup import make_backup
        from xiangshan_desk.application.instance_lock import refuse_if_open_elsewhere
        refuse_if_open_elsewhere(file, "升级数据库结构")
        make_backup(file, reason="migration")
    return schema.migrate(db, current)


def _finish_post_migration() -> None:
    """Recompute every case when a migration asked for it (the mark goes in the same transaction, so a start killed
    half-way finishes the work next time); then the cases whose pending decision has taken effect since."""
    if schema.recompute_marked():
        from xiangshan_desk.application.projection import refresh_all_cases
        with database.atomic():
            refresh_all_cases()
            schema.clear_recompute_mark()
        log.info("every case recomputed after a migration")
    from xiangshan_desk.persistence.models import Case
    if Case.select().where(Case.pending_effective <= dt.date.today()).exists():
        from xiangshan_desk.application.projection import refresh_pending  # loaded only when there are some
        refresh_pending()


def restore_workspace(backup_file: Path, target: Path) -> Path | None:
    """Replace the open database ``target`` by a backup and open it again (also when the restore fails, so the
    program keeps a database). Returns the copy of the replaced database (None when there was none)."""
    from xiangshan_desk.application import backup
    from xiangshan_desk.persistence.db import close_database
    close_database()
    try:
        return backup.restore(backup_file, target)
    finally:
        open_workspace(target)


def check_connection(target: str) -> str:
    """Try a database without switching to it: connect, read its schema version. A Chinese report, or AppError."""
    candidate = make_database(target)
    try:
        candidate.connect()
        candidate.execute_sql("SELECT 1")
        current = schema.state(candidate)
    except AppError:
        raise
    except Exception as exc:  # noqa: BLE001 - any driver error is the clerk's answer here
        raise AppError(f"连接失败：{exc}") from exc
    finally:
        if not candidate.is_closed():
            candidate.close()
    if current.unknown:
        return "连接成功，但该数据库由较新版本的程序创建，本程序无法使用，请先升级程序。"
    if current.is_new:
        return "连接成功：这是一个空数据库，首次使用时将自动建立数据结构并写入单位清单。"
    return f"连接成功：数据结构版本 {max(current.applied)}" + ("，打开时将自动升级。" if current.pending else "。")


def release_connection() -> None:
    """A worker thread's work is done: close its own database connection (peewee keeps one per thread) before the
    thread is reused."""
    if database.obj is not None and not database.is_closed():
        database.close()
