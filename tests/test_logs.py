"""application/logs.py: the log file is set aside at a start once it reached LOG_BYTES, five kept, and a log that
cannot be set aside (another instance holds it on Windows) is left for a later start."""
import faulthandler
import logging
import os
import sys
import threading

from xiangshan_desk.application import logs


def _start(monkeypatch):
    """setup_logging as main.py calls it, with the handlers, crash log and thread hook put back afterwards."""
    root = logging.getLogger()
    before = list(root.handlers)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    try:
        path = logs.setup_logging(console=False)
        logging.getLogger("test").warning("第 N 次启动")
        return path
    finally:
        for handler in root.handlers[len(before):]:
            handler.close()
        root.handlers[:] = before
        logs.close_crash_log()
        faulthandler.enable(sys.__stderr__)


def test_a_large_log_is_set_aside_at_start_and_five_are_kept(monkeypatch):
    folder = logs.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / logs.LOG_FILE
    for number in range(1, logs.LOG_BACKUPS + 1):
        (folder / f"{logs.LOG_FILE}.{number}").write_text(f"旧日志 {number}\n", encoding="utf-8")
    path.write_text("x" * logs.LOG_BYTES, encoding="utf-8")
    assert _start(monkeypatch) == path
    assert path.read_text(encoding="utf-8").endswith("第 N 次启动\n")          # a new file for this start
    assert (folder / f"{logs.LOG_FILE}.1").stat().st_size == logs.LOG_BYTES
    assert [(folder / f"{logs.LOG_FILE}.{n}").read_text(encoding="utf-8") for n in range(2, logs.LOG_BACKUPS + 1)] \
        == [f"旧日志 {n}\n" for n in range(1, logs.LOG_BACKUPS)]             # shifted; the oldest dropped
    assert not (folder / f"{logs.LOG_FILE}.{logs.LOG_BACKUPS + 1}").exists()
    _start(monkeypatch)                                                      # small again: appended to
    assert path.read_text(encoding="utf-8").count("第 N 次启动") == 2


def test_a_log_that_cannot_be_set_aside_is_kept_and_written_to(monkeypatch):
    folder = logs.log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / logs.LOG_FILE
    path.write_text("x" * logs.LOG_BYTES, encoding="utf-8")
    real_replace = os.replace

    def in_use(source, target):
        if str(source) == str(path):
            raise PermissionError(32, "另一个程序正在使用此文件")
        return real_replace(source, target)
    monkeypatch.setattr(os, "replace", in_use)
    _start(monkeypatch)
    assert path.stat().st_size > logs.LOG_BYTES and not (folder / f"{logs.LOG_FILE}.1").exists()
