"""The annual assessment's items, weights and thresholds (考核规则), editable by the Bureau."""
from peewee import *  # noqa: F401,F403  (the frozen model uses peewee's names)


def up(migrator, db):
    class AssessmentRule(Model):
        key = CharField(unique=True)
        label = CharField()
        weight = IntegerField()
        threshold = CharField(default="")
        enabled = BooleanField(default=True)
        sort_order = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "assessment_rule"

    db.create_tables([AssessmentRule])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("assessment_rule"))
