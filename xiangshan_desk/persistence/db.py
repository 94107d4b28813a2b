"""The connection: a proxy the models bind to, a SQLite file (default) or PostgreSQL, and the few places where the
two differ, behind one small ``Backend`` object. Opening a workspace (migrate, seed, …) is application.bootstrap."""
from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import peewee
from peewee import Database, DatabaseProxy, PostgresqlDatabase, SqliteDatabase

from xiangshan_desk.domain.errors import AppError, mask_secrets
from xiangshan_desk.persistence.paths import default_db_path, is_url

database = DatabaseProxy()

# Database files an integrity check found damaged (resolved paths): closing them writes nothing of its own
# (no PRAGMA optimize), so the file is kept as it was found for the restore that sets it aside byte for byte.
_damaged_files: set[str] = set()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,          # FULL: a committed change survives a power cut
    "busy_timeout": 15000,     # another clerk's write waits instead of failing with "database is locked"
    # 32 MB of page cache (taken only as used): an import or a recomputation of thousands of cases writes each
    # page once at commit instead of spilling it to the journal again and again (the default is 2 MB)
    "cache_size": -32768,
}


@dataclass(frozen=True)
class Backend:
    """What differs between the embedded SQLite file and a shared PostgreSQL database, asked in one place."""
    db: Database

    @property
    def is_sqlite(self) -> bool:
        return isinstance(self.db, SqliteDatabase)

    @property
    def file(self) -> Path | None:
        """The database file (None for PostgreSQL)."""
        return Path(self.db.database) if self.is_sqlite else None

    @property
    def returns_ids(self) -> bool:
        """Whether an INSERT can return the new rows' ids (PostgreSQL's RETURNING)."""
        return isinstance(self.db, PostgresqlDatabase)

    def one_writer_at_a_time(self, name: str) -> None:
        """Inside a transaction: wait until no other transaction holding ``name`` runs. SQLite's transactions already
        start IMMEDIATE (one writer); PostgreSQL takes a transaction-scoped advisory lock (two imports of one ledger
        must not both decide that its cases are new)."""
        if not self.is_sqlite:
            self.db.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"xiangshan_desk:{name}",))

    def usually(self, condition):
        """A condition true for nearly every row (a case not in the recycle bin, a first instance). SQLite's planner
        is told so, so that it does not walk an index that selects almost every row; PostgreSQL gets it as it is."""
        return peewee.fn.likely(condition) if self.is_sqlite else condition

    def analyze_if_needed(self, force: bool = False) -> None:
        """Give SQLite's planner statistics once the tables are large, so the case list walks its indexes instead of
        sorting 100,000 rows (a bulk import or the demo data calls this with force). PostgreSQL analyses itself."""
        if not self.is_sqlite:
            return
        has_stats = self.db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()
        if force or (not has_stats and (self.db.execute_sql('SELECT COUNT(*) FROM "case"').fetchone()[0] or 0) >= 1000):
            self.db.execute_sql("ANALYZE")

    def optimize(self) -> None:
        """Before closing: keep SQLite's planner statistics current (which may write them) — not on a file found
        damaged, which is left as it is."""
        if self.is_sqlite and not is_marked_damaged(self.file):
            try:
                self.db.execute_sql("PRAGMA optimize")
            except peewee.DatabaseError:
                pass


def _key(path: str | os.PathLike) -> str:
    return os.path.normcase(str(Path(path).resolve()))


def mark_damaged(path: str | os.PathLike, damaged: bool = True) -> None:
    """An integrity check found ``path`` damaged (or, ``damaged=False``, a sound file replaced it: a restore)."""
    if damaged:
        _damaged_files.add(_key(path))
    else:
        _damaged_files.discard(_key(path))


def is_marked_damaged(path: str | os.PathLike | None) -> bool:
    return path is not None and _key(path) in _damaged_files


def backend(db: Database | None = None) -> Backend:
    """The backend of ``db``, or of the open database."""
    return Backend(db if db is not None else database.obj)


def make_database(target: str | os.PathLike | None = None) -> Database:
    """A peewee database for a file path or a postgresql:// URL (None: the default file). Nothing is opened."""
    if target is not None and is_url(target):
        return _postgres(str(target))
    if target is not None and "://" in str(target):
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
        raise AppError(f"数据库地址的格式不正确：{mask_secrets(url)}（{exc}）") from None
    if not isinstance(db, PostgresqlDatabase):
        raise AppError(f"无法识别的数据库地址：{mask_secrets(url)}")
    return db


def refuse_foreign_file(path: Path) -> None:
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


def refuse_read_only(path: Path) -> None:
    """A database file (or its folder) the program cannot write is named as such, untouched: SQLite writes its
    journal beside the file, so both must be writable."""
    if not path.is_file():
        return
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK | os.X_OK):
        which = "数据库文件" if not os.access(path, os.W_OK) else "数据库文件所在的文件夹"
        raise AppError(f"{which}是只读的：{path}。本程序需要写入数据库及其旁边的日志文件，不能打开它；"
                       "请把它复制到可以写入的位置，或请管理员修改权限。文件未作任何改动。")


def bind(db: Database) -> None:
    """Bind the models to ``db`` and connect."""
    database.initialize(db)
    db.connect(reuse_if_open=True)


def one_writer_at_a_time(name: str) -> None:
    backend().one_writer_at_a_time(name)


def usually(condition):
    return backend().usually(condition)


def id_list(ids: list[int]):
    """``field.in_(id_list(ids))``: the ids written into the SQL as integers. peewee would otherwise build and bind
    a node for each id, which is most of the time of a query over a thousand ids; ``int`` keeps the text safe."""
    return peewee.SQL("(" + (", ".join(str(int(case_id)) for case_id in ids) or "NULL") + ")")   # () is not SQL


def close_database() -> None:
    if database.obj is not None and not database.is_closed():
        backend().optimize()
        database.close()
