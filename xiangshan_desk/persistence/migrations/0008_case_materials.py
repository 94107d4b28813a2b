"""Case materials (案卷, issue #22): content-addressed files, their extracted text, and which case holds which.

``material_file`` is one stored content (SHA-256), kept once however many cases hold it; on SQLite the bytes live
in the ``materials/`` folder beside the database and ``data`` stays empty, on PostgreSQL they are in ``data``.
``material`` is one file attached to a case (optionally one proceeding) with its type and original name.
Search: SQLite's FTS5 trigram index over the extracted text (and a pair index for two-character queries);
PostgreSQL's pg_trgm index.
"""
from peewee import *  # noqa: F401,F403  (the frozen models use peewee's names)


def up(migrator, db):
    class Case(Model):
        class Meta:
            database = db
            table_name = "case"

    class Proceeding(Model):
        class Meta:
            database = db
            table_name = "proceeding"

    class MaterialFile(Model):
        sha256 = CharField(unique=True)
        size = BigIntegerField()
        data = BlobField(null=True)
        text = TextField(default="")
        text_state = CharField(default="pending")
        pages = IntegerField(null=True)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "material_file"

    class Material(Model):
        case = ForeignKeyField(Case, index=True, on_delete="CASCADE")
        proceeding = ForeignKeyField(Proceeding, null=True, index=True, on_delete="SET NULL")
        file = ForeignKeyField(MaterialFile, index=True, on_delete="RESTRICT")
        kind = CharField()
        name = CharField()
        date = DateField(null=True)
        note = TextField(default="")
        added_at = DateTimeField()
        added_by = CharField(default="")

        class Meta:
            database = db
            table_name = "material"

    db.create_tables([MaterialFile, Material])
    db.execute_sql("CREATE INDEX IF NOT EXISTS material_file_text_state ON material_file (text_state)")
    if isinstance(db, SqliteDatabase):
        try:
            db.execute_sql("CREATE VIRTUAL TABLE IF NOT EXISTS material_fts USING fts5(text, tokenize='trigram')")
            # two-character Chinese queries (names): the text's overlapping character pairs as words
            # (extraction.bigrams), one token per pair; a scan of every text would take half a second at 50,000
            db.execute_sql("CREATE VIRTUAL TABLE IF NOT EXISTS material_bigram USING fts5(text, "
                           "tokenize='unicode61', detail='none')")
        except OperationalError:
            pass            # an SQLite without FTS5 trigram (before 3.34): search scans the text instead
    else:
        try:
            with db.atomic():       # a savepoint: a refused extension must not abort the migration
                db.execute_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
                db.execute_sql("CREATE INDEX IF NOT EXISTS material_file_text_trgm ON material_file "
                               "USING gin (text gin_trgm_ops)")
        except DatabaseError:
            pass            # no pg_trgm on this server: search scans the text instead


def down(migrator, db):
    db.execute_sql("DROP TABLE IF EXISTS material_fts")
    db.execute_sql("DROP TABLE IF EXISTS material_bigram")
    db.execute_sql("DROP TABLE IF EXISTS material")
    db.execute_sql("DROP TABLE IF EXISTS material_file")
