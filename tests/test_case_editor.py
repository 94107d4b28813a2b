"""The case editor in its parts (issue #20 point 4): typing runs no query, the unsaved-changes question is the same
wherever the form would be left, the sub-dialogs, the appeal court proposed from the courts table."""
import pytest

pytest.importorskip("PySide6")

from ui.case_editor.dialogs import AddProceedingDialog, PerformanceDialog  # noqa: E402
from ui.case_editor.editor import CaseEditor  # noqa: E402
from ui.context import AppContext  # noqa: E402
from xiangshan_desk.application import cases  # noqa: E402
from xiangshan_desk.application.settings import Settings  # noqa: E402
from xiangshan_desk.domain import rules  # noqa: E402
from xiangshan_desk.persistence.models import Unit  # noqa: E402

pytestmark = pytest.mark.usefixtures("no_modal_boxes")


@pytest.fixture
def context(db, db_path):
    return AppContext(Settings(operator="王书记员"), str(db_path))


@pytest.fixture
def saved_case(db, actor):
    unit = Unit.get(Unit.name == "石浦镇").id
    return cases.create_case(actor, {"unit_id": unit, "plaintiffs": "张三", "cause": "行政处罚"},
                             {"case_number": "（2025）浙0225行初301号", "court": "象山县人民法院",
                              "complaint_received": "2025-03-07"}).id


@pytest.fixture
def queries(db, monkeypatch):
    """Every SQL statement sent to the database while the test watches."""
    from xiangshan_desk.persistence.db import database
    sent: list[str] = []
    real = database.obj.execute_sql

    def counting(sql, *args, **kwargs):
        sent.append(sql)
        return real(sql, *args, **kwargs)
    monkeypatch.setattr(database.obj, "execute_sql", counting)
    return sent


def _editor(qtbot, context, case_id=None) -> CaseEditor:
    editor = CaseEditor(context, case_id)
    qtbot.addWidget(editor)
    return editor


def test_typing_in_the_form_runs_no_query(qtbot, context, saved_case, queries):
    editor = _editor(qtbot, context, saved_case)
    town = editor.value("unit_id")
    government = Unit.get(Unit.kind == rules.KIND_COUNTY_GOVERNMENT).id
    queries.clear()
    for text in ("2", "2025-0", "2025-03-1", "2025-03-10"):                     # a date typed key by key
        editor.widget("complaint_received").setText(text)
    editor.set_value("filing_received", "2025-03-14")
    editor.set_value("filing_submission", rules.POSTED)
    editor.set_value("filing_complete", True)
    editor.set_value("plaintiffs", "张三、李四")
    editor.set_value("plaintiff_count", 2)
    editor.set_value("high_risk", True)
    editor.set_value("judgment_served", "2025-06-02")
    editor.set_value("judgment_kind", rules.JUDGMENT)
    editor.set_value("found_date", "2025-03-20")
    editor.set_value("major_fault", True)
    editor.set_value("unit_id", government)                 # the unit's kind from the list read when the editor opened
    editor.set_value("unit_id", town)
    assert queries == []
    # and the preview did follow the typing
    assert "2025-03-25 周二" in editor.deadline_labels["defense_due"].text()
    assert "交邮" in editor.row_labels["filing_received"].text()
    assert "败诉风险较高" in editor.requirement_label.text()
    assert editor.decision_page.proposal is not None
    assert editor.dirty


def test_a_new_case_form_runs_no_query_while_typed(qtbot, context, queries):
    editor = _editor(qtbot, context)
    town = Unit.get(Unit.name == "石浦镇").id
    queries.clear()
    editor.set_value("unit_id", town)
    editor.set_value("case_number", "(2025)浙0225行初302号")
    editor.set_value("complaint_received", "2025-03-07")
    assert queries == []
    assert "2025-03-24 周一" in editor.deadline_labels["defense_due"].text()


def test_switching_proceeding_asks_once_like_closing(qtbot, context, saved_case, actor, monkeypatch):
    cases.add_proceeding(actor, saved_case, {"level": rules.LEVEL_SECOND, "case_number": "（2025）浙02行终31号",
                                             "complaint_received": "2025-07-01"})
    editor = _editor(qtbot, context, saved_case)
    assert editor.proceeding_combo.currentIndex() == 1
    editor.set_value("tracking_numbers", "EMS123")
    answers = ["cancel"]
    asked = []
    monkeypatch.setattr(CaseEditor, "ask_unsaved_changes",
                        classmethod(lambda cls, parent: asked.append(1) or answers[-1]))
    editor.proceeding_combo.setCurrentIndex(0)                  # 取消: stays, keeps what was typed
    assert asked == [1] and editor.proceeding_combo.currentIndex() == 1
    assert editor.value("tracking_numbers") == "EMS123" and editor.dirty
    answers.append("save")                                      # 保存: saved, then the first instance is shown
    editor.proceeding_combo.setCurrentIndex(0)
    assert len(asked) == 2 and editor.proceeding_combo.currentIndex() == 0 and not editor.dirty
    assert editor.detail.proceedings[1].values["tracking_numbers"] == "EMS123"
    assert editor.value("case_number") == "（2025）浙0225行初301号"
    editor.set_value("tracking_numbers", "SF999")
    answers.append("discard")                                   # 不保存: switches, the typing is gone
    editor.proceeding_combo.setCurrentIndex(1)
    assert len(asked) == 3 and editor.value("tracking_numbers") == "EMS123"
    assert cases.case_detail(saved_case).proceedings[0].values["tracking_numbers"] == ""
    editor.close()                                              # nothing unsaved: not asked
    assert len(asked) == 3 and not editor.isVisible()


def test_escape_with_unsaved_changes_asks_and_a_failed_save_keeps_the_window(qtbot, context, saved_case,
                                                                              monkeypatch):
    editor = _editor(qtbot, context, saved_case)
    editor.show()
    editor.set_value("filing_received", "2025-03-01")            # before the complaint copy: refused on saving
    monkeypatch.setattr(CaseEditor, "ask_unsaved_changes", classmethod(lambda cls, parent: "save"))
    editor.reject()
    assert editor.isVisible() and "不能早于" in editor.message.text()
    assert editor.value("filing_received") == "2025-03-01"


def test_new_proceeding_dialog_proposes_the_appeal_court(qtbot, context, saved_case, actor, monkeypatch):
    from xiangshan_desk.persistence.models import Proceeding
    shown = []

    def fill(cls, dialog):
        shown.append(dialog.court_edit.text())
        if isinstance(dialog, AddProceedingDialog):
            dialog.number_edit.setText("（2025）浙02行终32号")
            dialog.received_edit.setText("2025-07-02")
        return True
    monkeypatch.setattr(CaseEditor, "run_dialog", classmethod(fill))
    editor = _editor(qtbot, context, saved_case)
    editor.add_proceeding_button.click()
    assert shown == ["宁波市中级人民法院"]
    assert editor.proceeding_combo.count() == 2 and editor.value("court") == "宁波市中级人民法院"
    assert editor.value("level") == rules.LEVEL_SECOND
    # a district court (no 县 in its name) is appealed to the intermediate court too
    Proceeding.update(court="宁波市奉化区人民法院").where(Proceeding.case_number == "（2025）浙0225行初301号").execute()
    editor.proceeding_combo.setCurrentIndex(0)
    editor.add_proceeding_button.click()
    assert shown[-1] == "宁波市中级人民法院"


def test_performance_is_recorded_through_its_dialog(qtbot, context, saved_case, monkeypatch):
    def fill(cls, dialog):
        assert isinstance(dialog, PerformanceDialog)
        dialog.date_edit.setText("2025-08-01")
        dialog.state_combo.setCurrentText(rules.PERFORMANCE_STATES[0])
        dialog.note_edit.setText("已按判决履行")
        return True
    monkeypatch.setattr(CaseEditor, "run_dialog", classmethod(fill))
    editor = _editor(qtbot, context, saved_case)
    saved = []
    editor.saved.connect(saved.append)
    editor.performance_page.add_performance_button.click()
    assert saved == [saved_case]
    model = editor.performance_page.performance_model
    assert model.rowCount() == 1
    assert [model.index(0, c).data() for c in range(3)] == ["2025-08-01", rules.PERFORMANCE_STATES[0], "已按判决履行"]


def test_hearings_are_added_changed_and_removed_through_their_dialogs(qtbot, context, saved_case, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.case_editor.dialogs import HearingDialog
    places = iter(["县法院第三法庭", "县法院第一法庭"])

    def fill(cls, dialog):
        assert isinstance(dialog, HearingDialog)
        assert dialog.role_combo.findData("分管县领导") < 0            # a township's case (rules.md §4, 2026-12)
        dialog.date_edit.setText("2025-05-06")
        dialog.place_edit.setText(next(places))
        return True
    monkeypatch.setattr(CaseEditor, "run_dialog", classmethod(fill))
    editor = _editor(qtbot, context, saved_case)
    editor.add_hearing_button.click()
    assert editor.hearings_model.rowCount() == 1
    assert editor.hearings_model.index(0, 1).data() == "县法院第三法庭"
    editor.hearings_view.selectRow(0)
    editor.appearance_page.edit_hearing_button.click()
    assert editor.detail.proceedings[0].hearings[0].place == "县法院第一法庭"
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: answers.pop(0))
    editor.hearings_view.selectRow(0)
    editor.appearance_page.remove_hearing_button.click()          # 否: kept
    assert len(editor.detail.proceedings[0].hearings) == 1
    editor.hearings_view.selectRow(0)
    editor.appearance_page.remove_hearing_button.click()          # 是: removed
    assert editor.detail.proceedings[0].hearings == () and editor.hearings_model.rowCount() == 0


def test_saving_announces_the_change_once_to_every_open_window(qtbot, context, saved_case, monkeypatch):
    """The editor tells the application (context.signals.data_changed, issue #20 point 3) whenever it saved —
    opened on its own or from the main window, once per save."""
    from ui import operations
    from ui.main_window import MainWindow
    heard = []
    context.signals.data_changed.connect(heard.append)
    editor = _editor(qtbot, context, saved_case)
    editor.set_value("tracking_numbers", "EMS1")
    assert editor.save() and heard == ["cases"]
    monkeypatch.setattr(CaseEditor, "run_dialog", classmethod(lambda cls, dialog: dialog.date_edit.setText(
        "2025-08-01") is None))
    editor.performance_page.add_performance_button.click()
    assert heard == ["cases", "cases"]
    editor.close()
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.load_first_screen()
    assert operations.wait_all()
    heard.clear()
    opened = window.open_case(saved_case)
    opened.set_value("tracking_numbers", "EMS2")
    assert opened.save()
    assert heard == ["cases"]                                  # not announced a second time by the window
    assert window.case_list.selected_case_id() == saved_case
    assert operations.wait_all()
    opened.close()


@pytest.mark.parametrize("tab", ["风险排摸", "裁判与生效"])
def test_pages_with_boxes_of_several_lines_keep_their_rows_together(qtbot, context, saved_case, tab):
    """The form's spare height stays below it (issue #20): it had gone to the rows, so that 裁判文书备案日期 stood
    far above its date box and the rows of 裁判与生效 were spread over the page."""
    from PySide6.QtCore import QPoint
    editor = _editor(qtbot, context, saved_case)
    editor.show()
    editor.tabs.setCurrentIndex(next(i for i in range(editor.tabs.count()) if editor.tabs.tabText(i) == tab))
    qtbot.waitExposed(editor)
    page = editor.tabs.currentWidget()

    def middle(widget) -> int:
        return widget.mapTo(page, QPoint(0, widget.height() // 2)).y()
    fields = editor.fields
    dated = "judgment_filed" if tab == "裁判与生效" else "report_filed"
    assert abs(middle(fields.row_labels[dated]) - middle(fields.widget(dated))) <= 4
    first, second = ("judgment_received", "judgment_served") if tab == "裁判与生效" else ("found_date", "source")
    assert middle(fields.widget(second)) - middle(fields.widget(first)) <= 40
