"""Shared fixtures: headless Qt, a private data folder, and a fresh database file per test."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", deadline=None, max_examples=200)
settings.load_profile("ci")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    """No test touches the real user data folder."""
    folder = tmp_path / "userdata"
    monkeypatch.setenv("XIANGSHAN_DESK_DATA", str(folder))
    return folder


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "cases.sqlite3"


@pytest.fixture
def db(db_path):
    from xiangshan_desk.db import close_database, open_database
    database = open_database(db_path)
    yield database
    close_database()


@pytest.fixture
def actor():
    from xiangshan_desk.cases import Actor
    return Actor("测试员", "tester")
