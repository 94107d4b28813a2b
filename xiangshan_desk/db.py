"""The database: a proxy the models bind to, opened on SQLite (default) or PostgreSQL, migrated and seeded."""
from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import peewee
import platformdirs
from peewee import Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase

from .errors import AppError, SchemaTooNewError

log = logging.getLogger(__name__)

APP_NAME = "XiangshanDesk"
DB_FILE_NAME = "xiangshan_desk.sqlite3"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Migrations that add derived columns: every case is recomputed once after them (cases.refresh_deadlines).
RECOMPUTE_AFTER = {"0006_appearance_columns", "0007_proceeding_identity"}

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,          # FULL: a committed change survives a power cut
    "busy_timeout": 15000,     # another clerk's write waits instead of failing with "database is locked"
    # 32 MB of page cache (taken only as used): an import or a recomputation of thousands of cases writes each
    # page once at commit instead of spilling it to the journal again and again (the default is 2 MB)
    "cache_size": -32768,
}


def data_dir() -> Path:
    """The user's data folder (Windows: %APPDATA%\\XiangshanDesk), never the program folder."""
    override = os.environ.get("XIANGSHAN_DESK_DATA")
    return Path(override) if override else platformdirs.user_data_path(APP_NAME, appauthor=False, roaming=True)


def default_db_path() -> Path:
    return data_dir() / DB_FILE_NAME


def is_url(target: str) -> bool:
    return target.startswith(("postgres://", "postgresql://"))


def make_database(target: str | os.PathLike | None = None) -> Database:
    """A peewee database for a file path or a postgresql:// URL (None: the default file)."""
    if target is not None and is_url(str(target)):
        return _postgres(str(target))
    if target is not None and "://" in str(target):
        from .errors import mask_secrets
        raise AppError(f"只支持 postgresql:// 形式的数据库地址，或一个数据库文件路径：{mask_secrets(str(target))}")
    path = Path(target) if target is not None else default_db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Transactions start IMMEDIATE: one that reads first (an identity check before the insert) and writes later
    # would otherwise fail at once with "database is locked" when another clerk is writing, since SQLite does not
    # wait (busy_timeout) to upgrade a read transaction to a write.
    return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=15, lock_type="IMMEDIATE")


def _postgres(url: str) -> Database:
    try:
        import psycopg2  # noqa: F401  (peewee needs it; say so plainly when it is missing)
    except ImportError as exc:
        raise AppError("连接 PostgreSQL 需要 psycopg2 驱动：请运行 pip install psycopg2-binary") from exc
    from playhouse.db_url import connect
    try:
        db = connect(url)
    except (ValueError, TypeError) as exc:
        from .errors import mask_secrets
        raise AppError(f"数据库地址的格式不正确：{mask_secrets(url)}（{exc}）") from None
    if not isinstance(db, PostgresqlDatabase):
        raise AppError(f"无法识别的数据库地址：{url}")
    return db


def _refuse_foreign_file(path: Path) -> None:
    """A file that exists must be a database of this program: an empty file or another program's SQLite database is
    refused untouched (SQLite would happily add this program's tables to it; issue #25 finding 14). A path where no
    file exists yet becomes a new database."""
    if not path.exists():
        return
    if path.is_dir():
        raise AppError(f"{path} 是一个文件夹，不是数据库文件")
    if path.stat().st_size == 0:
        raise AppError(f"文件 {path} 是空的（0 字节），不是本程序的数据库。文件未作任何改动。"
                       "如要新建数据库，请换一个尚不存在的文件名。")
    try:
        raw = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {name for (name,) in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            raw.close()
    except sqlite3.Error as exc:
        raise AppError(f"文件 {path} 不是本程序的数据库或已损坏（{exc}）。文件未作任何改动。") from exc
    if tables and "schema_migration" not in tables:
        raise AppError(f"文件 {path} 是其他程序的数据库（没有本程序的数据结构记录），不能打开。文件未作任何改动。")


def open_database(target: str | os.PathLike | None = None, seed: bool = True) -> Database:
    """Open, migrate and (on first start) seed the database; bind the models to it."""
    where = target or default_db_path()
    if not is_url(str(where)):
        _refuse_foreign_file(Path(where))
    db = make_database(target)
    database.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        applied = migrate(db)
        _recompute_if_marked()
        _refresh_pending_if_due()
    except AppError:
        db.close()
        raise
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        db.close()
        if isinstance(db, SqliteDatabase):
            raise AppError(f"文件 {where} 不是本程序的数据库或已损坏（{exc}）。文件未作任何改动。") from exc
        from .errors import database_error_message, mask_secrets
        raise AppError(f"无法连接数据库 {mask_secrets(str(where))}：{database_error_message(exc)}") from exc
    if seed:
        from .seed import seed_if_empty
        seed_if_empty()
    if isinstance(db, SqliteDatabase):
        from .backup import owner_only
        for name in (db.database, db.database + "-wal", db.database + "-shm"):   # case data: the clerk's only
            if Path(name).exists():
                owner_only(Path(name))
        # upgrading an existing file alters tables, which drops their planner statistics: gather them again
        upgraded = bool(applied) and not any(name.startswith("0001") for name in applied)
        analyze_if_needed(db, force=upgraded)
    return db


RECOMPUTE_MARK = "recompute_all_cases"


def _recompute_if_marked() -> None:
    """Recompute every case when a migration asked for it (the mark is removed in the same transaction)."""
    from .models import Setting
    if Setting.select().where(Setting.key == RECOMPUTE_MARK).exists():
        from .cases import refresh_all_cases
        with database.atomic():
            refresh_all_cases()
            Setting.delete().where(Setting.key == RECOMPUTE_MARK).execute()
        log.info("every case recomputed after a migration")


def _refresh_pending_if_due() -> None:
    """A decision that was pending when its case was last computed and has taken effect since: recompute those
    cases (an indexed look-up, normally finding none; the case operations load only when there are some)."""
    import datetime as dt

    from .models import Case
    if Case.select().where(Case.pending_effective <= dt.date.today()).exists():
        from .cases import refresh_pending
        refresh_pending()


def one_writer_at_a_time(name: str) -> None:
    """Inside a transaction: wait until no other transaction holding ``name`` runs. SQLite's transactions already
    start IMMEDIATE (one writer); PostgreSQL takes a transaction-scoped advisory lock (two imports of one ledger
    must not both decide that its cases are new)."""
    if isinstance(database.obj, PostgresqlDatabase):
        database.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"xiangshan_desk:{name}",))


def analyze_if_needed(db: Database | None = None, force: bool = False) -> None:
    """Give SQLite's planner statistics once the tables are large, so the case list walks its indexes
    instead of sorting 100,000 rows (a bulk import or the demo data calls this with force)."""
    db = db or database.obj
    if not isinstance(db, SqliteDatabase):
        return
    has_stats = db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
    if force or (not has_stats and (db.execute_sql('SELECT COUNT(*) FROM "case"').fetchone()[0] or 0) >= 1000):
        db.execute_sql("ANALYZE")


def usually(condition):
    """A condition true for nearly every row (a case not in the recycle bin, a first instance). SQLite's planner is
    told so, so that it does not walk an index that selects almost every row; other databases get it as it is."""
    return peewee.fn.likely(condition) if isinstance(database.obj, SqliteDatabase) else condition


def id_list(ids: list[int]):
    """``field.in_(id_list(ids))``: the ids written into the SQL as integers. peewee would otherwise build and bind
    a node for each id, which is most of the time of a query over a thousand ids; ``int`` keeps the text safe."""
    return peewee.SQL("(" + (", ".join(str(int(case_id)) for case_id in ids) or "NULL") + ")")   # () is not SQL


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        if isinstance(database.obj, SqliteDatabase):
            try:
                database.execute_sql("PRAGMA optimize")     # keeps the planner's statistics current
            except peewee.DatabaseError:
                pass
        database.close()


def _up_to_date(db: Database) -> bool:
    """Whether the database has exactly this program's migrations, read without loading the migration runner
    (every start asks; only an upgrade needs the runner)."""
    known = {path.stem for path in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py")}
    if not db.table_exists("schema_migration"):
        return False                  # a new database
    applied = {name for (name,) in db.execute_sql("SELECT name FROM schema_migration").fetchall()}
    return applied == known


def migrate(db: Database) -> list[str]:
    """Apply pending numbered migrations; refuse a database written by a newer program."""
    if _up_to_date(db):
        return []
    from playhouse.migrations import Runner
    runner = Runner(db, directory=str(MIGRATIONS_DIR))
    status = runner.status()
    unknown = [m.name for m in status if m.applied and m.path is None]
    pending = [m.name for m in status if not m.applied and m.path is not None]
    if unknown:
        known = max((m.name for m in status if m.path is not None), default="无")
        raise SchemaTooNewError(
            f"该数据库由较新版本的程序创建（包含本程序不认识的数据结构版本 {', '.join(sorted(unknown))}，"
            f"本程序最高支持 {known}）。为避免损坏数据，已拒绝打开。请升级程序后再打开此数据库。")
    if pending and isinstance(db, SqliteDatabase) and any(m.applied for m in status):
        # a database written by an older program: nobody else may have it open while its structure changes, and
        # a copy is kept before
        from .instance_lock import refuse_if_open_elsewhere
        refuse_if_open_elsewhere(db.database, "升级数据库结构")
        from .backup import make_backup
        make_backup(Path(db.database), reason="migration")
    if RECOMPUTE_AFTER.intersection(pending) and db.table_exists("setting"):
        # the derived columns these migrations add are computed after them: a mark committed first makes the next
        # start finish the work if this one is killed between the migration's commit and the recomputation's
        db.execute_sql("DELETE FROM setting WHERE key = " + db.param, (RECOMPUTE_MARK,))
        db.execute_sql(f"INSERT INTO setting (key, value) VALUES ({db.param}, {db.param})", (RECOMPUTE_MARK, "1"))
    applied = runner.up()                     # (a new database has no cases, hence no mark: nothing to recompute)
    if applied:
        log.info("migrations applied: %s", ", ".join(applied))
    return applied


def schema_version(db: Database) -> str | None:
    from playhouse.migrations import Runner
    applied = [m.name for m in Runner(db, directory=str(MIGRATIONS_DIR)).status() if m.applied]
    return max(applied) if applied else None


def test_connection(target: str) -> str:
    """Try a database without switching to it: connect, read its schema version. A Chinese report, or AppError."""
    from playhouse.migrations import Runner
    candidate = make_database(target)
    try:
        candidate.connect()
        candidate.execute_sql("SELECT 1")
        status = Runner(candidate, directory=str(MIGRATIONS_DIR)).status()
    except AppError:
        raise
    except Exception as exc:  # noqa: BLE001 - any driver error is the clerk's answer here
        raise AppError(f"连接失败：{exc}") from exc
    finally:
        if not candidate.is_closed():
            candidate.close()
    applied = [m.name for m in status if m.applied]
    unknown = [m.name for m in status if m.applied and m.path is None]
    if unknown:
        return "连接成功，但该数据库由较新版本的程序创建，本程序无法使用，请先升级程序。"
    if not applied:
        return "连接成功：这是一个空数据库，首次使用时将自动建立数据结构并写入单位清单。"
    pending = [m.name for m in status if not m.applied and m.path is not None]
    return f"连接成功：数据结构版本 {max(applied)}" + ("，打开时将自动升级。" if pending else "。")
