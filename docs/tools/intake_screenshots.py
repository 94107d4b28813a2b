"""Screenshots of issue #23 for the manual: the review dialog 从法院文书登记 on a text PDF and on a scan.

    QT_QPA_PLATFORM=xcb python docs/tools/intake_screenshots.py docs/images      (inside an X screen)
    /work/shared/tools/screenshot.sh out.png 25 -- python docs/tools/intake_screenshots.py docs/images

Uses a database in a temporary folder with the case the judgment belongs to; documents come from
tests/intake_docs.py. Each dialog is saved with QWidget.grab() once its document has been read.
"""
from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "images").resolve()
FOLDER = Path(tempfile.mkdtemp(prefix="xiangshan_intake_shots_"))
os.environ["XIANGSHAN_DESK_DATA"] = str(FOLDER / "data")


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from tests import intake_docs as gen
    from ui.context import AppContext
    from ui.intake_dialog import IntakeDialog
    from xiangshan_desk.application import cases
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.application.intake import ocr_available, proposal
    from xiangshan_desk.application.session import Actor
    from xiangshan_desk.application.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv)
    open_workspace(FOLDER / "shots.sqlite3")
    judgment = gen.generate("判决书", 6)
    unit = judgment.expected["defendants"][0]
    cases.create_case(Actor("王书记员"), {"unit_id": proposal.unit_for(unit), "plaintiffs": "、".join(judgment.expected["plaintiffs"])},
                      {"case_number": judgment.expected["case_number"], "complaint_received": dt.date(2025, 3, 7)})
    pdf = gen.to_pdf([gen.to_docx(judgment, FOLDER / "判决书.docx")], FOLDER)[0]
    shots = [(pdf, "intake-dialog.png", "decision", 0)]
    if ocr_available():
        summons = gen.generate("开庭传票", 7)
        cases.create_case(Actor("王书记员"), {"unit_id": proposal.unit_for(summons.expected["defendants"][0])},
                          {"case_number": summons.expected["case_number"], "complaint_received": dt.date(2025, 3, 3)})
        shots.append((gen.to_image(summons, FOLDER / "传票扫描件.jpg", seed=7), "intake-dialog-scan.png",
                      "hearing_at", 1))
    context = AppContext(Settings(operator="王书记员"), str(FOLDER / "shots.sqlite3"))
    for path, name, field, tab in shots:
        dialog = IntakeDialog(context, str(path))
        dialog.show()
        dialog.start().wait()
        app.processEvents()
        dialog.views.setCurrentIndex(tab)
        dialog.edits[field].setFocus()
        dialog.highlight(field)
        for _ in range(20):
            app.processEvents()
        dialog.grab().save(str(OUT / name))
        print(OUT / name, flush=True)
        dialog.close()


if __name__ == "__main__":
    main()
