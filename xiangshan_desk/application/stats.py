"""The statistics of rules.md §7, per unit and for the county, each figure with the cases behind it."""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import peewee
from peewee import fn

from xiangshan_desk.domain import rules
from xiangshan_desk.application.facts import appearance_facts, facts_for_cases
from xiangshan_desk.application.cases import load_calendar
from xiangshan_desk.persistence.db import usually
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.domain.periods import Period
from xiangshan_desk.persistence.models import AuditEntry, Case, Deadline, Hearing, Proceeding, Unit

LOSS_RATE_LIMIT = rules.LOSS_RATE_LIMIT
LOSS_RATE_LINE = f"{LOSS_RATE_LIMIT:.0%}"          # the limit as the notes and charts print it: 8%
BASIS_ALL, BASIS_JUDGMENTS = "all", "judgments"
BASIS_LABELS = {BASIS_ALL: "败诉率口径：全部审结案件", BASIS_JUDGMENTS: "败诉率口径：仅判决结案（不含撤诉、驳回起诉、调解、终结诉讼）"}
MEDIATION_OR_WITHDRAWAL = rules.MEDIATION_OR_WITHDRAWAL

# The overdue figures: which stored deadline each counts.
OVERDUE_FIGURES = {"filing_overdue": "filing_due", "head_list_overdue": "head_list_due",
                   "risk_report_overdue": "risk_report_due", "judgment_filing_overdue": "judgment_filing_due",
                   "loss_report_overdue": "loss_report_due"}

# Every counted figure: key -> label, in report order.
COUNT_LABELS = {
    "received": "收案数", "concluded": "审结数", "lost": "败诉数", "heard": "开庭审理数", "head_appeared": "负责人出庭数",
    "principal_appeared": "主要负责人出庭数", "principal_required": "应由主要负责人出庭数",
    "mediated_or_withdrawn": "调解撤诉数", "filing_overdue": "备案逾期数", "head_list_overdue": "名单备案逾期数",
    "risk_report_overdue": "风险报告逾期数", "judgment_filing_overdue": "裁判备案逾期数",
    "loss_report_overdue": "败诉报告逾期数", "leads": "问责线索数",
    # (2026-12) the judgments-only basis's denominator, and the principal heads' 应出尽出数 (rules.md §7)
    "concluded_judgments": "判决结案数", "principal_required_and_appeared": "应出尽出数",
}
RATE_LABELS = {"loss_rate": "败诉率", "appearance_rate": "出庭率", "principal_rate": "应出尽出率",
               "mediation_rate": "调撤率"}
JUDGMENTS_LOSS_RATE_LABEL = "败诉率（判决口径）"


# Each rate: (numerator, denominator); the loss rate's denominator depends on the basis.
RATES = {"loss_rate": ("lost", "concluded"), "appearance_rate": ("head_appeared", "heard"),
         "principal_rate": ("principal_required_and_appeared", "principal_required"),
         "mediation_rate": ("mediated_or_withdrawn", "concluded")}


def rate_of(counts, key: str, basis: str = BASIS_ALL) -> float | None:
    """A rate from a unit's counts; None (shown "—") when the denominator is 0."""
    numerator, denominator = RATES[key]
    if key == "loss_rate" and basis == BASIS_JUDGMENTS:
        denominator = "concluded_judgments"
    below = counts.get(denominator, 0)
    return counts.get(numerator, 0) / below if below else None


class Ref(NamedTuple):
    """One counted item: a case, and the proceeding or deadline it was counted for."""

    case_id: int
    proceeding_id: int | None = None
    detail: str = ""


# Beside the counted figures: the judgments-only basis's denominator and the principal ratio's numerator.
JUDGMENTS, PRINCIPAL_BOTH = "concluded_judgments", "principal_required_and_appeared"
_KEYS = tuple(COUNT_LABELS)
# (2026-12) The figures the county row counts once per lawsuit (co-defendant cases together, rules.md §7): the
# overdue figures and the leads stay each unit's own (every co-defendant owes its own filing and appearance).
PER_LAWSUIT = frozenset({"received", "concluded", JUDGMENTS, "lost", "mediated_or_withdrawn", "heard",
                         "head_appeared", "principal_appeared", "principal_required", PRINCIPAL_BOTH})
_CASE_LEVEL = frozenset({"concluded", JUDGMENTS, "lost", "mediated_or_withdrawn"})


@dataclass
class Figures:
    """The counts of one unit (or the county); the cases behind them are read when first listed (``items``)."""

    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_KEYS, 0))
    _cases: "_CaseLists | None" = field(default=None, repr=False, compare=False)
    _scope: int | None = field(default=None, repr=False, compare=False)     # the unit; None for the county

    def count(self, key: str) -> int:
        return self.counts[key]

    @property
    def items(self) -> dict[str, list[Ref]]:
        """Each figure's counted items (and JUDGMENTS / PRINCIPAL_BOTH)."""
        if self._cases is None:
            return {key: [] for key in _KEYS}
        return self._cases.lists(self._scope)

    @property
    def concluded_judgments(self) -> list[Ref]:
        return self.items[JUDGMENTS]

    @property
    def principal_required_and_appeared(self) -> list[Ref]:
        return self.items[PRINCIPAL_BOTH]

    def loss_rate(self, basis: str = BASIS_ALL) -> float | None:
        return rate_of(self.counts, "loss_rate", basis)

    def appearance_rate(self) -> float | None:
        return rate_of(self.counts, "appearance_rate")

    def principal_rate(self) -> float | None:
        """应出尽出率 = 应出尽出数 ÷ 应由主要负责人出庭数 (never 主要负责人出庭数 ÷ 应由…, rules.md §7)."""
        return rate_of(self.counts, "principal_rate")

    def mediation_rate(self) -> float | None:
        return rate_of(self.counts, "mediation_rate")

    def rate(self, key: str, basis: str = BASIS_ALL) -> float | None:
        return rate_of(self.counts, key, basis)

    def any(self) -> bool:
        return any(self.counts.values())

    def merge(self, other: "Figures") -> None:
        for key, value in other.counts.items():
            self.counts[key] += value


@dataclass(frozen=True)
class UnitRow:
    unit_id: int
    unit_name: str
    unit_kind: str
    figures: Figures


@dataclass(frozen=True)
class Statistics:
    period: Period
    basis: str
    units: tuple[UnitRow, ...]          # every active unit, in the unit list's order
    county: Figures
    _cases: "_CaseLists" = field(repr=False, compare=False)
    co_defendant_lawsuits: int = 0      # lawsuits the unit rows count once per co-defendant, the county once

    @property
    def co_defendant_note(self) -> str:
        """The sentence under every unit table whose 合计 differs from the sum of the unit rows (rules.md §7)."""
        if not self.co_defendant_lawsuits:
            return ""
        return f"共同被告案件{self.co_defendant_lawsuits}件在各单位分别计入，合计中按一件计"

    @property
    def today(self) -> dt.date:
        """The day the figures were computed for (hearings after it are not held, decisions not in effect)."""
        return self._cases.today

    # The cases behind the figures, their numbers and plaintiffs are read once, when first listed.
    @functools.cached_property
    def unit_of_case(self) -> dict[int, str]:
        """case id -> unit name, for every counted case."""
        names = {row.unit_id: row.unit_name for row in self.units}
        return {cid: names.get(uid, "") for cid, uid in self._cases.loaded.case_unit.items()}

    @property
    def late_deadlines(self) -> list["LateDeadline"]:
        """The deadlines behind the overdue figures (due in the period; late, overdue or missed)."""
        return self._cases.loaded.late

    @property
    def case_numbers(self) -> dict[int, str]:
        """case id -> current case number."""
        return self._cases.loaded.case_numbers

    @property
    def proceeding_numbers(self) -> dict[int, str]:
        """proceeding id -> its case number."""
        return self._cases.loaded.proceeding_numbers

    @property
    def plaintiffs(self) -> dict[int, str]:
        """case id -> plaintiffs as typed."""
        return self._cases.loaded.plaintiffs

    @property
    def basis_label(self) -> str:
        return BASIS_LABELS[self.basis]

    @functools.cached_property
    def _unit_ranks(self) -> dict[str, int]:
        return {row.unit_name: index for index, row in enumerate(self.units)}

    def unit_rank(self, name: str) -> tuple[int, str]:
        """Where a unit stands in the official order (units.md, the unit list's order), for sorting lists."""
        return (self._unit_ranks.get(name, len(self._unit_ranks)), name)

    def units_with_figures(self) -> list[UnitRow]:
        return [row for row in self.units if row.figures.any()]

    def flagged(self, row: UnitRow) -> bool:
        """The unit's loss rate is at or above the notice's 8% line."""
        rate = row.figures.loss_rate(self.basis)
        return rate is not None and rate >= LOSS_RATE_LIMIT

    def number_of(self, ref: Ref) -> str:
        if ref.proceeding_id is not None and ref.proceeding_id in self.proceeding_numbers:
            return self.proceeding_numbers[ref.proceeding_id]
        return self.case_numbers.get(ref.case_id, "")


# ---------------------------------------------------------------------------------------------
# The one table of unit columns: the report tab, both workbooks and the Word reports read it.


@dataclass(frozen=True)
class Column:
    """One column of a unit table: a count or a rate of rules.md §7."""

    key: str            # a COUNT_LABELS key or a RATES key
    header: str
    kind: str           # "count" | "rate"
    figure: str         # the figure whose cases a click on the column lists (a rate: its numerator)

    def value(self, counts, basis: str) -> int | float | None:
        if self.kind == "rate":
            return rate_of(counts, self.key, basis)
        return int(counts.get(self.key, 0))

    def text(self, counts, basis: str) -> str:
        value = self.value(counts, basis)
        return format_rate(value) if self.kind == "rate" else str(value)

    @property
    def printed_header(self) -> str:
        """The header in a narrow printed column: a bracketed qualifier on a line of its own (败诉率 above
        （判决口径）), never a lone "）" wrapped onto the last line."""
        return wrapped_header(self.header)


def wrapped_header(header: str) -> str:
    """``header`` with a line break before its bracketed part (“（”), if it has one after other text."""
    at = header.find("（")
    return f"{header[:at]}\n{header[at:]}" if at > 0 else header


OVERDUE_KEYS = tuple(OVERDUE_FIGURES)
# The quarterly table (分单位统计, the report tab); the half-year workbook's two tables.
QUARTERLY_COLUMNS = ("received", "concluded", "concluded_judgments", "lost", "loss_rate", "mediated_or_withdrawn",
                     "mediation_rate", "heard", "head_appeared", "appearance_rate", "principal_appeared",
                     "principal_required", "principal_required_and_appeared", "principal_rate", *OVERDUE_KEYS,
                     "leads")
APPEARANCE_COLUMNS = ("heard", "head_appeared", "appearance_rate", "principal_appeared", "principal_required",
                      "principal_required_and_appeared", "principal_rate")
RESPONSE_COLUMNS = ("received", "concluded", "concluded_judgments", "lost", "loss_rate", "mediated_or_withdrawn",
                    "mediation_rate", *OVERDUE_KEYS, "leads")


def unit_columns(basis: str, keys: tuple[str, ...] = QUARTERLY_COLUMNS) -> tuple[Column, ...]:
    """The columns for the basis: 判决结案数 only under the judgments-only basis, where the loss rate's header
    is 败诉率（判决口径）(rules.md §7 2026-12)."""
    columns = []
    for key in keys:
        if key == JUDGMENTS and basis != BASIS_JUDGMENTS:
            continue
        if key in RATES:
            header = JUDGMENTS_LOSS_RATE_LABEL if key == "loss_rate" and basis == BASIS_JUDGMENTS else RATE_LABELS[key]
            numerator = RATES[key][0]
            columns.append(Column(key, header, "rate", numerator))
        else:
            columns.append(Column(key, COUNT_LABELS[key], "count", key))
    return tuple(columns)


@dataclass(frozen=True)
class TableRow:
    name: str
    counts: dict
    values: tuple           # one per column: int, or float / None for a rate
    flagged: bool           # 败诉率 at or above 8%
    total: bool = False
    unit_id: int | None = None


@dataclass(frozen=True)
class UnitTable:
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]      # the units with any figure, in the official order, then 合计
    basis: str
    notes: tuple[str, ...]

    @property
    def headers(self) -> list[str]:
        return ["单位", *(column.header for column in self.columns)]

    @property
    def printed_headers(self) -> list[str]:
        """The headers of a printed sheet, whose columns are narrow (Column.printed_header)."""
        return ["单位", *(column.printed_header for column in self.columns)]

    def texts(self, row: TableRow) -> list[str]:
        return [row.name, *(format_rate(v) if c.kind == "rate" else str(v) for c, v in zip(self.columns, row.values))]

    def as_dicts(self) -> list[dict]:
        """The rows as texts for a document template: {"unit": name, <column key>: text, "flagged": bool}."""
        return [{"unit": row.name, "flagged": row.flagged, "total": row.total,
                 **{column.key: text for column, text in zip(self.columns, self.texts(row)[1:])}}
                for row in self.rows]

    def cell(self, unit: str, key: str):
        """The value of one unit's (or 合计's) column, by the column's key."""
        index = [column.key for column in self.columns].index(key)
        return next(row for row in self.rows if row.name == unit).values[index]


def flagged(counts, basis: str) -> bool:
    rate = rate_of(counts, "loss_rate", basis)
    return rate is not None and rate >= LOSS_RATE_LIMIT


def table_notes(basis: str, co_defendant_note: str = "") -> tuple[str, ...]:
    rate = JUDGMENTS_LOSS_RATE_LABEL if basis == BASIS_JUDGMENTS else "败诉率"
    below = "判决结案数" if basis == BASIS_JUDGMENTS else "审结数"
    notes = [f"说明：{BASIS_LABELS[basis]}；{rate} = 败诉数 ÷ {below}，{below}为0时显示“—”；"
             f"败诉率≥{LOSS_RATE_LINE}的单位标红（通知要求控制在{LOSS_RATE_LINE}以下）。应出尽出率 = 应出尽出数 ÷ 应由主要负责人出庭数。"]
    if co_defendant_note:
        notes.append(co_defendant_note + "。")
    return tuple(notes)


def table_from_counts(unit_counts: list[tuple[str, dict, int | None]], county: dict, basis: str,
                      keys: tuple[str, ...] = QUARTERLY_COLUMNS, co_defendant_note: str = "",
                      include=None) -> UnitTable:
    """A unit table from plain counts (computed now, or frozen when reported)."""
    columns = unit_columns(basis, keys)
    rows = [TableRow(name, counts, tuple(c.value(counts, basis) for c in columns), flagged(counts, basis),
                     unit_id=unit_id)
            for name, counts, unit_id in unit_counts
            if any(counts.get(k, 0) for k in _KEYS) and (include is None or include(counts))]
    rows.append(TableRow("合计", county, tuple(c.value(county, basis) for c in columns), flagged(county, basis),
                         total=True))
    return UnitTable(columns, tuple(rows), basis, table_notes(basis, co_defendant_note))


def unit_table(result: "Statistics", keys: tuple[str, ...] = QUARTERLY_COLUMNS, include=None) -> UnitTable:
    """The unit table of a period's figures: every unit with any figure, then 合计 (co-defendants once)."""
    return table_from_counts([(row.unit_name, row.figures.counts, row.unit_id) for row in result.units],
                             result.county.counts, result.basis, keys, result.co_defendant_note, include)


# The unit tables of the Word reports (half-year report; quarterly loss cases): the loss rate beside its own
# denominator (审结数, or 判决结案数 under the judgments-only basis) so that a reader can recompute it.
def document_columns(basis: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    """``keys`` with "denominator" replaced by the loss rate's denominator under the basis."""
    below = JUDGMENTS if basis == BASIS_JUDGMENTS else "concluded"
    return tuple(below if key == "denominator" else key for key in keys)


HALF_YEAR_REPORT_COLUMNS = ("received", "denominator", "lost", "loss_rate", "appearance_rate")
LOSS_CASES_COLUMNS = ("denominator", "lost", "loss_rate")


def document_figures(result: "Statistics") -> dict:
    """The county figures as the Word reports quote them (the 合计 row of the unit table: the same counts, the
    same rates), and the sentences that quote them; a sentence never quotes a rate without its denominator."""
    return figure_sentences(result.county.counts, result.basis, result.co_defendant_note)


def figure_sentences(counts: dict, basis: str, co_defendant_note: str = "") -> dict:
    """The figures and sentences of ``document_figures`` from plain counts (computed now, or frozen)."""
    values = {key: int(counts.get(key, 0)) for key in COUNT_LABELS}
    values.update({key: format_rate(rate_of(counts, key, basis)) for key in RATES})
    rate_label = JUDGMENTS_LOSS_RATE_LABEL if basis == BASIS_JUDGMENTS else "败诉率"
    if not values["concluded"]:
        loss = ""
    elif basis == BASIS_JUDGMENTS:
        loss = f"审结{values['concluded']}件，其中判决结案{values[JUDGMENTS]}件，" + (
            f"败诉{values['lost']}件，{rate_label}{values['loss_rate']}" if values[JUDGMENTS]
            else f"不计算{rate_label}")
    else:
        loss = f"审结{values['concluded']}件，其中败诉{values['lost']}件，败诉率{values['loss_rate']}"
    if values["principal_required"]:
        principal = (f"应由主要负责人出庭{values['principal_required']}件，实际出庭{values[PRINCIPAL_BOTH]}件，"
                     f"应出尽出率{values['principal_rate']}")
    else:
        principal = "没有应由主要负责人出庭的案件"
    appearance = (f"开庭审理{values['heard']}件，行政机关负责人出庭应诉{values['head_appeared']}件，"
                  f"出庭率{values['appearance_rate']}；主要负责人出庭{values['principal_appeared']}件；{principal}"
                  if values["heard"] else "")
    overdue = (f"备案逾期{values['filing_overdue']}项，出庭名单备案逾期{values['head_list_overdue']}项，"
               f"风险分析报告逾期{values['risk_report_overdue']}项，裁判文书备案逾期{values['judgment_filing_overdue']}项，"
               f"败诉个案报告逾期{values['loss_report_overdue']}项")
    values.update(basis=BASIS_LABELS[basis], loss_rate_label=rate_label, loss_sentence=loss,
                  principal_sentence=principal, appearance_sentence=appearance, overdue_sentence=overdue,
                  co_defendant_note=co_defendant_note)
    return values


def chinese_date(day: dt.date | None) -> str:
    """A date as texts print it: 2026年9月15日."""
    return "" if day is None else f"{day.year}年{day.month}月{day.day}日"


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_NUMBERS_IN_BRACKETS = re.compile(r"（(（\d{4}）.*号)）$")


def reason_text(text: str, day: dt.date | None) -> str:
    """A lead's reason as a sentence: its date first, in Chinese, and the case numbers after a comma instead of
    in brackets of their own (not "…应诉（（2026）浙0225行初74号）（2026-09-15）")."""
    text = _ISO_DATE.sub(lambda m: f"{int(m[1])}年{int(m[2])}月{int(m[3])}日", text)
    text = _NUMBERS_IN_BRACKETS.sub(r"，\1", text)
    when = chinese_date(day)
    return text if not when or text.startswith(when) else f"{when}，{text}"


def format_rate(value: float | None) -> str:
    """A rate as reports show it; "—" when there is no denominator (never 0%)."""
    return "—" if value is None else f"{value * 100:.1f}%"


def _raw(query) -> list[tuple]:
    """The query's rows as the driver returns them: no per-value conversion (a quarter of 100,000 cases has tens
    of thousands of rows, and only ids, flags and texts are read here)."""
    sql, params = query.sql()
    return query._database.execute_sql(sql, params).fetchall()


def _sum_if(condition):
    """How many rows meet the condition (portable: PostgreSQL does not sum booleans)."""
    return fn.SUM(peewee.Case(None, ((condition, 1),), 0))


def _heard_in(period: Period, today: dt.date):
    """Proceedings with a hearing held in the period (a role recorded for a day after today is a plan)."""
    return Hearing.select(Hearing.proceeding).where(Hearing.role.is_null(False)
                                                    & Hearing.date.between(period.start, min(period.end, today)))


def _received_where(period: Period):
    """收案: original first-instance proceedings whose complaint copy was received in the period."""
    return (usually(Case.deleted_at.is_null()) & (Proceeding.level == rules.LEVEL_FIRST)
            & usually(Proceeding.parent.is_null()) & Proceeding.complaint_received.between(period.start, period.end))


def _concluded_where(period: Period, today: dt.date):
    """审结: cases whose final outcome took effect in the period; a decision pending effect (its date after today,
    rules.md §3 2026-12) counts nowhere until that date."""
    return (usually(Case.deleted_at.is_null()) & (Case.concluded == True)  # noqa: E712
            & Case.effective_date.between(period.start, min(period.end, today)))


def _lead_where(period: Period, today: dt.date):
    """问责线索: cases whose lead arose in the period (a lead dated after today, from a decision pending effect or a
    hearing not yet held, has not arisen)."""
    return usually(Case.deleted_at.is_null()) & Case.lead_date.between(period.start, min(period.end, today))


def compute(period: Period, basis: str = BASIS_ALL, today: dt.date | None = None) -> Statistics:
    """Every figure of rules.md §7 for the period, per unit and for the county.

    The figures are counted in SQL (one aggregate query each); the appearance figures read the derived columns
    ``proceeding.head_appeared`` / ``principal_appeared`` / ``principal_required`` that
    ``refresh_deadlines`` writes from the rules of §4/§7. The cases behind the figures are read when a
    list is first asked for (``Figures.items``).
    """
    if basis not in BASIS_LABELS:
        raise AppError(f"败诉率口径应为 all 或 judgments，收到的是 {basis}")
    today = today or dt.date.today()
    per_unit: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_KEYS, 0))

    for unit_id, received in _raw(Proceeding.select(Case.unit, fn.COUNT(Proceeding.id)).join(Case)
                                  .where(_received_where(period)).group_by(Case.unit)):
        per_unit[unit_id]["received"] = int(received)
    for unit_id, concluded, judgments, lost, mediated in _raw(
            Case.select(Case.unit, fn.COUNT(Case.id), _sum_if(Case.outcome.not_in(list(rules.NOT_JUDGMENT_OUTCOMES))),
                        _sum_if(Case.is_loss == True),  # noqa: E712
                        _sum_if(Case.outcome.in_(list(MEDIATION_OR_WITHDRAWAL))))
            .where(_concluded_where(period, today)).group_by(Case.unit)):
        counts = per_unit[unit_id]
        counts.update(concluded=int(concluded), lost=int(lost or 0), mediated_or_withdrawn=int(mediated or 0))
        counts[JUDGMENTS] = int(judgments or 0)
    for unit_id, heard, head, principal, required, both in _raw(
            Proceeding.select(Case.unit, fn.COUNT(Proceeding.id), _sum_if(Proceeding.head_appeared == True),  # noqa: E712
                              _sum_if(Proceeding.principal_appeared == True),  # noqa: E712
                              _sum_if(Proceeding.principal_required == True),  # noqa: E712
                              _sum_if((Proceeding.principal_required == True)  # noqa: E712
                                      & (Proceeding.principal_appeared == True)))  # noqa: E712
            .join(Case).where(usually(Case.deleted_at.is_null()) & Proceeding.id.in_(_heard_in(period, today)))
            .group_by(Case.unit)):
        counts = per_unit[unit_id]
        counts.update(heard=int(heard), head_appeared=int(head or 0), principal_appeared=int(principal or 0),
                      principal_required=int(required or 0))
        counts[PRINCIPAL_BOTH] = int(both or 0)
    figure_of_kind = {kind: key for key, kind in OVERDUE_FIGURES.items()}
    for unit_id, kind, late in _raw(_late_deadlines_query(period, today, Case.unit, Deadline.kind, fn.COUNT(Deadline.id))
                                    .order_by().group_by(Case.unit, Deadline.kind)):
        per_unit[unit_id][figure_of_kind[kind]] = int(late)
    for unit_id, leads in _raw(Case.select(Case.unit, fn.COUNT(Case.id)).where(_lead_where(period, today))
                               .group_by(Case.unit)):
        per_unit[unit_id]["leads"] = int(leads)

    units = list(Unit.select(Unit.id, Unit.name, Unit.kind, Unit.active).order_by(Unit.sort_order, Unit.name)
                 .tuples())
    shown = [(uid, name, kind) for uid, name, kind, active in units if active or uid in per_unit]
    lawsuits = _Lawsuits.find(period, today)
    cases = _CaseLists(period, today, [uid for uid, _, _ in shown], lawsuits)
    rows = tuple(UnitRow(uid, name, kind, Figures(per_unit[uid], cases, uid) if uid in per_unit
                         else Figures(_cases=cases, _scope=uid)) for uid, name, kind in shown)
    county = Figures(_cases=cases, _scope=None)
    for row in rows:
        county.merge(row.figures)
    twice = lawsuits.counted_twice(period, today)
    for key, extra in twice.items():
        county.counts[key] -= extra
    return Statistics(period, basis, rows, county, cases, lawsuits.shared_in(twice))


# The co-defendant lawsuits found last, and the state of the data they were found in (see _Lawsuits.find).
_LAWSUIT_CACHE: dict = {}


class _Lawsuits:
    """Co-defendant cases of one lawsuit (rules.md §6/§7 2026-12), among the cases the period counts.

    Cases are linked by a first-instance (or any) 案号 shared with another unit's case, or by the clerk's
    共同被告关联号. Only the few linked cases are looked at, so a period without co-defendants costs one query.
    """

    def __init__(self, group_of: dict[int, int], proceeding_key: dict[int, tuple]) -> None:
        self.group_of = group_of                    # case id -> the lawsuit (its smallest case id)
        self.proceeding_key = proceeding_key        # proceeding id of a linked case -> (lawsuit, level)
        self._repeated: set[int] = set()

    @classmethod
    def find(cls, period: Period, today: dt.date) -> "_Lawsuits":
        """Every co-defendant lawsuit of the database (a period's figures count only the linked cases they meet).

        Finding them reads every 案号 once (about 80 ms on 100,000 cases), so the result is kept until the data
        changes: every change to a case writes the audit trail, and new proceedings get new ids.
        """
        database = Case._meta.database
        versions = database.execute_sql(f"SELECT (SELECT MAX(id) FROM {AuditEntry._meta.table_name}), "
                                        f"(SELECT MAX(id) FROM {Proceeding._meta.table_name})").fetchone()
        token = (id(database.obj), getattr(database.obj, "database", None), *versions)
        if _LAWSUIT_CACHE.get("token") != token:
            _LAWSUIT_CACHE.clear()
            _LAWSUIT_CACHE.update(token=token, found=cls._find_all())
        group_of, proceeding_key = _LAWSUIT_CACHE["found"]
        return cls(group_of, proceeding_key)

    @staticmethod
    def _find_all() -> tuple[dict[int, int], dict[int, tuple]]:
        shared = (Proceeding.select(Proceeding.case_number).where(Proceeding.in_bin == False)  # noqa: E712
                  .group_by(Proceeding.case_number).having(fn.MIN(Proceeding.unit) != fn.MAX(Proceeding.unit)))
        by_number: dict[str, set[int]] = defaultdict(set)
        for case_id, number in _raw(Proceeding.select(Proceeding.case, Proceeding.case_number)
                                    .where((Proceeding.in_bin == False)  # noqa: E712
                                           & Proceeding.case_number.in_(shared))):
            by_number[number].add(case_id)
        by_group: dict[str, set[int]] = defaultdict(set)
        # the clerk's own links (共同被告关联号), for lawsuits whose 案号 differ
        for case_id, group in _raw(Case.select(Case.id, Case.co_defendant_group)
                                   .where(Case.co_defendant_group.is_null(False) & (Case.co_defendant_group != "")
                                          & Case.deleted_at.is_null())):
            by_group[group].add(case_id)
        parent: dict[int, int] = {}

        def root(case_id: int) -> int:
            while parent.setdefault(case_id, case_id) != case_id:
                case_id = parent[case_id]
            return case_id
        for members in [*by_number.values(), *(m for m in by_group.values() if len(m) > 1)]:
            first, *others = sorted(members)
            for other in others:
                a, b = root(first), root(other)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        group_of = {case_id: root(case_id) for case_id in list(parent)}
        if not group_of:
            return {}, {}
        proceeding_key = {pid: (group_of[cid], level) for pid, cid, level in _raw(
            Proceeding.select(Proceeding.id, Proceeding.case, Proceeding.level)
            .where(Proceeding.case.in_(list(group_of))))}
        return group_of, proceeding_key

    def key(self, figure: str, ref: "Ref") -> tuple:
        """What the county row counts once: the lawsuit (case figures) or the lawsuit's proceeding of a level."""
        if figure in _CASE_LEVEL:
            return ("lawsuit", self.group_of.get(ref.case_id, -ref.case_id))
        if ref.proceeding_id in self.proceeding_key:
            return self.proceeding_key[ref.proceeding_id]
        return ("proceeding", ref.proceeding_id)

    def counted_twice(self, period: Period, today: dt.date) -> dict[str, int]:
        """Per figure: how many more times the unit rows count the linked cases than the county row does."""
        if not self.group_of:
            return {}
        ids = list(self.group_of)
        items: dict[str, list[Ref]] = defaultdict(list)
        for proc_id, case_id in _raw(Proceeding.select(Proceeding.id, Proceeding.case).join(Case)
                                     .where(_received_where(period) & Proceeding.case.in_(ids))):
            items["received"].append(Ref(case_id, proc_id))
        for case_id, outcome, is_loss in _raw(Case.select(Case.id, Case.outcome, Case.is_loss)
                                              .where(_concluded_where(period, today) & Case.id.in_(ids))):
            _count_concluded(items, Ref(case_id), outcome, is_loss)
        for proc_id, case_id, head, principal, required in _raw(
                Proceeding.select(Proceeding.id, Proceeding.case, Proceeding.head_appeared,
                                  Proceeding.principal_appeared, Proceeding.principal_required)
                .join(Case).where(usually(Case.deleted_at.is_null()) & Proceeding.id.in_(_heard_in(period, today))
                                  & Proceeding.case.in_(ids))):
            ref = Ref(case_id, proc_id)
            items["heard"].append(ref)
            for key, flag in (("head_appeared", head), ("principal_appeared", principal),
                              ("principal_required", required), (PRINCIPAL_BOTH, required and principal)):
                if flag:
                    items[key].append(ref)
        result = {}
        for figure, refs in items.items():
            keys = [self.key(figure, ref) for ref in refs]
            extra = len(keys) - len(set(keys))
            if extra:
                result[figure] = extra
                seen: set[tuple] = set()
                for ref, key in zip(refs, keys):
                    if key in seen:
                        self._repeated.add(self.group_of[ref.case_id])
                    seen.add(key)
        return result

    def shared_in(self, twice: dict[str, int]) -> int:
        """How many lawsuits the county row counts once while several unit rows count them."""
        return len(self._repeated) if twice else 0


class _CaseLists:
    """The cases behind a period's figures, per unit: read once, when a list is first asked for."""

    def __init__(self, period: Period, today: dt.date, unit_order: list[int],
                 lawsuits: "_Lawsuits | None" = None) -> None:
        self._period, self._today, self._unit_order = period, today, unit_order
        self._lawsuits = lawsuits or _Lawsuits({}, {})
        self.today = today

    def lists(self, unit_id: int | None) -> dict[str, list[Ref]]:
        return self._county if unit_id is None else self._per_unit.get(unit_id) or {key: [] for key in _KEYS}

    @property
    def _per_unit(self) -> dict[int, dict[str, list[Ref]]]:
        return self.loaded.per_unit

    @functools.cached_property
    def _county(self) -> dict[str, list[Ref]]:
        county: dict[str, list[Ref]] = {key: [] for key in _KEYS}
        seen: dict[str, set] = defaultdict(set)
        linked = self._lawsuits.group_of
        for unit_id in self._unit_order:
            for key, refs in self._per_unit.get(unit_id, {}).items():
                if not linked or key not in PER_LAWSUIT:
                    county[key].extend(refs)
                    continue
                for ref in refs:        # a co-defendant lawsuit once: the first unit's case in the unit order
                    once = self._lawsuits.key(key, ref)
                    if once not in seen[key]:
                        seen[key].add(once)
                        county[key].append(ref)
        return county

    @functools.cached_property
    def loaded(self) -> "_Loaded":
        """Every counted item, with the case numbers and plaintiffs the lists show, read in the queries that find
        the items (not looked up again by id afterwards)."""
        period, today = self._period, self._today
        loaded = _Loaded(defaultdict(lambda: {key: [] for key in _KEYS}), {}, {}, {}, {}, [])
        per_unit, case_unit = loaded.per_unit, loaded.case_unit
        case_numbers, proceeding_numbers, plaintiffs = (loaded.case_numbers, loaded.proceeding_numbers,
                                                        loaded.plaintiffs)

        def seen(case_id: int, unit_id: int, number: str, names: str) -> None:
            case_unit[case_id] = unit_id
            case_numbers[case_id] = number
            plaintiffs[case_id] = names

        for proc_id, proc_number, case_id, unit_id, number, names in _raw(
                Proceeding.select(Proceeding.id, Proceeding.case_number, Case.id, Case.unit, Case.current_case_number,
                                  Case.plaintiffs).join(Case).where(_received_where(period))):
            per_unit[unit_id]["received"].append(Ref(case_id, proc_id))
            proceeding_numbers[proc_id] = proc_number
            seen(case_id, unit_id, number, names)
        for case_id, unit_id, outcome, is_loss, number, names in _raw(
                Case.select(Case.id, Case.unit, Case.outcome, Case.is_loss, Case.current_case_number, Case.plaintiffs)
                .where(_concluded_where(period, today))):
            items = per_unit[unit_id]
            _count_concluded(items, Ref(case_id, None, outcome), outcome, is_loss)
            seen(case_id, unit_id, number, names)
        for proc_id, proc_number, case_id, unit_id, head, principal, required, number, names in _raw(
                Proceeding.select(Proceeding.id, Proceeding.case_number, Case.id, Case.unit, Proceeding.head_appeared,
                                  Proceeding.principal_appeared, Proceeding.principal_required, Case.current_case_number,
                                  Case.plaintiffs)
                .join(Case).where(usually(Case.deleted_at.is_null()) & Proceeding.id.in_(_heard_in(period, today)))):
            items = per_unit[unit_id]
            ref = Ref(case_id, proc_id)
            items["heard"].append(ref)
            if head:
                items["head_appeared"].append(ref)
            if principal:
                items["principal_appeared"].append(ref)
            if required:
                items["principal_required"].append(ref)
                if principal:
                    items[PRINCIPAL_BOTH].append(ref)
            proceeding_numbers[proc_id] = proc_number
            seen(case_id, unit_id, number, names)
        figure_of_kind = {kind: key for key, kind in OVERDUE_FIGURES.items()}
        for kind, case_id, proc_id, unit_id, due, done, missed, proc_number, number, names in _raw(
                _late_deadlines_query(period, today, Deadline.kind, Deadline.case, Deadline.proceeding, Case.unit,
                                      Deadline.due, Deadline.done, Deadline.missed, Proceeding.case_number,
                                      Case.current_case_number, Case.plaintiffs)
                .join(Proceeding, on=(Deadline.proceeding == Proceeding.id))):
            per_unit[unit_id][figure_of_kind[kind]].append(Ref(case_id, proc_id, kind))
            loaded.late.append(LateDeadline(kind, case_id, proc_id, unit_id, _date(due), _date(done), bool(missed)))
            proceeding_numbers[proc_id] = proc_number
            seen(case_id, unit_id, number, names)
        for case_id, unit_id, number, names in _raw(
                Case.select(Case.id, Case.unit, Case.current_case_number, Case.plaintiffs)
                .where(_lead_where(period, today))):
            per_unit[unit_id]["leads"].append(Ref(case_id))
            seen(case_id, unit_id, number, names)
        loaded.per_unit = dict(per_unit)
        return loaded


@dataclass
class _Loaded:
    per_unit: dict[int, dict[str, list[Ref]]]
    case_unit: dict[int, int]
    case_numbers: dict[int, str]
    proceeding_numbers: dict[int, str]
    plaintiffs: dict[int, str]
    late: list["LateDeadline"]          # the deadlines behind the overdue figures, in order of due date


@dataclass(frozen=True)
class LateDeadline:
    kind: str
    case_id: int
    proceeding_id: int
    unit_id: int
    due: dt.date
    done: dt.date | None
    missed: bool

    def status_text(self, today: dt.date) -> str:
        return rules.status_text(*rules.stored_status(self.due, self.done, self.missed, False, today))


def _late_deadlines_query(period: Period, today: dt.date, *columns):
    """Deadlines of the overdue figures due in the period that were met late, are overdue today, or were missed."""
    # lapsed deadlines (不适用) are never counted (rules.md §3 2026-12)
    late = (Deadline.done > Deadline.due) | (Deadline.done.is_null() & (Deadline.lapsed == False)  # noqa: E712
                                              & (Deadline.missed | (Deadline.due < today)))
    return (Deadline.select(*columns).join(Case)
            .where(usually(Case.deleted_at.is_null()) & Deadline.kind.in_(list(OVERDUE_FIGURES.values()))
                   & Deadline.due.between(period.start, period.end) & late)
            .order_by(Deadline.due))


def _date(value) -> dt.date | None:
    """A date column as the driver returned it (SQLite: ISO text; PostgreSQL: a date)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


# ---------------------------------------------------------------------------------------------
# The case lists behind the figures, as the report tab and the workbook sheets show them


@dataclass(frozen=True)
class CaseLine:
    case_id: int
    case_number: str
    unit: str
    detail: str
    plaintiffs: str = ""


def lines(stats: Statistics, refs: list[Ref]) -> list[CaseLine]:
    """The cases behind a figure, sorted by unit and case number."""
    return [CaseLine(r.case_id, stats.number_of(r), stats.unit_of_case.get(r.case_id, ""), _detail(r),
                     stats.plaintiffs.get(r.case_id, ""))
            for r in sorted(refs, key=lambda r: (stats.unit_rank(stats.unit_of_case.get(r.case_id, "")),
                                                 stats.number_of(r)))]


def _detail(ref: Ref) -> str:
    return detail_text(ref.detail)


def detail_text(detail: str) -> str:
    """A counted item's detail as the lists show it: a deadline's name, or the outcome as it is."""
    return rules.DEADLINES[detail].label if detail in rules.DEADLINES else detail


@dataclass(frozen=True)
class AppearanceLine:
    case_id: int
    proceeding_id: int
    case_number: str
    unit: str
    required: str
    reason: str
    attended: str
    compliance: str


def appearance_lines(stats: Statistics) -> list[AppearanceLine]:
    """出庭情况: one line per proceeding heard in the period: required level, who appeared, compliance."""
    refs = stats.county.items["heard"]
    loaded = appearance_facts(ref.proceeding_id for ref in refs)
    result = []
    for ref in refs:
        case, proc = loaded[ref.proceeding_id]
        compliance = rules.appearance_compliance(case, proc, stats.today)
        attended = "；".join(f"{chinese_date(h.date)} {h.attendee or ''}（{h.role}）".replace(" （", "（")
                            for h in proc.hearings if h.held_by(stats.today))
        result.append(AppearanceLine(ref.case_id, proc.id, stats.number_of(ref), stats.unit_of_case[ref.case_id],
                                     compliance.requirement.label, compliance.requirement.reason_text, attended,
                                     compliance.text))
    return sorted(result, key=lambda line: (stats.unit_rank(line.unit), line.case_number))


def lead_lines(stats: Statistics, today: dt.date | None = None) -> list[CaseLine]:
    """问责线索: each lead of the period with its reasons and dates."""
    refs = stats.county.items["leads"]
    cal = load_calendar()
    facts = facts_for_cases({r.case_id for r in refs})
    today = today or dt.date.today()
    result = []
    for ref in refs:
        lead = rules.accountability_lead(cal, facts[ref.case_id][1], today)
        text = "；".join(reason_text(r.text, r.date) for r in lead.reasons) if lead else ""
        result.append(CaseLine(ref.case_id, stats.number_of(ref), stats.unit_of_case[ref.case_id], text))
    # units in the official order (units.md), in the workbooks and the Word list alike
    return sorted(result, key=lambda line: (stats.unit_rank(line.unit), line.case_number))


@dataclass(frozen=True)
class OverdueLine:
    case_id: int
    case_number: str
    unit: str
    what: str
    due: dt.date
    done: dt.date | None
    status: str


def overdue_lines(stats: Statistics, today: dt.date | None = None) -> list[OverdueLine]:
    """逾期事项: every deadline counted by the overdue figures, with its status on ``today``."""
    today = today or dt.date.today()
    result = [OverdueLine(d.case_id, stats.proceeding_numbers.get(d.proceeding_id, ""),
                          stats.unit_of_case.get(d.case_id, ""), rules.DEADLINES[d.kind].label, d.due, d.done,
                          d.status_text(today))
              for d in stats.late_deadlines]
    return sorted(result, key=lambda line: (stats.unit_rank(line.unit), line.due, line.case_number))


@dataclass(frozen=True)
class LossLine:
    case_id: int
    case_number: str
    unit: str
    outcome: str
    effective: dt.date | None
    report_due: dt.date | None
    report_submitted: dt.date | None
    report_status: str
    plaintiffs: str = ""


def loss_lines(stats: Statistics, today: dt.date | None = None) -> list[LossLine]:
    """败诉案件: each loss of the period with its case-loss report status."""
    today = today or dt.date.today()
    ids = [r.case_id for r in stats.county.items["lost"]]
    dues = {case_id: (due, done) for case_id, due, done in
            Deadline.select(Deadline.case, Deadline.due, Deadline.done)
            .where(Deadline.case.in_(ids) & (Deadline.kind == "loss_report_due")).tuples()}
    rows = {c.id: c for c in Case.select(Case.id, Case.outcome, Case.effective_date).where(Case.id.in_(ids))}
    result = []
    for case_id in ids:
        due, done = dues.get(case_id, (None, None))
        text = rules.status_text(*rules.stored_status(due, done, False, False, today))
        result.append(LossLine(case_id, stats.case_numbers.get(case_id, ""), stats.unit_of_case.get(case_id, ""),
                               rows[case_id].outcome, rows[case_id].effective_date, due, done, text,
                               stats.plaintiffs.get(case_id, "")))
    return sorted(result, key=lambda line: (stats.unit_rank(line.unit), line.case_number))


# ---------------------------------------------------------------------------------------------
# The half-year items of rules.md §8 beyond the figures


@dataclass(frozen=True)
class RiskLine:
    case_id: int
    case_number: str
    unit: str
    found: dt.date
    source: str
    report_due: dt.date
    report_filed: dt.date | None
    report_status: str
    resolution: str
    plan: str

    @property
    def open(self) -> bool:
        """Not concluded yet (a decision pending effect included)."""
        return self.resolution == RISK_OPEN

    @property
    def resolved(self) -> bool:
        """Resolved by mediation or withdrawal (化解)."""
        return self.resolution.startswith(RISK_RESOLVED)


# How a risk case stands in the risk sheet and the half-year report: not concluded, or resolved (化解) by
# mediation or withdrawal; otherwise its outcome. A lost case without a performance record: 未记录.
RISK_OPEN, RISK_RESOLVED = "尚未审结", "已化解"
NOT_RECORDED = "未记录"


def risk_lines(period: Period, today: dt.date | None = None) -> list[RiskLine]:
    """Risk cases found in the period, their analysis report, and how the dispute was resolved so far."""
    from xiangshan_desk.persistence.models import RiskRecord
    today = today or dt.date.today()
    cal = load_calendar()
    query = (RiskRecord.select(RiskRecord, Proceeding.case_number, Case.id, Case.concluded, Case.outcome,
                               Case.is_loss, Case.effective_date, Unit.name)
             .join(Proceeding).join(Case).join(Unit)
             .where(Case.deleted_at.is_null() & RiskRecord.found_date.between(period.start, period.end))
             .order_by(Unit.sort_order, RiskRecord.found_date))
    risks = list(query)
    proc_ids = [risk.proceeding.id for risk in risks]
    stored_deadlines = {d.proceeding_id: d for d in Deadline.select().where(
        (Deadline.kind == "risk_report_due") & Deadline.proceeding.in_(proc_ids))} if proc_ids else {}
    result = []
    for risk in risks:
        proc = risk.proceeding
        case = proc.case
        # the stored deadline, so that a missed or lapsed report reads as it does in the editor and the quarter
        stored = stored_deadlines.get(proc.id)
        if stored is not None:
            due = stored.due
            text = rules.status_text(*rules.stored_status(due, stored.done, stored.missed, stored.lapsed, today))
        else:
            due = rules.risk_report_due(cal, risk.found_date).day
            text = rules.status_text(*rules.deadline_status(due, risk.report_filed, today))
        if not case.concluded or case.effective_date > today:          # pending effect: not yet concluded
            resolution = RISK_OPEN
        elif case.outcome in MEDIATION_OR_WITHDRAWAL:
            resolution = f"{RISK_RESOLVED}（{case.outcome}）"
        else:
            resolution = rules.outcome_text(case.outcome, case.is_loss)
        result.append(RiskLine(case.id, proc.case_number, case.unit.name, risk.found_date, risk.source, due,
                               risk.report_filed, text, resolution, risk.resolution_plan))
    return result


@dataclass(frozen=True)
class PerformanceLine:
    case_id: int
    case_number: str
    unit: str
    outcome: str
    effective: dt.date
    state: str
    recorded: dt.date | None
    refused: bool


def performance_lines(stats: Statistics) -> list[PerformanceLine]:
    """Lost cases whose judgment took effect in the period, and how the unit performed it."""
    from xiangshan_desk.persistence.models import PerformanceRecord
    ids = [r.case_id for r in stats.county.items["lost"]]
    records: dict[int, list] = defaultdict(list)
    for record in (PerformanceRecord.select().where(PerformanceRecord.case.in_(ids))
                   .order_by(PerformanceRecord.date, PerformanceRecord.id)):
        records[record.case_id].append(record)
    cases = {c.id: c for c in Case.select(Case.id, Case.outcome, Case.effective_date).where(Case.id.in_(ids))}
    result = []
    for case_id in ids:
        history = records[case_id]
        latest = history[-1] if history else None
        result.append(PerformanceLine(
            case_id, stats.case_numbers.get(case_id, ""), stats.unit_of_case.get(case_id, ""),
            cases[case_id].outcome, cases[case_id].effective_date, latest.state if latest else NOT_RECORDED,
            latest.date if latest else None, any(r.state == rules.PERFORMANCE_REFUSED for r in history)))
    return sorted(result, key=lambda line: (stats.unit_rank(line.unit), line.case_number))


def _count_concluded(items: dict, ref: "Ref", outcome: str, is_loss: bool) -> None:
    """A concluded case into the lists it belongs to: 审结, 判决结案, 败诉, 调解撤诉."""
    items["concluded"].append(ref)
    if outcome not in rules.NOT_JUDGMENT_OUTCOMES:
        items[JUDGMENTS].append(ref)
    if is_loss:
        items["lost"].append(ref)
    if outcome in MEDIATION_OR_WITHDRAWAL:
        items["mediated_or_withdrawn"].append(ref)
