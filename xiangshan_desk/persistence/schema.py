"""The database's structure: the numbered migrations, the guard against a database written by a newer program, and
the mark a migration leaves when every case must be recomputed after it (the application layer does that)."""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import NamedTuple

from peewee import Database

from xiangshan_desk.domain.errors import SchemaTooNewError

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# Migrations that add derived columns: every case is recomputed once after them (bootstrap → refresh_all_cases).
RECOMPUTE_AFTER = {"0006_appearance_columns", "0007_proceeding_identity", "0010_unconfirmed_marks"}
RECOMPUTE_MARK = "recompute_all_cases"


class SchemaState(NamedTuple):
    applied: tuple[str, ...]
    pending: tuple[str, ...]
    unknown: tuple[str, ...]          # applied by a newer program: this one must not touch the database

    @property
    def is_new(self) -> bool:
        return not self.applied

    @property
    def is_upgrade(self) -> bool:
        """An existing database of an older program (a new one has nothing applied)."""
        return bool(self.pending) and bool(self.applied)


def _known() -> set[str]:
    """The migrations this program has: NNNN_name.py (a plain listing: every start asks, and a glob pattern is
    compiled to a regular expression first)."""
    return {name[:-3] for name in os.listdir(MIGRATIONS_DIR)
            if name.endswith(".py") and name[:4].isdigit() and name[4:5] == "_"}


def is_up_to_date(db: Database) -> bool:
    """Whether the database has exactly this program's migrations, read without loading the migration runner
    (every start asks; only an upgrade needs the runner)."""
    if not db.table_exists("schema_migration"):
        return False                  # a new database
    applied = {name for (name,) in db.execute_sql("SELECT name FROM schema_migration").fetchall()}
    return applied == _known()


def state(db: Database) -> SchemaState:
    from playhouse.migrations import Runner
    status = Runner(db, directory=str(MIGRATIONS_DIR)).status()
    return SchemaState(applied=tuple(m.name for m in status if m.applied),
                       pending=tuple(m.name for m in status if not m.applied and m.path is not None),
                       unknown=tuple(m.name for m in status if m.applied and m.path is None))


def refuse_newer(current: SchemaState) -> None:
    if current.unknown:
        known = max(_known(), default="无")
        raise SchemaTooNewError(
            f"该数据库由较新版本的程序创建（包含本程序不认识的数据结构版本 {', '.join(sorted(current.unknown))}，"
            f"本程序最高支持 {known}）。为避免损坏数据，已拒绝打开。请升级程序后再打开此数据库。")


def migrate(db: Database, current: SchemaState) -> list[str]:
    """Apply the pending migrations. When one of them adds derived columns, a mark committed first makes the next
    start finish the recomputation if this one is killed between the migration's commit and the recomputation."""
    refuse_newer(current)
    if not current.pending:
        return []
    if RECOMPUTE_AFTER.intersection(current.pending) and db.table_exists("setting"):
        db.execute_sql("DELETE FROM setting WHERE key = " + db.param, (RECOMPUTE_MARK,))
        db.execute_sql(f"INSERT INTO setting (key, value) VALUES ({db.param}, {db.param})", (RECOMPUTE_MARK, "1"))
    from playhouse.migrations import Runner
    applied = Runner(db, directory=str(MIGRATIONS_DIR)).up()   # (a new database has no cases, hence no mark)
    if applied:
        log.info("migrations applied: %s", ", ".join(applied))
    return applied


def recompute_marked() -> bool:
    from xiangshan_desk.persistence.models import Setting
    return Setting.select().where(Setting.key == RECOMPUTE_MARK).exists()


def clear_recompute_mark() -> None:
    from xiangshan_desk.persistence.models import Setting
    Setting.delete().where(Setting.key == RECOMPUTE_MARK).execute()
