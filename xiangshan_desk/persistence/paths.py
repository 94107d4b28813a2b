"""Where the data lives: the user's data folder and the default database file (never the program folder)."""
from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "XiangshanDesk"
DB_FILE_NAME = "xiangshan_desk.sqlite3"


def data_dir() -> Path:
    """The user's data folder (Windows: %APPDATA%\\XiangshanDesk); ``XIANGSHAN_DESK_DATA`` overrides it."""
    override = os.environ.get("XIANGSHAN_DESK_DATA")
    return Path(override) if override else platformdirs.user_data_path(APP_NAME, appauthor=False, roaming=True)


def default_db_path() -> Path:
    return data_dir() / DB_FILE_NAME


def is_url(target: str | os.PathLike) -> bool:
    return str(target).startswith(("postgres://", "postgresql://"))
