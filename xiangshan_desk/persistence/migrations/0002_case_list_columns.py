"""The case list's derived columns on ``case``, so the list filters and sorts in SQL."""
from peewee import BooleanField, CharField, DateField, TextField


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("case", "current_case_number", CharField(default="")),
        migrator.add_column("case", "current_level", CharField(default="")),
        migrator.add_column("case", "complaint_received", DateField(null=True)),
        migrator.add_column("case", "first_received", DateField(null=True)),
        migrator.add_column("case", "defense_due", DateField(null=True)),
        migrator.add_column("case", "filing_due", DateField(null=True)),
        migrator.add_column("case", "next_hearing", DateField(null=True)),
        migrator.add_column("case", "earliest_open_due", DateField(null=True)),
        migrator.add_column("case", "concluded", BooleanField(default=False)),
        migrator.add_column("case", "outcome", CharField(default="")),
        migrator.add_column("case", "is_loss", BooleanField(default=False)),
        migrator.add_column("case", "effective_date", DateField(null=True)),
        migrator.add_column("case", "has_risk", BooleanField(default=False)),
        migrator.add_column("case", "lead_date", DateField(null=True)),
        migrator.add_column("case", "search_text", TextField(default="")),
        migrator.add_index("case", ("current_case_number",), False),
        migrator.add_index("case", ("complaint_received",), False),
        migrator.add_index("case", ("first_received",), False),
        migrator.add_index("case", ("earliest_open_due",), False),
        migrator.add_index("case", ("concluded",), False),
        migrator.add_index("case", ("effective_date",), False),
        migrator.add_index("case", ("lead_date",), False),
    )
