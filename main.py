"""象山县行政应诉工作台: the composition root (arguments, logging, excepthook, settings, database, main window)."""
from __future__ import annotations

import time

STARTED = time.perf_counter()

import argparse  # noqa: E402  (the start time is taken before anything else is imported)
import logging  # noqa: E402
import sys  # noqa: E402


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="象山县行政应诉工作台")
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="数据库文件路径或 postgresql:// 地址（默认：用户数据目录中的内置数据库）")
    parser.add_argument("--demo", action="store_true",
                        help="在临时文件夹中生成演示数据库并打开（不影响正式数据）")
    parser.add_argument("--exit-after-startup", action="store_true",
                        help="显示主窗口并载入第一屏案件后，输出启动耗时并退出（用于检测与性能测试）")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    from PySide6.QtWidgets import QApplication, QMessageBox

    from xiangshan_desk.db import close_database, default_db_path, open_database
    from xiangshan_desk.errors import AppError
    from xiangshan_desk.settings import Settings

    app = QApplication(sys.argv[:1])
    app.setApplicationName("象山县行政应诉工作台")
    app.setOrganizationName("XiangshanDesk")

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
    try:
        open_database(target)
        if args.demo:
            from xiangshan_desk.demo import generate
            generate(300, seed=1)
    except AppError as exc:
        if args.exit_after_startup:
            sys.stderr.write(f"错误：{exc.message}\n")
        else:
            QMessageBox.critical(None, "无法打开数据库", exc.message)
        return 2

    from ui.context import AppContext
    from ui.main_window import MainWindow

    context = AppContext(settings, str(target or default_db_path()))
    window = MainWindow(context)
    if args.demo:
        window.setWindowTitle(window.windowTitle() + "（演示数据）")
    window.show()
    window.load_first_screen()
    if args.exit_after_startup:
        app.processEvents()
        print(f"startup: {round((time.perf_counter() - STARTED) * 1000)} ms", flush=True)
        window.close()
        close_database()
        return 0
    status = app.exec()
    close_database()
    return status


if __name__ == "__main__":
    sys.exit(main())
