"""象山县行政应诉工作台: the composition root (arguments, logging, database, then the main window)."""
from __future__ import annotations

import argparse
import sys


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="象山县行政应诉工作台")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="数据库文件路径或 postgresql:// 地址（默认：内置数据库）")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    from xiangshan_desk.cases import count_cases
    from xiangshan_desk.db import close_database, default_db_path, open_database
    from xiangshan_desk.errors import AppError
    try:
        open_database(args.db)
    except AppError as exc:
        sys.stderr.write(f"错误：{exc.message}\n")
        return 2
    print(f"数据库：{args.db or default_db_path()}，案件 {count_cases()} 件。")
    print("主窗口尚在开发中；命令行用法：python -m xiangshan_desk --help")
    close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
