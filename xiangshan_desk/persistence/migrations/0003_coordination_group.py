"""The members of the dispute resolution coordination group (行政争议化解协调小组)."""
from peewee import *  # noqa: F401,F403  (the frozen model uses peewee's names)


def up(migrator, db):
    class Unit(Model):
        class Meta:
            database = db
            table_name = "unit"

    class CoordinationMember(Model):
        role = CharField()
        name = CharField()
        post = CharField(default="")
        unit = ForeignKeyField(Unit, null=True, on_delete="SET NULL")
        sort_order = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "coordination_member"

    db.create_tables([CoordinationMember])


def down(migrator, db):
    migrator.migrate(migrator.drop_table("coordination_member"))
