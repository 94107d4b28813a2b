"""`python -m xiangshan_desk [--db PATH_OR_URL] COMMAND …`: the core's operations without a window."""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from collections.abc import Callable

from xiangshan_desk import __version__
from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import Computed, WorkCalendar
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.domain.fields import parse_date

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2

# The `deadlines` command's keys, from rules' one table of deadline kinds: each kind's trigger date in, its due
# date out; besides them the service date (and the decision's kind) in, the proposed effective date out.
SERVED, PROPOSED = "judgment_served", "proposed_effective_date"
_TRIGGERS = tuple(dict.fromkeys(kind.trigger for kind in rules.DEADLINE_KINDS))
DATE_KEYS = _TRIGGERS[:-1] + (SERVED,) + _TRIGGERS[-1:]          # the service date before the date of effect
INPUT_KEYS = DATE_KEYS + ("judgment_kind",)
_KIND_IDS = tuple(kind.id for kind in rules.DEADLINE_KINDS)
OUTPUT_KEYS = _KIND_IDS[:-1] + (PROPOSED,) + _KIND_IDS[-1:]      # the proposed date of effect before the loss report


def _int_in(low: int, high: int, what: str):
    """An argparse type: a whole number in [low, high], refused in Chinese otherwise (year 0, 10**9 days …)."""
    def convert(text: str) -> int:
        if not re.fullmatch(r"[+-]?[0-9]{1,12}", text.strip()):
            raise argparse.ArgumentTypeError(f"{what}应为整数：{text}")
        value = int(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{what}应在 {low} 到 {high} 之间：{text}")
        return value
    return convert


YEAR = _int_in(1990, 2100, "年份")
DAYS = _int_in(0, 3650, "天数")
RECORD_ID = _int_in(1, 2_147_483_647, "编号")
VERSION = _int_in(0, 2_147_483_647, "版本号")


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors in Chinese and exit status 2."""

    def error(self, message: str) -> None:  # noqa: D401 - argparse override
        self.print_usage(sys.stderr)
        message = re.sub(r"^argument ", "", message)
        sys.stderr.write(f"{self.prog}: 参数错误：{message}\n")
        sys.exit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m xiangshan_desk",
                     description="象山县行政应诉工作台 命令行：期限计算、导入导出等。")
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="数据库文件路径或 postgresql:// 地址（默认：用户数据目录中的内置数据库）")
    parser.add_argument("--create", action="store_true",
                        help="--db 指定的数据库文件不存在时新建一个（不加则拒绝，以免路径写错时悄悄建出空数据库）")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    deadlines = sub.add_parser(
        "deadlines", help="按通知规则计算期限（从标准输入读取 JSON）",
        description="从标准输入读取一个 JSON 对象或对象数组，键为 " + "、".join(INPUT_KEYS)
        + "（日期格式 YYYY-MM-DD；judgment_kind 为“判决”或“裁定”，默认判决），"
        "向标准输出写出相应的期限及 unconfirmed（涉及尚无官方节假日安排年份的期限）。")
    deadlines.set_defaults(handler=_cmd_deadlines)

    demo = sub.add_parser("demo", help="生成演示数据（只写入没有案件的新数据库）",
                          description="在指定的新数据库中生成近三年的演示案件，同一随机种子生成的数据相同。")
    demo.add_argument("--cases", type=_int_in(1, 200_000, "案件数"), default=300, metavar="N", help="案件数（默认 300）")
    demo.add_argument("--seed", type=_int_in(0, 2_147_483_647, "随机种子"), default=1, metavar="S", help="随机种子（默认 1）")
    demo.set_defaults(handler=_cmd_demo)

    importer = sub.add_parser("import", help="导入 Excel 台账",
                              description="按台账格式（ledger.md）导入案件：一行一个审级，同一案号多行为多次开庭。"
                                          "被拒绝的行不导入；已有的案号保持不变，除非指定 --update-existing。")
    importer.add_argument("file", metavar="FILE.xlsx", help="台账文件")
    importer.add_argument("--dry-run", action="store_true", help="只检查，不导入")
    importer.add_argument("--update-existing", action="store_true", help="用台账内容更新系统中已有的案号")
    importer.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    importer.add_argument("--refused-out", metavar="FILE.xlsx", help="把被拒绝的行（含原因）另存为 Excel")
    importer.set_defaults(handler=_cmd_import)

    records = sub.add_parser("import-records", help="导入司法建议、典型案例、培训记录（Excel）",
                             description="导入 export records 格式的工作簿；被拒绝的行不导入，已有的记录保持不变。")
    records.add_argument("file", metavar="FILE.xlsx")
    records.add_argument("--dry-run", action="store_true", help="只检查，不导入")
    records.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    records.set_defaults(handler=_cmd_import_records)

    digest = sub.add_parser("digest", help="今日提醒：已逾期及 N 日内到期的事项，按单位分组（文本或 Word）",
                            description="按责任单位（官方单位顺序）列出已逾期及 N 日内到期的事项，司法局自办事项列在最后；"
                                        "不指定 --out 时把文本写到标准输出，可直接粘贴到工作群或邮件。")
    digest.add_argument("--days", type=DAYS, default=7, help="到期天数（默认 7）")
    digest.add_argument("--unit", metavar="单位", help="只列该单位（单位名称或别名）")
    digest.add_argument("--as-of", metavar="YYYY-MM-DD", help="以该日为“今天”（默认今天）")
    digest.add_argument("--out", metavar="文件.docx|.txt", help="保存为 Word 页面（.docx）或文本（.txt）")
    digest.add_argument("--record", action="store_true", help="记入督办留痕（各案件历史记录中记下本次发送）")
    digest.set_defaults(handler=_cmd_digest)

    backup = sub.add_parser("backup", help="立即备份内置数据库", description="在线备份数据库（可在程序运行时进行）。")
    backup.add_argument("--to", metavar="DIR", help="备份到该文件夹（默认：用户数据目录中的 backups）")
    backup.set_defaults(handler=_cmd_backup)
    restore = sub.add_parser("restore", help="用备份恢复数据库", description="用备份文件替换当前数据库；当前数据库先另存一份。")
    restore.add_argument("file", metavar="FILE", help="备份文件")
    restore.add_argument("--yes", action="store_true", help="不再询问，直接恢复")
    restore.set_defaults(handler=_cmd_restore)

    export = sub.add_parser("export", help="导出 Excel 统计表、Word 文书等", description="导出文件。")
    exports = export.add_subparsers(dest="export_name", metavar="名称", parser_class=_Parser)
    quarterly = exports.add_parser("quarterly-stats", help="季度行政应诉统计表（Excel）",
                                   description="按 rules.md §7 统计一个季度的各单位数据，写出 Excel 工作簿。")
    quarterly.add_argument("--year", type=YEAR, required=True, help="年份")
    quarterly.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4), help="季度（1—4）")
    quarterly.add_argument("--basis", choices=("all", "judgments"), default=None,
                           help="败诉率口径：all 全部审结案件（默认），judgments 仅判决结案")
    quarterly.add_argument("--out", required=True, help="输出文件（.xlsx）")
    quarterly.set_defaults(handler=_cmd_export_quarterly_stats)
    half = exports.add_parser("half-year-stats", help="半年度行政应诉统计表（Excel）",
                              description="半年度统计：负责人出庭、应诉工作、败诉风险案件化解、生效裁判履行、司法建议。")
    half.add_argument("--year", type=YEAR, required=True, help="年份")
    half.add_argument("--half", type=int, required=True, choices=(1, 2), help="1 上半年，2 下半年")
    half.add_argument("--basis", choices=("all", "judgments"), default=None, help="败诉率口径（默认取设置）")
    half.add_argument("--out", required=True, help="输出文件（.xlsx）")
    half.set_defaults(handler=_cmd_export_half_year_stats)
    for parser_ in (quarterly, half):
        parser_.add_argument("--frozen", nargs="?", type=VERSION, const=0, default=None, metavar="版本",
                             help="写出报送冻结时的数字（默认最新一版，可指定版本号），并列出与现在的差异")

    freeze = sub.add_parser("freeze", help="报送并冻结一个期间的统计数字",
                            description="把一个季度或半年现在的统计数字和案件清单作为报送版本保存（可多次，保留各版）。")
    freeze.add_argument("--year", type=YEAR, required=True, help="年份")
    when = freeze.add_mutually_exclusive_group(required=True)
    when.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), help="季度（1—4）")
    when.add_argument("--half", type=int, choices=(1, 2), help="1 上半年，2 下半年")
    freeze.add_argument("--basis", choices=("all", "judgments"), default=None, help="败诉率口径（默认取设置）")
    freeze.add_argument("--note", default="", help="说明，如“报县政府常务会议”")
    freeze.set_defaults(handler=_cmd_freeze)
    todo = exports.add_parser("todo", help="待办事项（Excel 清单或 Word 催办单）",
                              description="导出已逾期及 N 日内到期的事项：.xlsx 为清单，.docx 为按单位分页的催办单。")
    todo.add_argument("--days", type=DAYS, default=7, help="到期天数（默认 7）")
    todo.add_argument("--unit", help="只导出该单位（单位名称或别名）")
    todo.add_argument("--out", required=True, help="输出文件（.xlsx 或 .docx）")
    todo.add_argument("--record", action="store_true", help="催办单（.docx）记入督办留痕（各案件历史记录）")
    todo.set_defaults(handler=_cmd_export_todo)
    documents = (("filing-checklist", "行政应诉案件备案登记表", "case"), ("head-list", "行政机关负责人出庭应诉备案表", "hearing"),
                 ("risk-report", "败诉风险分析报告", "case"), ("loss-report", "行政诉讼案件败诉个案报告", "case"),
                 ("quarterly-loss-cases", "季度败诉案件汇报材料", "quarter"),
                 ("accountability-leads", "问责线索清单", "quarter-or-year"),
                 ("half-year-report", "半年度行政应诉工作情况报告（初稿）", "half"),
                 ("typical-cases", "典型案例汇编", "quarter"))
    for name, title, scope in documents:
        doc = exports.add_parser(name, help=f"{title}（Word）", description=f"生成{title}（.docx，按 GB/T 9704 排版）。")
        if scope == "case":
            doc.add_argument("--case", required=True, metavar="案号", help="该审级的案号")
            doc.add_argument("--unit", metavar="单位", help="案号由几个单位共有（共同被告）时必填：哪个单位的案件")
        elif scope == "hearing":
            doc.add_argument("--hearing", required=True, type=RECORD_ID, metavar="ID", help="开庭记录编号")
        else:
            doc.add_argument("--year", required=True, type=YEAR, help="年份")
            if scope == "half":
                doc.add_argument("--half", required=True, type=int, choices=(1, 2), help="1 上半年，2 下半年")
            else:
                doc.add_argument("--quarter", type=int, choices=(1, 2, 3, 4), required=scope == "quarter",
                                 help="季度（1—4）" + ("；不填则为全年" if scope != "quarter" else ""))
            if name in ("quarterly-loss-cases", "half-year-report"):
                doc.add_argument("--basis", choices=("all", "judgments"), default=None,
                                 help="败诉率口径（默认取设置，与统计表相同）")
        doc.add_argument("--out", required=True, help="输出文件（.docx）")
        doc.set_defaults(handler=_cmd_export_document, document=name)
    template = exports.add_parser("import-template", help="空白台账模板（含下拉选项和填写说明）")
    template.add_argument("--out", required=True, help="输出文件（.xlsx）")
    template.set_defaults(handler=_cmd_export_import_template)
    ledger = exports.add_parser("ledger", help="全部案件导出为台账（可再导入）")
    ledger.add_argument("--out", required=True, help="输出文件（.xlsx）")
    ledger.set_defaults(handler=_cmd_export_ledger)
    recs = exports.add_parser("records", help="司法建议、典型案例、培训记录（Excel，可再导入）")
    recs.add_argument("--out", required=True, help="输出文件（.xlsx）")
    recs.set_defaults(handler=_cmd_export_records)
    assess = exports.add_parser("assessment", help="年度考核得分表（Excel）")
    assess.add_argument("--year", type=YEAR, required=True, help="年份")
    assess.add_argument("--out", required=True, help="输出文件（.xlsx）")
    assess.set_defaults(handler=_cmd_export_assessment)
    audit = exports.add_parser("audit", help="历史记录（修改痕迹）导出为 Excel")
    audit.add_argument("--case", metavar="案号", help="只导出该案件的历史记录")
    audit.add_argument("--unit", metavar="单位", help="案号由几个单位共有（共同被告）时，指明哪个单位的案件")
    audit.add_argument("--out", required=True, help="输出文件（.xlsx）")
    audit.set_defaults(handler=_cmd_export_audit)
    ics = exports.add_parser("ics", help="开庭与未完成期限（.ics 日历文件，可导入 Outlook）")
    ics.add_argument("--out", required=True, help="输出文件（.ics）")
    ics.set_defaults(handler=_cmd_export_ics)
    archive = exports.add_parser("archive", help="一键归档：案卷材料 ZIP（含卷内目录）",
                                 description="把案件的全部材料按审级、类型、日期排序，命名为“序号-类型-原文件名”，"
                                             "连同卷内目录（Word）写入一个 ZIP 文件。")
    archive.add_argument("--case", required=True, metavar="案号", help="案件任一审级的案号")
    archive.add_argument("--unit", metavar="单位", help="案号由几个单位共有（共同被告）时必填：哪个单位的案件")
    archive.add_argument("--out", required=True, metavar="文件.zip", help="输出文件（.zip）")
    archive.set_defaults(handler=_cmd_export_archive)
    _add_materials_commands(sub)
    intake = sub.add_parser("intake", help="读取法院文书（应诉通知书、传票、判决书……），列出识别的内容（不保存）",
                            description="读取 .docx、.pdf 或图片（图片和扫描件需安装 ocr 组件），识别文书类型和案号、"
                                        "当事人、开庭时间、裁判结果等，不写入数据库。")
    intake.add_argument("file", metavar="FILE", help="法院文书文件")
    intake.add_argument("--json", action="store_true", help="输出一个 JSON 对象（未识别的字段为 null）")
    intake.set_defaults(handler=_cmd_intake)
    return parser


def _add_materials_commands(sub) -> None:
    from xiangshan_desk.application.materials import KINDS
    materials = sub.add_parser("materials", help="案卷材料：添加、列出、搜索、检查",
                               description="案件的材料文件（起诉状副本、答辩状、证据清单……）。")
    commands = materials.add_subparsers(dest="materials_command", metavar="操作", parser_class=_Parser)
    add = commands.add_parser("add", help="给案件添加材料文件",
                              description="把文件加入案件的案卷材料（同一文件只存一份）。类型：" + "、".join(KINDS))
    add.add_argument("--case", required=True, metavar="案号", help="案件任一审级的案号")
    add.add_argument("--unit", metavar="单位", help="案号由几个单位共有（共同被告）时必填")
    add.add_argument("--proceeding", metavar="案号", help="材料属于哪个审级（该审级的案号；不填则属于整个案件）")
    add.add_argument("--type", required=True, metavar="类型", dest="kind", help="材料类型")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="文件日期（默认今天）")
    add.add_argument("files", nargs="+", metavar="FILE", help="文件")
    add.set_defaults(handler=_cmd_materials_add)
    listing = commands.add_parser("list", help="列出案件的材料")
    listing.add_argument("--case", required=True, metavar="案号")
    listing.add_argument("--unit", metavar="单位", help="案号由几个单位共有（共同被告）时必填")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=_cmd_materials_list)
    search = commands.add_parser("search", help="在材料的文字中搜索",
                                 description="在全部材料提取出的文字中搜索（不含回收站中的案件）。")
    search.add_argument("text", metavar="文字")
    search.add_argument("--json", action="store_true",
                        help="以 JSON 输出：对象数组，键为 case_number、unit、name、type、snippet")
    search.set_defaults(handler=_cmd_materials_search)
    check = commands.add_parser("check", help="检查材料文件是否齐全、未被改动（按哈希核对）")
    check.set_defaults(handler=_cmd_materials_check)


def _utf8_streams() -> None:
    # Windows consoles and pipes default to the ANSI code page; clerks' scripts exchange UTF-8.
    if sys.stdout is None:                      # started with its output closed: write nowhere, not crash
        sys.stdout = open(os.devnull, "w", encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure"):
            # a character UTF-8 cannot carry (a lone surrogate from a file name typed on a non-UTF-8 system, echoed
            # in a message) is printed as "?" rather than ending the command with a traceback
            stream.reconfigure(encoding="utf-8", errors="strict" if stream is sys.stdin else "replace")


def read_stdin_text() -> str:
    """Standard input as text: UTF-8 (with or without BOM), UTF-16 with its BOM, or GB18030/GBK as Windows tools
    write it; anything else is refused in Chinese."""
    if sys.stdin is None:
        raise AppError("没有标准输入")
    data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AppError("标准输入的编码无法识别，请用 UTF-8 保存输入文件")


def _log_unraisable(unraisable) -> None:
    """An exception Python cannot raise (a writer's zip or generator closed after the disk filled up, while the
    program is already reporting that failure in Chinese) goes to the log, not as a traceback to the clerk."""
    import logging
    logging.getLogger(__name__).info("ignored while cleaning up: %s", unraisable.exc_value,
                                        exc_info=(unraisable.exc_type, unraisable.exc_value,
                                                  unraisable.exc_traceback))


def main(argv: list[str] | None = None) -> int:
    _utf8_streams()
    sys.unraisablehook = _log_unraisable
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Callable | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    # one error boundary: a failure a clerk can cause ends in a Chinese message and exit 2, never a traceback
    import sqlite3

    import peewee

    from xiangshan_desk.application.outputs import replaced_warning, take_replaced_count
    from xiangshan_desk.domain.errors import database_error_message, describe_os_error, mask_secrets
    try:
        _check_arguments(args)
        for name in ("out", "refused_out"):
            if getattr(args, name, None):
                from xiangshan_desk.application.outputs import check_output_path
                check_output_path(getattr(args, name), [getattr(args, "file", None)], [args.db])
        take_replaced_count()
        status = handler(args)
        replaced = take_replaced_count()             # stored text an export had to replace: said, not hidden
        if replaced:
            sys.stderr.write(f"提示：{replaced_warning(replaced)}\n")
        return status
    except AppError as exc:
        sys.stderr.write(f"错误：{mask_secrets(exc.message)}\n")
        return EXIT_BAD_INPUT
    except (peewee.DatabaseError, peewee.InterfaceError, sqlite3.Error) as exc:      # (a connection found closed)
        sys.stderr.write(f"错误：{database_error_message(exc)}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK                  # the reader of our output went away (… | head): nothing to say
    except OSError as exc:
        sys.stderr.write(f"错误：{describe_os_error(exc)}\n")
        return EXIT_BAD_INPUT
    finally:
        from xiangshan_desk.persistence.db import close_database
        close_database()


# Commands that make a new database on purpose: `demo` fills a new database with demo cases (and refuses one that
# has cases). Every other command opens an existing --db file, or a new one only with --create (issue #25).
CREATING_COMMANDS = ("demo",)


def check_database_file(args) -> None:
    """The --db file before it is opened: a file that does not exist is refused unless the clerk asked for a new one
    (--create), so that a mistyped path does not silently become an empty database that every export then reports
    as “0 件”; a read-only file or folder is named as such (the program writes beside the file), untouched."""
    from xiangshan_desk.persistence.paths import is_url
    if not args.db or is_url(args.db) or "://" in args.db:          # (another scheme is refused by open_database)
        return
    path = Path(args.db)
    if path.is_file():
        from xiangshan_desk.persistence.db import refuse_read_only
        refuse_read_only(path)
        return
    if path.exists() or getattr(args, "create", False) or args.command in CREATING_COMMANDS:
        return                                                      # a folder: refused by open_database
    where = "所在的文件夹也不存在" if not path.parent.is_dir() else "不存在"
    raise AppError(f"数据库文件{where}：{path}。请检查 --db 的路径；如确要在此新建一个空数据库，"
                   "请加 --create（例如 python -m xiangshan_desk --db 路径 --create 命令 …）。")


PATH_ARGUMENTS = {"db": "--db", "out": "--out", "refused_out": "--refused-out", "to": "--to", "file": "文件",
                  "files": "文件"}


def _check_arguments(args) -> None:
    """An argument the program cannot use is refused in Chinese before anything runs on it: a path the operating
    system cannot take (a NUL byte, a lone surrogate), text with a lone surrogate (bytes that were not UTF-8)."""
    for name, values in vars(args).items():
        label = PATH_ARGUMENTS.get(name) or "--" + name.replace("_", "-")
        for value in ([values] if isinstance(values, str) else values if isinstance(values, list) else []):
            if not isinstance(value, str):
                continue
            shown = value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "\\0")[:200]
            try:
                if name in PATH_ARGUMENTS:
                    if "\x00" in value:
                        raise ValueError
                    os.fsencode(value)
                else:
                    value.encode("utf-8")
            except (ValueError, UnicodeError):
                what = "路径" if name in PATH_ARGUMENTS else "文字"
                raise AppError(f"{label} 的{what}中含有无法使用的字符（可能是编码不对）：{shown}") from None


def _open(args) -> None:
    from xiangshan_desk.application.bootstrap import open_workspace
    check_database_file(args)
    open_workspace(args.db)


def _calendar(args) -> WorkCalendar:
    _open(args)
    from xiangshan_desk.application.cases import load_calendar
    return load_calendar()


# ---------------------------------------------------------------------------------------------
# deadlines


def parse_deadline_input(text: str) -> tuple[list[dict], bool]:
    """Validate the JSON read by ``deadlines``. Returns the objects and whether the input was an array."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AppError(f"输入不是有效的 JSON：{exc.msg}（第 {exc.lineno} 行第 {exc.colno} 列）") from None
    except (ValueError, RecursionError):
        raise AppError("输入不是可处理的 JSON（嵌套过深或数字过长）") from None
    many = isinstance(data, list)
    items = data if many else [data]
    parsed = []
    for index, item in enumerate(items):
        where = f"第 {index + 1} 个对象的" if many else ""
        if not isinstance(item, dict):
            raise AppError(f"{where}输入应为 JSON 对象，收到的是 {json.dumps(item, ensure_ascii=False)}")
        values: dict = {}
        for key, value in item.items():
            if key not in INPUT_KEYS:
                raise AppError(f"{where}字段 {key} 无法识别（可用字段：{'、'.join(INPUT_KEYS)}）")
            shown = json.dumps(value, ensure_ascii=False)
            if key == "judgment_kind":
                if value not in (rules.JUDGMENT, rules.RULING):
                    raise AppError(f"{where}字段 judgment_kind 的值 {shown} 无效，应为“判决”或“裁定”")
                values[key] = value
                continue
            if not isinstance(value, str):
                raise AppError(f"{where}字段 {key} 的值 {shown} 应为 YYYY-MM-DD 格式的日期字符串")
            try:
                values[key] = parse_date(value, key, loose=False)
            except AppError:
                raise AppError(f"{where}字段 {key} 的值 {shown} 不是有效日期（应为存在的日期，格式 YYYY-MM-DD）") from None
            if values[key] is None:
                raise AppError(f"{where}字段 {key} 的值为空，应为 YYYY-MM-DD 格式的日期")
        parsed.append(values)
    return parsed, many


def compute_deadlines(cal: WorkCalendar, values: dict) -> dict:
    """The deadlines whose trigger is among ``values``, as the ``deadlines`` command prints them."""
    results: dict[str, Computed] = {}
    for kind in rules.DEADLINE_KINDS:             # which recorded date starts which deadline: rules' one table
        if kind.trigger in values:
            results[kind.id] = rules.due_from_trigger(cal, kind.id, values[kind.trigger])
    if SERVED in values:
        kind = values.get("judgment_kind", rules.JUDGMENT)
        results[PROPOSED] = rules.proposed_effective_date(cal, values[SERVED], kind)
    output: dict = {key: results[key].day.isoformat() for key in OUTPUT_KEYS if key in results}
    output["unconfirmed"] = [key for key in OUTPUT_KEYS if key in results and results[key].unconfirmed]
    return output


def _cmd_deadlines(args) -> int:
    items, many = parse_deadline_input(read_stdin_text())
    cal = _calendar(args)
    outputs = [compute_deadlines(cal, item) for item in items]
    json.dump(outputs if many else outputs[0], sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def _cmd_demo(args) -> int:
    if args.db is None:
        raise AppError("请用 --db 指定演示数据库的位置，演示数据不会写入默认数据库。")
    _open(args)
    from xiangshan_desk.application.demo import generate
    made = generate(args.cases, args.seed)
    print(f"已生成演示案件 {made} 件：{args.db}")
    return EXIT_OK


def _xlsx_path(out: str) -> str:
    if not out.lower().endswith(".xlsx"):
        raise AppError(f"输出文件应为 .xlsx 格式：{out}")
    return out


def _export_stats(args, period, writer) -> int:
    out = _xlsx_path(args.out)
    _open(args)
    from xiangshan_desk.application import stats
    from xiangshan_desk.application.settings import Settings
    frozen = None
    if getattr(args, "frozen", None) is not None:
        from xiangshan_desk.application import freeze
        frozen = freeze.get(period, args.frozen or None)
    basis = frozen.basis if frozen is not None else (args.basis or Settings.load().loss_rate_basis)
    result = stats.compute(period, basis)
    path = writer(result, out, frozen=frozen)
    what = f"报送版本{frozen.caption}" if frozen is not None else "统计"
    print(f"已导出{result.period.label}{what}：{path}")
    return EXIT_OK


def _cmd_freeze(args) -> int:
    _open(args)
    from xiangshan_desk.application import freeze, stats
    from xiangshan_desk.application.session import Actor
    from xiangshan_desk.application.settings import Settings
    period = (stats.Period.quarter(args.year, args.quarter) if args.quarter
              else stats.Period.half(args.year, args.half))
    frozen = freeze.freeze(Actor(Settings.load().operator), period, args.basis or Settings.load().loss_rate_basis,
                           args.note)
    county = frozen.county
    print(f"已报送并冻结{period.label}：{frozen.caption}，{stats.BASIS_LABELS[frozen.basis]}；"
          f"合计收案{county.get('received', 0)}件、审结{county.get('concluded', 0)}件、败诉{county.get('lost', 0)}件")
    return EXIT_OK


def _cmd_export_quarterly_stats(args) -> int:
    from xiangshan_desk.application.documents.workbooks import write_quarterly_stats
    from xiangshan_desk.application.stats import Period
    return _export_stats(args, Period.quarter(args.year, args.quarter), write_quarterly_stats)


def _cmd_export_half_year_stats(args) -> int:
    from xiangshan_desk.application.documents.workbooks import write_half_year_stats
    from xiangshan_desk.application.stats import Period
    return _export_stats(args, Period.half(args.year, args.half), write_half_year_stats)


def _cmd_export_todo(args) -> int:
    if not args.out.lower().endswith((".xlsx", ".docx")):
        raise AppError(f"待办事项只能导出为 .xlsx 或 .docx：{args.out}")
    if args.days < 0:
        raise AppError("--days 不能为负数")
    _open(args)
    from xiangshan_desk.application import agenda
    from xiangshan_desk.application.documents.todo import write_todo
    from xiangshan_desk.application.units import unit_id_by_name
    unit_id = unit_id_by_name(args.unit) if args.unit else None
    items = agenda.todo(args.days, unit_id)
    path = write_todo(items, args.out, args.days)
    print(f"已导出待办事项 {len(items)} 项：{path}")
    if args.record and path.suffix.lower() == ".docx":
        from xiangshan_desk.application import escalation
        from xiangshan_desk.application.cases import Actor
        from xiangshan_desk.application.settings import Settings
        written = escalation.record(Actor(Settings.load().operator), items, escalation.NOTICE_PRINTED)
        sys.stderr.write(f"已记入督办留痕 {written} 条\n")
    return EXIT_OK


def _cmd_digest(args) -> int:
    if args.days < 0:
        raise AppError("--days 不能为负数")
    if args.out and not args.out.lower().endswith((".docx", ".txt")):
        raise AppError(f"今日提醒只能保存为 .docx 或 .txt：{args.out}")
    as_of = parse_date(args.as_of, "--as-of", loose=False) if args.as_of else None
    cal = _calendar(args)
    from xiangshan_desk.application import digest, units
    unit_id = units.unit_id_by_name(args.unit) if args.unit else None
    result = digest.collect(args.days, unit_id, as_of)
    if args.out:
        path = digest.write(result, cal, args.out)
        print(f"已保存今日提醒（{result.total} 项）：{path}")
    else:
        sys.stdout.write(digest.text(result, cal))
    if args.record:
        from xiangshan_desk.application import escalation
        from xiangshan_desk.application.cases import Actor
        from xiangshan_desk.application.settings import Settings
        written = escalation.record(Actor(Settings.load().operator), result.unit_items, escalation.DIGEST_SAVED,
                                    result.as_of)
        sys.stderr.write(f"已记入督办留痕 {written} 条\n")
    return EXIT_OK


def _sqlite_target(args) -> Path:
    from xiangshan_desk.persistence.paths import default_db_path, is_url
    if args.db and is_url(args.db):
        raise AppError("PostgreSQL 数据库请由管理员用 pg_dump / pg_restore 备份和恢复。")
    return Path(args.db) if args.db else default_db_path()


def _cmd_backup(args) -> int:
    from xiangshan_desk.application.backup import check_integrity, make_backup
    target = _sqlite_target(args)
    problem = check_integrity(target)
    if problem:
        raise AppError(f"不能备份：{problem}")
    path = make_backup(target, Path(args.to) if args.to else None, "manual")
    print(f"已备份：{path}")
    return EXIT_OK


def _cmd_restore(args) -> int:
    from xiangshan_desk.application.backup import case_count, check_integrity, restore
    backup, target = Path(args.file), _sqlite_target(args)
    check_database_file(args)            # restoring into a mistyped path needs --create as well
    problem = check_integrity(backup)
    if problem:
        raise AppError(f"备份文件不能使用：{problem}")
    print(f"备份 {backup.name}：案件 {case_count(backup)} 件，{backup.stat().st_size // 1024} KB；将恢复到 {target}")
    if not args.yes:
        if not sys.stdin.isatty():
            raise AppError("恢复会替换当前数据库，请加 --yes 确认")
        if input("确认恢复？当前数据库会先另存一份。(y/N) ").strip().lower() not in ("y", "yes", "是"):
            print("已取消")
            return EXIT_OK
    aside = restore(backup, target)
    print("已恢复。" + (f"原数据库已另存为：{aside}" if aside else ""))
    from xiangshan_desk.application.backup import check_materials_in_file
    problems = check_materials_in_file(target)
    for problem in problems:
        print(f"材料有问题：{problem.text}")
    return EXIT_ERROR if problems else EXIT_OK


def _cmd_import(args) -> int:
    from xiangshan_desk.application.importing import LedgerUnreadable, import_ledger, read_ledger, write_refused
    from xiangshan_desk.application.cases import Actor
    from xiangshan_desk.application.settings import Settings
    try:
        read_ledger(args.file)           # unreadable files stop here, before the database is touched
    except LedgerUnreadable as exc:
        sys.stderr.write(f"错误：{exc.message}\n")
        return EXIT_BAD_INPUT
    _open(args)
    report = import_ledger(Actor(Settings.load().operator), args.file, args.dry_run, args.update_existing)
    if args.refused_out and report.refused:
        write_refused(report, args.refused_out)
    if args.json:
        json.dump(report.as_json(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    verb = "可导入" if args.dry_run else "已导入"
    print(f"{verb} {report.imported} 个案号，系统中已有 {report.existing} 个"
          + (f"（已更新 {report.updated} 个）" if report.updated else "") + f"，拒绝 {len(report.refused_rows)} 行。")
    for warning in report.warnings:
        print(f"提示：{warning}")
    for change in report.changes:
        print(f"第 {change.row} 行　{change.unit} {change.case_number} 已更新：{'；'.join(change.changes)}")
    for refusal in report.refused:
        print(f"第 {refusal.row} 行　{refusal.column}　“{refusal.value}”：{refusal.reason}")
    return EXIT_OK


def _cmd_export_import_template(args) -> int:
    out = _xlsx_path(args.out)
    _open(args)
    from xiangshan_desk.application.ledger import write_template
    from xiangshan_desk.application.units import list_units
    path = write_template(out, [u.name for u in list_units()])
    print(f"已导出台账模板：{path}")
    return EXIT_OK


def _cmd_export_ledger(args) -> int:
    out = _xlsx_path(args.out)
    _open(args)
    from xiangshan_desk.application.ledger import write_ledger
    path, rows = write_ledger(out)
    print(f"已导出台账 {rows} 行：{path}")
    return EXIT_OK


def _basis(args) -> str:
    """The loss-rate basis of a report: --basis, else the one set in 设置 (as the statistics workbooks take it)."""
    from xiangshan_desk.application.settings import Settings
    return args.basis or Settings.load().loss_rate_basis


def _cmd_export_document(args) -> int:
    if not args.out.lower().endswith(".docx"):
        raise AppError(f"文书应导出为 .docx 格式：{args.out}")
    _open(args)
    from xiangshan_desk.application import stats
    from xiangshan_desk.application.documents import official
    name = args.document
    if name in ("filing-checklist", "risk-report", "loss-report"):
        from xiangshan_desk.application.identity import find_proceeding
        context = getattr(official, name.replace("-", "_"))(find_proceeding(args.case, args.unit).proceeding_id)
    elif name == "head-list":
        context = official.head_list(args.hearing)
    elif name == "quarterly-loss-cases":
        context = official.quarterly_loss_cases(args.year, args.quarter, _basis(args))
    elif name == "typical-cases":
        context = official.typical_cases(args.year, args.quarter)
    elif name == "accountability-leads":
        period = stats.Period.quarter(args.year, args.quarter) if args.quarter else stats.Period.year(args.year)
        context = official.accountability_leads(period)
    else:
        context = official.half_year_report(args.year, args.half, _basis(args))
    rendered = official.render(name, context, args.out)
    for warning in rendered.warnings:
        sys.stderr.write(f"提示：{warning}\n")
    print(f"已生成{official.DOCUMENT_TITLES[name]}：{rendered.path}")
    return EXIT_OK


def _cmd_export_records(args) -> int:
    out = _xlsx_path(args.out)
    _open(args)
    from xiangshan_desk.application.supervision_io import export_records
    print(f"已导出监督记录：{export_records(out)}")
    return EXIT_OK


def _cmd_import_records(args) -> int:
    from xiangshan_desk.application.importing import LedgerUnreadable
    from xiangshan_desk.application.supervision_io import import_records, read_records
    from xiangshan_desk.application.cases import Actor
    from xiangshan_desk.application.settings import Settings
    try:
        read_records(Path(args.file))
    except LedgerUnreadable as exc:
        sys.stderr.write(f"错误：{exc.message}\n")
        return EXIT_BAD_INPUT
    _open(args)
    report = import_records(Actor(Settings.load().operator), args.file, args.dry_run)
    if args.json:
        json.dump(report.as_json(), sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    for sheet in report.imported:
        print(f"{sheet}：{'可导入' if args.dry_run else '已导入'} {report.imported[sheet]} 项，已有 {report.existing[sheet]} 项")
    for sheet, refusal in report.refused:
        print(f"{sheet} 第 {refusal.row} 行　{refusal.column}　“{refusal.value}”：{refusal.reason}")
    return EXIT_OK


def _cmd_export_assessment(args) -> int:
    out = _xlsx_path(args.out)
    _open(args)
    from xiangshan_desk.application.assessment import write_workbook
    path = write_workbook(args.year, out)
    print(f"已导出{args.year}年度考核得分：{path}")
    return EXIT_OK


def _cmd_export_audit(args) -> int:
    out = _xlsx_path(args.out)
    _open(args)
    from xiangshan_desk.application.audit import AUDIT_HEADERS, audit_rows
    from xiangshan_desk.application.documents.excel import write_table
    case_id = None
    if args.case:
        from xiangshan_desk.application.identity import find_proceeding
        case_id = find_proceeding(args.case, args.unit).case_id
    rows = audit_rows(case_id)                 # every entity named in Chinese (AUDIT_ENTITIES)
    title = f"历史记录（{(args.unit + ' ') if args.case and args.unit else ''}{args.case or '全部'}，共{len(rows)}条）"
    path = write_table(out, title, AUDIT_HEADERS, rows, "历史记录")
    print(f"已导出历史记录 {len(rows)} 条：{path}")
    return EXIT_OK


def _cmd_export_ics(args) -> int:
    if not args.out.lower().endswith(".ics"):
        raise AppError(f"日历文件应为 .ics 格式：{args.out}")
    _open(args)
    import datetime as dt

    from xiangshan_desk.application.agenda import write_ics
    path, count = write_ics(args.out, dt.date.today())
    print(f"已导出 {count} 个日历事件：{path}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())


# ---------------------------------------------------------------------------------------------
# case materials (issue #22)


def _case_of(args):
    from xiangshan_desk.application.identity import find_proceeding
    return find_proceeding(args.case, args.unit)


def _cmd_materials_add(args) -> int:
    from xiangshan_desk.application import materials
    from xiangshan_desk.application.cases import Actor
    from xiangshan_desk.application.settings import Settings
    date = parse_date(args.date) if args.date else None
    checked = materials.check_paths(args.kind, args.files)     # refused before the database is opened
    _open(args)
    ref = _case_of(args)
    proceeding_id = None
    if args.proceeding:
        from xiangshan_desk.application.identity import find_proceeding
        own = find_proceeding(args.proceeding, ref.unit)
        if own.case_id != ref.case_id:
            raise AppError(f"案号{args.proceeding}不是该案件的审级")
        proceeding_id = own.proceeding_id
    ids = materials.attach(Actor(Settings.load().operator), ref.case_id, args.kind, checked, proceeding_id, date)
    materials.extract_pending()
    print(f"已给 {ref.text} 添加{args.kind} {len(ids)} 个文件。")
    return EXIT_OK


def _cmd_materials_list(args) -> int:
    from xiangshan_desk.application import materials
    _open(args)
    ref = _case_of(args)
    rows = materials.list_materials(ref.case_id)
    if args.json:
        json.dump([{"case_number": r.case_number, "unit": ref.unit, "level": r.level, "name": r.name, "type": r.kind,
                    "date": r.date.isoformat() if r.date else None, "size": r.size, "sha256": r.sha256,
                    "pages": r.pages} for r in rows], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    if not rows:
        print(f"{ref.text} 没有材料。")
    for index, r in enumerate(rows, 1):
        pages = f"，{r.pages}页" if r.pages else ""
        print(f"{index}. {r.level or '全案'}　{r.kind}　{r.name}　{r.date or ''}（{r.size // 1024 + 1} KB{pages}）")
    return EXIT_OK


def _cmd_materials_search(args) -> int:
    from xiangshan_desk.application import materials
    if not args.text.strip():
        raise AppError("请给出要搜索的文字")
    _open(args)
    materials.extract_pending()
    hits = materials.search(args.text)
    if args.json:
        json.dump([hit.as_json() for hit in hits], sys.stdout, ensure_ascii=False)
        sys.stdout.write("\n")
        return EXIT_OK
    if not hits:
        print("没有找到。")
    for hit in hits:
        print(f"{hit.unit} {hit.case_number}　{hit.kind}　{hit.name}：…{hit.snippet}…")
    return EXIT_OK


def _cmd_materials_check(args) -> int:
    from xiangshan_desk.application import materials
    _open(args)
    problems = materials.check_materials()
    count, size = materials.totals()
    print(f"材料文件 {count} 个，共 {size / 1024 / 1024:.1f} MB。")
    if not problems:
        print("全部材料文件完好。")
        return EXIT_OK
    for problem in problems:
        print(problem.text)
    return EXIT_ERROR


def _cmd_export_archive(args) -> int:
    if not args.out.lower().endswith(".zip"):
        raise AppError(f"案卷应导出为 .zip 格式：{args.out}")
    _open(args)
    from xiangshan_desk.application.archive import export_archive
    ref = _case_of(args)
    result = export_archive(ref.case_id, args.out)
    print(f"已导出 {ref.text} 的案卷：{result.path}（材料 {result.count} 个）")
# intake (issue #23): extract without saving


def _cmd_intake(args) -> int:
    from xiangshan_desk.application.intake import FIELD_LABELS, UnreadableFile, extract
    try:
        result = extract(args.file)
    except UnreadableFile as exc:
        sys.stderr.write(f"错误：{exc.message}\n")
        return EXIT_BAD_INPUT
    data = result.as_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    for key, value in data.items():
        if key == "text_source":
            print(f"文字来源：{'文字识别（OCR）' if value == 'ocr' else '文件文字'}")
            continue
        shown = "（未识别）" if value is None else ("、".join(value) if isinstance(value, list) else value)
        print(f"{FIELD_LABELS[key]}：{shown}")
    return EXIT_OK
