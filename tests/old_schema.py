"""Databases as an earlier release left them: migrated only up to a given migration, rows written by raw SQL
(the models describe today's schema), so that the upgrade tests start from the real old tables."""
from playhouse.migrations import Runner

from xiangshan_desk.persistence import db as dbmod
from xiangshan_desk.persistence import schema


def open_at(db_path, last_migration: str):
    """A new SQLite database with the migrations up to ``last_migration`` and the seed units; left open."""
    database = dbmod.make_database(db_path)
    dbmod.database.initialize(database)
    database.connect()
    Runner(database, directory=str(schema.MIGRATIONS_DIR)).up(last_migration)
    from xiangshan_desk.application.seed import seed_if_empty
    seed_if_empty()
    return database


def insert(database, table: str, values: dict) -> int:
    """Insert a row as the old program did: every NOT NULL column without a default gets 0 or ''."""
    values = dict(values)
    for _, name, kind, notnull, default, _ in database.execute_sql(f'PRAGMA table_info("{table}")').fetchall():
        if notnull and default is None and name not in values and name != "id":
            values[name] = 0 if kind.upper() in ("INTEGER", "REAL", "BOOLEAN") else ""
    database.execute_sql(f'INSERT INTO "{table}" ({", ".join(values)}) VALUES ({", ".join("?" * len(values))})',
                         tuple(values.values()))
    return database.execute_sql(f'SELECT max(id) FROM "{table}"').fetchone()[0]
