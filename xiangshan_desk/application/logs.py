"""Where the program writes what happened: a log file in the data folder (the windowed Windows program has no
console, so stderr is lost), set aside at a start once large; crashes of the interpreter itself (faulthandler), and
errors in threads."""
from __future__ import annotations

import faulthandler
import logging
import os
import sys
import threading
from pathlib import Path

from xiangshan_desk.persistence.paths import data_dir
from xiangshan_desk.domain.errors import mask_secrets

LOG_FILE = "xiangshan_desk.log"
LOG_BYTES = 1_000_000           # a log file this large is set aside at the next start
LOG_BACKUPS = 5                 # xiangshan_desk.log.1 … .5 are kept
_fault_file = None


def log_dir() -> Path:
    return data_dir() / "logs"


class _MaskingFormatter(logging.Formatter):
    """No database password in the log."""

    def format(self, record: logging.LogRecord) -> str:
        return mask_secrets(super().format(record))


def rotate(path: Path) -> bool:
    """At start, set a log that reached LOG_BYTES aside (xiangshan_desk.log → .1 → … → .5, the oldest dropped).

    Not while writing, as logging.handlers.RotatingFileHandler does: the window, the tray and the command line write
    to the same file, and on Windows a file another of them holds open cannot be renamed — the handler then fails
    and retries on every later line. A log that cannot be set aside now (in use) is set aside at a later start.
    Returns whether it was."""
    try:
        if path.stat().st_size < LOG_BYTES:
            return False
        for number in range(LOG_BACKUPS - 1, 0, -1):
            older = path.with_name(f"{path.name}.{number}")
            if older.exists():
                os.replace(older, path.with_name(f"{path.name}.{number + 1}"))
        os.replace(path, path.with_name(f"{path.name}.1"))
    except OSError:
        return False
    return True


def setup_logging(console: bool = True) -> Path:
    """Log to logs/xiangshan_desk.log (set aside at a start once it reached 1 MB; five kept) and, when there is one,
    the console. Returns the file."""
    folder = log_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = folder / LOG_FILE
    rotate(path)
    formatter = _MaskingFormatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s")
    handlers: list[logging.Handler] = [logging.FileHandler(path, encoding="utf-8")]
    if console and sys.stderr is not None:
        handlers.append(logging.StreamHandler())
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for handler in handlers:
        handler.setFormatter(formatter)
        root.addHandler(handler)
    global _fault_file
    close_crash_log()
    _fault_file = open(folder / "crash.log", "a", encoding="utf-8")      # noqa: SIM115 - open for the process
    faulthandler.enable(_fault_file)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        logging.getLogger("thread").error("unexpected error in thread %s", getattr(args.thread, "name", "?"),
                                          exc_info=(args.exc_type, args.exc_value, args.exc_traceback))
    threading.excepthook = thread_hook
    return path


def close_crash_log() -> None:
    """Stop writing interpreter crashes to crash.log and close it (setup_logging opens it again)."""
    global _fault_file
    if _fault_file is not None:
        faulthandler.disable()
        _fault_file.close()
        _fault_file = None
