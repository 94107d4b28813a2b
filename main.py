"""象山县行政应诉工作台: the composition root (arguments, logging, excepthook, settings, database, main window)."""
from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402  (the start time is taken before anything else is imported)
import gc  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="象山县行政应诉工作台")
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="数据库文件路径或 postgresql:// 地址（默认：用户数据目录中的内置数据库）")
    parser.add_argument("--demo", action="store_true",
                        help="在临时文件夹中生成演示数据库并打开（不影响正式数据）")
    parser.add_argument("--tray", action="store_true",
                        help="只在系统托盘中启动（开机自动启动时使用）；没有托盘时照常显示窗口")
    parser.add_argument("--exit-after-startup", action="store_true",
                        help="显示主窗口并载入第一屏案件后，输出启动耗时并退出（用于检测与性能测试）")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    # Automatic cyclic collection is off for the program's life; the window collects on a timer in its UI thread
    # (ui.operations.collect_on_the_ui_thread). Off from here: everything loaded up to the first screen lives as long
    # as the program (the ~80 collections its loading would trigger free nothing), and is frozen once the first
    # screen is up (ui.operations.start_up_finished).
    gc.disable()
    args = parse_args(argv)

    # The core before Qt: once PySide6 is loaded, its import hook reads the source of every module imported after
    # it (looking for `from __feature__ import`), about 10 ms over the modules the first screen needs
    # (benchmarks/README.md). So the core modules the window uses at start are imported here, first.
    from xiangshan_desk.application import (agenda, backup, caselist,  # noqa: F401
                                            instance_lock, reminders, seed, session, units)
    from xiangshan_desk.application.logs import setup_logging
    log_file = setup_logging()
    logging.getLogger(__name__).info("start (log file %s)", log_file)
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.paths import default_db_path
    from xiangshan_desk.persistence.db import close_database
    from xiangshan_desk.domain.errors import AppError
    from xiangshan_desk.application.settings import Settings

    from PySide6.QtWidgets import QApplication

    from ui.app import create_application
    app = create_application(sys.argv)

    from ui.errors import show_error

    def excepthook(kind, value, trace):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, trace)
            return
        show_error(QApplication.activeWindow(), value.with_traceback(trace))

    sys.excepthook = excepthook

    settings = Settings.load()
    target = args.db or settings.database or None
    if args.demo:
        import tempfile
        from pathlib import Path
        target = str(Path(tempfile.mkdtemp(prefix="xiangshan_demo_")) / "演示数据.sqlite3")
    if not args.demo and not _new_database_confirmed(args.db, args.exit_after_startup):
        return 2
    if not _database_usable(target, args.exit_after_startup):
        return 2
    try:
        open_workspace(target)
        if args.demo:
            from xiangshan_desk.application.demo import generate
            generate(300, seed=1)
    except AppError as exc:
        from xiangshan_desk.application.backup import latest_good_backup
        good = latest_good_backup()
        hint = (f"\n最近的完好备份：{good.path}（{good.created:%Y-%m-%d %H:%M}，案件 {good.cases} 件），"
                "可用“python -m xiangshan_desk restore 备份文件”恢复。") if good else ""
        if args.exit_after_startup:
            sys.stderr.write(f"错误：{exc.message}{hint}\n")
        else:
            from PySide6.QtWidgets import QMessageBox
            QMessageBox.critical(None, "无法打开数据库", exc.message + hint)
        return 2

    from xiangshan_desk.application.backup import current_sqlite_path
    sqlite_path = current_sqlite_path()
    if sqlite_path is not None:
        # this window has the database open: a restore or an upgrade elsewhere refuses while it does
        import atexit

        from xiangshan_desk.application.instance_lock import InstanceLock
        atexit.register(InstanceLock(sqlite_path, settings.operator).acquire().release)

    from ui.context import AppContext
    from ui.main_window import MainWindow

    context = AppContext(settings, str(target or default_db_path()))
    window = MainWindow(context)
    if args.demo:
        window.setWindowTitle(window.windowTitle() + "（演示数据）")
    in_tray = False if args.exit_after_startup else window.start_reminders()
    if not (args.tray and in_tray):
        window.show()
    window.load_first_screen()
    from ui import operations
    operations.start_up_finished()
    if not args.exit_after_startup:
        _start_background_checks(window)
        if not settings.welcomed and not args.demo:
            from PySide6.QtCore import QTimer
            QTimer.singleShot(0, window.show_welcome)
    if args.exit_after_startup:
        app.processEvents()
        print(f"startup: {round((time.perf_counter() - STARTED) * 1000)} ms", flush=True)
        window.close()
        close_database()
        return 0
    status = app.exec()
    close_database()
    return status


def _start_background_checks(window) -> None:
    """The full integrity check, then the once-a-day backup, off the UI thread (ui/operations.py; they use their
    own SQLite connections, not peewee's), so that reading every page of the file does not delay the window."""
    from PySide6.QtWidgets import QMessageBox

    from ui import operations
    from xiangshan_desk.application.backup import check_integrity, current_sqlite_path, daily_backup_if_due, latest_good_backup
    from xiangshan_desk.domain.errors import AppError
    path = current_sqlite_path()
    if path is None:
        return

    def warn(problem: str | None) -> None:
        if not problem:
            return
        good = latest_good_backup()
        hint = f"\n最近的完好备份：{good.created:%Y-%m-%d %H:%M}（案件 {good.cases} 件），可在“文件 → 备份与恢复”中恢复。" \
            if good else ""
        QMessageBox.warning(window, "数据库完整性检查", f"{problem}{hint}\n在恢复之前请勿继续录入。")

    def run() -> str | None:
        problem = check_integrity(path)
        if problem:
            return problem            # a damaged file is not backed up over the good backups
        try:
            made = daily_backup_if_due()
        except AppError as exc:        # a failed backup must not stop the day's work; it is logged
            logging.getLogger(__name__).warning("daily backup failed: %s", exc.message)
        else:
            if made:
                logging.getLogger(__name__).info("daily backup: %s", made)
        return None
    operations.read(run, warn, parent=window)


def _new_database_confirmed(target: str | None, quiet: bool) -> bool:
    """A database file named with --db that does not exist is created only when the clerk says so: a typo in the
    path must not silently open an empty database. The default location, and the one chosen in the welcome's
    更改位置…, are created without asking."""
    from pathlib import Path

    from xiangshan_desk.persistence.paths import is_url
    if not target or is_url(str(target)) or Path(target).exists():
        return True
    from PySide6.QtWidgets import QMessageBox      # only to ask (its first use builds its type and enums)
    path = Path(target).absolute()
    if quiet:
        sys.stderr.write(f"错误：数据库文件不存在：{path}（未新建；请检查路径）\n")
        return False
    answer = QMessageBox.question(
        None, "新建数据库",
        f"数据库文件不存在。是否新建数据库“{path}”？\n\n"
        "如果是路径输错了，请选“否”：程序将退出，不会建立任何文件。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def _database_usable(target: str | None, quiet: bool) -> bool:
    """Integrity at start: a damaged file, or not a database, is never overwritten; offer the latest good backup."""
    from pathlib import Path

    from xiangshan_desk.application.backup import check_integrity, latest_good_backup, restore
    from xiangshan_desk.persistence.paths import default_db_path, is_url
    if target is not None and is_url(str(target)):
        return True
    path = Path(target) if target else default_db_path()
    if not path.exists():
        return True
    # Read far enough to know it is a database; every page is checked in the background once the window is up
    # (_start_background_checks), which warns at once and skips the day's backup when it finds damage.
    problem = check_integrity(path, full=False)
    if problem is None:
        return True
    from PySide6.QtWidgets import QMessageBox
    good = latest_good_backup()
    if quiet or good is None:
        hint = f"最近的完好备份：{good.path}" if good else "没有找到可用的备份。"
        message = f"{problem}\n文件未作任何改动。{hint}"
        if quiet:
            sys.stderr.write(f"错误：{message}\n")
        else:
            QMessageBox.critical(None, "数据库文件有问题", message)
        return False
    answer = QMessageBox.question(
        None, "数据库文件有问题",
        f"{problem}\n\n最近的完好备份：{good.created:%Y-%m-%d %H:%M}（{good.reason_text}，案件 {good.cases} 件）。\n"
        "是否用它恢复？有问题的文件会改名保留，不会被覆盖或删除。")
    if answer != QMessageBox.StandardButton.Yes:
        return False
    aside = restore(good.path, path)
    QMessageBox.information(None, "已恢复", f"已用备份恢复数据库。有问题的文件保留为：{aside}")
    return True


if __name__ == "__main__":
    if getattr(sys, "frozen", False):       # the bundle: an export's child process (application/processes.py)
        import multiprocessing
        multiprocessing.freeze_support()
    sys.exit(main())
