"""Screenshots of issue #22 (案卷材料) for the manual: shows one view on a small demo database with materials.

    /work/shared/tools/screenshot.sh docs/images/manual-materials.png 8 -- \
        .venv/bin/python docs/tools/materials_screenshots.py materials
Views: materials (the editor's 案卷材料 tab), filing (答辩与备案 with the papers hint), search (材料搜索).
Everything is written to a temporary folder; the window stays open until the screenshot tool ends it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
FOLDER = Path(tempfile.mkdtemp(prefix="xiangshan_materials_shots_"))
os.environ["XIANGSHAN_DESK_DATA"] = str(FOLDER / "data")


def make_pdf(path: Path, text: str) -> Path:
    from PySide6.QtGui import QFont, QPageSize, QPdfWriter, QTextDocument
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    document = QTextDocument()
    # one named font: Qt's choice under the zh_CN translations writes some glyphs without their Unicode mapping
    document.setDefaultFont(QFont("Noto Sans CJK SC", 12))
    document.setPlainText(text)
    document.print_(writer)
    del writer
    return path


def make_docx(path: Path, *paragraphs: str) -> Path:
    from docx import Document
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def main() -> int:
    view = sys.argv[1] if len(sys.argv) > 1 else "materials"
    database = FOLDER / "demo.sqlite3"
    subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(database), "demo", "--cases", "60",
                    "--seed", "3"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from xiangshan_desk.application import materials
    from xiangshan_desk.application.cases import Actor
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.models import Case, Proceeding
    from xiangshan_desk.application.settings import Settings
    open_workspace(database)
    case = Case.select().where(Case.deleted_at.is_null() & (Case.current_level == "一审")).order_by(Case.id).first()
    proceeding = Proceeding.get(Proceeding.case == case.id).id
    actor = Actor("王书记员")
    files = FOLDER / "files"
    files.mkdir()
    materials.attach(actor, case.id, "起诉状副本", [make_pdf(
        files / "行政起诉状.pdf", f"行政起诉状\n原告：{case.plaintiffs}\n被告：{case.unit.name}\n"
        "诉讼请求：请求撤销被告作出的限期拆除决定。\n事实与理由：原告宅基地上的房屋系经审批建造……")], proceeding)
    materials.attach(actor, case.id, "答辩状", [make_docx(
        files / "行政答辩状.docx", "行政答辩状", "答辩人认为，被诉限期拆除决定认定事实清楚，程序合法。")], proceeding)
    materials.attach(actor, case.id, "授权委托书", [make_docx(files / "授权委托书.docx", "授权委托书")], proceeding)
    if view != "filing":
        materials.attach(actor, case.id, "证据清单", [make_docx(
            files / "证据清单.docx", "证据清单", "1. 限期拆除决定书  2. 宅基地审批表  3. 现场勘验笔录")], proceeding)
    materials.extract_pending()

    from ui.case_editor.editor import CaseEditor
    from ui.context import AppContext
    from ui.materials_search import MaterialsSearchDialog
    context = AppContext(Settings(operator="王书记员"), str(database))
    if view == "search":
        window = MaterialsSearchDialog(context)
        window.search_edit.setText("宅基地")
        window.search()
        window.wait()
    else:
        window = CaseEditor(context, case.id)
        window.tabs.setCurrentIndex(window.tabs.count() - 1 if view == "materials" else 1)
        if view == "materials":
            window.materials_panel.view.selectRow(0)
    window.resize(980, 640)
    window.move(20, 20)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
