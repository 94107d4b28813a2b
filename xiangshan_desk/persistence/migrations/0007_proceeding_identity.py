"""rules.md revision of 2026-12 in the schema: case identity (§6), lapsed deadlines (§3), appearance facts per
proceeding (§4).

Case identity: a proceeding is (unit, 案号), unique among cases not in the recycle bin.

``proceeding.unit_id`` and ``proceeding.in_bin`` copy the case's unit and whether it is in the recycle bin (kept
in step by ``identity.sync``) so that the database itself refuses a second proceeding with the same unit and 案号.
A database of an earlier release may hold such duplicates (the program used to accept them silently): the later
case of each pair is moved to the recycle bin, with a history entry naming the case it repeats, so that nothing is
lost and the clerk decides (restore it after correcting the number, or empty the bin).
"""
import datetime as dt

from peewee import BooleanField, CharField, DateField, IntegerField

# (2026-12) the facts that decide who must appear belong to each proceeding (rules.md §4)
APPEARANCE_FACTS = ("plaintiff_count", "major_public_interest", "high_attention", "high_risk",
                    "written_recommendation")

NOTE = "升级检查：与案件 {keep} 同一单位、同一案号（{number}），移入回收站，请核对"


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("proceeding", "unit_id", IntegerField(null=True)),
        migrator.add_column("proceeding", "in_bin", BooleanField(default=False)),
        # (2026-12) a pre-decision deadline due after its proceeding ended is not owed (不适用); every case is
        # recomputed after this migration (db.RECOMPUTE_AFTER) to find them
        migrator.add_column("deadline", "lapsed", BooleanField(default=False)),
        migrator.add_column("proceeding", "plaintiff_count", IntegerField(default=1)),
        migrator.add_column("proceeding", "major_public_interest", BooleanField(default=False)),
        migrator.add_column("proceeding", "high_attention", BooleanField(default=False)),
        migrator.add_column("proceeding", "high_risk", BooleanField(default=False)),
        migrator.add_column("proceeding", "written_recommendation", BooleanField(default=False)),
        migrator.add_column("proceeding", "principal_required", BooleanField(default=False)),
        # (2026-12) posting (rules.md §3)
        migrator.add_column("proceeding", "defense_submission", CharField(null=True)),
        migrator.add_column("proceeding", "filing_submission", CharField(null=True)),
        migrator.add_column("proceeding", "tracking_numbers", CharField(default="")),
        migrator.add_column("case", "pending_effective", DateField(null=True)),
        migrator.add_column("case", "next_due_kind", CharField(default="")),
    )
    db.execute_sql('CREATE INDEX IF NOT EXISTS case_pending_effective ON "case" (pending_effective)')
    # every proceeding starts with its case's values, as a new proceeding does from now on
    db.execute_sql("UPDATE proceeding SET " + ", ".join(
        f'{name} = (SELECT c.{name} FROM "case" c WHERE c.id = proceeding.case_id)' for name in APPEARANCE_FACTS))
    # the case's columns go (an index reads one of them); the statistics' covering indexes follow the facts
    db.execute_sql("DROP INDEX IF EXISTS case_stats_cover")
    db.execute_sql("DROP INDEX IF EXISTS proceeding_stats_cover")
    migrator.migrate(*(migrator.drop_column("case", name) for name in (*APPEARANCE_FACTS, "principal_required")))
    db.execute_sql('CREATE INDEX IF NOT EXISTS case_stats_cover ON "case" (id, deleted_at, unit_id)')
    db.execute_sql("CREATE INDEX IF NOT EXISTS proceeding_stats_cover "
                   "ON proceeding (id, case_id, head_appeared, principal_appeared, principal_required)")
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
    # the names clerks, notices and court papers use for the seeded units (象山县自然资源和规划局 …), where free
    from xiangshan_desk.application.seed import add_missing_aliases
    add_missing_aliases()
    db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS proceeding_identity ON proceeding (unit_id, case_number) "
                   "WHERE NOT in_bin")


def down(migrator, db):
    db.execute_sql("DROP INDEX IF EXISTS proceeding_identity")
    db.execute_sql("DROP INDEX IF EXISTS case_stats_cover")
    db.execute_sql("DROP INDEX IF EXISTS proceeding_stats_cover")
    migrator.migrate(
        migrator.add_column("case", "plaintiff_count", IntegerField(default=1)),
        *(migrator.add_column("case", name, BooleanField(default=False))
          for name in (*APPEARANCE_FACTS[1:], "principal_required")),
    )
    # the first proceeding's values back on the case
    db.execute_sql('UPDATE "case" SET ' + ", ".join(
        f"{name} = (SELECT p.{name} FROM proceeding p WHERE p.case_id = \"case\".id ORDER BY p.id LIMIT 1)"
        for name in APPEARANCE_FACTS))
    migrator.migrate(*(migrator.drop_column("proceeding", name) for name in (
        *APPEARANCE_FACTS, "principal_required", "defense_submission", "filing_submission", "tracking_numbers")))
    db.execute_sql("DROP INDEX IF EXISTS case_pending_effective")
    migrator.migrate(migrator.drop_column("case", "pending_effective"), migrator.drop_column("case", "next_due_kind"))
    db.execute_sql('CREATE INDEX IF NOT EXISTS case_stats_cover ON "case" (id, deleted_at, unit_id, principal_required)')
    db.execute_sql("CREATE INDEX IF NOT EXISTS proceeding_stats_cover "
                   "ON proceeding (id, case_id, head_appeared, principal_appeared)")
    migrator.migrate(
        migrator.drop_column("proceeding", "unit_id"),
        migrator.drop_column("proceeding", "in_bin"),
        migrator.drop_column("deadline", "lapsed"),
    )
