"""Many rows in one prepared statement (executemany): for recomputing and importing thousands of cases.

peewee builds SQL per query, which costs about a millisecond each; here the statement is built once and the
rows are converted with each field's own db_value, so SQLite and PostgreSQL get the same values as through
the ORM.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from xiangshan_desk.persistence.db import backend, database


def _quoted(name: str) -> str:
    quote = database.obj.quote
    return f"{quote[0]}{name}{quote[1]}"


def _insert_statement(model, columns: Sequence[str]):
    """The INSERT of ``columns`` plus every other field that has a default, and a function giving a row's values."""
    given = [model._meta.fields[c] for c in columns]
    defaults = [f for f in model._meta.sorted_fields
                if f.name not in columns and not f.primary_key and f.default is not None]
    fields = given + defaults
    param = database.obj.param
    sql = (f"INSERT INTO {_quoted(model._meta.table_name)} ({', '.join(_quoted(f.column_name) for f in fields)}) "
           f"VALUES ({', '.join([param] * len(fields))})")

    def default(field):
        return field.default() if callable(field.default) else field.default

    def values(row: Sequence) -> tuple:
        return tuple(f.db_value(v) for f, v in zip(fields, (*row, *(default(f) for f in defaults))))
    return sql, values


def insert_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """INSERT the rows (tuples in ``columns`` order); other fields get their model defaults, as with create()."""
    sql, values = _insert_statement(model, columns)
    converted = [values(row) for row in rows]
    if converted:
        database.cursor().executemany(sql, converted)


class RowInserter:
    """INSERT one row at a time and get its id, with the statement built once (an import makes thousands of cases
    and proceedings whose ids the following rows need)."""

    def __init__(self, model, columns: Sequence[str]) -> None:
        self._sql, self._values = _insert_statement(model, columns)
        self._returning = backend().returns_ids
        if self._returning:
            self._sql += f" RETURNING {_quoted(model._meta.primary_key.column_name)}"

    def __call__(self, row: Sequence) -> int:
        cursor = database.execute_sql(self._sql, self._values(row))
        return cursor.fetchone()[0] if self._returning else cursor.lastrowid


def update_rows(model, columns: Sequence[str], rows: Iterable[tuple[int, Sequence]]) -> None:
    """UPDATE each (id, values) row's ``columns``."""
    fields = [model._meta.fields[c] for c in columns]
    param = database.obj.param
    sets = ", ".join(f"{_quoted(f.column_name)} = {param}" for f in fields)
    sql = f"UPDATE {_quoted(model._meta.table_name)} SET {sets} WHERE {_quoted('id')} = {param}"
    values = [tuple(f.db_value(v) for f, v in zip(fields, row)) + (row_id,) for row_id, row in rows]
    if values:
        database.cursor().executemany(sql, values)
