"""Case identity (rules.md §6, 2026-12) and lapsed deadlines (rules.md §3, 2026-12): a proceeding is (unit, 案号), unique among cases not in the recycle bin.

``proceeding.unit_id`` and ``proceeding.in_bin`` copy the case's unit and whether it is in the recycle bin (kept
in step by ``identity.sync``) so that the database itself refuses a second proceeding with the same unit and 案号.
A database of an earlier release may hold such duplicates (the program used to accept them silently): the later
case of each pair is moved to the recycle bin, with a history entry naming the case it repeats, so that nothing is
lost and the clerk decides (restore it after correcting the number, or empty the bin).
"""
import datetime as dt

from peewee import BooleanField, IntegerField

NOTE = "升级检查：与案件 {keep} 同一单位、同一案号（{number}），移入回收站，请核对"


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("proceeding", "unit_id", IntegerField(null=True)),
        migrator.add_column("proceeding", "in_bin", BooleanField(default=False)),
        # (2026-12) a pre-decision deadline due after its proceeding ended is not owed (不适用); every case is
        # recomputed after this migration (db.RECOMPUTE_AFTER) to find them
        migrator.add_column("deadline", "lapsed", BooleanField(default=False)),
    )
    db.execute_sql('UPDATE proceeding SET unit_id = (SELECT c.unit_id FROM "case" c WHERE c.id = proceeding.case_id), '
                   'in_bin = (SELECT c.deleted_at IS NOT NULL FROM "case" c WHERE c.id = proceeding.case_id)')
    duplicates = db.execute_sql(
        "SELECT p.case_id, p.case_number, MIN(q.case_id) FROM proceeding p JOIN proceeding q "
        "ON q.unit_id = p.unit_id AND q.case_number = p.case_number AND q.id < p.id AND NOT q.in_bin "
        "AND q.case_id <> p.case_id WHERE NOT p.in_bin GROUP BY p.case_id, p.case_number").fetchall()
    now = dt.datetime.now().replace(microsecond=0)
    for case_id, number, keep in duplicates:
        db.execute_sql('UPDATE "case" SET deleted_at = %s, deleted_by = %s WHERE id = %s AND deleted_at IS NULL'
                       .replace("%s", db.param), (now, "升级检查", case_id))
        db.execute_sql("UPDATE proceeding SET in_bin = %s WHERE case_id = %s".replace("%s", db.param), (True, case_id))
        db.execute_sql("INSERT INTO audit_entry (at, operator, os_user, action, entity, entity_id, case_id, field, "
                       "old_value, new_value) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)".replace("%s", db.param),
                       (now, "升级检查", "", "移入回收站", "case", case_id, case_id, "案号", number,
                        NOTE.format(keep=keep, number=number)))
    # an earlier import wrote its source note into the 履行情况 record's text, which the case-loss report prints;
    # the import's history entry names the file already
    db.execute_sql("UPDATE performance_record SET note = '' WHERE note LIKE " + db.param, ("台账导入（%）",))
    db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS proceeding_identity ON proceeding (unit_id, case_number) "
                   "WHERE NOT in_bin")


def down(migrator, db):
    db.execute_sql("DROP INDEX IF EXISTS proceeding_identity")
    migrator.migrate(
        migrator.drop_column("proceeding", "unit_id"),
        migrator.drop_column("proceeding", "in_bin"),
        migrator.drop_column("deadline", "lapsed"),
    )
