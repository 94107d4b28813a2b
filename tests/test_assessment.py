"""The annual assessment, checked against values worked out by hand for 2025 (issue #11, item 4)."""
import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from xiangshan_desk.application import assessment, supervision
from xiangshan_desk.persistence.models import Unit
from xiangshan_desk.domain.errors import AppError

from .scenarios import TODAY  # the hand-worked quarter's today (2025-07-15)


@pytest.fixture
def year(quarter, actor):
    shipu = Unit.get(Unit.name == "石浦镇").id
    supervision.add_suggestion(actor, {"received": "2025-02-10", "unit_id": shipu, "reply_date": "2025-03-01"})
    supervision.add_suggestion(actor, {"received": "2025-05-10", "unit_id": shipu})          # due 07-10: overdue
    supervision.add_training(actor, "2025-04-01", "培训", "县司法局", "新法培训", [(shipu, 3, 1)])
    return quarter


def _sheet(sheets, unit):
    return next(s for s in sheets if s.unit == unit)


def test_items_by_hand(year):
    sheets = assessment.compute(2025, TODAY)
    shipu = {i.key: i for i in _sheet(sheets, "石浦镇").items}
    assert shipu["loss_rate"].score == 0 and "50.0%" in shipu["loss_rate"].how     # 1 of 2 concluded lost
    assert shipu["appearance"].score == pytest.approx(20)
    assert shipu["principal"].score == pytest.approx(10)
    # due in 2025 up to 07-15: A1 filing (met), judgment filing and loss report (late); A2 filing (late);
    # A3 filing and risk report (late): 1 of 6 on time
    assert shipu["timeliness"].score == pytest.approx(20 / 6) and "1 / 到期 6" in shipu["timeliness"].how
    assert shipu["leads"].score == 10
    assert shipu["suggestions"].score == pytest.approx(2.5)
    assert shipu["training"].score == pytest.approx(5)
    assert _sheet(sheets, "石浦镇").total == pytest.approx(0 + 20 + 10 + 20 / 6 + 10 + 2.5 + 5)

    government = {i.key: i for i in _sheet(sheets, "象山县人民政府").items}
    assert government["loss_rate"].score is None and government["loss_rate"].text == "不适用"
    assert government["principal"].score == 0 and government["timeliness"].score == pytest.approx(10)
    assert government["suggestions"].score is None
    assert _sheet(sheets, "象山县人民政府").total == pytest.approx(40 / 70 * 100)

    empty = {i.key: i for i in _sheet(sheets, "高塘岛乡").items}
    assert [empty[k].score for k in ("loss_rate", "appearance", "principal", "timeliness", "suggestions")] == [None] * 5
    assert _sheet(sheets, "高塘岛乡").total == pytest.approx(50)          # leads 10 of 10, training 0 of 10


def test_weights_change_totals_and_ranks(year, actor):
    before = assessment.compute(2025, TODAY)
    rank = {s.unit: s.rank for s in before}
    assert rank["象山县人民政府"] < rank["石浦镇"] < rank["高塘岛乡"]      # 57.1, 50.8, 50.0
    assessment.save_rule(actor, "timeliness", 60, "")
    after = {s.unit: s for s in assessment.compute(2025, TODAY)}
    assert after["石浦镇"].total == pytest.approx((0 + 20 + 10 + 60 / 6 + 10 + 2.5 + 5) / 140 * 100)
    assert after["象山县人民政府"].total == pytest.approx((20 + 0 + 30 + 10 + 0) / 110 * 100)
    with pytest.raises(AppError, match="“问责线索”的参数应为数字"):
        assessment.save_rule(actor, "leads", 10, "很多")


def test_workbook(year, tmp_path):
    book = load_workbook(assessment.write_workbook(2025, tmp_path / "考核.xlsx", TODAY))
    sheet = book["考核得分"]
    headers = [c.value for c in sheet[2]]
    assert headers[:2] == ["名次", "单位"] and headers[-1] == "得分（百分制）" and "败诉率控制（25）" in headers
    rows = {sheet.cell(row=r, column=2).value: [c.value for c in sheet[r]] for r in range(3, sheet.max_row + 1)}
    assert rows["象山县人民政府"][2] == "不适用"
    assert book["计算说明"].max_row > 3 and book["考核规则"].max_row == 2 + 7


def test_assessment_dialog_and_rules(qtbot, year, db_path):
    from ui.assessment_dialog import AssessmentDialog, RulesDialog
    from ui.context import AppContext
    from xiangshan_desk.application.settings import Settings
    context = AppContext(Settings(operator="王书记员"), str(db_path))
    dialog = AssessmentDialog(context)
    qtbot.addWidget(dialog)
    dialog.year.setValue(2025)
    model = dialog.model
    units = [model.data(model.index(r, 1)) for r in range(model.rowCount())]
    # 得分 beside the unit, seen without scrolling (issue #21); the items follow
    assert model.headerData(2, Qt.Orientation.Horizontal) == "得分"
    assert "石浦镇" in units and model.headerData(3, Qt.Orientation.Horizontal) == "败诉率控制\n（25）"
    row = units.index("象山县人民政府")
    assert model.data(model.index(row, 3)) == "不适用"
    assert "审结" in (model.data(model.index(units.index("石浦镇"), 3), Qt.ItemDataRole.ToolTipRole) or "")
    # every column readable without scrolling sideways, at the size the window opens with on a 1366×768 screen
    dialog.show()
    qtbot.waitExposed(dialog)
    header = dialog.view.horizontalHeader()
    assert dialog.width() <= 1366 and header.length() <= dialog.view.viewport().width(), \
        [(model.headerData(i, Qt.Orientation.Horizontal), header.sectionSize(i)) for i in range(header.count())]
    rules = RulesDialog(context)
    qtbot.addWidget(rules)
    rules.rows["leads"][1].setText("abc")
    assert not rules.save() and "数字" in rules.message.text()
    rules.rows["leads"][1].setText("2")
    rules.rows["appearance"][0].setValue(30)
    assert rules.save()
    assert [r.weight for r in assessment.rules() if r.key == "appearance"] == [30]
