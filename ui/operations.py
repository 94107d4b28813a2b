"""The one way the UI runs core work off its thread (as Anki's ``mw.taskman`` / ``CollectionOp`` do).

    run(parent, "正在导出统计表…", lambda progress: write(..., progress), on_done=shown, cancellable=True)

- ``work(progress)`` runs on a worker thread and never touches widgets. ``progress(done, total)`` is the core's
  progress callback; when the clerk presses 取消 the next call raises ``Cancelled`` inside the work, so the core
  stops where it would stop on any error (its transaction rolls back, an output is not written).
- A progress dialog appears only when the work is still running after PROGRESS_DELAY_MS; quick work shows nothing.
- ``on_done(result)``, ``on_error(app_error)`` and ``on_finished()`` run on the UI thread. Without ``on_error`` an
  AppError is shown in a message box with its Chinese text; any other exception is a bug and always goes to the
  error box of ui/errors.py (logged with its traceback). A cancelled operation calls neither, only on_finished.
- ``changes``: what the work changed (ui.context.Change). After success the context's data-changed signal is
  emitted, even when the dialog that started the work was closed meanwhile.
- Work that changes data or writes files runs on one worker, one job at a time, in order ("work" lane). Quiet
  reads (a count, a search, the reminder check) run on a second worker, without a dialog ("read" lane), so that
  they do not wait behind a long export.
- Python's automatic cyclic garbage collection is off for good in the window program; the UI thread collects on a
  timer, between events, and not while an operation's work runs (as Anki does; ``collect_on_the_ui_thread``,
  ``collect_now``: the young generations every two seconds, everything only when the window is not in use). An
  automatic collection runs wherever an allocation happens to trigger it: in a worker, where a full collection of a
  large heap holds the GIL for up to 0.8 s on 100,000 cases and the window cannot run (benchmarks/README.md); or
  inside Qt's destructors while a closed window's widgets are deleted, where shiboken's wrappers are half torn down
  and the collector reads freed memory (a segfault: gdb showed it traversing from within ~QBoxLayout during a
  deleteLater). Reference counting still frees everything that is not in a cycle.
"""
from __future__ import annotations

import gc
import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget
from shiboken6 import isValid

from xiangshan_desk.domain.errors import AppError

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 500
PROGRESS_EVERY_S = 0.05          # at most 20 progress reports a second reach the UI thread
WORK, READ = "work", "read"

Progress = Callable[[int, int], None]


class Cancelled(BaseException):
    """Raised inside the work by the progress callback after the clerk pressed 取消. A BaseException, like
    KeyboardInterrupt, so that no ``except Exception`` in the core mistakes it for a bad row; transactions roll
    back on it as on any exception."""


class _Relay(QObject):
    """Emitted from the worker; received by the Operation (which lives in the UI thread): queued connections."""
    progress = Signal(int, int)
    ended = Signal()


class Operation(QObject):
    """One run of core work. Keeps itself alive (module registry) until its callbacks have run."""

    finished = Signal()             # after the callbacks (tests, and whoever waits)

    def __init__(self, parent: QWidget | None, label: str, work: Callable[[Progress], Any], *,
                 on_done: Callable[[Any], None] | None, on_error: Callable[[AppError], None] | None,
                 on_finished: Callable[[], None] | None, cancellable: bool, quiet: bool,
                 context=None, changes=None) -> None:
        super().__init__()
        self.label = label
        self.quiet = quiet
        self.cancellable = cancellable
        self.result: Any = None
        self.error: BaseException | None = None
        self.cancelled = False
        self.replaced = 0                   # characters an export could not write and replaced by “\ufffd”
        self.done = False                   # the callbacks have run
        self.dialog: QProgressDialog | None = None
        self._parent = parent
        self._work = work
        self._on_done, self._on_error, self._on_finished = on_done, on_error, on_finished
        self._context, self._changes = context, changes
        self._cancel_requested = threading.Event()
        self._ended = threading.Event()     # the worker has returned
        self._last_report = 0.0
        self._progress = (0, 0)
        self._relay = _Relay()
        self._relay.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._show_dialog)

    # --- the worker side -----------------------------------------------------------------

    def _report(self, done: int, total: int) -> None:
        if self._cancel_requested.is_set():
            raise Cancelled()
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_EVERY_S or (total and done >= total):
            self._last_report = now
            self._relay.progress.emit(int(done), int(total))

    def _run_in_worker(self) -> None:
        from xiangshan_desk.application.bootstrap import release_connection
        # stored text an export had to replace is said, not hidden; a quiet read (a count, a search) writes no file
        # (and does not load the output modules at start-up for the first screen's count)
        take_replaced_count = _replaced_counter(self.quiet)
        take_replaced_count()                           # this worker's count starts with this work
        try:
            self.result = self._work(self._report)
            self.replaced = take_replaced_count()
        except Cancelled:
            self.cancelled = True
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the UI thread to be shown
            exc.__traceback_text__ = traceback.format_exc()
            self.error = exc
        finally:
            # peewee keeps one connection per thread: close this worker's before the thread is reused
            try:
                release_connection()
            except Exception:  # noqa: BLE001 - a failed close must not hide the work's own result
                log.exception("closing the worker's database connection failed")
            self._ended.set()
            self._relay.ended.emit()

    # --- the UI side ---------------------------------------------------------------------

    def start(self, pool: QThreadPool) -> Operation:
        if not self.quiet:
            self._timer.start(PROGRESS_DELAY_MS)
        _running.add(self)
        pool.start(_Job(self))
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next progress report (only where 取消 is meaningful)."""
        if self.cancellable and not self.done:
            self._cancel_requested.set()
            if self._dialog_shown():
                self.dialog.setLabelText(f"{self.label}\n正在取消…")

    @Slot()
    def _show_dialog(self) -> None:
        if self._ended.is_set() or self.quiet:
            return
        parent = self._parent if self._parent is not None and isValid(self._parent) else None
        dialog = QProgressDialog(self.label, "取消" if self.cancellable else None, 0, 0, parent)
        dialog.setWindowTitle("请稍候")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(0)
        if self.cancellable:
            dialog.canceled.connect(self.cancel)
        self.dialog = dialog
        self._on_progress(*self._progress)
        dialog.show()

    def _dialog_shown(self) -> bool:
        """The progress dialog is up (it goes with its window when the clerk closes that window meanwhile)."""
        return self.dialog is not None and isValid(self.dialog)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self._progress = (done, total)
        if self._dialog_shown() and total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))

    @Slot()
    def _deliver(self) -> None:
        if self.done:
            return
        self.done = True
        self._timer.stop()
        if self._dialog_shown():
            self.dialog.close()             # (closing emits canceled: ignored, the operation is done)
            self.dialog.deleteLater()
        self.dialog = None
        try:
            self._call_back()
        finally:
            _running.discard(self)
            self.finished.emit()

    def _call_back(self) -> None:
        alive = self._parent is None or isValid(self._parent)
        if self.quiet:
            if not alive:
                return
            if self.error is None:
                if self._on_done is not None:
                    self._on_done(self.result)
            elif self._on_error is not None:
                self._on_error(self.error)
            else:
                log.warning("background read failed: %s", getattr(self.error, "__traceback_text__", self.error))
            return
        if self.error is None and not self.cancelled and self._context is not None and self._changes is not None:
            self._context.notify_changed(self._changes)
        if self.cancelled:
            pass
        elif self.error is None:
            if self._on_done is not None and alive:
                self._on_done(self.result)
            if self.replaced:
                from PySide6.QtWidgets import QMessageBox

                from xiangshan_desk.application.outputs import replaced_warning
                QMessageBox.warning(self._parent if alive else None, "导出提示", replaced_warning(self.replaced))
        elif isinstance(self.error, AppError):
            if not alive:
                log.info("%s: %s (the window was closed)", self.label, self.error.message)
            elif self._on_error is not None:
                self._on_error(self.error)
            else:
                from .errors import show_error
                show_error(self._parent, self.error)
        else:
            from .errors import show_error
            show_error(self._parent if alive else None, self.error)
        if self._on_finished is not None and alive:
            self._on_finished()

    def wait_ended(self, msecs: int = 30_000) -> bool:
        """Block until the work has returned, without running the UI's events (a closing window: its callbacks then
        run later, or not at all once the window is gone)."""
        return self._ended.wait(msecs / 1000)

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the work has ended and its callbacks have run (tests; closing the window)."""
        deadline = time.monotonic() + msecs / 1000
        while not self.done:
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            if self._ended.wait(min(left, 0.05)):
                QCoreApplication.sendPostedEvents(self._relay)
                QCoreApplication.sendPostedEvents(self)
                QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
                if not self.done:           # the queued report has not arrived yet: deliver it now
                    self._deliver()
        return True


def _replaced_counter(quiet: bool) -> Callable[[], int]:
    if quiet:
        return lambda: 0
    from xiangshan_desk.application.outputs import take_replaced_count
    return take_replaced_count


class _Job(QRunnable):
    def __init__(self, operation: Operation) -> None:
        super().__init__()
        self._operation = operation
        self.setAutoDelete(True)

    def run(self) -> None:
        self._operation._run_in_worker()


_pools: dict[str, QThreadPool] = {}
_running: set[Operation] = set()
# How the UI thread collects cycles (collect_on_the_ui_thread). The young generations often: what was made since the
# last tick (a few ms; ~70 ms once after the to-do list of 100,000 cases was read). Everything only now and then,
# since a full collection traverses every object the window keeps (~110 ms on 100,000 cases with every tab open):
# when the clerk is in another program (the window inactive), at most every ten minutes, and at the latest hourly.
COLLECT_EVERY_MS = 2_000
COLLECT_ALL_IDLE_S = 600
COLLECT_ALL_AT_LATEST_S = 3_600
_last_full = [time.monotonic()]


def collect_on_the_ui_thread(app: QCoreApplication) -> None:
    """Turn Python's automatic cyclic collection off for good and collect on a timer in the UI thread instead (see
    the module's notes). Called by ui.app.create_application and, for the tests, by conftest.py."""
    gc.disable()
    if getattr(app, "_xiangshan_collector", None) is None:
        timer = QTimer(app)
        timer.setInterval(COLLECT_EVERY_MS)
        timer.timeout.connect(collect_now)
        timer.start()
        app._xiangshan_collector = timer


def collect_now(full: bool | None = None) -> bool:
    """A collection now, between events — unless an operation's work runs (it would hold the GIL away from it);
    whether it ran. ``full``: everything (True), the young generations (False), or as the timer decides (None)."""
    if _running:
        return False
    now = time.monotonic()
    if full is None:
        since = now - _last_full[0]
        full = since >= COLLECT_ALL_AT_LATEST_S or (since >= COLLECT_ALL_IDLE_S and not _in_use())
    if full:
        gc.collect()
        _last_full[0] = now
    else:
        gc.collect(1)
    return True


def _in_use() -> bool:
    """Whether the clerk is working in the window (it is the active application)."""
    from PySide6.QtGui import QGuiApplication
    return QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive


def start_up_finished() -> None:
    """The first screen is up: the hundred thousand objects loaded for it (modules, classes, widgets) live as long
    as the program; frozen, later collections skip them. (main.py turns automatic collection off before it loads
    anything: the ~80 collections the loading would trigger would find nothing to free.)"""
    gc.freeze()


def _pool(lane: str) -> QThreadPool:
    pool = _pools.get(lane)
    if pool is None:
        pool = _pools[lane] = QThreadPool(QCoreApplication.instance())
        pool.setMaxThreadCount(1)
        pool.setExpiryTimeout(-1)
    return pool


def run(parent: QWidget | None, label: str, work: Callable[[Progress], Any],
        on_done: Callable[[Any], None] | None = None, *, on_error: Callable[[AppError], None] | None = None,
        on_finished: Callable[[], None] | None = None, cancellable: bool = False, context=None, changes=None,
        ) -> Operation:
    """Run ``work(progress)`` on the worker; a progress dialog (取消 when ``cancellable``) after half a second."""
    operation = Operation(parent, label, work, on_done=on_done, on_error=on_error, on_finished=on_finished,
                          cancellable=cancellable, quiet=False, context=context, changes=changes)
    return operation.start(_pool(WORK))


def run_in_process(parent: QWidget | None, label: str, function: Callable[..., Any], args: tuple = (),
                   on_done: Callable[[Any], None] | None = None, *, reports_progress: bool = False,
                   **options) -> Operation:
    """Like ``run``, for work that builds or frees a very large object tree (a 催办单 or an .ics file on 100,000
    cases): ``function(*args)`` runs in a separate process (application.processes), which the worker only waits
    for, so that the work cannot hold Python's lock away from the window. ``function`` is a module-level function
    of the core with picklable arguments and result; with ``reports_progress`` it gets ``progress=`` (and 取消
    stops it there). Errors, 取消 and the replaced-characters notice behave as with ``run``."""
    from xiangshan_desk.application import processes
    return run(parent, label, lambda progress: processes.call(function, args, progress=progress,
                                                              reports_progress=reports_progress),
               on_done, **options)


def read(work: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
         on_error: Callable[[BaseException], None] | None = None, parent: QObject | None = None) -> Operation:
    """A quiet read off the UI thread: no dialog, no box. ``on_error`` gets any exception; without it the failure
    is logged (a failed count or reminder check is not the clerk's business). Callbacks are skipped once
    ``parent`` is deleted."""
    operation = Operation(parent, "", lambda _progress: work(), on_done=on_done, on_error=on_error,
                          on_finished=None, cancellable=False, quiet=True)
    return operation.start(_pool(READ))


def busy() -> bool:
    """Whether work the clerk started (not a quiet read) is still running."""
    return any(not op.quiet for op in _running)


def wait_workers(msecs: int = 30_000) -> bool:
    """Block until the work of every running operation has returned, without running the UI's events: for a window
    that is closing (running events while Qt tears widgets down is not safe), before the database is closed."""
    deadline = time.monotonic() + msecs / 1000
    return all(operation.wait_ended(max(0, int((deadline - time.monotonic()) * 1000))) for operation in list(_running))


def wait_all(msecs: int = 60_000) -> bool:
    """Block until every operation has ended and reported (tests; the window closing)."""
    deadline = time.monotonic() + msecs / 1000
    while _running:
        operation = next(iter(_running))
        if not operation.wait(max(1, int((deadline - time.monotonic()) * 1000))):
            return False
    return True
