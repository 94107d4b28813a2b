"""Typed settings, in one JSON file in the user's config folder, with explicit defaults."""
from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import platformdirs

from .db import APP_NAME

log = logging.getLogger(__name__)


def config_dir() -> Path:
    override = os.environ.get("XIANGSHAN_DESK_DATA")
    return Path(override) if override else platformdirs.user_config_path(APP_NAME, appauthor=False, roaming=True)


def settings_path() -> Path:
    return config_dir() / "settings.json"


@dataclass
class Settings:
    operator: str = ""                     # the clerk's name, recorded in the audit trail
    welcomed: bool = False                 # the first-run welcome was completed
    database: str = ""                     # empty: the embedded default database
    last_folder: str = ""
    loss_rate_basis: str = "all"           # all / judgments (rules.md §7)
    window_geometry: str = ""              # base64 of QWidget.saveGeometry()
    window_state: str = ""
    list_splitter: str = ""
    list_header: str = ""
    # 设置 → 提醒 (reminders.py): notification times on working days, office hours, tray, autostart, 无后续安排
    reminders_enabled: bool = True
    reminder_times: list = field(default_factory=lambda: ["08:30", "14:00"])
    office_hours: list = field(default_factory=lambda: ["08:00", "18:00"])
    minimize_to_tray: bool = True          # closing the window keeps the program in the tray (when there is one)
    autostart: bool = False                # Windows only: start with the system (autostart.py)
    stale_days: int = 30                   # 无后续安排: open cases with nothing scheduled for more than N days
    tray_hint_shown: bool = False          # the "still running in the tray" balloon was shown once
    extra: dict = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> "Settings":
        path = path or settings_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            # A damaged settings file must not stop the program; keep it for inspection.
            log.warning("settings file %s unreadable (%s); using defaults", path, exc)
            return cls()
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known and isinstance(v, type(getattr(cls(), k)))}
        return cls(**values)

    def save(self, path: Path | None = None) -> None:
        path = path or settings_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
