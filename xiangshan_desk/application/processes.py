"""Work run in a separate process, so that it cannot hold up the window (issue #20 point 3).

A worker thread does not keep the window responsive when its work spends long stretches inside C code that holds
Python's global lock: building, serialising and freeing the hundreds of thousands of python-docx or icalendar
objects of a 催办单 or an .ics file on 100,000 cases stops the UI thread for 0.3–0.4 s at a time
(benchmarks/README.md, 界面线程最长停顿). ``call`` runs such work in a child process started with the "spawn"
method (the same on Windows, Linux and in the PyInstaller bundle, whose program calls
``multiprocessing.freeze_support()`` first) and waits for it without holding the lock:

    path, count = call(agenda.write_ics, (path, first), progress=progress)

- ``function`` must be importable by name (a module-level function) and its arguments and result picklable.
- The child connects to the database the caller uses (same file or URL, without migrating: the caller opened it).
- ``progress(done, total)``, when given, receives the child's reports; when it raises (取消), the child is told to
  stop and raises at its own next report, so its transaction rolls back and its output is not written; the
  caller's exception then propagates. ``function`` receives the child's reporter as ``progress=`` only when
  ``reports_progress`` is true.
- An AppError in the child comes back as the same AppError (its Chinese message); any other error as a
  ``ProcessError`` carrying the child's traceback. Characters an export had to replace are added to this thread's
  count (outputs.take_replaced_count), as if the work had run here.
- If the child cannot start at all (it ends before saying hello, e.g. a bundle without freeze_support), the work
  runs in this thread instead, as it did before, and a warning is logged: slower for the window, never lost.
"""
from __future__ import annotations

import logging
import multiprocessing
import time
import traceback
from collections.abc import Callable
from typing import Any

from xiangshan_desk.domain.errors import AppError

log = logging.getLogger(__name__)

POLL_S = 0.1                # how often the waiting thread looks at the child when nothing arrives
STOP_GRACE_S = 10.0         # after 取消: how long the child may take to reach its next report before it is ended
REPORT_EVERY_S = 0.05       # at most 20 progress messages a second
CHUNK = 1000                # list arguments go to the child this many items at a time

_HELLO, _PROGRESS, _DONE, _APP_ERROR, _ERROR, _STOPPED = "hello", "progress", "done", "app_error", "error", "stopped"
_VALUE, _LIST = "value", "list"


class ProcessError(RuntimeError):
    """An unexpected failure in the child (a bug): its type, message and traceback, for the error box and the log."""


class _Stop(BaseException):
    """Raised in the child by its progress reporter once the parent asked it to stop."""


def call(function: Callable[..., Any], args: tuple = (), *, progress: Callable[[int, int], None] | None = None,
         reports_progress: bool = False) -> Any:
    """``function(*args)`` (plus ``progress=`` when ``reports_progress``) in a spawned child process; its result."""
    context = multiprocessing.get_context("spawn")
    reader, child_writer = context.Pipe(duplex=False)
    child_reader, writer = context.Pipe(duplex=False)
    stop = context.Event()
    process = context.Process(target=_child, name=f"xiangshan-{getattr(function, '__name__', 'work')}",
                              args=(child_reader, child_writer, stop, _database_spec(), function, reports_progress),
                              daemon=True)
    try:
        process.start()
    except OSError as exc:
        log.warning("could not start a process for %s (%s): running it in this thread", function, exc)
        for end in (reader, writer, child_reader, child_writer):
            end.close()
        return _here(function, args, progress, reports_progress)
    child_reader.close()                # the child's ends: EOF here once the child has gone
    child_writer.close()
    try:
        if _receive(reader, process) is None:
            log.warning("the process for %s ended before it started (exit code %s): running it in this thread",
                        function, process.exitcode)
            return _here(function, args, progress, reports_progress)
        try:
            _send_arguments(writer, args)
        except OSError:
            pass                        # the child has gone: its last message (or none) is read below
        while True:
            message = _receive(reader, process)
            if message is None:
                raise AppError(f"后台进程意外结束（退出代码 {process.exitcode}），文件未写出。请重试；"
                               "如再次出现，请把日志文件发给维护人员。")
            kind = message[0]
            if kind == _PROGRESS:
                if progress is not None:
                    progress(message[1], message[2])            # raises to cancel
            elif kind == _DONE:
                _count_replaced(message[2])
                return message[1]
            elif kind == _APP_ERROR:
                _count_replaced(message[3])
                raise AppError(message[1], message[2])
            elif kind == _STOPPED:
                raise AppError("后台进程已停止，文件未写出。")     # (only after a stop asked for here: not reached)
            else:
                raise ProcessError(f"{message[1]}\n\n子进程中的调用栈：\n{message[2]}")
    except BaseException:
        if process.is_alive():
            stop.set()                  # the child stops at its next report and rolls back
            process.join(STOP_GRACE_S)
        raise
    finally:
        if process.is_alive():
            process.terminate()
        process.join(5)
        reader.close()
        writer.close()


def _receive(reader, process) -> tuple | None:
    """The child's next message; None once it has ended without one."""
    while True:
        try:
            if reader.poll(POLL_S):
                return reader.recv()
        except (EOFError, OSError):
            process.join(5)
            return None
        if not process.is_alive() and not reader.poll(0):
            return None


def _send_arguments(writer, args: tuple) -> None:
    """The arguments, a long list in slices: pickling a list of 20,000 to-do items in one go holds the lock for
    0.1 s; slice by slice the window gets its turn in between."""
    writer.send(len(args))
    for value in args:
        if isinstance(value, list) and len(value) > CHUNK:
            writer.send((_LIST, (len(value) + CHUNK - 1) // CHUNK))
            for start in range(0, len(value), CHUNK):
                writer.send(value[start:start + CHUNK])
        else:
            writer.send((_VALUE, value))


def _receive_arguments(reader) -> tuple:
    args = []
    for _index in range(reader.recv()):
        kind, value = reader.recv()
        if kind == _LIST:
            value = [item for _chunk in range(value) for item in reader.recv()]
        args.append(value)
    return tuple(args)


def _here(function, args, progress, reports_progress) -> Any:
    if reports_progress:
        return function(*args, progress=progress or (lambda done, total: None))
    return function(*args)


def _count_replaced(count: int) -> None:
    if count:
        from xiangshan_desk.application.outputs import add_replaced_count
        add_replaced_count(count)


def _database_spec() -> tuple | None:
    """What a child needs to connect to the open database (its file, or its class, name and connection parameters);
    None when none is open."""
    from xiangshan_desk.persistence.db import backend, database
    if database.obj is None:
        return None
    if backend().is_sqlite:
        return ("sqlite", str(database.obj.database), {})
    return ("postgresql", type(database.obj), database.obj.database, dict(database.obj.connect_params))


def _connect(spec: tuple | None) -> None:
    if spec is None:
        return
    from xiangshan_desk.persistence.db import bind, make_database
    if spec[0] == "sqlite":
        bind(make_database(spec[1]))
    else:
        _kind, database_class, name, parameters = spec
        bind(database_class(name, **parameters))


def _child(reader, writer, stop, spec, function, reports_progress) -> None:
    """The child process: say hello, take the arguments, connect, run, send back the outcome."""
    writer.send((_HELLO,))
    last = [0.0]

    def report(done: int, total: int) -> None:
        if stop.is_set():
            raise _Stop()
        now = time.monotonic()
        if now - last[0] >= REPORT_EVERY_S or (total and done >= total):
            last[0] = now
            writer.send((_PROGRESS, int(done), int(total)))

    from xiangshan_desk.application.outputs import take_replaced_count
    try:
        args = _receive_arguments(reader)
        _connect(spec)
        result = function(*args, progress=report) if reports_progress else function(*args)
        writer.send((_DONE, result, take_replaced_count()))
    except _Stop:
        writer.send((_STOPPED,))
    except AppError as exc:
        writer.send((_APP_ERROR, exc.message, exc.field, take_replaced_count()))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent to be shown
        writer.send((_ERROR, f"{type(exc).__name__}: {exc}", traceback.format_exc()))
    finally:
        from xiangshan_desk.persistence.db import database
        if database.obj is not None and not database.is_closed():
            database.close()
        reader.close()
        writer.close()
