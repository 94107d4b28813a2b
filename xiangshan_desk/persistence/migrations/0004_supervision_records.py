"""The Bureau's supervision records: judicial suggestions, typical cases, training and court observation."""
from peewee import *  # noqa: F401,F403  (the frozen models use peewee's names)


def up(migrator, db):
    class Unit(Model):
        class Meta:
            database = db
            table_name = "unit"

    class Case(Model):
        class Meta:
            database = db
            table_name = "case"

    class JudicialSuggestion(Model):
        received = DateField(index=True)
        court = CharField(default="")
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        case = ForeignKeyField(Case, null=True, on_delete="SET NULL")
        summary = TextField(default="")
        reply_due = DateField()
        reply_date = DateField(null=True)
        measures = TextField(default="")
        version = IntegerField(default=1)

        class Meta:
            database = db
            table_name = "judicial_suggestion"

    class TypicalCase(Model):
        case = ForeignKeyField(Case, unique=True, on_delete="CASCADE")
        year = IntegerField()
        quarter = IntegerField()
        title = CharField()
        summary = TextField(default="")
        lesson = TextField(default="")

        class Meta:
            database = db
            table_name = "typical_case"

    class Training(Model):
        date = DateField(index=True)
        kind = CharField()
        organiser = CharField(default="")
        topic = CharField(default="")

        class Meta:
            database = db
            table_name = "training"

    class TrainingUnit(Model):
        training = ForeignKeyField(Training, on_delete="CASCADE")
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        people = IntegerField(default=1)
        heads = IntegerField(default=0)

        class Meta:
            database = db
            table_name = "training_unit"

    db.create_tables([JudicialSuggestion, TypicalCase, Training, TrainingUnit])


def down(migrator, db):
    for table in ("training_unit", "training", "typical_case", "judicial_suggestion"):
        migrator.migrate(migrator.drop_table(table))
