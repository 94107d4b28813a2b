"""The main window driven through its real widgets (pytest-qt, offscreen)."""
import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt  # noqa: E402

from ui import operations  # noqa: E402
from ui.case_editor.editor import CaseEditor  # noqa: E402
from ui.context import AppContext  # noqa: E402
from ui.files import FileDialogs  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.recycle_bin import RecycleBinDialog  # noqa: E402
from xiangshan_desk.persistence.models import Unit  # noqa: E402
from xiangshan_desk.application.settings import Settings  # noqa: E402




def _fill_new_case(editor: CaseEditor, plaintiff="张三丰", number="(2025)浙0225行初101号"):
    unit_id = Unit.get(Unit.name == "石浦镇").id
    editor.set_value("unit_id", unit_id)
    editor.set_value("case_number", number)
    editor.set_value("plaintiffs", plaintiff)
    editor.set_value("cause", "行政处罚")
    editor.set_value("complaint_received", "2025-03-07")


def _search(qtbot, win, text):
    win.case_list.search_edit.setText(text)
    qtbot.waitUntil(lambda: win.case_list.model.case_filter.text == text, timeout=2000)


def test_register_find_file_hearing_appeal_bin_restore(qtbot, window):
    editor = window.new_case()
    _fill_new_case(editor)
    # deadlines recompute as the date is typed
    assert "2025-03-24 周一" in editor.deadline_labels["defense_due"].text()
    assert "2025-03-17 周一" in editor.deadline_labels["filing_due"].text()
    assert editor.save()
    case_id = editor.case_id
    assert editor.detail.proceedings[0].facts.case_number == "（2025）浙0225行初101号"

    # find it by typing part of the plaintiff's name
    _search(qtbot, window, "三丰")
    model = window.case_list.model
    assert model.rowCount() == 1 and model.case_id(0) == case_id
    status_column = model.headers().index("状态")
    assert model.data(model.index(0, status_column)).startswith("已逾期")
    assert model.data(model.index(0, status_column), Qt.ItemDataRole.BackgroundRole) is not None

    # record the filing: the filing deadline becomes met
    assert editor.deadline_labels["filing_due"].text().count("已逾期") == 1
    editor.set_value("filing_received", "2025-03-14")
    editor.set_value("filing_complete", True)
    assert "已按期" in editor.deadline_labels["filing_due"].text()
    assert editor.save()
    assert "已按期" in editor.deadline_labels["filing_due"].text()
    assert "2025-03-19 周三" in editor.deadline_labels["forward_due"].text()

    # a hearing where only staff appeared: non-compliance and an accountability lead
    assert editor.add_hearing({"date": "2025-05-06", "attendee": "赵某", "attendee_post": "科员", "role": "工作人员"})
    assert editor.compliance_label.text() == "不符合：仅工作人员或律师出庭"
    assert "负责人未出庭应诉" in editor.lead_label.text()
    assert editor.hearings_model.rowCount() == 1

    # 新增二审 keeps the case together
    assert editor.add_proceeding({"level": "二审", "case_number": "(2025)浙02行终7号", "court": "宁波市中级人民法院",
                                  "complaint_received": "2025-07-01"})
    assert editor.proceeding_combo.count() == 2
    assert editor.proceeding_combo.currentText() == "二审 （2025）浙02行终7号"
    assert editor.row_labels["complaint_received"].text() == "收到上诉状副本日期"
    assert "2025-07-16 周三" in editor.deadline_labels["defense_due"].text()
    history = [editor.history_model.data(editor.history_model.index(r, 5))
               for r in range(editor.history_model.rowCount())]
    assert "备案日期" in history and "审级" in history
    editor.close()

    # move to the recycle bin (Del) and restore
    window.case_list.select_case(case_id)
    window.delete_action.trigger()
    assert window.case_list.model.rowCount() == 0
    bin_dialog = window.show_recycle_bin()
    assert bin_dialog.model.rowCount() == 1
    assert bin_dialog.model.data(bin_dialog.model.index(0, 6)) == "王书记员"
    bin_dialog.select_row(0)
    assert bin_dialog.restore_selected()
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 1, timeout=2000)
    bin_dialog.close()


def test_refused_save_keeps_every_typed_value(qtbot, window):
    editor = window.new_case()
    _fill_new_case(editor, plaintiff="<张三&李四>")
    editor.set_value("filing_received", "2025-03-01")        # before the complaint copy: impossible
    editor.set_value("notes", "第一行\n第二行")
    typed = {name: editor.value(name) for name in ("unit_id", "case_number", "plaintiffs", "cause",
                                                    "complaint_received", "filing_received", "notes")}
    assert not editor.save()
    assert "不能早于" in editor.message.text() and "仍保留" in editor.message.text()
    assert {name: editor.value(name) for name in typed} == typed
    assert editor.case_id is None and editor.isVisible()
    assert editor.tabs.tabText(editor.tabs.currentIndex()) == "答辩与备案"
    # an impossible calendar date is refused with its field named
    editor.set_value("filing_received", "2025-02-30")
    assert not editor.save()
    assert "备案日期" in editor.message.text()
    editor.set_value("filing_received", "2025-03-14")
    assert editor.save()
    assert editor.value("plaintiffs") == "<张三&李四>"


def test_unusual_case_number_warns_and_saves(qtbot, window):
    editor = window.new_case()
    _fill_new_case(editor, number="（2015）象行初字第14号")
    assert "格式" in editor.case_number_hint.text()
    assert editor.save()
    assert "提示" in editor.message.text()


def test_closing_with_unsaved_changes_asks(qtbot, window, monkeypatch):
    editor = window.new_case()
    _fill_new_case(editor)
    asked = []
    monkeypatch.setattr(CaseEditor, "ask_unsaved_changes", classmethod(lambda cls, parent: asked.append(1) or "cancel"))
    editor.close()
    assert asked and editor.isVisible()
    monkeypatch.setattr(CaseEditor, "ask_unsaved_changes", classmethod(lambda cls, parent: "save"))
    editor.close()
    assert not editor.isVisible()
    assert window.case_list.model.total == 1


def test_filters_unit_facts_and_shortcuts(qtbot, window, monkeypatch):
    editor = window.new_case()
    _fill_new_case(editor)
    editor.save()
    editor.close()
    tab = window.case_list
    tab.unit_combo.setCurrentIndex(tab.unit_combo.findText("石浦镇"))
    assert tab.unit_facts.isVisible() and "主要负责人" in tab.unit_facts.text()
    assert tab.model.total == 1
    tab.unit_combo.setCurrentIndex(tab.unit_combo.findText("县公安局"))
    assert tab.model.total == 0
    tab.unit_combo.setCurrentIndex(0)
    tab.loss_check.setChecked(True)
    assert tab.model.total == 0
    tab.loss_check.setChecked(False)
    assert window.new_action.shortcut().toString() == "Ctrl+N"
    assert window.search_action.shortcut().toString() == "Ctrl+F"
    assert window.delete_action.shortcut().toString() == "Del"
    assert window.refresh_action.shortcut().toString() == "F5"
    assert operations.wait_all()                      # the status bar is re-counted off the UI thread
    assert "案件 1 件" in window.counts_label.text()
    # a filter change does not re-count every case for the status bar (typing stays fast on 100,000 cases)
    from xiangshan_desk.application import caselist
    calls = []
    monkeypatch.setattr(caselist, "status_counts", lambda *a: calls.append(a) or caselist.Counts(0, 0, 0))
    tab.search_edit.setText("李")
    tab.apply_filter()
    assert calls == [] and "案件 1 件" in window.counts_label.text()
    window.refresh()
    assert operations.wait_all() and len(calls) == 1


def test_case_list_model_passes_qtmodeltester(qtmodeltester, window):
    editor = window.new_case()
    _fill_new_case(editor)
    editor.save()
    editor.close()
    qtmodeltester.check(window.case_list.model)


def test_scrolling_the_whole_list_keeps_only_recent_pages(qtmodeltester, window, monkeypatch):
    """Pages past the first are read by id as they are shown and only the latest few are kept, so that
    scrolling through 100,000 cases does not hold them all (benchmarks: memory)."""
    from ui import case_list_model
    from xiangshan_desk.application import caselist, demo
    demo.generate(60, seed=2)
    monkeypatch.setattr(caselist, "PAGE_SIZE", 7)
    monkeypatch.setattr(case_list_model, "PAGES_KEPT", 2)
    model = window.case_list.model
    model.reload()
    while model.canFetchMore():
        model.fetchMore()
    expected = [r.id for r in caselist.query_rows(model.case_filter, limit=1000)]
    assert model.rowCount() == len(expected) == 60
    role = Qt.ItemDataRole.UserRole
    for row in list(range(60)) + [3, 59, 20]:            # forwards, then back to evicted pages
        assert model.data(model.index(row, 0), role) == expected[row]
        assert model.data(model.index(row, 0)) == caselist.rows_by_ids([expected[row]])[0].case_number
        assert len(model._pages) <= 2
    assert model.row_of_case(expected[45]) == 45 and model.case_id(45) == expected[45]
    qtmodeltester.check(model)


def test_a_broad_search_is_counted_off_the_ui_thread(qtbot, window, monkeypatch):
    """More than a screen of matches: the first screen shows at once, the count follows from a worker thread;
    a count for an older search never overwrites the current one."""
    from xiangshan_desk.application import caselist, demo
    demo.generate(60, seed=4)
    monkeypatch.setattr(caselist, "PAGE_SIZE", 7)
    tab = window.case_list
    model = tab.model
    expected = caselist.count_rows(caselist.CaseFilter(text="浙"))
    assert expected > 7
    tab.search_edit.setText("浙")
    tab.apply_filter()
    assert model.rowCount() == 7
    assert model.wait_for_count()
    qtbot.waitUntil(lambda: model.known_total == expected)
    assert tab.count_label.text() == f"当前筛选 {expected} 件"
    # a broad search, then at once a narrow one: the broad one's count arrives late and is dropped
    tab.search_edit.setText("行")
    tab.apply_filter()
    tab.search_edit.setText("没有这样的案件")
    tab.apply_filter()
    assert model.wait_for_count()
    assert model.known_total == 0 and tab.count_label.text() == "当前筛选 0 件"
    # the exact count is there whenever it is needed (the export's title), counting or not
    tab.search_edit.setText("浙")
    tab.apply_filter()
    assert model.total == expected and len(model.all_rows()) == expected


def test_window_state_is_kept_between_runs(qtbot, db, db_path):
    settings = Settings()
    first = MainWindow(AppContext(settings, str(db_path)))
    qtbot.addWidget(first)
    first.show()
    first.resize(780, 580)      # the offscreen screen is 800×600: stay inside it
    first.case_list.table.setColumnWidth(0, 333)
    first.close()
    reloaded = Settings.load()
    assert reloaded.window_geometry and reloaded.list_splitter and reloaded.list_header
    second = MainWindow(AppContext(reloaded, str(db_path)))
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (780, 580)
    assert second.case_list.table.columnWidth(0) == 333


def test_export_case_list(qtbot, window, tmp_path, monkeypatch):
    editor = window.new_case()
    _fill_new_case(editor, plaintiff="=1+1")
    editor.save()
    editor.close()
    target = tmp_path / "列表.xlsx"
    monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a: str(target)))
    export = window.export_case_list()                # written off the UI thread
    assert export.wait() and export.result == target
    from openpyxl import load_workbook
    sheet = load_workbook(target).active
    assert [c.value for c in sheet[2]][:4] == ["案号", "审级", "被告单位", "原告"]
    assert sheet["D3"].value == "=1+1" and sheet["D3"].data_type == "s"


def test_the_list_and_its_export_mark_unconfirmed_deadlines(qtbot, schedule_ending_2026, window, actor, tmp_path,
                                                           monkeypatch):
    """rules.md §3: 未确认 wherever the date of an unconfirmed deadline is printed — the list's 答辩期限, 备案期限,
    下一期限 (and the tooltip of 状态), and the exported workbook, which prints the same texts."""
    from xiangshan_desk.application import cases
    unit = Unit.get(Unit.name == "石浦镇").id
    cases.create_case(actor, {"unit_id": unit, "plaintiffs": "甲"}, {"case_number": "（2026）浙0225行初71号",
                                                                     "complaint_received": "2026-12-20"})
    cases.create_case(actor, {"unit_id": unit, "plaintiffs": "乙"}, {"case_number": "（2026）浙0225行初72号",
                                                                     "complaint_received": "2026-03-06"})
    model = window.case_list.model
    model.reload()
    headers = model.headers()
    columns = [headers.index(title) for title in ("答辩期限", "备案期限", "下一期限")]
    shown = {model.data(model.index(r, 0)): [model.data(model.index(r, c)) for c in columns]
             for r in range(model.rowCount())}
    assert shown["（2026）浙0225行初71号"][:2] == ["2027-01-04 周一（未确认）", "2026-12-28 周一（未确认）"]
    assert shown["（2026）浙0225行初71号"][2].startswith("备案期限 12月28日 周一（未确认） · ")
    assert shown["（2026）浙0225行初72号"][:2] == ["2026-03-23 周一", "2026-03-16 周一"]
    assert "未确认" not in shown["（2026）浙0225行初72号"][2]
    late = next(r for r in range(model.rowCount()) if model.data(model.index(r, 0)) == "（2026）浙0225行初71号")
    assert (model.data(model.index(late, headers.index("状态")), Qt.ItemDataRole.ToolTipRole)
            == "最近一项未完成期限：2026-12-28 周一（未确认）")

    target = tmp_path / "列表.xlsx"
    monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a: str(target)))
    export = window.export_case_list()
    assert export.wait() and export.result == target
    from openpyxl import load_workbook
    sheet = load_workbook(target).active
    assert [c.value for c in sheet[2]] == headers
    written = {row[0]: [row[c] for c in columns] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert written == shown


def test_empty_recycle_bin_asks(qtbot, window, monkeypatch):
    editor = window.new_case()
    _fill_new_case(editor)
    editor.save()
    editor.close()
    window.case_list.select_case(editor.case_id)
    window.delete_selected()
    dialog = window.show_recycle_bin()
    monkeypatch.setattr(RecycleBinDialog, "confirm_empty", classmethod(lambda cls, parent, count: False))
    dialog.empty_button.click()
    assert dialog.model.total == 1
    monkeypatch.setattr(RecycleBinDialog, "confirm_empty", classmethod(lambda cls, parent, count: True))
    dialog.empty_button.click()
    assert operations.wait_all()                      # emptied off the UI thread; the dialog hears data_changed
    assert dialog.model.total == 0 and "已永久删除 1 个案件" in dialog.message.text()
    dialog.close()


def test_documents_from_the_case_editor(qtbot, window, tmp_path, monkeypatch):
    from docx import Document

    import ui.documents
    editor = window.new_case()
    _fill_new_case(editor)
    assert editor.save()
    target = tmp_path / "登记表.docx"
    monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a: str(target)))
    rendered = editor.generate_document("filing-checklist")
    assert rendered is not None and Document(str(target)).paragraphs[0].text == "行政应诉案件备案登记表"
    assert "已生成" in editor.message.text()
    refused = []
    monkeypatch.setattr(ui.documents, "show_error", lambda parent, exc, title="": refused.append(exc.message))
    assert editor.generate_document("loss-report") is None
    assert refused and "尚未生效" in refused[0]
    assert editor.generate_document("head-list") is None and "添加开庭记录" in editor.message.text()


def test_template_folder(qtbot, window, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    folder = window.open_template_folder()
    assert opened == [str(folder)]
    assert (folder / "内置模板副本" / "loss-report.docx").is_file() and (folder / "说明.txt").is_file()


def test_import_dialog_previews_refuses_and_imports(qtbot, window, tmp_path, monkeypatch):
    from openpyxl import Workbook, load_workbook

    from xiangshan_desk.application.ledger import HEADERS
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    rows = [{"案号": "（2025）浙0225行初31号", "被告单位": "石浦镇", "原告": "赵六"},
            {"案号": "（2025）浙0225行初32号", "被告单位": "不存在的局"}]
    for row in rows:
        sheet.append([row.get(h) for h in HEADERS])
    path = tmp_path / "台账.xlsx"
    book.save(path)
    dialog = window.import_ledger(str(path))
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    assert "可导入 1 个案号" in dialog.summary.text() and "拒绝 1 行" in dialog.summary.text()
    assert dialog.refused_model.rowCount() == 1 and dialog.refused_model.data(dialog.refused_model.index(0, 1)) == "被告单位"
    assert window.case_list.model.total == 0                   # the preview changed nothing
    saving = dialog.save_refused(str(tmp_path / "拒绝.xlsx"))       # written off the UI thread
    assert saving.wait() and load_workbook(saving.result).active.max_row == 2
    dialog.report = None
    dialog.import_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=10000)
    assert "已导入 1 个案号" in dialog.summary.text()
    qtbot.waitUntil(lambda: window.case_list.model.total == 1, timeout=5000)
    dialog.close()


def test_reference_dialog_edits_units(qtbot, window):
    dialog = window.show_reference()
    dialog.select_unit("石浦镇")
    assert dialog.unit_name.text() == "石浦镇"
    dialog.unit_head.setText("王某")
    dialog.unit_head_post.setText("镇长")
    dialog.unit_aliases.setText("石浦、石浦镇政府")
    assert dialog._run(lambda: dialog.save_unit(new=False), "已保存")
    window.case_list.reload_choices()
    tab = window.case_list
    tab.unit_combo.setCurrentIndex(tab.unit_combo.findText("石浦镇"))
    assert "王某（镇长）" in tab.unit_facts.text()
    dialog.unit_name.setText("石浦镇")
    assert not dialog._run(lambda: dialog.save_unit(new=True), "已新增单位")
    assert "已有名称" in dialog.message.text()
    dialog.close()


def test_demo_opens_in_a_second_program(qtbot, window, monkeypatch):
    launched = []
    monkeypatch.setattr(MainWindow, "launch_program", classmethod(lambda cls, args: launched.append(args) or True))
    assert window.open_demo() and launched == [["--demo"]]


@pytest.mark.sqlite_only
def test_backup_dialog_backs_up_and_restores(qtbot, window, monkeypatch):
    from ui.backup_dialog import BackupDialog
    editor = window.new_case()
    _fill_new_case(editor)
    editor.save()
    editor.close()
    dialog = window.show_backups()
    made = dialog.backup_now()
    assert made.wait() and made.result is not None and dialog.model.rowCount() >= 1
    second = window.new_case()
    _fill_new_case(second, number="（2025）浙0225行初102号")
    second.save()
    second.close()
    window.refresh()
    assert window.case_list.model.total == 2
    row = next(r for r in range(dialog.model.rowCount()) if dialog.model.data(dialog.model.index(r, 1)) == "手动备份")
    dialog.view.selectRow(row)
    monkeypatch.setattr(BackupDialog, "confirm_restore", classmethod(lambda cls, parent, text: "案件 1 件" in text))
    assert dialog.restore_selected().wait() and operations.wait_all()
    assert window.case_list.model.total == 1 and "另存为" in dialog.message.text()   # the list heard data_changed
    dialog.close()


def test_database_settings_test_connection(qtbot, window, tmp_path):
    dialog = window.show_database_settings()
    dialog.shared.setChecked(True)
    dialog.url_edit.setText("mysql://nowhere")
    assert not dialog.test() and "postgresql://" in dialog.message.text()
    dialog.url_edit.setText("postgresql://nobody@127.0.0.1:1/none")
    assert not dialog.test() and "连接失败" in dialog.message.text()
    dialog.embedded.setChecked(True)
    assert dialog.test() and "连接成功" in dialog.message.text()
    assert dialog.save() and window._context.settings.database == ""
    dialog.close()


def test_history_export(qtbot, window, tmp_path):
    from openpyxl import load_workbook
    editor = window.new_case()
    _fill_new_case(editor)
    editor.save()
    editor.set_value("cause", "行政许可")
    editor.save()
    sheet = load_workbook(editor.export_history(str(tmp_path / "历史.xlsx"))).active
    fields = [sheet.cell(row=r, column=7).value for r in range(3, sheet.max_row + 1)]
    assert "案由" in fields and "被告单位" in fields
    operators = {sheet.cell(row=r, column=2).value for r in range(3, sheet.max_row + 1)}
    assert operators == {"王书记员"}
    editor.close()


def test_first_run_welcome_stores_the_operator(qtbot, window, monkeypatch):
    from ui.welcome import WelcomeDialog
    from xiangshan_desk.application.settings import Settings as Loaded
    window._context.settings.operator = ""

    def fill(cls, dialog):
        assert not dialog.finish("")                 # a name is required
        dialog.name_edit.setText("赵书记员")
        return dialog.finish("")
    monkeypatch.setattr(MainWindow, "run_modal", classmethod(fill))
    dialog = window.show_welcome()
    assert isinstance(dialog, WelcomeDialog)
    assert Loaded.load().operator == "赵书记员" and Loaded.load().welcomed
    editor = window.new_case()
    _fill_new_case(editor)
    editor.save()
    from xiangshan_desk.application.audit import audit_trail
    assert audit_trail(editor.case_id)[0].operator == "赵书记员"
    editor.close()


def test_help_browser_shows_the_manual_with_images(qtbot, window):
    from ui.help_browser import docs_dir
    browser = window.show_manual()
    text = browser.browser.toPlainText()
    assert "使用说明" in text and "登记" in text
    images = browser.image_names()
    assert images and all((docs_dir() / name).is_file() for name in images)
    document = browser.browser.document()
    from PySide6.QtGui import QTextDocument
    from PySide6.QtCore import QUrl
    assert all(document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name)) is not None for name in images)
    free = browser.screen().availableGeometry()
    assert browser.height() <= free.height() - 40 and browser.width() <= free.width()     # title bar included
    browser.close()


def test_a_tall_window_is_made_to_fit_the_screen(qtbot):
    """帮助 and 从法院文书登记 wished 760 px of height: more than a 1366×768 laptop has above its taskbar."""
    from PySide6.QtWidgets import QDialog

    from ui.widgets import resize_to_fit_screen
    dialog = QDialog()
    qtbot.addWidget(dialog)
    free = dialog.screen().availableGeometry()
    resize_to_fit_screen(dialog, free.width() + 500, free.height() + 500)
    assert dialog.width() == free.width() - 16 and dialog.height() == free.height() - 40
    resize_to_fit_screen(dialog, 400, 300)                 # a size that fits is kept
    assert (dialog.width(), dialog.height()) == (400, 300)


def test_about_lists_locations(qtbot, window):
    text = window.about_text()
    assert "数据文件夹" in text and "备份文件夹" in text and "节假日安排" in text and "版本" in text


def test_about_names_the_years_the_installed_schedule_covers(qtbot, window):
    from xiangshan_desk.domain.calendar import OfficialSchedule, use_official_schedule
    assert f"内置 {OfficialSchedule.from_package().coverage_text} 国务院安排" in window.about_text()
    previous = use_official_schedule(OfficialSchedule.from_package(years=range(2010, 2021)))
    try:
        assert "内置 2010—2020年 国务院安排" in window.about_text()
    finally:
        use_official_schedule(previous)


def test_supervision_dialog(qtbot, window, tmp_path, monkeypatch):
    import datetime as dt
    editor = window.new_case()
    _fill_new_case(editor)
    editor.save()
    editor.close()
    dialog = window.show_supervision()
    dialog.s_received.setText((dt.date.today() - dt.timedelta(days=90)).isoformat())
    dialog.s_court.setText("象山县人民法院")
    dialog.s_case.setText("(2025)浙0225行初101号")
    assert dialog._run(lambda: dialog.save_suggestion(new=True), "已新增")
    assert dialog.suggestions_model.rowCount() == 1 and dialog.suggestions_model.overdue == {0}   # 2 months passed
    assert dialog.suggestions_model.data(dialog.suggestions_model.index(0, 3)) == "（2025）浙0225行初101号"
    dialog.t_year.setValue(2025)
    dialog.t_quarter.setCurrentIndex(1)
    dialog.t_case.setText("（2025）浙0225行初101号")
    dialog.t_title.setText("典型一")
    assert dialog._run(dialog.mark_typical, "ok") and dialog.typical_model.rowCount() == 1
    assert not dialog._run(dialog.mark_typical, "ok") and "不能重复" in dialog.message.text()
    dialog.r_date.setText("2025-04-01")
    dialog.r_participants.setPlainText("石浦镇 3 1\n县公安局 2")
    assert dialog._run(dialog.add_training, "ok")
    assert dialog.training_model.data(dialog.training_model.index(0, 5)) == "5"
    dialog.r_participants.setPlainText("火星局 3 1")
    assert not dialog._run(dialog.add_training, "ok") and "火星局" in dialog.message.text()
    target = tmp_path / "典型案例.docx"
    monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a: str(target)))
    dialog._on_compile_clicked()
    assert operations.wait_all() and target.exists()                  # written off the UI thread
    # the refused "火星局" line is still typed: closing asks first (the clerk agrees here)
    from ui.supervision_dialog import SupervisionDialog
    monkeypatch.setattr(SupervisionDialog, "ask_discard", classmethod(lambda cls, parent: True))
    dialog.close()


def test_about_names_the_log_folder_and_the_log_file_records(qtbot, window, tmp_path, monkeypatch):
    import faulthandler
    import logging
    import sys
    import threading

    from xiangshan_desk.application.logs import LOG_FILE, close_crash_log, log_dir, setup_logging
    assert f"日志文件夹：{log_dir()}" in window.about_text()
    root = logging.getLogger()
    before = list(root.handlers)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)      # put back after the test
    try:
        path = setup_logging(console=False)
        logging.getLogger("test").warning("连接 postgresql://clerk:s3cret@host/db 失败")
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert path.name == LOG_FILE and "连接 postgresql://clerk:***@host/db 失败" in text and "s3cret" not in text
    finally:
        for handler in root.handlers[len(before):]:
            handler.close()
        root.handlers[:] = before
        close_crash_log()
        faulthandler.enable(sys.__stderr__)                                 # as pytest had it


def test_standard_dialogs_speak_chinese(qtbot):
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

    from ui.app import create_application
    from ui.app import install_translations
    app = create_application(["main.py"])
    assert "qtbase_zh_CN" in install_translations(app)          # shipped with PySide6, found and loaded
    box = QMessageBox(QMessageBox.Icon.Question, "恢复数据库", "是否恢复？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Yes).text().startswith("是")
    assert box.button(QMessageBox.StandardButton.No).text().startswith("否")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text().startswith("取消")
    dialog = QFileDialog(None, "导出", "", "Excel (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    from PySide6.QtWidgets import QLabel
    assert any("文件名" in label.text() for label in dialog.findChildren(QLabel))


def test_keyboard_paths_and_unsaved_means_different(qtbot, window):
    """issue #21: Ctrl+S saves; 'unsaved' means different from what was loaded; Enter in the search box opens."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence, QShortcut
    editor = window.new_case()
    _fill_new_case(editor)
    assert editor.dirty
    save = [s for s in editor.findChildren(QShortcut) if s.key() == QKeySequence(QKeySequence.StandardKey.Save)]
    assert save
    saved = []
    editor.saved.connect(saved.append)
    save[0].activated.emit()
    assert saved and not editor.dirty
    widget = editor.widget("complaint_received")
    widget.setText("2025-03-08")
    assert editor.dirty
    widget.setText("2025-03-07")                    # back to what was loaded
    assert not editor.dirty
    editor.close()
    window.case_list.search_edit.setText("张三丰")
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() == 1, timeout=3000)
    opened = []
    window.case_list.case_open_requested.connect(opened.append)
    qtbot.keyClick(window.case_list.search_edit, Qt.Key.Key_Return)
    assert opened == saved


def test_unit_picker_finds_aliases_and_pinyin_initials(qtbot, db):
    from ui.unit_picker import UnitPicker
    picker = UnitPicker()
    qtbot.addWidget(picker)
    assert "宁波市自然资源和规划局象山分局" in picker.offered("zrzy")
    assert picker.offered("象山县自然资源和规划局") == ["宁波市自然资源和规划局象山分局"]
    assert "象山县人民政府" in picker.offered("县政府")
    assert picker.offered("石浦") == ["石浦镇"]
    assert picker.currentData() is None                      # nothing assumed
    picker.setEditText("县自然资源局")
    picker.focusOutEvent(__import__("PySide6.QtGui", fromlist=["QFocusEvent"]).QFocusEvent(
        __import__("PySide6.QtCore", fromlist=["QEvent"]).QEvent.Type.FocusOut))
    assert picker.currentText() == "宁波市自然资源和规划局象山分局"


def test_a_hearing_added_to_a_new_case_is_saved_with_it(qtbot, window):
    """issue #21: 添加开庭… works before the first 保存, and goes through the same checks."""
    editor = window.new_case()
    _fill_new_case(editor)                                          # complaint received 2025-03-07
    assert editor.add_hearing_button.isEnabled()
    assert editor.add_hearing({"date": "2025-03-01", "role": "副职负责人"})
    assert editor.hearings_model.rowCount() == 1 and editor.dirty
    assert not editor.save() and "不能早于收到起诉状副本日期" in editor.message.text()
    assert editor.case_id is None                                   # nothing saved, the case included
    editor._pending_hearings.clear()
    assert editor.add_hearing({"date": "2025-05-06", "place": "第一法庭", "attendee": "王某", "role": "副职负责人"})
    assert editor.save()
    detail = __import__("xiangshan_desk.application.cases", fromlist=["case_detail"]).case_detail(editor.case_id)
    assert [(h.date.isoformat(), h.place) for h in detail.proceedings[0].hearings] == [("2025-05-06", "第一法庭")]
    assert editor.hearings_model.rowCount() == 1 and not editor.dirty


@pytest.mark.sqlite_only
def test_restoring_another_databases_backup_asks_with_both_names(qtbot, window, monkeypatch, tmp_path, db_path):
    import shutil

    from ui.backup_dialog import BackupDialog
    from xiangshan_desk.application import backup
    other = tmp_path / "别处" / "other.sqlite3"
    other.parent.mkdir()
    made = backup.make_backup(db_path, reason="manual")
    label_db = tmp_path / "copy.sqlite3"
    shutil.copy(made, label_db)
    foreign = backup.make_backup(label_db, folder=backup.backup_dir(), reason="manual")   # a backup of copy.sqlite3
    dialog = window.show_backups()
    dialog.reload()
    row = next(r for r in range(dialog.model.rowCount()) if dialog._backups[r].path == foreign)
    assert dialog.model.data(dialog.model.index(row, 3)) == str(label_db.resolve())
    dialog.view.selectRow(row)
    asked = []
    monkeypatch.setattr(BackupDialog, "confirm_restore", classmethod(lambda cls, parent, text: asked.append(text)))
    assert not dialog.restore_selected()
    assert "另一个数据库的备份" in asked[0] and str(label_db.resolve()) in asked[0] and str(db_path) in asked[0]
    dialog.close()


def test_plaintiff_names_and_count_that_disagree_are_pointed_out(qtbot, window):
    editor = window.new_case()
    _fill_new_case(editor, plaintiff="张三、李四、王五")
    assert editor.save()
    assert "原告栏填写了 3 个名字，原告人数为 1" in editor.message.text()     # saved all the same, with a hint


def test_escape_on_the_supervision_dialog_asks_before_discarding(qtbot, window, monkeypatch):
    from ui.supervision_dialog import SupervisionDialog
    dialog = window.show_supervision()
    asked = []
    monkeypatch.setattr(SupervisionDialog, "ask_discard", classmethod(lambda cls, parent: asked.append(1) or False))
    dialog.s_summary.setPlainText("建议加强执法程序审查")
    dialog.reject()
    assert asked and dialog.isVisible()                      # kept open with the text
    dialog.s_summary.setPlainText("")
    dialog.reject()
    assert len(asked) == 1 and not dialog.isVisible()        # nothing typed: closes without asking


def test_the_manuals_pictures_fit_the_help_window(qtbot, window):
    browser = window.show_manual()
    browser.resize(700, 600)
    widths = browser.fit_images()
    assert widths and max(widths) <= browser.browser.viewport().width()
    browser.close()


def test_a_deadline_on_an_adjusted_working_day_says_so(qtbot, window):
    """issue #21: 2025-01-11 + 15 days = 2025-01-26, a Sunday worked before the Spring Festival (rules.md §9)."""
    editor = window.new_case()
    _fill_new_case(editor)
    editor.set_value("complaint_received", "2025-01-11")
    assert "2025-01-26 周日（调休上班）" in editor.deadline_labels["defense_due"].text()
    editor._dirty = False


def test_a_locked_database_is_a_chinese_message_not_a_program_error(qtbot, monkeypatch):
    """At an operation's boundary a failure of the surroundings (here: the database locked by another clerk) is
    told in Chinese as such, not as 程序错误 (issue #20 point 5)."""
    import peewee
    from PySide6.QtWidgets import QMessageBox

    from ui.errors import show_error
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(("程序错误", self.text())))
    show_error(None, peewee.OperationalError("database is locked"))
    assert shown == [("无法完成操作", "数据库正被其他同事或程序写入，等待超时。本次操作未保存，请稍后再试。")]
    shown.clear()
    show_error(None, KeyError("a bug"))
    assert shown and shown[0][0] == "程序错误"


def test_restore_waits_until_the_case_windows_are_closed(qtbot, window, monkeypatch):
    """A restore replaces the database under an open case window: the dialog asks to close them first."""
    from ui.backup_dialog import BackupDialog
    restored = []
    monkeypatch.setattr(BackupDialog, "restore_selected", lambda self: restored.append(True))
    editor = window.new_case()
    dialog = window.show_backups()
    dialog.restore_button.click()
    assert dialog.message.text() == "请先关闭打开的案件窗口，再恢复数据库。" and restored == []
    editor.close()
    dialog.restore_button.click()
    assert restored == [True]
    dialog.close()
