"""Shared fixtures: headless Qt, a private data folder, and a fresh database file per test."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", deadline=None, max_examples=200)
settings.load_profile("ci")


@pytest.fixture
def qapp(qapp):
    """The GUI tests run with Qt's Chinese translations installed, as the program does (ui/app.py)."""
    from ui.app import install_translations
    if not getattr(qapp, "_xiangshan_translators", None):
        install_translations(qapp)
    return qapp


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    """No test touches the real user data folder."""
    folder = tmp_path / "userdata"
    monkeypatch.setenv("XIANGSHAN_DESK_DATA", str(folder))
    return folder


# The database tests run on SQLite, and on PostgreSQL too when .ci/run (or a developer) gives a server.
PG_URL = os.environ.get("XIANGSHAN_TEST_PG_URL", "")
BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])


def pytest_configure(config):
    config.addinivalue_line("markers", "sqlite_only: the test needs the database to be a SQLite file")


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def db_path(backend, tmp_path, request):
    """Where the test's database lives: a SQLite file, or a fresh PostgreSQL database's URL."""
    if backend == "sqlite":
        yield tmp_path / "cases.sqlite3"
        return
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("needs a SQLite database file")
    import uuid

    import psycopg2
    name = f"xsd_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(PG_URL)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    from xiangshan_desk.persistence.db import close_database
    close_database()
    cursor = admin.cursor()
    cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                   (name,))
    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


@pytest.fixture
def db(db_path):
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.db import close_database
    database = open_workspace(db_path)
    yield database
    close_database()


@pytest.fixture
def schedule_ending_2026():
    """The official schedule of a chinesecalendar release whose last year is 2026, whatever release is installed:
    for the tests about a year without an official schedule (2027 here), which must not depend on the package."""
    from xiangshan_desk.domain.calendar import OfficialSchedule, use_official_schedule
    schedule = OfficialSchedule.from_package(years=range(1990, 2027))
    assert 2026 in schedule.years, "the installed chinesecalendar must cover 2026"
    previous = use_official_schedule(schedule)
    yield schedule
    use_official_schedule(previous)


@pytest.fixture
def no_modal_boxes(monkeypatch):
    """A modal box would block the offscreen test run: unanswered questions fail the test instead. GUI test
    modules use it for every test (pytestmark = pytest.mark.usefixtures("no_modal_boxes"))."""
    from PySide6.QtWidgets import QMessageBox

    from ui.case_editor.editor import CaseEditor
    from ui.files import OpenAfterExport

    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected modal message box: {args[1:3]}")
    for name in ("exec", "question", "warning", "critical", "information", "about"):
        monkeypatch.setattr(QMessageBox, name, unexpected)
    monkeypatch.setattr(CaseEditor, "ask_unsaved_changes", classmethod(lambda cls, parent: "discard"))
    monkeypatch.setattr(OpenAfterExport, "ask", classmethod(lambda cls, parent, path: ""))


@pytest.fixture
def actor():
    from xiangshan_desk.application.cases import Actor
    return Actor("测试员", "tester")
