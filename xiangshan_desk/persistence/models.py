"""The peewee models: units, leaders, cases, proceedings, hearings, risks, performance, holidays, deadlines, audit,
case materials."""
from __future__ import annotations

import datetime as dt

from peewee import (BigIntegerField, BlobField, BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, Model,
                    TextField)

from xiangshan_desk.persistence.db import database


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class Setting(BaseModel):
    """Keys stored with the data, shared by every clerk of one database (today only schema.RECOMPUTE_MARK; a
    clerk's own settings are application/settings.py's file)."""

    key = CharField(unique=True)
    value = TextField()


class CountyLeader(BaseModel):
    name = CharField()
    post = CharField(default="")            # 副县长 …
    portfolio = TextField(default="")       # 分管领域
    active = BooleanField(default=True)


class Unit(BaseModel):
    name = CharField(unique=True)
    kind = CharField()                      # rules.UNIT_KINDS
    principal_head_name = CharField(default="")
    principal_head_post = CharField(default="")
    leader = ForeignKeyField(CountyLeader, null=True, backref="units", on_delete="SET NULL")
    active = BooleanField(default=True)
    sort_order = IntegerField(default=0)
    version = IntegerField(default=1)


class UnitAlias(BaseModel):
    unit = ForeignKeyField(Unit, backref="aliases", on_delete="CASCADE")
    alias = CharField(unique=True)


class Court(BaseModel):
    code = CharField(unique=True)           # 浙0225
    name = CharField()


class CoordinationMember(BaseModel):
    """A member of the county's 行政争议化解协调小组 (组长 / 副组长 / 成员单位), as the notice's annex lists them."""

    role = CharField()                      # 组长 / 副组长 / 成员单位
    name = CharField()                      # the person (组长, 副组长) or the member unit's name
    post = CharField(default="")
    unit = ForeignKeyField(Unit, null=True, backref="coordination", on_delete="SET NULL")
    sort_order = IntegerField(default=0)


class Case(BaseModel):
    """One dispute against one defendant unit (rules.md §6)."""

    unit = ForeignKeyField(Unit, backref="cases", on_delete="RESTRICT")
    cause = CharField(default="")           # 案由
    plaintiffs = TextField(default="")
    major_fault = BooleanField(default=False)
    major_fault_reason = TextField(default="")
    loss_report_submitted = DateField(null=True)
    co_defendant_group = CharField(null=True, index=True)   # links the cases of co-defendant units
    notes = TextField(default="")
    created_at = DateTimeField(default=_now)
    created_by = CharField(default="")
    deleted_at = DateTimeField(null=True, index=True)       # in the recycle bin when set
    deleted_by = CharField(null=True)
    version = IntegerField(default=1)
    # The case list's columns, derived by cases.refresh_case_state whenever the case changes, so that the
    # list filters and sorts in SQL on 100,000 cases (migration 0002).
    current_case_number = CharField(default="", index=True)
    current_level = CharField(default="")
    complaint_received = DateField(null=True, index=True)   # of the current proceeding
    first_received = DateField(null=True, index=True)       # of the first instance: the 收案 date
    defense_due = DateField(null=True)
    filing_due = DateField(null=True)
    next_hearing = DateField(null=True)
    earliest_open_due = DateField(null=True)                # the earliest deadline not done nor missed
    next_due_kind = CharField(default="")                   # which deadline that is (rules.DEADLINES id; 0007)
    # the 未确认 mark of the three dates above: computed on a year without a holiday schedule (rules.md §2/§3; 0010)
    defense_due_unconfirmed = BooleanField(default=False)
    filing_due_unconfirmed = BooleanField(default=False)
    next_due_unconfirmed = BooleanField(default=False)
    concluded = BooleanField(default=False)                 # the final outcome took effect
    outcome = CharField(default="")
    is_loss = BooleanField(default=False)
    effective_date = DateField(null=True, index=True)
    # (2026-12) the date a recorded decision will take effect, while it is pending: the columns above show the
    # outcome in effect until then, and the case is recomputed on the first opening from that day (0007)
    pending_effective = DateField(null=True, index=True)
    has_risk = BooleanField(default=False)
    lead_date = DateField(null=True, index=True)
    search_text = TextField(default="")        # case numbers, plaintiffs, cause, unit name (lower case; 0006)
    # Migration 0006 adds the multi-column indexes the list, the status bar and the statistics read alone:
    # (concluded, deleted_at), (earliest_open_due, deleted_at), (complaint_received, id, deleted_at, search_text),
    # (id, deleted_at, unit_id) (0007: the appearance facts and principal_required moved to the proceeding).


class Proceeding(BaseModel):
    """一审 / 二审 / 再审 of a case, each with its own case number, dates, hearings and decision."""

    case = ForeignKeyField(Case, backref="proceedings", on_delete="CASCADE")
    parent = ForeignKeyField("self", null=True, backref="children", on_delete="SET NULL")
    level = CharField()                     # rules.PROCEEDING_LEVELS
    case_number = CharField(index=True)
    court = CharField(default="")
    complaint_received = DateField(null=True, index=True)   # 二审: appeal petition copy
    defense_submitted = DateField(null=True)
    filing_received = DateField(null=True)
    filing_complete = BooleanField(default=False)
    forwarded = DateField(null=True)
    summons_received = DateField(null=True)
    head_list_filed = DateField(null=True)
    judgment_received = DateField(null=True)
    judgment_served = DateField(null=True)
    judgment_kind = CharField(default="判决")
    judgment_filed = DateField(null=True)
    decision = CharField(null=True)
    decision_reasons = TextField(default="")                # 法院裁判理由 (for the loss report)
    effective_date = DateField(null=True, index=True)
    version = IntegerField(default=1)
    # derived by refresh_deadlines (rules.head_appeared / principal_appeared), for the statistics (0006)
    head_appeared = BooleanField(default=False)
    principal_appeared = BooleanField(default=False)
    # (2026-12) the facts that decide who must appear, per proceeding (rules.md §4, migration 0007)
    plaintiff_count = IntegerField(default=1)
    major_public_interest = BooleanField(default=False)
    high_attention = BooleanField(default=False)
    high_risk = BooleanField(default=False)
    written_recommendation = BooleanField(default=False)
    principal_required = BooleanField(default=False)        # derived: §4 requires the principal head (or leader)
    # (2026-12) 当面 / 邮寄 / 网上: a posted document's recorded date is its posting date (rules.md §3)
    defense_submission = CharField(null=True)
    filing_submission = CharField(null=True)
    tracking_numbers = CharField(default="")
    # the case's unit and whether the case is in the recycle bin, kept in step by identity.sync: the database
    # refuses a second proceeding of one unit with one 案号 outside the recycle bin (0007, rules.md §6)
    unit = ForeignKeyField(Unit, null=True, backref="+", on_delete="SET NULL")
    in_bin = BooleanField(default=False)


class Hearing(BaseModel):
    proceeding = ForeignKeyField(Proceeding, backref="hearings", on_delete="CASCADE")
    date = DateField(index=True)
    place = CharField(default="")
    attendee = CharField(default="")        # name
    attendee_post = CharField(default="")
    role = CharField(null=True)             # rules.APPEARANCE_ROLES; None while the hearing is only scheduled
    left_without_permission = BooleanField(default=False)
    absence_reason = TextField(default="")


class RiskRecord(BaseModel):
    """A loss risk found in a proceeding and its analysis report (rules.md §3 risk_report_due)."""

    proceeding = ForeignKeyField(Proceeding, backref="risks", unique=True, on_delete="CASCADE")
    found_date = DateField()
    source = CharField()                    # rules.RISK_SOURCES
    report_filed = DateField(null=True)
    basic_facts = TextField(default="")     # 案件基本情况
    risk_points = TextField(default="")     # 败诉风险点分析
    measures = TextField(default="")        # 下一步工作措施
    resolution_plan = TextField(default="")  # 争议化解方案


class PerformanceRecord(BaseModel):
    """履行情况 of the effective decision, as the clerk records it over time."""

    case = ForeignKeyField(Case, backref="performance_records", on_delete="CASCADE")
    date = DateField()
    state = CharField()                     # rules.PERFORMANCE_STATES
    note = TextField(default="")


class HolidayDay(BaseModel):
    """A clerk's entry that overrides chinesecalendar: the day is working (调休上班) or rest (放假)."""

    day = DateField(unique=True)
    is_working = BooleanField()
    note = CharField(default="")


class HolidayYear(BaseModel):
    """A year whose schedule a clerk entered completely, with its source (the State Council notice)."""

    year = IntegerField(unique=True)
    complete = BooleanField(default=False)
    source = CharField(default="")


class Deadline(BaseModel):
    """A stored deadline of rules.md §3, recomputed when its trigger or the holiday table changes."""

    case = ForeignKeyField(Case, backref="deadlines", on_delete="CASCADE")
    proceeding = ForeignKeyField(Proceeding, backref="deadlines", on_delete="CASCADE")
    kind = CharField()
    trigger = DateField()
    due = DateField(index=True)
    done = DateField(null=True)
    closed = BooleanField(default=False)    # done, missed or lapsed: off the to-do list
    missed = BooleanField(default=False)
    lapsed = BooleanField(default=False)    # due after its proceeding ended: not owed, never counted (0007)
    unconfirmed = BooleanField(default=False)
    span_first = DateField()                # the days the computation looked at
    span_last = DateField()

    class Meta:
        indexes = ((("closed", "due", "case"), False), (("span_first", "span_last"), False))


class JudicialSuggestion(BaseModel):
    """A court's judicial suggestion (司法建议) to a unit, and the unit's reply (notice 二(五)2)."""

    received = DateField(index=True)
    court = CharField(default="")
    unit = ForeignKeyField(Unit, backref="suggestions", on_delete="RESTRICT")
    case = ForeignKeyField(Case, null=True, backref="suggestions", on_delete="SET NULL")
    summary = TextField(default="")
    reply_due = DateField()
    reply_date = DateField(null=True)
    measures = TextField(default="")
    version = IntegerField(default=1)


class TypicalCase(BaseModel):
    """A case the Bureau published as a typical case (典型案例) of a quarter; a case is typical only once."""

    case = ForeignKeyField(Case, unique=True, backref="typical", on_delete="CASCADE")
    year = IntegerField()
    quarter = IntegerField()
    title = CharField()
    summary = TextField(default="")
    lesson = TextField(default="")          # 启示


class Training(BaseModel):
    """A training session or court observation (培训 / 旁听庭审) and the units that took part."""

    date = DateField(index=True)
    kind = CharField()                      # 培训 / 旁听庭审
    organiser = CharField(default="")
    topic = CharField(default="")


class TrainingUnit(BaseModel):
    training = ForeignKeyField(Training, backref="participants", on_delete="CASCADE")
    unit = ForeignKeyField(Unit, backref="trainings", on_delete="RESTRICT")
    people = IntegerField(default=1)
    heads = IntegerField(default=0)         # of whom heads of the unit


class AssessmentRule(BaseModel):
    """One item of the annual assessment (考核) and how it is scored; the Bureau edits weights and thresholds."""

    key = CharField(unique=True)
    label = CharField()
    weight = IntegerField()
    threshold = CharField(default="")       # the item's parameter (a rate line, points per lead, sessions …)
    enabled = BooleanField(default=True)
    sort_order = IntegerField(default=0)


class AuditEntry(BaseModel):
    """Who changed what and when. Written by the core only; never edited."""

    at = DateTimeField(default=_now, index=True)
    operator = CharField(default="")
    os_user = CharField(default="")
    action = CharField()                    # 新增 / 修改 / 删除 / 恢复 …
    entity = CharField()                    # case / proceeding / hearing / unit / holiday …
    entity_id = IntegerField(null=True)
    case_id = IntegerField(null=True, index=True)
    field = CharField(default="")
    old_value = TextField(null=True)
    new_value = TextField(null=True)


class MaterialFile(BaseModel):
    """One stored content of case materials, by its SHA-256: kept once however many cases hold it, never modified
    (migration 0008). SQLite keeps the bytes in the ``materials/`` folder beside the database; PostgreSQL in ``data``.
    Select its columns explicitly: ``data`` may hold 100 MB."""

    sha256 = CharField(unique=True)
    size = BigIntegerField()
    data = BlobField(null=True)
    text = TextField(default="")                # extracted in the background (materials.extract_pending)
    text_state = CharField(default="pending")   # pending / done / none (no text in it) / failed
    pages = IntegerField(null=True)             # PDF and DOCX, where known (卷内目录)
    created_at = DateTimeField(default=_now)


class Material(BaseModel):
    """A file in a case's materials (案卷), optionally of one proceeding, with its type (materials.KINDS)."""

    case = ForeignKeyField(Case, backref="materials", on_delete="CASCADE")
    proceeding = ForeignKeyField(Proceeding, null=True, backref="materials", on_delete="SET NULL")
    file = ForeignKeyField(MaterialFile, backref="uses", on_delete="RESTRICT")
    kind = CharField()
    name = CharField()                          # the original file name
    date = DateField(null=True)                 # the document's date (the archive's order); the day added by default
    note = TextField(default="")
    added_at = DateTimeField(default=_now)
    added_by = CharField(default="")

class FrozenReport(BaseModel):
    """A period's figures as the Bureau reported them (报送, rules.md §7 2026-12): written once, never changed.

    ``figures`` and ``case_lists`` are JSON: every count per unit and for the county, and the counted items
    behind each, as they stood when frozen (migration 0009).
    """

    period_label = CharField()
    start = DateField(index=True)
    end = DateField()
    version = IntegerField()                # 1, 2, … per period: freezing again keeps the earlier versions
    basis = CharField()
    frozen_at = DateTimeField(default=_now)
    computed_for = DateField()              # the day the figures were computed for
    operator = CharField(default="")
    os_user = CharField(default="")
    note = TextField(default="")
    figures = TextField()
    case_lists = TextField()

    class Meta:
        indexes = ((("start", "end", "version"), True),)


ALL_MODELS = (Setting, CountyLeader, Unit, UnitAlias, Court, CoordinationMember, Case, Proceeding, Hearing, RiskRecord,
              PerformanceRecord, HolidayDay, HolidayYear, Deadline, JudicialSuggestion, TypicalCase, Training,
              TrainingUnit, AssessmentRule, AuditEntry, MaterialFile, Material, FrozenReport)
