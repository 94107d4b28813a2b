"""Many rows in one prepared statement (executemany): for recomputing and importing thousands of cases.

peewee builds SQL per query, which costs about a millisecond each; here the statement is built once and the
rows are converted with each field's own db_value, so SQLite and PostgreSQL get the same values as through
the ORM.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .db import database


def _quoted(name: str) -> str:
    quote = database.obj.quote
    return f"{quote[0]}{name}{quote[1]}"


def insert_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT the rows (tuples in ``columns`` order); other fields get their model defaults, as with create()."""
    given = [model._meta.fields[c] for c in columns]
    defaults = [f for f in model._meta.sorted_fields
                if f.name not in columns and not f.primary_key and f.default is not None]
    fields = given + defaults
    param = database.obj.param
    sql = (f"INSERT INTO {_quoted(model._meta.table_name)} ({', '.join(_quoted(f.column_name) for f in fields)}) "
           f"VALUES ({', '.join([param] * len(fields))})")

    def default(field):
        return field.default() if callable(field.default) else field.default
    values = [tuple(f.db_value(v) for f, v in zip(fields, (*row, *(default(f) for f in defaults)))) for row in rows]
    if values:
        database.cursor().executemany(sql, values)


def update_rows(model, columns: Sequence[str], rows: Iterable[tuple[int, Sequence]]) -> None:
    """UPDATE each (id, values) row's ``columns``."""
    fields = [model._meta.fields[c] for c in columns]
    param = database.obj.param
    sets = ", ".join(f"{_quoted(f.column_name)} = {param}" for f in fields)
    sql = f"UPDATE {_quoted(model._meta.table_name)} SET {sets} WHERE {_quoted('id')} = {param}"
    values = [tuple(f.db_value(v) for f, v in zip(fields, row)) + (row_id,) for row_id, row in rows]
    if values:
        database.cursor().executemany(sql, values)
