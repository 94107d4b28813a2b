"""The 报表 tab on the hand-worked quarter: the table, the 8% highlight, the charts, drill-down, exports."""
import pytest

pytest.importorskip("PySide6")

from openpyxl import load_workbook  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from ui import operations  # noqa: E402
from ui.context import AppContext, Change  # noqa: E402
from ui.files import FileDialogs  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.report_tab import FLAG_BACKGROUND  # noqa: E402
from xiangshan_desk.application.settings import Settings  # noqa: E402


@pytest.fixture
def report(qtbot, quarter, db_path):
    window = MainWindow(AppContext(Settings(), str(db_path)))
    qtbot.addWidget(window)
    window.show()
    tab = window.report_tab
    tab.year_spin.setValue(2025)
    tab.period_combo.setCurrentIndex(1)          # 第二季度
    window.tabs.setCurrentWidget(tab)
    tab.compute()
    assert operations.wait_all()                     # counted off the UI thread
    yield window, tab
    assert operations.wait_all()                      # nothing left running into the next test's database


def _col(tab, key):
    return 1 + [column.key for column in tab.table_model.table.columns].index(key)


def _row(tab, name):
    model = tab.table_model
    return next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == name)


def test_table_rows_total_and_highlight(report):
    _, tab = report
    model = tab.table_model
    names = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert names[-1] == "合计" and set(names) == {"石浦镇", "县公安局", "象山县人民政府", "合计"}
    shipu = _row(tab, "石浦镇")
    loss = _col(tab, "loss_rate")
    assert model.data(model.index(shipu, loss)) == "50.0%"
    assert model.data(model.index(shipu, loss), Qt.ItemDataRole.BackgroundRole).color() == FLAG_BACKGROUND
    government = _row(tab, "象山县人民政府")
    assert model.data(model.index(government, loss)) == "—"
    assert model.data(model.index(government, loss), Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(government, _col(tab, "appearance_rate"))) == "100.0%"
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "判决结案数" not in headers and "应出尽出数" in headers and "应出尽出率" in headers
    assert "全部审结案件" in tab.basis_label.text()


def test_the_table_is_laid_out_from_its_texts_once_per_count(report):
    """The columns fit their widest text (合计 in bold) and header, measured once when the count is shown; the view
    does not ask every cell again on each layout (ResizeToContents: 0.1–0.2 s on the first count, issue #20)."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QHeaderView
    _, tab = report
    model, header = tab.table_model, tab.table.horizontalHeader()
    assert header.sectionResizeMode(0) == QHeaderView.ResizeMode.Interactive
    total = model.rowCount() - 1
    bold = model.data(model.index(total, 0), Qt.ItemDataRole.FontRole)
    assert bold.bold() and model.data(model.index(0, 0), Qt.ItemDataRole.FontRole) is None
    for column in range(model.columnCount()):
        texts = [(model.data(model.index(row, column)), row == total) for row in range(model.rowCount())]
        widest = max(QFontMetrics(bold).horizontalAdvance(text) if in_bold else
                     tab.table.fontMetrics().horizontalAdvance(text) for text, in_bold in texts)
        assert header.sectionSize(column) >= max(widest, header.sectionSizeHint(column) - 1)
    number = model.index(0, _col(tab, "received"))
    assert model.data(number, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    assert model.data(number, Qt.ItemDataRole.ToolTipRole) == "单击列出计入该数字的案件"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) is None
    assert model.data(model.index(model.rowCount(), 0)) is None


def test_basis_switch_renames_and_recomputes(report):
    window, tab = report
    tab.basis_combo.setCurrentIndex(1)
    assert operations.wait_all()
    police = _row(tab, "县公安局")
    model = tab.table_model
    assert model.data(model.index(police, _col(tab, "loss_rate"))) == "50.0%"
    assert model.headerData(_col(tab, "loss_rate"), Qt.Orientation.Horizontal) == "败诉率（判决口径）"
    assert model.data(model.index(police, _col(tab, "concluded_judgments"))) == "2"
    assert "仅判决结案" in tab.basis_label.text()
    assert window._context.settings.loss_rate_basis == "judgments"


def test_charts_use_qtcharts_with_the_8_percent_line(report):
    _, tab = report
    assert tab.loss_chart is None                     # drawn only when their tab is shown
    tab.show_charts()
    chart = tab.loss_chart.chart()
    kinds = sorted(type(series).__name__ for series in chart.series())
    assert kinds == ["QHorizontalBarSeries", "QLineSeries"]
    line = next(s for s in chart.series() if type(s).__name__ == "QLineSeries")
    assert line.at(0).x() == pytest.approx(8.0) and line.at(1).x() == pytest.approx(8.0)
    bars = next(s for s in chart.series() if type(s).__name__ == "QHorizontalBarSeries").barSets()[0]
    assert sorted(bars.at(i) for i in range(bars.count())) == pytest.approx([100 / 3, 50.0])
    assert tab.appearance_chart.chart().series()


def test_click_a_figure_lists_its_cases_and_double_click_opens(report, qtbot):
    window, tab = report
    police = _row(tab, "县公安局")
    found = tab.show_cases(police, _col(tab, "leads"))
    assert sorted(line.case_number for line in found) == ["（2025）浙0225行初6号", "（2025）浙02行终2号"]
    assert tab.drill_model.rowCount() == 2
    tab.drill_view.doubleClicked.emit(tab.drill_model.index(0, 0))
    assert window._editors and window._editors[-1].case_id == found[0].case_id
    window._editors[-1].close()
    assert "县公安局" in tab.drill_label.text()
    tab.compute()                                   # counted again: the list is gone, and so is its title
    assert operations.wait_all()
    assert tab.drill_model.rowCount() == 0 and "县公安局" not in tab.drill_label.text()
    assert "单击表中的数字" in tab.drill_label.text()


def test_at_1366_by_768_the_figures_and_the_cases_behind_one_each_show_eight_rows(report, qtbot):
    """The drill-down showed 3½ rows on a 1366×768 screen (issue #20): there, the window maximised with both
    reminder bars leaves the tab 1340×585 px (docs/images/ui-1366-report-drilldown.png); the figures and the cases
    behind a figure share it."""
    from ui.report_tab import ReportTab
    window, shown = report
    tab = ReportTab(window._context)
    qtbot.addWidget(tab)
    tab.year_spin.setValue(2025)
    tab.period_combo.setCurrentIndex(1)
    tab.resize(1340, 585)
    tab.show()
    qtbot.waitExposed(tab)
    tab.compute()
    assert operations.wait_all()
    tab.show_cases(_row(tab, "合计"), _col(tab, "received"))

    def rows_shown(view) -> int:
        return view.viewport().height() // view.verticalHeader().defaultSectionSize()
    assert rows_shown(tab.drill_view) >= 8 and rows_shown(tab.table) >= 8, tab.drill_splitter.sizes()


def test_exports(report, tmp_path, monkeypatch, qtbot):
    window, tab = report
    tab.show_cases(_row(tab, "合计"), _col(tab, "lost"))
    target = tmp_path / "清单.xlsx"
    assert tab.export_drill_down(str(target)).wait()
    sheet = load_workbook(target).active
    assert sheet.max_row == 2 + 2 and "败诉数" in sheet["A1"].value
    quarterly = tmp_path / "季度.xlsx"
    monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a: str(quarterly)))
    tab.export_button.click()                         # written off the UI thread
    assert operations.wait_all() and quarterly.exists()
    assert load_workbook(quarterly).sheetnames[0] == "分单位统计"
    quarterly.unlink()
    tab.period_combo.setCurrentIndex(4)               # 上半年
    tab.export_button.click()
    assert operations.wait_all() and quarterly.exists()
    assert load_workbook(quarterly).sheetnames[0] == "负责人出庭情况"


def test_period_and_basis_changes_recompute_at_once_and_buttons_follow(report):
    _, tab = report
    assert tab.compute_button.text() == "刷新"
    tab.period_combo.setCurrentIndex(2)               # 第三季度: nothing in the hand-worked quarter
    assert operations.wait_all()                      # recounted at once, off the UI thread
    assert "2025年第3季度" in tab.basis_label.text()
    model = tab.table_model
    q3 = {model.data(model.index(r, 0)): model.data(model.index(r, _col(tab, "received"))) for r in range(model.rowCount())}
    assert q3["合计"] == "0" and "象山县人民政府" not in q3          # Q3's figures, not Q2's
    assert tab.document_actions["quarterly-loss-cases"].isEnabled()
    assert not tab.document_actions["half-year-report"].isEnabled()
    tab.period_combo.setCurrentIndex(4)               # 上半年
    assert operations.wait_all()
    assert "2025年上半年" in tab.basis_label.text() and tab.table_model.rowCount() == 4
    assert tab.document_actions["half-year-report"].isEnabled()
    assert not tab.document_actions["quarterly-loss-cases"].isEnabled()
    tab.period_combo.setCurrentIndex(6)               # 全年
    assert not tab.export_button.isEnabled() and not tab.freeze_button.isEnabled()


def test_saving_a_case_refreshes_the_report_and_freezing_lists_differences(report, quarter, actor):
    from xiangshan_desk.application import cases
    window, tab = report
    freezing = tab.freeze_period("报县政府常务会议")
    assert freezing.wait() and operations.wait_all()  # frozen, then recounted on the data-changed signal
    frozen = freezing.result
    assert frozen.version == 1 and "本期已报送：第1版" in tab.frozen_label.text()
    assert tab.differences_model.rowCount() == 0 and tab.frozen_check.isEnabled()
    # a clerk corrects a decision in the editor; the editor announces the save (data-changed), the window hears it
    proc = cases.case_detail(quarter["A2"]).proceedings[0].facts.id
    cases.update_proceeding(actor, proc, {"decision": "撤销"})
    window._context.notify_changed(Change.CASES)
    window._on_case_saved(quarter["A2"])
    assert operations.wait_all()
    shipu = _row(tab, "石浦镇")
    assert tab.table_model.data(tab.table_model.index(shipu, _col(tab, "lost"))) == "2"
    rows = [[tab.differences_model.data(tab.differences_model.index(r, c)) for c in range(7)]
            for r in range(tab.differences_model.rowCount())]
    assert ["败诉数", "石浦镇", "1", "2", "（2025）浙0225行初2号", "新计入"] in [row[:6] for row in rows]
    assert any("驳回诉讼请求 → 撤销" in row[6] for row in rows)
    tab.frozen_check.setChecked(True)                 # the figures as reported
    assert operations.wait_all()
    assert tab.table_model.data(tab.table_model.index(_row(tab, "石浦镇"), _col(tab, "lost"))) == "1"
    assert "报送版本第1版" in tab.basis_label.text()


def test_frozen_period_drill_down_lists_the_cases_as_reported(report, quarter, actor):  # noqa: F811
    from xiangshan_desk.application import cases
    window, tab = report
    tab.freeze_period("报县政府常务会议")
    assert operations.wait_all()                      # frozen off the UI thread
    # after the freeze: A2 (dismissed) is corrected to 撤销, A1 (lost) goes to the recycle bin
    proc = cases.case_detail(quarter["A2"]).proceedings[0].facts.id
    cases.update_proceeding(actor, proc, {"decision": "撤销"})
    cases.move_to_recycle_bin(actor, quarter["A1"])
    window._context.notify_changed(Change.CASES)                # as the case editor announces its save
    window._on_case_saved(quarter["A2"])
    assert operations.wait_all()                      # recounted off the UI thread
    A1, A2, B3 = "（2025）浙0225行初1号", "（2025）浙0225行初2号", "（2025）浙02行终2号"
    # today's figures: today's cases
    assert [line.case_number for line in tab.show_cases(_row(tab, "石浦镇"), _col(tab, "lost"))] == [A2]
    assert "报送版本" not in tab.drill_label.text()
    # the figures as reported: the cases as reported, by unit and for 合计
    tab.frozen_check.setChecked(True)
    assert operations.wait_all()
    shipu, total = _row(tab, "石浦镇"), _row(tab, "合计")
    assert tab.table_model.data(tab.table_model.index(shipu, _col(tab, "lost"))) == "1"
    found = tab.show_cases(shipu, _col(tab, "lost"))
    assert [(line.case_number, line.unit, line.case_id) for line in found] == [(A1, "石浦镇", quarter["A1"])]
    assert "报送版本第1版计入的案件" in tab.drill_label.text() and "（败诉数 1 件）" in tab.drill_label.text()
    assert [tab.drill_model.data(tab.drill_model.index(0, c)) for c in range(2)] == [A1, "石浦镇"]
    lost = tab.show_cases(total, _col(tab, "lost"))
    assert [(line.unit, line.case_number) for line in lost] == [("石浦镇", A1), ("县公安局", B3)]
    assert len(lost) == int(tab.table_model.data(tab.table_model.index(total, _col(tab, "lost"))))
    # a rate column lists its numerator's cases as reported
    assert [line.case_number for line in tab.show_cases(shipu, _col(tab, "loss_rate"))] == [A1]
    # the differences name the case and the field, old → new, and the change behind it from the audit trail
    rows = [[tab.differences_model.data(tab.differences_model.index(r, c)) for c in range(7)]
            for r in range(tab.differences_model.rowCount())]
    changed = {(row[0], row[1], row[4], row[5]): row for row in rows}
    a2 = changed[("败诉数", "石浦镇", A2, "新计入")]
    assert a2[2:4] == ["1", "1"] and "裁判结果：驳回诉讼请求 → 撤销" in a2[6]
    a1 = changed[("败诉数", "石浦镇", A1, "不再计入")]
    assert "回收站" in a1[6]
    # back to today's figures
    tab.frozen_check.setChecked(False)
    assert [line.case_number for line in tab.show_cases(_row(tab, "石浦镇"), _col(tab, "lost"))] == [A2]
