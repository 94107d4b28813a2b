"""Who has a SQLite database open: each running window leaves a small file beside the database naming its process,
computer, account and operator, and removes it when it closes (QLockFile-like, without Qt).

Restoring a backup and upgrading the database's structure replace or rewrite the file under every open connection:
another instance's next save would then undo the restore, or the restore would discard a save that instance was
told had succeeded (issue #25). Those operations ask ``others_holding`` first and refuse, naming who has it open.
An entry of this computer whose process no longer runs (a crash, a power cut) is stale and removed when read.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
from pathlib import Path
from typing import NamedTuple

from xiangshan_desk.domain.errors import AppError


class Holder(NamedTuple):
    pid: int
    host: str
    user: str
    operator: str
    since: str                    # ISO time the database was opened
    path: Path                    # the entry's file

    @property
    def text(self) -> str:
        who = self.operator or self.user or "（未知操作员）"
        since = self.since.replace("T", " ")[:16]
        return f"{who} 在 {self.host} 上打开了该数据库（{since} 起，进程 {self.pid}）"


def _folder(db_path: Path) -> Path:
    return Path(str(db_path) + ".instances")


def _host() -> str:
    return socket.gethostname() or "本机"


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if os.name == "nt":                                         # pragma: no cover - Windows only
        import ctypes
        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)       # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        try:
            kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        finally:
            kernel32.CloseHandle(handle)
        return code.value == 259                                # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def holders(db_path: str | os.PathLike) -> list[Holder]:
    """Every instance that has the database open (stale entries of this computer are removed)."""
    folder = _folder(Path(db_path))
    if not folder.is_dir():
        return []
    found = []
    for entry in sorted(folder.glob("*.json")):
        try:
            data = json.loads(entry.read_text(encoding="utf-8"))
            holder = Holder(int(data["pid"]), str(data["host"]), str(data.get("user", "")),
                            str(data.get("operator", "")), str(data.get("since", "")), entry)
        except (OSError, ValueError, KeyError, TypeError):
            continue                  # half-written by an instance starting right now, or not ours: ignored
        if holder.host == _host() and not _alive(holder.pid):
            entry.unlink(missing_ok=True)
            continue
        found.append(holder)
    return found


def others_holding(db_path: str | os.PathLike) -> list[Holder]:
    """The instances other than this process that have the database open."""
    return [h for h in holders(db_path) if not (h.host == _host() and h.pid == os.getpid())]


def refuse_if_open_elsewhere(db_path: str | os.PathLike, action: str) -> None:
    """Raise a Chinese refusal naming who else has the database open."""
    others = others_holding(db_path)
    if others:
        names = "；".join(h.text for h in others)
        raise AppError(f"不能{action}：{names}。请先在那里关闭程序后再试。"
                       f"（如确认对方已不在使用，可删除文件夹 {_folder(Path(db_path))} 中对应的文件。）")


class InstanceLock:
    """This process's entry for one database, from ``acquire`` until ``release``."""

    def __init__(self, db_path: str | os.PathLike, operator: str = "") -> None:
        self.db_path = Path(db_path)
        self.operator = operator
        self.entry = _folder(self.db_path) / f"{_host()}-{os.getpid()}.json"

    def acquire(self) -> "InstanceLock":
        folder = self.entry.parent
        folder.mkdir(mode=0o700, exist_ok=True)
        try:
            user = getpass.getuser()
        except Exception:  # noqa: BLE001 - no account name on some systems
            user = ""
        data = {"pid": os.getpid(), "host": _host(), "user": user, "operator": self.operator,
                "since": dt.datetime.now().replace(microsecond=0).isoformat()}
        partial = self.entry.with_suffix(".partial")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, self.entry)          # never seen half-written
        return self

    def release(self) -> None:
        self.entry.unlink(missing_ok=True)
        try:
            self.entry.parent.rmdir()            # only when no other instance is left
        except OSError:
            pass

    def __enter__(self) -> "InstanceLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
