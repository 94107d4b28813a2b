"""Derived appearance columns and covering indexes, so that a quarter's statistics and a search in the case list
read narrow indexes rather than the wide case rows (benchmarks/README.md).

``proceeding.head_appeared`` / ``principal_appeared`` and ``case.principal_required`` are written by
``refresh_deadlines`` from the rules of rules.md §4/§7; ``db.open_database`` recomputes every case once
after this migration (``RECOMPUTE_AFTER``).
"""
from peewee import BooleanField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("proceeding", "head_appeared", BooleanField(default=False)),
        migrator.add_column("proceeding", "principal_appeared", BooleanField(default=False)),
        migrator.add_column("case", "principal_required", BooleanField(default=False)),
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS case_stats_cover ON "case" (id, deleted_at, unit_id, principal_required)')
    db.execute_sql("CREATE INDEX IF NOT EXISTS proceeding_stats_cover "
                   "ON proceeding (id, case_id, head_appeared, principal_appeared)")
    db.execute_sql("CREATE INDEX IF NOT EXISTS deadline_stats_cover "
                   "ON deadline (kind, due, done, missed, case_id, proceeding_id)")
    # the status bar's and the reminder banner's counts, read from indexes alone (they replace the one-column ones)
    db.execute_sql('DROP INDEX IF EXISTS case_concluded')
    db.execute_sql('DROP INDEX IF EXISTS case_earliest_open_due')
    db.execute_sql('DROP INDEX IF EXISTS deadline_closed_due')
    db.execute_sql('CREATE INDEX IF NOT EXISTS case_concluded_deleted_at ON "case" (concluded, deleted_at)')
    db.execute_sql('CREATE INDEX IF NOT EXISTS case_earliest_open_due_deleted_at ON "case" '
                   '(earliest_open_due, deleted_at)')
    db.execute_sql('CREATE INDEX IF NOT EXISTS deadline_closed_due_case_id ON deadline (closed, due, case_id)')
    # the case list in its usual order with what a search reads: typing walks this narrow index, not the cases
    db.execute_sql('CREATE INDEX IF NOT EXISTS case_list_search ON "case" (complaint_received, id, deleted_at, '
                   'search_text)')


def down(migrator, db):
    for index in ("case_stats_cover", "proceeding_stats_cover", "deadline_stats_cover", "case_list_search",
                  "case_concluded_deleted_at", "case_earliest_open_due_deleted_at", "deadline_closed_due_case_id"):
        db.execute_sql(f"DROP INDEX IF EXISTS {index}")
    db.execute_sql('CREATE INDEX IF NOT EXISTS case_concluded ON "case" (concluded)')
    db.execute_sql('CREATE INDEX IF NOT EXISTS case_earliest_open_due ON "case" (earliest_open_due)')
    db.execute_sql('CREATE INDEX IF NOT EXISTS deadline_closed_due ON deadline (closed, due)')
    migrator.migrate(
        migrator.drop_column("proceeding", "head_appeared"),
        migrator.drop_column("proceeding", "principal_appeared"),
        migrator.drop_column("case", "principal_required"),
    )
