"""Qt's own dialogs speak Chinese (issue #21): the non-native file dialog has no English left, 是/否 boxes.

The file dialog is shown in a process of its own (``python -m tests.test_ui_language FOLDER MODE``): it starts
threads (the file system model's) that, after the many windows of the other GUI tests, crash this Python 3.11
interpreter at exit (a reference-count error inside PySide6). That process runs with a Chinese regional format, as
the clerks' Windows has, because Qt writes file sizes and times in the system's format."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from ui.app import ADDITIONS, create_application, install_translations  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ENGLISH = re.compile(r"[A-Za-z]{2,}")
OUR_FILTER = "Excel 工作簿 (*.xlsx);;所有文件 (*)"


def _english(text: str) -> list[str]:
    for ours in ("Excel", "xlsx"):            # our name filter, and the file's own name
        text = text.replace(ours, "")
    return ENGLISH.findall(text.replace("&", ""))


def dialog_texts(folder: str, mode: str) -> list[list[str]]:
    """Every text Qt's file dialog shows or speaks: labels, buttons, tooltips, accessible names, the actions of its
    menus (the views' right-click menu, the header's 显示 …), the column headers and the rows of FOLDER."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QFileDialog, QLabel, QWidget
    app = create_application(["main.py"])
    dialog = QFileDialog(None, "导出当前案件列表", folder, OUR_FILTER)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    elif mode == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.selectNameFilter("所有文件 (*)")
    dialog.show()
    tree = dialog.findChild(QAbstractItemView, "treeView")
    model, root = tree.model(), tree.rootIndex()
    for _ in range(100):
        if model.rowCount(root) >= (1 if mode == "folder" else 2):
            break
        QTest.qWait(50)
    texts = [["title", dialog.windowTitle()]]
    for widget in dialog.findChildren(QWidget):
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append([widget.objectName() or type(widget).__name__, widget.text()])
        texts += [["tooltip", widget.toolTip()], ["accessible", widget.accessibleName()],
                  ["whatsthis", widget.whatsThis()]]
        if isinstance(widget, QComboBox) and widget.objectName() == "fileTypeCombo":
            texts += [["filter", widget.itemText(i)] for i in range(widget.count())]
    for action in dialog.findChildren(QAction):
        texts += [["action", action.text()], ["action tip", action.toolTip()]]
    texts += [["header", str(model.headerData(c, Qt.Orientation.Horizontal))] for c in range(model.columnCount())]
    for row in range(model.rowCount(root)):
        texts += [[f"row {model.data(model.index(row, 0, root))}", str(model.data(model.index(row, c, root)))]
                  for c in range(1, model.columnCount())]
    dialog.close()
    app.processEvents()
    return texts


@pytest.mark.parametrize("mode", ["save", "open", "folder"])
def test_the_file_dialog_has_no_english_left(tmp_path, mode):
    (tmp_path / "行政应诉台账").mkdir()
    (tmp_path / "案件列表.xlsx").write_bytes(b"x" * 100)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"}
    result = subprocess.run([sys.executable, "-m", "tests.test_ui_language", str(tmp_path), mode], cwd=ROOT, env=env,
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    texts = json.loads(result.stdout)
    left = [(where, text) for where, text in texts if text and _english(text)]
    assert left == []
    shown = {where: text for where, text in texts}
    assert shown["lookInLabel"] == "查找范围(&L)：" and shown["fileTypeLabel"] == "文件类型(&T)："
    assert [text for where, text in texts if where == "header"] == ["名称", "大小", "类型", "修改日期"]
    assert [text for where, text in texts if where == "row 行政应诉台账"][1] == "文件夹"       # (size, type, date)
    if mode != "folder":
        assert [text for where, text in texts if where == "row 案件列表.xlsx"][0] == "100 字节"


def test_a_question_box_says_yes_and_no_in_chinese(qtbot):
    create_application(["main.py"])
    box = QMessageBox(QMessageBox.Icon.Question, "删除开庭记录", "是否删除？",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    assert [box.button(b).text().replace("&", "") for b in (QMessageBox.StandardButton.Yes,
                                                          QMessageBox.StandardButton.No)] == ["是(Y)", "否(N)"]


def test_installing_twice_keeps_one_copy_of_each_catalogue(qtbot):
    app = create_application(["main.py"])
    assert install_translations(app) == ["qtbase_zh_CN", "qt_zh_CN", ADDITIONS]
    assert len(app._xiangshan_translators) == 3


def test_the_compiled_additions_match_their_source(tmp_path):
    """resources/translations/*.qm is compiled from the .ts beside it; an edit of the .ts needs a new .qm."""
    lrelease = shutil.which("pyside6-lrelease") or shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not installed")
    folder = ROOT / "resources" / "translations"
    out = tmp_path / f"{ADDITIONS}.qm"
    subprocess.run([lrelease, "-silent", str(folder / f"{ADDITIONS}.ts"), "-qm", str(out)], check=True)
    assert out.read_bytes() == (folder / f"{ADDITIONS}.qm").read_bytes()


if __name__ == "__main__":
    print(json.dumps(dialog_texts(sys.argv[1], sys.argv[2]), ensure_ascii=False))
