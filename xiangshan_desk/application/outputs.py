"""Writing files the clerk asked for: a path that may be written, and all-or-nothing writes.

An export must never overwrite the database, a backup, or the file being read, and a failed export (a full disk, a
value the format cannot carry) must leave a good file already at the target as it was (issue #25, findings 2, 3).
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from xiangshan_desk.domain.errors import AppError, describe_os_error
from xiangshan_desk.domain.fields import UNWRITABLE, printable


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def check_output_path(out: str | os.PathLike, inputs: Iterable[str | os.PathLike | None] = (),
                      databases: Iterable[str | os.PathLike | None] = ()) -> Path:
    """The output path, or a Chinese refusal: a folder, a missing folder, the open database or one of
    ``databases`` (or their journals), the backups folder, or one of ``inputs``."""
    path = Path(out)
    if path.is_dir():
        raise AppError(f"输出位置是一个文件夹，请写上文件名：{path}")
    if not path.parent.exists():
        raise AppError(f"输出文件所在的文件夹不存在：{path.parent}")
    if not path.parent.is_dir():
        raise AppError(f"输出文件的上一级不是文件夹：{path.parent}")
    from xiangshan_desk.application.backup import backups_root, current_sqlite_path
    from xiangshan_desk.persistence.paths import default_db_path
    from xiangshan_desk.persistence.paths import is_url
    files = [Path(p) for p in databases if p and not is_url(str(p))]
    for db in [p for p in (current_sqlite_path(), default_db_path()) if p is not None] + files:
        for protected in (db, Path(str(db) + "-wal"), Path(str(db) + "-shm")):
            if _same(path, protected):
                raise AppError(f"不能把导出写到数据库文件上：{path}")
    root = backups_root()
    if _same(path.parent, root) or any(_same(parent, root) for parent in path.parent.resolve().parents):
        raise AppError(f"不能把导出写进备份文件夹：{path}")
    for source in inputs:
        if source and _same(path, Path(source)):
            raise AppError(f"输出文件不能是正在读取的文件：{path}")
    return path


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; when the block ends normally the file is flushed to disk and
    renamed over the target in one step, otherwise it is removed and the target is left as it was."""
    target = Path(target)
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=target.suffix + ".partial", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except BaseException as exc:
        _release_failed_writer(exc)
        temporary.unlink(missing_ok=True)
        raise


def _release_failed_writer(exc: BaseException) -> None:
    """Close what a failed writer left open. openpyxl and python-docx leave their zip file open when the disk fills:
    its frames' locals are cleared now, so the zip is closed before the temporary file is removed (Windows cannot
    remove an open file), and the zip's second failure as it closes is not printed as a traceback."""
    import gc
    import sys
    import traceback
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        traceback.clear_frames(exc.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = hook


def save_atomically(path: str | os.PathLike, write, what: str = "文件") -> Path:
    """Call ``write(temporary_path)`` and put the result at ``path`` in one step; an OS failure becomes a Chinese
    refusal and leaves a file already at ``path`` as it was."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with atomic_output(target) as temporary:
            write(temporary)
    except OSError as exc:
        raise AppError(f"无法保存{what}：{describe_os_error(exc, target)}") from exc
    return target


# ---------------------------------------------------------------------------------------------
# Text stored before the input boundary refused what documents cannot carry (issue #25 finding 8)

_replaced = threading.local()           # per thread: an export runs on one thread (the CLI's, a GUI worker's)
needs_replacing = UNWRITABLE.search     # a fast test for the writers' inner loops: call writable() only on a hit


def writable(value):
    """``value`` as an export writes it: text with the characters Word, Excel and XML cannot carry replaced by “�”
    and counted (take_replaced_count); anything else unchanged."""
    if not isinstance(value, str) or not needs_replacing(value):
        return value
    cleaned, count = printable(value)
    _replaced.count = getattr(_replaced, "count", 0) + count
    return cleaned


def take_replaced_count() -> int:
    """How many characters the exports of this thread replaced since the last call (and start counting again)."""
    count = getattr(_replaced, "count", 0)
    _replaced.count = 0
    return count


def add_replaced_count(count: int) -> None:
    """Count characters another process replaced for this thread's export (application.processes)."""
    _replaced.count = getattr(_replaced, "count", 0) + count


def replaced_warning(count: int) -> str:
    return (f"数据库中有 {count} 个无法写入文件的字符（不可见的控制字符或 U+FFFE/U+FFFF，多为旧版本保存的内容），"
            "导出时已替换为“\ufffd”。请在程序中找到这些内容并改正。")
