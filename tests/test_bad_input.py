"""Random bad input through the core operations and the importer: nothing crashes, nothing half-changes,
every refusal speaks Chinese."""
import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from xiangshan_desk.application import cases
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.application.importing import import_ledger
from xiangshan_desk.application.ledger import HEADERS
from xiangshan_desk.persistence.models import AuditEntry, Case, Hearing, Proceeding, Unit

CJK = re.compile(r"[\u4e00-\u9fff]")
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=4000, max_size=4100),
    st.sampled_from(["😀👩‍⚖️", "مرحبا بالعالم", "‮反转‬", "=1+1", "<张三&李四>", "\x00\x07", "12345", "2025-02-30",
                     "1990-01-01", "2100-12-31", "1899-12-31", "0", "-1", "  ", "行政处罚\n第二行"]),
)
dates = st.one_of(texts, st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)), st.none(),
                  st.integers(), st.floats(allow_nan=True))
RELAXED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _state():
    return (Case.select().count(), Proceeding.select().count(), Hearing.select().count(),
            AuditEntry.select().count())


def _refusal_is_chinese(exc: AppError) -> None:
    assert exc.message and CJK.search(exc.message), exc.message


@RELAXED
@given(plaintiffs=texts, cause=texts, number=texts, received=dates, filing=dates, count=st.one_of(texts, st.integers()))
def test_create_case_with_random_values(db, actor, plaintiffs, cause, number, received, filing, count):
    unit = Unit.get(Unit.name == "石浦镇").id
    before = _state()
    try:
        saved = cases.create_case(actor, {"unit_id": unit, "plaintiffs": plaintiffs, "cause": cause},
                                  {"case_number": number, "complaint_received": received, "filing_received": filing,
                                   "plaintiff_count": count})
    except AppError as exc:
        _refusal_is_chinese(exc)
        assert _state() == before
        return
    stored = Case.get_by_id(saved.id)
    assert stored.plaintiffs == plaintiffs.strip()        # what was typed is kept, never rewritten
    assert cases.case_detail(saved.id).id == saved.id


@RELAXED
@given(field=st.sampled_from(["judgment_received", "effective_date", "summons_received", "head_list_filed", "court",
                              "decision", "judgment_kind", "level", "case_number"]), value=dates)
def test_update_proceeding_with_random_values(db, actor, field, value):
    unit = Unit.get(Unit.name == "县公安局").id
    saved = cases.create_case(actor, {"unit_id": unit}, {"case_number": f"（2025）浙0225行初{Case.select().count() + 1}号",
                                                         "complaint_received": "2025-03-07"})
    proc = Proceeding.get(Proceeding.case == saved.id)
    before = (_state(), {f: getattr(proc, f) for f in ("judgment_received", "court", "decision", "case_number")})
    try:
        cases.update_proceeding(actor, proc.id, {field: value})
    except AppError as exc:
        _refusal_is_chinese(exc)
        again = Proceeding.get_by_id(proc.id)
        assert (_state(), {f: getattr(again, f) for f in before[1]}) == before


@RELAXED
@given(date=dates, role=texts, attendee=texts, left=st.one_of(st.booleans(), texts))
def test_add_hearing_with_random_values(db, actor, date, role, attendee, left):
    unit = Unit.get(Unit.name == "县公安局").id
    saved = cases.create_case(actor, {"unit_id": unit}, {"case_number": f"（2025）浙0225行初{Case.select().count() + 1}号"})
    proc = Proceeding.get(Proceeding.case == saved.id)
    before = _state()
    try:
        cases.add_hearing(actor, proc.id, {"date": date, "role": role, "attendee": attendee,
                                           "left_without_permission": left})
    except AppError as exc:
        _refusal_is_chinese(exc)
        assert _state() == before


cells_strategy = st.one_of(st.none(), st.text(max_size=8), st.booleans(), st.integers(-5, 10**6),
                           st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)),
                           st.sampled_from(["石浦镇", "（2025）浙0225行初1号", "是", "否", "2025-02-30", "副职负责人",
                                            "撤销", "=1+1", "😀", "2025年3月7日"]))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(cells_strategy, min_size=len(HEADERS), max_size=len(HEADERS)))
def test_importer_with_random_rows(db, actor, tmp_path, cells):
    book = Workbook()
    book.active.append(HEADERS)
    safe = [c if not (isinstance(c, str) and re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", c)) else "x" for c in cells]
    safe = [c if not isinstance(c, float) or c == c else None for c in safe]
    safe = [c if not isinstance(c, int) or abs(c) < 10**15 else 0 for c in safe]
    book.active.append(safe)
    path = tmp_path / "random.xlsx"
    book.save(path)
    before = _state()
    report = import_ledger(actor, path)
    if report.refused:
        assert all(CJK.search(r.reason) for r in report.refused)
        assert report.imported == 0 and _state() == before
    else:
        assert report.imported + report.existing <= 1       # an empty row is skipped
