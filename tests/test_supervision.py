"""Judicial suggestions, typical cases, training and court observation (issue #11, items 1–3)."""
import datetime as dt

import pytest

from xiangshan_desk.application import cases, supervision
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import AuditEntry, Unit

D = dt.date


def _unit(name):
    return Unit.get(Unit.name == name).id


def test_suggestion_default_due_status_and_figures(db, actor):
    first = supervision.add_suggestion(actor, {"received": "2025-01-31", "court": "象山县人民法院",
                                               "unit_id": _unit("石浦镇"), "summary": "规范送达程序"})
    second = supervision.add_suggestion(actor, {"received": "2025-03-10", "unit_id": _unit("石浦镇"),
                                                "reply_due": "2025-04-10"})
    third = supervision.add_suggestion(actor, {"received": "2025-05-06", "unit_id": _unit("县公安局")})
    rows = {r.id: r for r in supervision.list_suggestions(today=D(2025, 6, 1))}
    assert rows[first].reply_due == D(2025, 3, 31)              # 2 months, clamped to the month's end
    # the unit's id comes with its name (the supervision dialog shows the row's unit for editing)
    assert (rows[first].unit, rows[first].unit_id) == ("石浦镇", _unit("石浦镇"))
    supervision.update_suggestion(actor, first, {"reply_date": "2025-03-20", "measures": "已整改"})
    supervision.update_suggestion(actor, second, {"reply_date": "2025-04-15"})
    rows = {r.id: r for r in supervision.list_suggestions(today=D(2025, 6, 1))}
    assert rows[first].status_text == "按期答复"
    assert rows[second].status_text == "逾期5天答复"
    assert rows[third].status_text == "未到期（还剩35天）" and not rows[third].overdue      # due 2025-07-06
    assert supervision.list_suggestions(today=D(2025, 7, 20))[0].overdue
    figures = supervision.suggestion_figures(D(2025, 1, 1), D(2025, 6, 30), D(2025, 6, 1))
    assert figures["合计"] == supervision.SuggestionFigures(3, 2, 1)
    assert figures["石浦镇"] == supervision.SuggestionFigures(2, 2, 1)
    with pytest.raises(AppError, match="答复期限不能早于收到日期"):
        supervision.add_suggestion(actor, {"received": "2025-05-06", "unit_id": _unit("县公安局"),
                                           "reply_due": "2025-05-01"})
    assert AuditEntry.select().where(AuditEntry.entity == "suggestion").count() >= 4


def test_a_case_is_typical_only_once(db, actor):
    case = cases.create_case(actor, {"unit_id": _unit("石浦镇")}, {"case_number": "（2025）浙0225行初1号"}).id
    supervision.mark_typical(actor, case, 2025, 2, {"title": "程序违法被撤销", "lesson": "严格履行告知程序"})
    with pytest.raises(AppError, match="2025年第2季度") as info:
        supervision.mark_typical(actor, case, 2025, 3, {"title": "再选一次"})
    assert "2025年第2季度" in info.value.message
    rows = supervision.typical_cases(2025, 2)
    assert [(r.title, r.lesson, r.unit) for r in rows] == [("程序违法被撤销", "严格履行告知程序", "石浦镇")]
    assert supervision.typical_cases(2025, 3) == []
    supervision.unmark_typical(actor, case)
    assert supervision.typical_cases(2025) == []


def test_training_counted_per_unit(db, actor):
    supervision.add_training(actor, "2025-04-01", "培训", "县司法局", "行政诉讼法新解释",
                             [(_unit("石浦镇"), 3, 1), (_unit("县公安局"), 2, 0)])
    supervision.add_training(actor, "2025-05-20", "旁听庭审", "县司法局", "旁听征收补偿案", [(_unit("石浦镇"), 4, 2)])
    figures = supervision.training_by_unit(D(2025, 1, 1), D(2025, 12, 31))
    assert figures["石浦镇"] == supervision.TrainingFigures(1, 1, 7, 3)
    assert figures["县公安局"] == supervision.TrainingFigures(1, 0, 2, 0)
    assert figures["合计"] == supervision.TrainingFigures(1, 1, 9, 3)
    with pytest.raises(AppError, match="类别的值“会议”不在可选范围内"):
        supervision.add_training(actor, "2025-05-20", "会议", "", "", [(_unit("石浦镇"), 1, 0)])
    with pytest.raises(AppError, match="负责人数不能超过参加人数"):
        supervision.add_training(actor, "2025-05-20", "培训", "", "", [(_unit("石浦镇"), 1, 2)])
    assert [t.kind for t in supervision.list_trainings(2025)] == ["旁听庭审", "培训"]


def test_records_round_trip_and_refusals(db, actor, tmp_path):
    from openpyxl import load_workbook

    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.db import close_database
    from xiangshan_desk.persistence.models import JudicialSuggestion, Training, TypicalCase
    from xiangshan_desk.application.supervision_io import export_records, import_records
    case = cases.create_case(actor, {"unit_id": _unit("石浦镇")}, {"case_number": "（2025）浙0225行初1号"}).id
    supervision.add_suggestion(actor, {"received": "2025-01-31", "unit_id": _unit("石浦镇"), "case_id": case,
                                       "summary": "规范送达", "reply_date": "2025-03-01"})
    supervision.mark_typical(actor, case, 2025, 1, {"title": "典型", "lesson": "启示"})
    supervision.add_training(actor, "2025-04-01", "培训", "县司法局", "新法", [(_unit("石浦镇"), 3, 1),
                                                                         (_unit("县公安局"), 2, 0)])
    path = export_records(tmp_path / "监督记录.xlsx")
    again = import_records(actor, path)
    assert again.imported == {"司法建议": 0, "典型案例": 0, "培训": 0}
    assert again.existing == {"司法建议": 1, "典型案例": 1, "培训": 1} and not again.refused
    # a refused row changes nothing; the others go in
    book = load_workbook(path)
    book["司法建议"].append(["2025-05-06", "", "火星局", None, "x", None, None, ""])
    book["培训"].append(["2025-06-01", "旁听庭审", "县司法局", "旁听", "县公安局", 2, 0])
    book["培训"].append(["2025-06-01", "旁听庭审", "县司法局", "旁听", "不存在", 2, 0])
    book.save(path)
    before = (JudicialSuggestion.select().count(), Training.select().count())
    report = import_records(actor, path)
    assert [(sheet, r.column) for sheet, r in report.refused] == [("司法建议", "涉及单位"), ("培训", "日期"),
                                                                   ("培训", "参加单位")]
    assert (JudicialSuggestion.select().count(), Training.select().count()) == before
    dry = import_records(actor, path, dry_run=True)
    assert dry.existing["培训"] == 1 and Training.select().count() == before[1]
    # into another database whose case exists: everything arrives
    close_database()
    open_workspace(tmp_path / "other.sqlite3")
    cases.create_case(actor, {"unit_id": _unit("石浦镇")}, {"case_number": "（2025）浙0225行初1号"})
    fresh = import_records(actor, path)
    assert fresh.imported == {"司法建议": 1, "典型案例": 1, "培训": 1}
    assert TypicalCase.select().count() == 1 and supervision.training_by_unit(D(2025, 1, 1), D(2025, 12, 31))["合计"].people == 5
    close_database()
