"""Who the history records (issue #21): the welcome cannot leave the operator empty, the status bar shows who it is,
设置 changes it; a --db path that does not exist is created only when the clerk says so."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QMessageBox  # noqa: E402

from ui.context import AppContext  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from xiangshan_desk.application import audit, cases  # noqa: E402
from xiangshan_desk.persistence.models import Unit  # noqa: E402
from xiangshan_desk.application.session import Actor, system_account  # noqa: E402
from xiangshan_desk.application.settings import Settings  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.usefixtures("no_modal_boxes")


@pytest.fixture
def first_start(qtbot, db, db_path):
    """A window as on first start: no operator name yet."""
    win = MainWindow(AppContext(Settings(), str(db_path)))
    qtbot.addWidget(win)
    win.show()
    win.load_first_screen()
    return win


def _new_case(actor):
    unit = Unit.get(Unit.name == "石浦镇").id
    return cases.create_case(actor, {"unit_id": unit, "plaintiffs": "张三", "cause": "行政处罚"},
                             {"case_number": "（2026）浙0225行初5号", "complaint_received": "2026-11-02"}).id


def test_escape_on_the_welcome_records_the_system_account(qtbot, first_start, monkeypatch):
    def press_escape(cls, dialog):
        assert dialog.name_edit.text() == ""
        dialog.reject()                         # Esc and the close button both reject
        return False
    monkeypatch.setattr(MainWindow, "run_modal", classmethod(press_escape))
    first_start.show_welcome()
    account = system_account()
    assert account
    saved = Settings.load()
    assert saved.operator == account and saved.welcomed          # not asked again at the next start
    assert first_start.operator_label.text() == f"操作员：{account}"
    assert "设置 → 操作员姓名" in first_start.statusBar().currentMessage()
    case_id = _new_case(first_start._context.actor)
    assert {e.operator for e in audit.audit_trail(case_id)} == {account}


def test_the_welcome_is_as_high_as_its_content(qtbot, db, db_path):
    """No empty band between the texts and the buttons (issue #20), also once the missing-name message shows; the
    fields keep their height."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QLabel

    from ui.welcome import WelcomeDialog
    dialog = WelcomeDialog(AppContext(Settings(), str(db_path)))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    def gap_above_the_buttons() -> int:
        texts = [w for w in dialog.findChildren(QLabel) if w.isVisible() and w.text()]
        lowest = max(w.mapTo(dialog, QPoint(0, w.height())).y() for w in texts)
        return dialog.start_button.mapTo(dialog, QPoint(0, 0)).y() - lowest

    assert 0 < gap_above_the_buttons() <= 40 and dialog.height() < 400
    assert not dialog.message.isVisible()
    assert not dialog.finish("")                                   # no name: the message, the window grows
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    assert "请填写操作员姓名" in dialog.message.text()
    assert 0 < gap_above_the_buttons() <= 40
    assert dialog.name_edit.height() >= dialog.name_edit.sizeHint().height()
    assert dialog.message.mapTo(dialog, QPoint(0, 0)).y() > dialog.backup_label.mapTo(dialog, QPoint(0, 0)).y()


def test_escape_after_typing_a_name_keeps_the_name(qtbot, first_start, monkeypatch):
    def type_then_escape(cls, dialog):
        dialog.name_edit.setText(" 赵书记员 ")
        dialog.reject()
        return False
    monkeypatch.setattr(MainWindow, "run_modal", classmethod(type_then_escape))
    first_start.show_welcome()
    assert Settings.load().operator == "赵书记员"
    assert first_start.operator_label.text() == "操作员：赵书记员"


def test_the_name_is_changed_in_settings_and_never_emptied(qtbot, first_start, monkeypatch):
    from PySide6.QtWidgets import QInputDialog
    answers = iter([("李科长", True), ("   ", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    first_start.operator_action.trigger()
    assert Settings.load().operator == "李科长" and first_start.operator_label.text() == "操作员：李科长"
    first_start.operator_action.trigger()                          # an empty name is refused, the old one kept
    assert Settings.load().operator == "李科长" and first_start.operator_label.text() == "操作员：李科长"
    assert "不能为空" in first_start.statusBar().currentMessage()


def test_an_actor_without_a_name_is_the_system_account(db):
    assert Actor("", "clerk7").operator == "clerk7"                # the account given
    assert Actor("  ").operator == system_account()                 # this computer's
    assert Actor("王书记员", "clerk7").operator == "王书记员"
    case_id = _new_case(Actor(""))
    assert all(e.operator for e in audit.audit_trail(case_id))


def test_the_system_account_has_a_fallback(monkeypatch):
    import getpass

    def no_account():
        raise OSError("no user name")
    monkeypatch.setattr(getpass, "getuser", no_account)
    assert system_account() == "（未设置操作员）" and Actor("").operator == "（未设置操作员）"


# --- a --db path that does not exist ------------------------------------------------------------------------

def _main_with_answer(monkeypatch, answer, argv):
    import main as entry
    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return answer
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)           # main() installs its own
    from xiangshan_desk.application import logs                                   # and no log handlers left behind
    monkeypatch.setattr(logs, "setup_logging", lambda *a, **k: Path("test.log"))
    return entry, asked


def test_a_mistyped_db_path_is_not_created(qtbot, tmp_path, monkeypatch):
    missing = tmp_path / "数据" / "案件.sqlite3"
    missing.parent.mkdir()
    entry, asked = _main_with_answer(monkeypatch, QMessageBox.StandardButton.No, [])
    assert entry.main(["--db", str(missing)]) == 2
    assert len(asked) == 1 and "是否新建数据库" in asked[0] and str(missing.absolute()) in asked[0]
    assert list(missing.parent.iterdir()) == []                    # nothing created


def test_a_new_db_path_is_created_when_the_clerk_says_yes(qtbot, tmp_path, monkeypatch):
    import main as entry
    target = tmp_path / "新库.sqlite3"
    entry_, asked = _main_with_answer(monkeypatch, QMessageBox.StandardButton.Yes, [])
    assert entry._new_database_confirmed(str(target), quiet=False)
    assert len(asked) == 1 and str(target) in asked[0]
    assert entry._new_database_confirmed(str(ROOT / "main.py"), quiet=False)        # an existing file: no question
    assert entry._new_database_confirmed("postgresql://clerk@server/cases", quiet=False)
    assert entry._new_database_confirmed(None, quiet=False)                        # the default location
    assert len(asked) == 1


def test_exit_after_startup_refuses_a_missing_db_path(tmp_path):
    missing = tmp_path / "typo.sqlite3"
    env = {**os.environ, "XIANGSHAN_DESK_DATA": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "main.py", "--db", str(missing), "--exit-after-startup"], cwd=ROOT,
                            env=env, capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 2
    assert "数据库文件不存在" in result.stderr and str(missing) in result.stderr
    assert not missing.exists()
