"""Frozen reported figures (报送, rules.md §7 2026-12): a period's figures and case lists as reported, per version.

Numbered 0009: 0008 is another change's; the runner applies whatever files exist in order, gaps included.
"""
import datetime as dt

from peewee import *  # noqa: F401,F403  (the frozen model uses peewee's names)


def up(migrator, db):
    class FrozenReport(Model):
        period_label = CharField()
        start = DateField(index=True)
        end = DateField()
        version = IntegerField()
        basis = CharField()
        frozen_at = DateTimeField(default=dt.datetime.now)
        computed_for = DateField()
        operator = CharField(default="")
        os_user = CharField(default="")
        note = TextField(default="")
        figures = TextField()
        case_lists = TextField()

        class Meta:
            database = db
            table_name = "frozen_report"
            indexes = ((("start", "end", "version"), True),)

    db.create_tables([FrozenReport])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("frozen_report"))
