"""Qt's own dialogs speak Chinese (issue #21): the non-native file dialog has no English left, 是/否 boxes."""
import re
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import QLocale, Qt  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QComboBox, QFileDialog, QLabel,  # noqa: E402
                               QMessageBox, QWidget)

from ui.app import ADDITIONS, create_application  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = re.compile(r"[A-Za-z]{2,}")
OUR_FILTER = "Excel 工作簿 (*.xlsx);;所有文件 (*)"


def _english(text: str) -> list[str]:
    # the name filters are ours; the file names and folders are the clerk's
    for ours in ("Excel", "xlsx", "docx"):
        text = text.replace(ours, "")
    return ENGLISH.findall(text.replace("&", ""))


def _dialog_texts(qtbot, dialog: QFileDialog) -> list[tuple[str, str]]:
    """Every text the dialog shows or speaks: labels, buttons, tooltips, accessible names, the actions of its
    menus (the views' right-click menu, the header's 显示 列), the column headers and the type of a folder."""
    texts = [("title", dialog.windowTitle())]
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append((widget.objectName() or type(widget).__name__, widget.text()))
        texts += [("tooltip", widget.toolTip()), ("accessible", widget.accessibleName()),
                  ("whatsthis", widget.whatsThis())]
        if isinstance(widget, QComboBox) and widget.objectName() == "fileTypeCombo":
            texts += [("filter", widget.itemText(i)) for i in range(widget.count())]
    for action in dialog.findChildren(QAction):
        texts += [("action", action.text()), ("action tip", action.toolTip())]
    tree = dialog.findChild(QAbstractItemView, "treeView")
    model, root = tree.model(), tree.rootIndex()
    qtbot.waitUntil(lambda: model.rowCount(root) >= 2, timeout=5000)
    texts += [("header", str(model.headerData(c, Qt.Orientation.Horizontal))) for c in range(model.columnCount())]
    folder_row = next(r for r in range(model.rowCount(root)) if model.data(model.index(r, 0, root)) == "行政应诉台账")
    texts.append(("folder type", model.data(model.index(folder_row, 2, root))))
    return texts


@pytest.mark.parametrize("mode", ["save", "open", "folder"])
def test_the_file_dialog_has_no_english_left(qtbot, tmp_path, mode):
    create_application(["main.py"])
    (tmp_path / "行政应诉台账").mkdir()
    (tmp_path / "案件列表.xlsx").write_bytes(b"x" * 2048)
    dialog = QFileDialog(None, "导出当前案件列表", str(tmp_path), OUR_FILTER)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    elif mode == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
    qtbot.addWidget(dialog)
    dialog.show()
    texts = _dialog_texts(qtbot, dialog)
    left = [(where, text) for where, text in texts if text and _english(text)]
    assert left == []
    shown = dict(texts)
    assert shown["lookInLabel"] == "查找范围(&L)：" and shown["fileTypeLabel"] == "文件类型(&T)："
    assert shown["folder type"] == "文件夹"
    assert [text for where, text in texts if where == "header"] == ["名称", "大小", "类型", "修改日期"]
    # sizes and times are written in the system's regional format (Chinese on the clerks' Windows), not Qt's
    tree = dialog.findChild(QAbstractItemView, "treeView")
    model, root = tree.model(), tree.rootIndex()
    row = next(r for r in range(model.rowCount(root)) if model.data(model.index(r, 0, root)) == "案件列表.xlsx")
    assert model.data(model.index(row, 1, root)) == QLocale.system().formattedDataSize(2048)


def test_a_question_box_says_yes_and_no_in_chinese(qtbot):
    create_application(["main.py"])
    box = QMessageBox(QMessageBox.Icon.Question, "删除开庭记录", "是否删除？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert [box.button(b).text().replace("&", "") for b in (QMessageBox.StandardButton.Yes,
                                                          QMessageBox.StandardButton.No)] == ["是(Y)", "否(N)"]


def test_installing_twice_keeps_one_copy_of_each_catalogue(qtbot):
    from ui.app import install_translations
    app = create_application(["main.py"])
    first = list(app._xiangshan_translators)
    assert install_translations(app) == ["qtbase_zh_CN", "qt_zh_CN", ADDITIONS]
    assert len(app._xiangshan_translators) == len(first) == 3


def test_the_compiled_additions_match_their_source(tmp_path):
    """resources/translations/*.qm is compiled from the .ts beside it; an edit of the .ts needs a new .qm."""
    lrelease = shutil.which("pyside6-lrelease") or shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    import subprocess
    folder = ROOT / "resources" / "translations"
    out = tmp_path / f"{ADDITIONS}.qm"
    subprocess.run([lrelease, "-silent", str(folder / f"{ADDITIONS}.ts"), "-qm", str(out)], check=True)
    assert out.read_bytes() == (folder / f"{ADDITIONS}.qm").read_bytes()
