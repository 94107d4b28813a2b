"""The database of the previous release (schema 0006, 150 demo cases made by that release's own `demo` command,
tests/data/release-0.1.sqlite3) upgrades without losing a value: every stored value of every table is still there
afterwards, or moved where the 2026-12 rules put it."""
import shutil
import sqlite3
from pathlib import Path

from xiangshan_desk.persistence import db as dbmod
from xiangshan_desk.application import bootstrap

RELEASE = Path(__file__).with_name("data") / "release-0.1.sqlite3"
APPEARANCE_FACTS = ("plaintiff_count", "major_public_interest", "high_attention", "high_risk",
                    "written_recommendation")
# Recomputed from the facts after every upgrade (refresh_all_cases): not stored values of their own.
DERIVED = {"case": {"current_case_number", "current_level", "complaint_received", "first_received", "defense_due",
                    "filing_due", "next_hearing", "earliest_open_due", "concluded", "outcome", "is_loss",
                    "effective_date", "has_risk", "lead_date", "search_text", "principal_required", "version"},
           "proceeding": {"head_appeared", "principal_appeared"}}


def _dump(path) -> dict[str, dict[int, dict]]:
    with sqlite3.connect(path) as raw:
        raw.row_factory = sqlite3.Row
        tables = [r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                            "AND name NOT LIKE 'sqlite_%'")]
        return {t: {row["id"]: dict(row) for row in raw.execute(f'SELECT * FROM "{t}"')} for t in tables
                if "id" in [c[1] for c in raw.execute(f'PRAGMA table_info("{t}")')]}


def test_the_previous_release_database_upgrades_without_losing_a_value(tmp_path):
    copy = tmp_path / "upgraded.sqlite3"
    shutil.copy(RELEASE, copy)
    before = _dump(copy)
    assert len(before["case"]) == 150 and before["schema_migration"]
    bootstrap.open_workspace(copy)
    dbmod.close_database()
    after = _dump(copy)
    checked = 0
    for table, rows in before.items():
        if table in ("deadline", "schema_migration"):
            continue                      # deadlines are recomputed; the migration list grows
        for row_id, row in rows.items():
            assert row_id in after[table], (table, row_id)
            for column, value in row.items():
                if column in DERIVED.get(table, set()):
                    continue
                if table == "case" and column in APPEARANCE_FACTS:
                    # moved to each of the case's proceedings (rules.md §4 2026-12)
                    procs = [p for p in after["proceeding"].values() if p["case_id"] == row_id]
                    assert procs and all(p[column] == value for p in procs), (row_id, column)
                else:
                    assert after[table][row_id][column] == value, (table, row_id, column)
                checked += 1
    assert checked > 5000
    # the derived values are recomputed, not lost: the same deadlines come out of the same facts
    old_deadlines = {(d["proceeding_id"], d["kind"]): (d["due"], d["done"]) for d in before["deadline"].values()}
    new_deadlines = {(d["proceeding_id"], d["kind"]): (d["due"], d["done"]) for d in after["deadline"].values()}
    assert new_deadlines == old_deadlines
