"""The one background-task runner: long core work (imports, exports) off the UI thread, with progress.

Workers receive plain data and a Qt-free progress callback, and report through signals; they never touch
widgets. The progress dialog appears only when the work takes longer than PROGRESS_DELAY_MS.
"""
from __future__ import annotations

import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

PROGRESS_DELAY_MS = 600


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable, signals: _Signals) -> None:
        super().__init__()
        self._work = work
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        from xiangshan_desk.application.bootstrap import release_connection
        try:
            result = self._work(lambda done, total: self.signals.progress.emit(int(done), int(total)))
        except BaseException as exc:  # noqa: BLE001 - everything goes back to the UI thread to be shown
            exc.__traceback_text__ = traceback.format_exc()
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)
        finally:
            # peewee keeps one connection per thread: close this worker's before the thread is reused
            release_connection()


class TaskRunner(QObject):
    """Runs one job at a time on a single database worker thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self.busy = False

    def run(self, parent: QWidget, label: str, work: Callable[[Callable[[int, int], None]], object],
            on_done: Callable[[object], None], on_error: Callable[[BaseException], None]) -> None:
        signals = _Signals()
        dialog = QProgressDialog(label, None, 0, 0, parent)
        dialog.setWindowTitle("请稍候")
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setAutoClose(False)
        dialog.setValue(0)
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.start(PROGRESS_DELAY_MS)

        def progress(done: int, total: int) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))

        def finish(callback, value) -> None:
            self.busy = False
            timer.stop()
            dialog.close()
            dialog.deleteLater()
            callback(value)

        signals.progress.connect(progress)
        signals.finished.connect(lambda result: finish(on_done, result))
        signals.failed.connect(lambda exc: finish(on_error, exc))
        self.busy = True
        self._signals = signals             # keep the signals object alive until the job reports
        self._pool.start(_Job(work, signals))

    def wait(self, msecs: int = 60000) -> bool:
        """Block until the worker is idle (tests, and closing the window)."""
        return self._pool.waitForDone(msecs)


class QuietRunner(QObject):
    """Short reads off the UI thread, without a dialog: the case list counts a broad search here while the
    first screen is already shown. Results arrive in the UI thread; a failure is logged and handed over."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pending: set[_Signals] = set()      # alive until each job reports

    def run(self, work: Callable[[], object], on_done: Callable[[object], None],
            on_error: Callable[[BaseException], None]) -> None:
        signals = _Signals()
        self._pending.add(signals)

        def finish(callback, value) -> None:
            self._pending.discard(signals)
            callback(value)
        signals.finished.connect(lambda result: finish(on_done, result))
        signals.failed.connect(lambda exc: finish(on_error, exc))
        self._pool.start(_Job(lambda progress: work(), signals))

    def wait(self, msecs: int = 60000) -> bool:
        return self._pool.waitForDone(msecs)
