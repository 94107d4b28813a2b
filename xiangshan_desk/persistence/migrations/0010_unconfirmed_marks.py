"""The 未确认 marks of the case list's dates (rules.md §3: a deadline marked unconfirmed carries 未确认 wherever its
date is printed): ``case.defense_due_unconfirmed``, ``filing_due_unconfirmed`` and ``next_due_unconfirmed`` go with
``defense_due``, ``filing_due`` and ``earliest_open_due``, so that the list still reads the case row alone.

They are written by ``refresh_deadlines``; every case is recomputed once after this migration
(``schema.RECOMPUTE_AFTER``), which sets them on an existing database.
"""
from peewee import BooleanField

COLUMNS = ("defense_due_unconfirmed", "filing_due_unconfirmed", "next_due_unconfirmed")


def up(migrator, db):
    migrator.migrate(*(migrator.add_column("case", name, BooleanField(default=False)) for name in COLUMNS))


def down(migrator, db):
    migrator.migrate(*(migrator.drop_column("case", name) for name in COLUMNS))
