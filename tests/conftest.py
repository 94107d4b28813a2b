"""Shared fixtures: headless Qt, a private data folder, a fresh database per test (a copy of a migrated, seeded
template), the modal-box guard of every Qt test, and the hand-made case sets of tests/scenarios.py."""
import gc
import os
import shutil
import uuid
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", deadline=None, max_examples=200)
settings.load_profile("ci")

# As in the window program (ui.operations.collect_on_the_ui_thread): no automatic cyclic collection, which could run
# inside Qt's destructors while a closed window's widgets are deleted; cycles are collected between tests instead.
gc.disable()
COLLECT_ALL_EVERY = 50          # tests; the young generations after each


@pytest.fixture(autouse=True)
def collect_between_tests():
    """Defined first, so that it is torn down last: after the windows are closed and the operations have ended."""
    yield
    collect_between_tests.count = getattr(collect_between_tests, "count", 0) + 1
    gc.collect(2 if collect_between_tests.count % COLLECT_ALL_EVERY == 0 else 1)


@pytest.fixture
def qapp(qapp):
    """The GUI tests run with Qt's Chinese translations installed and the collector on the UI thread's timer, as
    the program does (ui/app.py)."""
    from ui.app import install_translations
    from ui.operations import collect_on_the_ui_thread
    if not getattr(qapp, "_xiangshan_translators", None):
        install_translations(qapp)
    collect_on_the_ui_thread(qapp)
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


class TemplateDatabases:
    """A migrated and seeded database, made once per test session and backend; each test that uses the `db`
    fixture starts from a copy of it (migrating and seeding anew took about half a second a test)."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._sqlite: Path | None = None
        self._postgres: str | None = None
        self._admin = None

    def _build(self, target) -> None:
        from xiangshan_desk.application.bootstrap import open_workspace
        from xiangshan_desk.persistence.db import close_database
        with pytest.MonkeyPatch.context() as patch:       # nothing of the build reaches a real data folder
            patch.setenv("XIANGSHAN_DESK_DATA", str(self.folder / "userdata"))
            open_workspace(target)
            close_database()

    def build_sqlite(self) -> None:
        template = self.folder / "template.sqlite3"
        self._build(template)
        assert not Path(f"{template}-wal").exists(), "the template must be closed cleanly (no WAL left)"
        self._sqlite = template

    def sqlite_copy(self, path: Path) -> Path:
        shutil.copyfile(self._sqlite, path)
        return path

    def admin(self):
        """A connection to the PostgreSQL server given for the tests, for creating and dropping databases."""
        if self._admin is None:
            import psycopg2
            self._admin = psycopg2.connect(PG_URL)
            self._admin.autocommit = True
        return self._admin

    @staticmethod
    def url_of(name: str) -> str:
        return PG_URL.rsplit("/", 1)[0] + "/" + name

    def build_postgres(self) -> None:
        template = f"xsd_template_{uuid.uuid4().hex[:12]}"
        self.admin().cursor().execute(f'CREATE DATABASE "{template}"')
        self._build(self.url_of(template))
        self._postgres = template

    def create_postgres(self, name: str, from_template: bool) -> str:
        cursor = self.admin().cursor()
        if from_template:
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._postgres}"')
        else:
            cursor.execute(f'CREATE DATABASE "{name}"')
        return self.url_of(name)

    def drop_postgres(self, name: str) -> None:
        cursor = self.admin().cursor()
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s "
                       "AND pid <> pg_backend_pid()", (name,))
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    def close(self) -> None:
        if self._admin is not None:
            if self._postgres is not None:
                self.drop_postgres(self._postgres)
            self._admin.close()


@pytest.fixture(scope="session")
def template_databases(tmp_path_factory):
    """Built before the first database test's own fixtures run, so that nothing a test patches reaches them."""
    templates = TemplateDatabases(tmp_path_factory.mktemp("template"))
    templates.build_sqlite()
    if PG_URL:
        templates.build_postgres()
    yield templates
    templates.close()


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


def _settle_operations() -> None:
    """Background operations a GUI test started (a recount after its last change) end and report before the database
    goes away: otherwise their error would be shown while the test's windows are torn down."""
    import sys
    operations = sys.modules.get("ui.operations")
    if operations is not None:
        assert operations.wait_all(), "a background operation did not end"


@pytest.fixture
def db_path(backend, tmp_path, request, template_databases):
    """Where the test's database lives: a SQLite file, or a PostgreSQL database's URL. A test that uses the `db`
    fixture finds it migrated and seeded (a copy of the session's template); otherwise nothing is there yet (SQLite)
    or the database is empty (PostgreSQL), for the tests that open, upgrade or refuse databases themselves."""
    uses_db = "db" in request.fixturenames
    if backend == "sqlite":
        path = tmp_path / "cases.sqlite3"
        if uses_db:
            template_databases.sqlite_copy(path)
        yield path
        return
    if request.node.get_closest_marker("sqlite_only"):
        pytest.skip("needs a SQLite database file")
    name = f"xsd_test_{uuid.uuid4().hex[:12]}"
    yield template_databases.create_postgres(name, from_template=uses_db)
    _settle_operations()
    from xiangshan_desk.persistence.db import close_database
    close_database()
    template_databases.drop_postgres(name)


@pytest.fixture
def db(db_path):
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.db import close_database
    database = open_workspace(db_path)
    yield database
    _settle_operations()
    close_database()
    from xiangshan_desk.persistence.db import database as proxy
    proxy.initialize(None)      # the next test starts with no database open, not this one's (dropped on PostgreSQL)


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
    """A modal box would block the offscreen test run: unanswered questions fail the test instead. Every test
    that runs Qt has it (guard_qt_tests below); a test that expects a box patches that box itself."""
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
def window(qtbot, db, db_path):
    """The main window on the test's database as the program opens it (operator 王书记员, first screen loaded). At
    teardown its case windows close (unsaved changes discarded: no_modal_boxes answers) and background operations
    end before the database goes. A module whose tests need another window defines its own ``window``."""
    from ui import operations
    from ui.case_editor.editor import CaseEditor
    from ui.context import AppContext
    from ui.main_window import MainWindow
    from xiangshan_desk.application.settings import Settings
    win = MainWindow(AppContext(Settings(operator="王书记员"), str(db_path)))
    qtbot.addWidget(win)
    win.show()
    win.load_first_screen()
    yield win
    for editor in win.findChildren(CaseEditor):
        editor.close()
    assert operations.wait_all(10_000), "a background operation did not end"


@pytest.fixture
def actor():
    from xiangshan_desk.application.cases import Actor
    return Actor("测试员", "tester")


@pytest.fixture(autouse=True)
def guard_qt_tests(request):
    """The modal-box guard for every test that uses Qt (qtbot or qapp), whichever module it is in."""
    if {"qtbot", "qapp"} & set(request.fixturenames):
        request.getfixturevalue("no_modal_boxes")


# The hand-made case sets (tests/scenarios.py) that tests in several modules start from.

@pytest.fixture
def quarter(db, actor):
    """The hand-worked quarter (2025 Q2, today 2025-07-15): the case ids by the names A1…G1."""
    from .scenarios import hand_worked_quarter
    return hand_worked_quarter(actor)


@pytest.fixture
def lost_case(db, actor):
    """A lost case for the Word documents (（2025）浙0225行初88号): its id and its hearing's id."""
    from .scenarios import lost_case
    return lost_case(actor)


@pytest.fixture
def ledger(db, actor):
    """The hand-made ledger of the digest and the tray, as of Friday 2025-09-26: case ids by name."""
    from .scenarios import digest_ledger
    return digest_ledger(actor)
