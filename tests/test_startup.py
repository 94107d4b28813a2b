"""What start-up loads (benchmarks/README.md, start-up): the window opens without the document, workbook and case
operation modules, and the core modules it needs are loaded before Qt (PySide6's import hook reads the source of
every module imported after it)."""
import os
import subprocess
import textwrap
import sys
from pathlib import Path

import pytest

from xiangshan_desk.application.bootstrap import open_workspace
from xiangshan_desk.persistence.db import close_database
from xiangshan_desk.application.demo import generate

ROOT = Path(__file__).resolve().parent.parent
# Libraries for later features: workbooks, Word documents, sorting by pinyin, the stored PostgreSQL password, calendars
LIBRARIES_NOT_AT_START = ("openpyxl", "docx", "docxtpl", "pypinyin", "keyring", "icalendar")
# Program modules the first screen does not need: the rules' computations (the screen reads stored results and the
# words of domain/vocabulary), the field checks and file outputs (the first screen's background count is a quiet
# read, which writes no file), exports' child processes, case operations (with their audit, facts and deadline projection), statistics,
# documents, imports, holiday writes, case materials and their text extraction, and the windows opened later
NOT_AT_START = ("xiangshan_desk.domain.rules", "xiangshan_desk.domain.fields", "xiangshan_desk.application.outputs",
                "xiangshan_desk.application.processes", "multiprocessing", "xiangshan_desk.application.cases",
                "xiangshan_desk.application.stats",
                "xiangshan_desk.application.documents", "xiangshan_desk.application.importing",
                "xiangshan_desk.application.holidays", "xiangshan_desk.application.audit",
                "xiangshan_desk.application.facts", "xiangshan_desk.application.projection",
                "xiangshan_desk.application.materials", "xiangshan_desk.application.extraction",
                "ui.case_editor", "ui.calendar_tab", "ui.report_tab",
                "ui.holiday_editor", "ui.materials_tab")


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    """The modules `main.py --exit-after-startup` imported, in the order their imports finished."""
    folder = tmp_path_factory.mktemp("startup")
    path = folder / "demo.sqlite3"
    open_workspace(path)
    generate(40, seed=3)
    close_database()
    env = {**os.environ, "XIANGSHAN_DESK_DATA": str(folder / "data"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-X", "importtime", "main.py", "--db", str(path), "--exit-after-startup"],
                            cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 0, result.stderr
    assert "startup:" in result.stdout
    return [line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines()
            if line.startswith("import time:") and "imported package" not in line]


def test_start_up_does_not_load_documents_workbooks_or_case_operations(started):
    assert "ui.main_window" in started and "xiangshan_desk.application.caselist" in started
    loaded = [name for name in started if name.split(".")[0] in LIBRARIES_NOT_AT_START
              or name in NOT_AT_START or name.startswith(tuple(f"{module}." for module in NOT_AT_START))]
    assert loaded == []


def test_core_modules_are_loaded_before_qt(started):
    first_qt = min(index for index, name in enumerate(started) if name.split(".")[0] in ("PySide6", "shiboken6"))
    late_core = [name for name in started[first_qt:] if name.startswith("xiangshan_desk")]
    assert late_core == []


def test_the_program_never_collects_automatically_and_freezes_what_it_loaded(tmp_path):
    """main() turns automatic cyclic collection off before it loads anything, create_application keeps it off and
    collects on a timer in the UI thread (ui.operations), and start_up_finished freezes what the start loaded."""
    script = textwrap.dedent("""
        import gc, sys
        gc.enable()
        import main
        code = main.main(["--db", sys.argv[1], "--exit-after-startup"])
        from PySide6.QtWidgets import QApplication
        app = QApplication.instance()
        timer = getattr(app, "_xiangshan_collector", None)
        print(code, gc.isenabled(), gc.get_freeze_count() > 0, timer is not None and timer.isActive())
    """)
    path = tmp_path / "demo.sqlite3"
    open_workspace(path)
    generate(10, seed=4)
    close_database()
    env = {**os.environ, "XIANGSHAN_DESK_DATA": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script, str(path)], cwd=ROOT, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=120)
    assert result.stdout.split()[-4:] == ["0", "False", "True", "True"], result.stderr
