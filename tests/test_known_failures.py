"""Issue #20 point 5: a failure of the surroundings (the database locked, read-only, full, or its server gone) is a
Chinese message at the operation's boundary — the window's error box and the command line's exit 2 — and nothing is
lost; anything else is a bug, shown as 程序错误 with its details and a button that copies them."""
import sqlite3

import peewee
import pytest

from xiangshan_desk import cli
from xiangshan_desk.domain.errors import known_failure

# (the error as the driver raises it, the words of its Chinese message)
KNOWN = {
    "locked": (sqlite3.OperationalError("database is locked"), "正被其他同事或程序写入"),
    "read-only": (sqlite3.OperationalError("attempt to write a readonly database"), "只读"),
    "disk full": (sqlite3.OperationalError("database or disk is full"), "磁盘空间已满"),
    # peewee re-raises the drivers' errors as its own (psycopg2's OperationalError → peewee.OperationalError)
    "server gone": (peewee.OperationalError("server closed the connection unexpectedly\n\tThis probably means the "
                                            "server terminated abnormally"), "无法连接数据库服务器"),
    "server restarted": (peewee.OperationalError("terminating connection due to administrator command"),
                         "无法连接数据库服务器"),
    "connection found closed": (peewee.InterfaceError("connection already closed"), "无法连接数据库服务器"),
}


@pytest.mark.parametrize("kind", KNOWN)
def test_each_known_failure_has_its_chinese_message(kind):
    error, words = KNOWN[kind]
    assert words in (known_failure(error) or ""), kind


def test_a_bug_is_not_a_known_failure():
    assert known_failure(KeyError("a bug")) is None
    assert known_failure(peewee.IntegrityError("UNIQUE constraint failed: case.id")) is None


@pytest.mark.parametrize("kind", KNOWN)
def test_the_command_line_tells_a_known_failure_in_chinese(kind, monkeypatch, capsys):
    error, words = KNOWN[kind]

    def failing(args):
        raise error
    monkeypatch.setattr(cli, "_cmd_deadlines", failing)
    assert cli.main(["deadlines"]) == cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert err.startswith("错误：") and words in err and "Traceback" not in err, err


@pytest.mark.sqlite_only
def test_the_command_line_on_a_database_another_program_holds(db, db_path, monkeypatch, capsys):
    """A real lock: another connection holds the write lock while the command wants to write."""
    from xiangshan_desk.persistence import db as dbmod
    from xiangshan_desk.persistence.models import FrozenReport
    dbmod.close_database()
    monkeypatch.setitem(dbmod.SQLITE_PRAGMAS, "busy_timeout", 200)         # not the clerk's 15 seconds
    holder = sqlite3.connect(db_path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        code = cli.main(["--db", str(db_path), "freeze", "--year", "2025", "--quarter", "1"])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert code == cli.EXIT_BAD_INPUT and "正被其他同事或程序写入" in err and "Traceback" not in err, err
    dbmod.close_database()
    from xiangshan_desk.application.bootstrap import open_workspace
    open_workspace(db_path)
    assert FrozenReport.select().count() == 0                              # nothing half-written


@pytest.mark.parametrize("kind", KNOWN)
def test_the_window_tells_a_known_failure_in_chinese(kind, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from ui.errors import show_error
    error, words = KNOWN[kind]
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append((title, text)))
    show_error(None, error)
    assert len(shown) == 1 and shown[0][0] == "无法完成操作" and words in shown[0][1], shown


def test_a_bug_offers_to_copy_its_details_with_the_log_folder(qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ui.errors import show_error
    from xiangshan_desk.application.logs import log_dir
    shown = []

    def click_copy(box):
        shown.append((box.windowTitle(), box.text(), [button.text() for button in box.buttons()]))
        next(button for button in box.buttons() if button.text() == "复制错误信息").click()
    monkeypatch.setattr(QMessageBox, "exec", click_copy)
    QApplication.clipboard().clear()
    try:
        raise KeyError("a bug in the program")
    except KeyError as exc:
        show_error(None, exc)
    title, text, buttons = shown[0]
    assert title == "程序错误" and "本次操作未完成" in text and "复制错误信息" in buttons
    copied = QApplication.clipboard().text()
    assert "Traceback" in copied and "KeyError: 'a bug in the program'" in copied, copied
    assert f"日志文件夹：{log_dir()}" in copied


@pytest.mark.parametrize("kind", KNOWN)
def test_background_work_that_meets_a_known_failure_ends_in_the_chinese_message(kind, qtbot, monkeypatch):
    """The boundary of every export, import, count and backup is ui/operations.py: the worker's database failure
    reaches the clerk in Chinese, as a failure of the surroundings, not as 程序错误."""
    from PySide6.QtWidgets import QMessageBox, QWidget

    from ui import operations
    error, words = KNOWN[kind]
    parent = QWidget()
    qtbot.addWidget(parent)
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent_, title, text, *a: shown.append((title, text)))

    def work(progress):
        raise error
    assert operations.run(parent, "正在导出…", work, lambda result: shown.append(("done", result))).wait(5000)
    assert len(shown) == 1 and shown[0][0] == "无法完成操作" and words in shown[0][1], shown
    assert operations.wait_all(5000)


def test_a_connection_the_server_ended_is_a_known_failure(db, db_path, backend):
    """A real PostgreSQL server ends the program's session (a restart, an administrator): what the driver raises is
    told as 无法连接数据库服务器, whichever of its wordings it uses."""
    if backend != "postgres":
        pytest.skip("needs the PostgreSQL server of XIANGSHAN_TEST_PG_URL")
    import psycopg2

    from xiangshan_desk.persistence.db import database
    from xiangshan_desk.persistence.models import Unit
    own = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    admin = psycopg2.connect(str(db_path))
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", (own,))
    finally:
        admin.close()
    with pytest.raises((peewee.OperationalError, peewee.InterfaceError), match="(?i)connection|server") as info:
        Unit.select().count()
    assert "无法连接数据库服务器" in (known_failure(info.value) or ""), str(info.value)
    # the next statement finds the connection closed (psycopg2's InterfaceError): the same message
    with pytest.raises((peewee.OperationalError, peewee.InterfaceError), match="(?i)connection|server") as info:
        Unit.select().count()
    assert "无法连接数据库服务器" in (known_failure(info.value) or ""), str(info.value)
