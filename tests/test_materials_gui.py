"""The 案卷材料 tab, the filing hint on 答辩与备案, the 材料搜索 view and the case list's 材料中 mark (issue #22)."""
import zipfile
from pathlib import Path

import pytest

from ui import operations
from xiangshan_desk.application import materials
from xiangshan_desk.persistence.models import Material

from .scenarios import AGENCY, MATERIALS_NUMBER as NUMBER, make_docx, register_case


@pytest.fixture
def context(db_path):
    from ui.context import AppContext
    from xiangshan_desk.application.settings import Settings
    yield AppContext(Settings(operator="王书记员"), str(db_path))
    assert operations.wait_all()                      # nothing left running into the next test's database


def test_materials_tab_adds_lists_and_hints_filing(qtbot, db, context, actor, tmp_path, monkeypatch):
    from ui.case_editor.editor import MATERIALS_TAB, CaseEditor
    case_id = register_case(actor, AGENCY)
    editor = CaseEditor(context, case_id)
    qtbot.addWidget(editor)
    panel = editor.materials_panel
    assert editor.tabs.tabText(editor.tabs.count() - 1) == MATERIALS_TAB
    assert "起诉状副本 ✗" in editor.filing_papers_label.text() and not editor.tick_filing_button.isEnabled()
    # refused at once: an unknown file, nothing stored
    panel.add_files([tmp_path / "没有.pdf"])
    assert "文件不存在" in panel.message.text() and Material.select().count() == 0
    for kind, name in (("起诉状副本", "起诉状.docx"), ("答辩状", "答辩状.docx")):
        panel.kind_combo.setCurrentText(kind)
        with qtbot.waitSignal(panel.changed, timeout=20000):
            panel.add_files([make_docx(tmp_path / name, f"{kind}：宅基地审批")])
    assert panel.model.rowCount() == 2
    assert [panel.model.data(panel.model.index(r, 1)) for r in range(2)] == ["起诉状副本", "答辩状"]
    assert panel.model.data(panel.model.index(0, 6)) == "已提取"
    assert "证据清单 ✗" in editor.filing_papers_label.text() and not editor.tick_filing_button.isEnabled()
    monkeypatch.setattr(type(panel), "ask_files", classmethod(
        lambda cls, parent, folder: [str(make_docx(tmp_path / "证据清单.docx", "证据"))]))
    panel.kind_combo.setCurrentText("证据清单")
    with qtbot.waitSignal(panel.changed, timeout=20000):
        panel.add_button.click()
    assert "证据清单 ✓" in editor.filing_papers_label.text() and editor.tick_filing_button.isEnabled()
    editor.tick_filing_button.click()
    assert editor.value("filing_complete") and editor._dirty    # the clerk still saves
    assert editor.save()
    # removing takes it out of the case; the archive has the rest
    panel.view.selectRow(0)
    removed = []
    panel.changed.connect(lambda: removed.append(True))
    panel.remove_button.click()
    assert not panel.remove_button.isEnabled()                 # written off the UI thread: one click, one removal
    assert operations.wait_all() and removed == [True] and panel.remove_button.isEnabled()
    assert panel.model.rowCount() == 2 and "已移出案卷" in panel.message.text()
    # removed meanwhile (another window): said in the panel, nothing else changes
    panel.view.selectRow(0)
    materials.remove(actor, panel.selected_id())
    panel.remove_button.click()
    assert operations.wait_all() and removed == [True]
    assert "材料不存在或已移除" in panel.message.text() and panel.remove_button.isEnabled()
    panel.reload()
    assert panel.model.rowCount() == 1
    from ui.files import OpenAfterExport
    monkeypatch.setattr(OpenAfterExport, "ask", classmethod(lambda cls, *a: ""))
    target = tmp_path / "案卷.zip"
    panel.export_archive(str(target))
    qtbot.waitUntil(lambda: "已导出案卷" in panel.message.text(), timeout=20000)
    assert zipfile.ZipFile(target).namelist() == ["卷内目录.docx", "01-证据清单-证据清单.docx"]


def test_new_case_has_no_materials_until_saved(qtbot, db, context):
    from ui.case_editor.editor import CaseEditor
    editor = CaseEditor(context)
    qtbot.addWidget(editor)
    assert not editor.materials_panel.add_button.isEnabled()
    assert "请先保存案件" in editor.materials_panel.hint.text()
    editor._dirty = False


def test_search_view_and_case_list_mark(qtbot, db, context, actor, tmp_path):
    from ui.case_list_model import CaseListModel
    from ui.materials_search import MaterialsSearchDialog
    from xiangshan_desk.application.caselist import CaseFilter
    case_id = register_case(actor, AGENCY)
    materials.attach(actor, case_id, "答辩状", [make_docx(tmp_path / "答辩状.docx", "被答辩人张三的宅基地")])
    materials.extract_pending()
    dialog = MaterialsSearchDialog(context)
    qtbot.addWidget(dialog)
    for text in ("张三", "宅基地"):
        dialog.search_edit.setText(text)
        dialog.search()
        qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
        assert dialog.model.data(dialog.model.index(0, 0)) == NUMBER
        assert text in dialog.model.data(dialog.model.index(0, 4))
        dialog.model.set_rows([])
    dialog.search_edit.setText("张三")
    dialog.search()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
    dialog.view.selectRow(0)
    with qtbot.waitSignal(dialog.open_case_requested) as opened:
        dialog.open_case_button.click()
    assert opened.args == [case_id]
    model = CaseListModel(context.calendar())
    model.set_filter(CaseFilter(text="宅基地"))
    assert model.rowCount() == 1
    assert model.data(model.index(0, 0)) == f"{NUMBER}（材料中）"
    model.set_filter(CaseFilter(text="甲公司"))
    assert model.data(model.index(0, 0)) == NUMBER
    model.finish_background_work()


def test_generated_document_kept_in_materials(qtbot, db, context, actor, tmp_path, monkeypatch):
    from ui.case_editor.editor import CaseEditor
    from ui.files import FileDialogs, OpenAfterExport
    case_id = register_case(actor, AGENCY)
    editor = CaseEditor(context, case_id)
    qtbot.addWidget(editor)
    monkeypatch.setattr(OpenAfterExport, "ask", classmethod(lambda cls, *a: ""))
    target = tmp_path / "备案登记表.docx"
    monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a: str(target)))
    editor.keep_documents_action.setChecked(True)
    with qtbot.waitSignal(editor.materials_panel.changed, timeout=20000):
        assert editor.generate_document("filing-checklist") is not None
    rows = materials.list_materials(case_id)
    assert [(r.kind, r.name, r.level) for r in rows] == [("其他", "备案登记表.docx", "一审")]


@pytest.mark.sqlite_only
def test_backup_dialog_checks_materials_and_reports_by_case(qtbot, db, context, actor, tmp_path, monkeypatch):
    from ui.backup_dialog import BackupDialog
    case_id = register_case(actor, AGENCY)
    complaint = make_docx(tmp_path / "起诉状.docx", "起诉")
    materials.attach(actor, case_id, "起诉状副本", [complaint])
    dialog = BackupDialog(context)
    qtbot.addWidget(dialog)
    dialog.check_materials()
    qtbot.waitUntil(lambda: "全部材料文件完好" in dialog.message.text(), timeout=20000)
    assert dialog.backup_now().wait()
    stored = next(p for p in materials.materials_dir().rglob("*") if p.is_file())
    stored.chmod(0o600)
    stored.write_bytes(b"changed")
    dialog.check_materials()
    qtbot.waitUntil(lambda: "1 处有问题" in dialog.message.text(), timeout=20000)
    assert f"{AGENCY} {NUMBER}：起诉状副本“起诉状.docx”已损坏" in dialog.message.text()
    # restoring the backup brings the sound file back from the backup folder and says so
    dialog.view.selectRow(0)
    monkeypatch.setattr(BackupDialog, "confirm_restore", classmethod(lambda cls, parent, text: True))
    assert dialog.restore_selected().wait()
    qtbot.waitUntil(lambda: "全部材料文件完好" in dialog.message.text(), timeout=20000)
    assert stored.read_bytes() == complaint.read_bytes()


def test_open_and_save_as_copy_in_the_background(qtbot, db, context, actor, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from ui.case_editor.editor import CaseEditor
    from ui.files import FileDialogs
    from ui.materials_search import MaterialsSearchDialog
    case_id = register_case(actor, AGENCY)
    source = make_docx(tmp_path / "答辩状.docx", "答辩人宅基地")
    materials.attach(actor, case_id, "答辩状", [source])
    materials.extract_pending()
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    editor = CaseEditor(context, case_id)
    qtbot.addWidget(editor)
    panel = editor.materials_panel
    panel.view.selectRow(0)
    panel.open_button.click()
    qtbot.waitUntil(lambda: len(opened) == 1, timeout=20000)
    assert opened[0].endswith("答辩状.docx") and Path(opened[0]).read_bytes() == source.read_bytes()
    target = tmp_path / "out" / "另存.docx"
    target.parent.mkdir()
    monkeypatch.setattr(FileDialogs, "ask_save_path", classmethod(lambda cls, *a: str(target)))
    panel.save_as_button.click()
    qtbot.waitUntil(lambda: "已另存为" in panel.message.text(), timeout=20000)
    assert target.read_bytes() == source.read_bytes()
    dialog = MaterialsSearchDialog(context)
    qtbot.addWidget(dialog)
    dialog.search_edit.setText("宅基地")
    dialog.search()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10000)
    dialog.view.selectRow(0)
    dialog.open_file_button.click()
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=20000)
    dialog.wait()


def test_files_dropped_on_a_case_in_the_list(qtbot, db, context, actor, tmp_path, monkeypatch):
    from ui.case_list_tab import CaseListTab
    from ui.main_window import MainWindow
    case_id = register_case(actor, AGENCY)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.load_first_screen()
    monkeypatch.setattr(CaseListTab, "ask_material_kind", classmethod(lambda cls, parent, text, count: "起诉状副本"))
    table = window.case_list.table
    row = window.case_list.model.row_of_case(case_id)
    position = table.visualRect(window.case_list.model.index(row, 0)).center()
    assert not window.case_list.drop_files(position, [])
    # a real drag and drop on the table's viewport, as the window system delivers it
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication
    assert table.viewport().acceptDrops()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(make_docx(tmp_path / "起诉状.docx", "起诉")))])
    enter = QDragEnterEvent(QPointF(position), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(table.viewport(), enter)
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(position), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(table.viewport(), drop)
    assert drop.isAccepted()
    qtbot.waitUntil(lambda: "已添加起诉状副本 1 个文件" in window.statusBar().currentMessage(), timeout=20000)
    assert [(r.kind, r.name) for r in materials.list_materials(case_id)] == [("起诉状副本", "起诉状.docx")]
    window.case_list.drop_files(position, [str(tmp_path / "没有.pdf")])
    qtbot.waitUntil(lambda: "未添加材料：文件不存在" in window.statusBar().currentMessage(), timeout=20000)
    assert "案卷材料" in window.about_text()
    assert operations.wait_all()
