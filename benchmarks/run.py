"""Performance measurements against baselines measured in the same run (issue #9).

    python benchmarks/run.py [--cases 100000] [--quick]

Builds (and caches under benchmarks/.cache) demo databases, runs every measurement several times, prints a
table and writes it to benchmarks/results.md with the machine's description. --quick runs everything on
1,000 cases in under a minute and never fails on a target (CI runs it to keep the suite working); the full
run exits 1 when a target is missed.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
DEFAULT_OUT = str(Path(__file__).resolve().parent / "results.md")
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# settings and backups of the measured runs go to a scratch folder, never the user's data folder
os.environ.setdefault("XIANGSHAN_DESK_DATA", tempfile.mkdtemp(prefix="xiangshan_bench_"))


@dataclass
class Result:
    name: str
    size: int
    samples: list[float]              # seconds (or MB for memory)
    baseline: list[float] | None
    target: str
    passed: bool
    unit: str = "ms"

    def fmt(self, value: float) -> str:
        return f"{value:.0f} MB" if self.unit == "MB" else f"{value * 1000:.1f} ms"

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return statistics.median(self.samples) / statistics.median(self.baseline)

    def row(self) -> str:
        base = self.fmt(statistics.median(self.baseline)) if self.baseline else "—"
        ratio = f"{self.ratio:.2f}×" if self.ratio is not None else "—"
        return (f"| {self.name} | {self.size:,} | {self.fmt(statistics.median(self.samples))} | "
                f"{self.fmt(min(self.samples))} | {self.fmt(max(self.samples))} | {base} | {ratio} | {self.target} | "
                f"{'—' if self.target.startswith('（参考') else '通过' if self.passed else '未达标'} |")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def timed(function, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


# ---------------------------------------------------------------------------------------------
# Databases


def demo_database(cases: int) -> Path:
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"demo_{cases}.sqlite3"
    if not path.exists():
        print(f"building a demo database of {cases:,} cases …", flush=True)
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(partial), "demo", "--cases", str(cases),
                        "--seed", "1"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       env={**os.environ, "XIANGSHAN_DESK_DATA": tempfile.mkdtemp()})
        partial.rename(path)
    return path


def open_core(path: Path) -> None:
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.db import close_database
    close_database()
    open_workspace(path)


# ---------------------------------------------------------------------------------------------
# Measurements

BARE_WINDOW = textwrap.dedent("""
    import sys
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QTableView())
    window.show()
    app.processEvents()
    window.close()
""")


def installed_environment() -> dict[str, str]:
    """The environment of an installed program: it runs from compiled bytecode, as pip and PyInstaller install it.

    (A shell with PYTHONDONTWRITEBYTECODE would otherwise make every start compile the program's sources.)
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", "xiangshan_desk", "ui", "main.py"], cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "XIANGSHAN_DESK_DATA": tempfile.mkdtemp()}


# Start-up: at most this many times the reference program with column titles, measured in the same run (issue #20)
STARTUP_LIMIT = 1.3

# The reference: the least a peewee + PySide6 program can do to show a first screen of cases —
# import peewee, open the file, read 200 rows, show them in the simplest table model in a window of the main
# window's size. No menus, filters, status bar or program code (benchmarks/README.md: start-up).
FLOOR_WINDOW = textwrap.dedent("""
    import sys
    import peewee
    from PySide6.QtCore import QAbstractTableModel
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
    app = QApplication(sys.argv[:1])
    db = peewee.SqliteDatabase(sys.argv[1])
    rows = db.execute_sql('SELECT current_case_number, current_level, plaintiffs, cause, complaint_received, '
                          'defense_due, filing_due, next_hearing, outcome FROM "case" WHERE deleted_at IS NULL '
                          'ORDER BY complaint_received DESC LIMIT 200').fetchall()

    class Rows(QAbstractTableModel):
        def rowCount(self, parent=None):
            return len(rows)

        def columnCount(self, parent=None):
            return 9

        def data(self, index, role=0):
            return str(rows[index.row()][index.column()]) if role == 0 else None
    window = QMainWindow()
    view = QTableView()
    model = Rows()
    view.setModel(model)
    window.setCentralWidget(view)
    window.resize(1400, 820)
    window.show()
    app.processEvents()
    window.close()
""")


def _interleaved(commands: dict[str, list[str]], repeat: int) -> dict[str, list[float]]:
    """Whole-process times of each command, run in turn (the order rotating every round) so that machine noise
    hits all alike; the first run of each (settings, disk cache) is not counted."""
    env = installed_environment()

    def run(arguments: list[str]) -> None:
        subprocess.run([sys.executable, *arguments], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    for arguments in commands.values():
        run(arguments)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for round_ in range(repeat):
        for name in names[round_ % len(names):] + names[:round_ % len(names)]:
            samples[name] += timed(lambda arguments=commands[name]: run(arguments), 1)
    return samples


# The same with column titles, which any case list shows — the floor of any case-list window and the baseline of
# the start-up target (issue #20): the model's headerData receives a Qt.Orientation, and
# the first use of the Qt namespace creates its ~94 Python enums (benchmarks/README.md: start-up).
FLOOR_WITH_TITLES = FLOOR_WINDOW.replace("from PySide6.QtCore import QAbstractTableModel\n",
                                         "from PySide6.QtCore import QAbstractTableModel, Qt\n").replace(
    "window = QMainWindow()\n", textwrap.dedent("""\
        TITLES = ('案号', '审级', '原告', '案由', '收案', '答辩期限', '备案期限', '开庭', '结果')
        Rows.headerData = lambda self, section, orientation, role=0: (
            TITLES[section] if role == 0 and orientation == Qt.Orientation.Horizontal else None)
        window = QMainWindow()
    """))


def startup_floor(path: Path, size: int, repeat: int) -> list[Result]:
    times = _interleaved({"floor": ["-c", FLOOR_WINDOW, str(path)], "titled": ["-c", FLOOR_WITH_TITLES, str(path)],
                          "bare": ["-c", BARE_WINDOW]}, repeat)
    return [Result("参考：最简 peewee＋PySide6 程序显示第一屏（整个进程），与空窗口相比", size, times["floor"],
                   times["bare"], "（参考，非目标）", True),
            Result("参考：同上，加列标题（整个进程），与空窗口相比", size, times["titled"], times["bare"], "（参考，非目标）",
                   True)]


def startup(path: Path, size: int, repeat: int, limit: float) -> list[Result]:
    """The program against the reference with column titles of the same run (issue #20: the floor of any case-list
    window); its ratio to the bare window is shown for information."""
    times = _interleaved({"program": ["main.py", "--db", str(path), "--exit-after-startup"],
                          "titled": ["-c", FLOOR_WITH_TITLES, str(path)], "bare": ["-c", BARE_WINDOW]}, repeat)
    result = Result("启动到主窗口及第一屏案件（整个进程），与同次运行的带列标题参考程序相比", size, times["program"],
                    times["titled"], f"≤ {limit}×", False)
    result.passed = result.ratio <= limit
    return [result, Result("同上，与空窗口相比", size, times["program"], times["bare"], "（参考，非目标）", True)]


def list_query(path: Path, size: int, repeat: int, check_p95: bool) -> Result:
    from xiangshan_desk.application import caselist
    from xiangshan_desk.application.caselist import CaseFilter
    from xiangshan_desk.persistence.models import Unit
    open_core(path)
    unit = Unit.get(Unit.name == "石浦镇").id
    today = dt.date.today()
    f = CaseFilter(unit_id=unit, state=caselist.STATE_OPEN, text="张")
    connection = sqlite3.connect(str(path))
    sql_rows = ('SELECT c.id, c.current_case_number, c.current_level, u.name, c.plaintiffs, c.cause, '
                'c.complaint_received, c.defense_due, c.filing_due, c.next_hearing, c.earliest_open_due, c.concluded, '
                'c.has_risk, c.outcome, c.is_loss, c.lead_date, c.deleted_at, c.deleted_by, c.pending_effective, '
                'c.next_due_kind, c.defense_due_unconfirmed, c.filing_due_unconfirmed, c.next_due_unconfirmed '
                'FROM "case" c JOIN unit u ON c.unit_id = u.id WHERE c.deleted_at IS NULL AND c.unit_id = ? '
                'AND c.concluded = 0 AND c.search_text LIKE ? '
                'ORDER BY c.complaint_received DESC, c.id DESC LIMIT 200')
    sql_count = ('SELECT COUNT(c.id) FROM "case" c WHERE c.deleted_at IS NULL '
                 'AND c.unit_id = ? AND c.concluded = 0 AND c.search_text LIKE ?')

    def core():
        caselist.count_rows(f, today)
        caselist.query_rows(f, today=today)

    def raw():
        args = (unit, "%张%")
        connection.execute(sql_count, args).fetchone()
        connection.execute(sql_rows, args).fetchall()
    core(), raw()
    samples, baseline = [], []
    for _ in range(repeat * 5):
        samples += timed(core, 1)
        baseline += timed(raw, 1)
    connection.close()
    target = "≤ 1.5×" + (f"，p95 ≤ 50 ms（实测 p95 {p95(samples) * 1000:.1f} ms）" if check_p95 else "")
    result = Result("案件列表查询（单位＋搜索词＋在办，第一屏）", size, samples, baseline, target, False)
    result.passed = result.ratio <= 1.5 and (not check_p95 or p95(samples) <= 0.050)
    return result


# The main window on the database given as the first argument, its first screen loaded (typing, memory).
MAIN_WINDOW = textwrap.dedent("""
    import sys
    from ui.app import create_application
    app = create_application([])
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.application.settings import Settings
    open_workspace(sys.argv[1])
    from ui.context import AppContext
    from ui.main_window import MainWindow
    window = MainWindow(AppContext(Settings(), sys.argv[1]))
    window.show()
    window.load_first_screen()
""")

TYPING = MAIN_WINDOW + textwrap.dedent("""
    import json, time
    app.processEvents()
    tab = window.case_list
    samples = []
    for word in ("张伟", "李娜", "石浦", "行政处罚", "（2025）浙0225", "王芳"):
        tab.search_edit.clear()
        tab.apply_filter()
        for length in range(1, len(word) + 1):
            start = time.perf_counter()
            tab.search_edit.setText(word[:length])
            tab.apply_filter()              # what the 120 ms typing timer triggers
            app.processEvents()
            samples.append(time.perf_counter() - start)
    print(json.dumps(samples))
""")


def typing(path: Path, size: int, check: bool) -> Result:
    import json
    out = subprocess.run([sys.executable, "-c", TYPING, str(path)], cwd=ROOT, capture_output=True, text=True,
                         check=True, env={**os.environ, "XIANGSHAN_DESK_DATA": tempfile.mkdtemp()})
    samples = json.loads(out.stdout.strip().splitlines()[-1])
    result = Result("搜索框输入到列表显示结果（真实控件，p95）", size, samples, None,
                    f"p95 ≤ 100 ms（实测 p95 {p95(samples) * 1000:.1f} ms）", False)
    result.passed = p95(samples) <= 0.100 or not check
    return result


def quarterly_workbook(path: Path, size: int, repeat: int) -> Result:
    from openpyxl import Workbook

    from xiangshan_desk.application import stats
    from xiangshan_desk.application.documents.workbooks import write_quarterly_stats
    open_core(path)
    out = Path(tempfile.mkdtemp())
    year = dt.date.today().year - (1 if dt.date.today().month <= 6 else 0)
    period = stats.Period.quarter(year, 2)

    def core():
        write_quarterly_stats(stats.compute(period), out / "q.xlsx")
    core()
    from openpyxl import load_workbook
    # The same rows and cells, values and all (texts of the same length weigh the same in the file), written
    # plainly: what is left between the two is the program's own work (the statistics, the lists, the layout).
    written = load_workbook(out / "q.xlsx", read_only=True)
    sheets = [[list(row) for row in ws.iter_rows(values_only=True)] for ws in written.worksheets]
    written.close()

    def baseline():
        book = Workbook(write_only=True)
        for rows in sheets:
            sheet = book.create_sheet()
            for row in rows:
                sheet.append(row)
        book.save(out / "b.xlsx")
    samples, base = [], []
    for _ in range(repeat):
        samples += timed(core, 1)
        base += timed(baseline, 1)
    result = Result("季度统计工作簿（export quarterly-stats）", size, samples, base, "≤ 2×", False)
    result.passed = result.ratio <= 2
    return result


def quarter_statistics(path: Path, size: int, repeat: int) -> Result:
    from xiangshan_desk.application import stats
    open_core(path)
    year = dt.date.today().year - (1 if dt.date.today().month <= 6 else 0)
    period = stats.Period.quarter(year, 2)
    connection = sqlite3.connect(str(path))
    sql = ('SELECT c.unit_id, COUNT(*), SUM(c.is_loss), SUM(c.outcome IN (\'调解\', \'撤诉\', \'按撤诉处理\')), '
           'SUM(c.lead_date BETWEEN ? AND ?) FROM "case" c WHERE c.deleted_at IS NULL AND '
           '(c.effective_date BETWEEN ? AND ? OR c.first_received BETWEEN ? AND ? OR c.lead_date BETWEEN ? AND ?) '
           'GROUP BY c.unit_id')
    args = (period.start, period.end) * 4

    def core():
        stats.compute(period)

    def raw():
        connection.execute(sql, [a.isoformat() for a in args]).fetchall()
    core(), raw()
    samples, base = [], []
    for _ in range(repeat * 2):
        samples += timed(core, 1)
        base += timed(raw, 1)
    connection.close()
    result = Result("一个季度的全部统计（核心，不写文件）", size, samples, base, "≤ 3×", False)
    result.passed = result.ratio <= 3
    return result


def holiday_change(path: Path, size: int, repeat: int) -> Result:
    from xiangshan_desk.application import cases
    from xiangshan_desk.application.holidays import set_holiday_days
    from xiangshan_desk.application.projection import refresh_deadlines
    from xiangshan_desk.persistence.models import Case
    work = Path(tempfile.mkdtemp()) / "h.sqlite3"
    shutil.copy(path, work)
    open_core(work)
    actor = cases.Actor("基准测试", "bench")
    week = dt.date.today() - dt.timedelta(days=200)
    days = [week + dt.timedelta(days=i) for i in range(7)]
    all_ids = [c for (c,) in Case.select(Case.id).tuples()]
    samples, base = [], []
    for index in range(repeat):
        working = index % 2 == 0       # alternate, so that every run really changes the week
        entries = {d: (not working if d.weekday() < 5 else working) for d in days}
        samples += timed(lambda entries=entries: set_holiday_days(actor, entries), 1)
        base += timed(lambda: refresh_deadlines(all_ids), 1)
    result = Result("节假日调整一周后重算期限（只重算受影响的案件）", size, samples, base, "≤ 0.2×", False)
    result.passed = result.ratio <= 0.2
    return result


IMPORT = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from openpyxl import load_workbook
    from xiangshan_desk.application import cases
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.persistence.db import close_database
    from xiangshan_desk.application.importing import import_ledger
    ledger, folder, repeat = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])

    def read():
        workbook = load_workbook(ledger, read_only=True, data_only=True)
        for _ in workbook.worksheets[0].iter_rows(values_only=True):
            pass
        workbook.close()
    samples, base = [], []
    for attempt in range(repeat):              # interleaved, so that machine noise hits both alike
        open_workspace(folder / f"empty_{attempt}.sqlite3")
        start = time.perf_counter()
        import_ledger(cases.Actor("基准测试", "bench"), ledger)
        samples.append(time.perf_counter() - start)
        close_database()
        start = time.perf_counter()
        read()
        base.append(time.perf_counter() - start)
    print(json.dumps([samples, base]))
""")


def ledger_import(rows: int, repeat: int) -> Result:
    """In a process of its own: an in-process run after the 100,000-case measurements pays for their heap in
    every garbage collection."""
    import json

    from xiangshan_desk.application.ledger import write_ledger
    folder = Path(tempfile.mkdtemp())
    open_core(demo_database(rows))             # the ledger export of a demo database of ``rows`` cases
    ledger = folder / "ledger.xlsx"
    rows = write_ledger(ledger)[1]
    out = subprocess.run([sys.executable, "-c", IMPORT, str(ledger), str(folder), str(repeat)], cwd=ROOT,
                         capture_output=True, text=True, check=True,
                         env={**os.environ, "XIANGSHAN_DESK_DATA": str(folder / "data")})
    samples, base = json.loads(out.stdout.strip().splitlines()[-1])
    result = Result(f"导入台账 {rows:,} 行", rows, samples, base, "≤ 3×", False)
    result.passed = result.ratio <= 3
    return result


MEMORY = MAIN_WINDOW + textwrap.dedent("""
    import resource
    view = window.case_list.table
    model = window.case_list.model
    while model.canFetchMore():
        view.scrollToBottom()
        app.processEvents()
    # the peak of this process's own memory: VmHWM. (ru_maxrss keeps the parent's peak across fork and exec, so
    # a benchmark runner grown large by the earlier measurements would be counted.)
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(model.rowCount(), peak)
""")


def memory(path: Path, size: int) -> Result:
    out = subprocess.run([sys.executable, "-c", MEMORY, str(path)], cwd=ROOT, capture_output=True, text=True,
                         check=True, env={**os.environ, "XIANGSHAN_DESK_DATA": tempfile.mkdtemp()})
    rows, kilobytes = map(int, out.stdout.split()[-2:])
    megabytes = kilobytes / 1024
    result = Result(f"滚动浏览全部 {rows:,} 件后窗口的峰值内存（RSS）", size, [megabytes], None, "≤ 300 MB",
                    megabytes <= 300, "MB")
    return result


# ---------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.system()} {platform.release()}，{cpu}，{os.cpu_count()} 核，Python {platform.python_version()}，"
            f"SQLite {sqlite3.sqlite_version}")


# Case materials (issue #22): the extracted text of N materials, spread over the demo database's cases. Texts are
# made of the words a filing uses and the demo's names, about 600 characters each (a page of a complaint copy).
MATERIAL_WORDS = ("原告", "被告", "行政处罚", "决定书", "撤销", "违法", "强制拆除", "宅基地", "审批", "征收", "补偿",
                  "安置", "复议", "答辩", "证据", "事实", "理由", "请求", "法院", "判决", "程序", "合法", "不动产",
                  "登记", "政府信息公开", "信访", "工伤认定", "象山县", "石浦镇", "丹东街道", "人民政府", "自然资源",
                  "市场监督管理局", "养殖", "海域使用", "渔船", "许可", "土地", "房屋", "协议", "履行", "赔偿")
SURNAMES = "张李王刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国文斌波辉鹏飞宇浩然欣怡子轩梓涵雨泽宁海峰云龙凤"


def materials_database(cases: int, count: int) -> Path:
    """The demo database with ``count`` materials' text (no files: search reads only the text and its index)."""
    path = CACHE / f"materials_{cases}_{count}.sqlite3"
    if path.exists():
        return path
    import random
    print(f"adding {count:,} materials' text to the demo database of {cases:,} cases …", flush=True)
    partial = path.with_suffix(".partial")
    shutil.copyfile(demo_database(cases), partial)
    open_core(partial)                       # migrates to the program's schema (material tables, FTS)
    from xiangshan_desk.persistence.db import close_database, database
    from xiangshan_desk.application.extraction import bigrams
    rng = random.Random(22)
    case_ids = [i for (i,) in database.execute_sql('SELECT id FROM "case"').fetchall()]
    now = dt.datetime(2026, 1, 1).isoformat(" ")
    with database.atomic():
        for start in range(0, count, 1000):
            files, uses = [], []
            for number in range(start, min(count, start + 1000)):
                words = [rng.choice(MATERIAL_WORDS) for _ in range(140)]
                for _ in range(4):              # names: each of the 1,800 appears in a few dozen materials
                    words.insert(rng.randrange(len(words)), rng.choice(SURNAMES) + rng.choice(GIVEN))
                words.insert(rng.randrange(len(words)), f"（{rng.randint(2019, 2026)}）浙0225行初{rng.randint(1, 400)}号")
                text = "，".join(" ".join(words[i:i + 6]) for i in range(0, len(words), 6))
                files.append((number + 1, f"{number:064x}", len(text) * 3, text, now))
                uses.append((rng.choice(case_ids), number + 1, "证据材料", f"材料{number}.pdf", now))
            database.cursor().executemany(
                "INSERT INTO material_file (id, sha256, size, text, text_state, created_at) VALUES (?, ?, ?, ?, 'done', ?)",
                files)
            database.cursor().executemany(
                "INSERT INTO material (case_id, file_id, kind, name, note, added_at, added_by) "
                "VALUES (?, ?, ?, ?, '', ?, '')",
                uses)
            database.cursor().executemany("INSERT INTO material_fts (rowid, text) VALUES (?, ?)",
                                          [(f[0], f[3]) for f in files])
            database.cursor().executemany("INSERT INTO material_bigram (rowid, text) VALUES (?, ?)",
                                          [(f[0], bigrams(f[3])) for f in files])
    database.execute_sql("ANALYZE")
    close_database()
    partial.rename(path)
    return path


def materials_search(cases: int, count: int, repeat: int, check: bool) -> list[Result]:
    from xiangshan_desk.application import caselist, materials
    from xiangshan_desk.application.caselist import CaseFilter
    path = materials_database(cases, count)
    open_core(path)
    today = dt.date.today()
    # names of two characters (a plain scan), and longer words: rare (a case number) to very common (宅基地)
    short, long_ = ("张伟", "王芳", "石浦", "赵磊"), ("浙0225行初17号", "宅基地", "政府信息公开", "海域使用", "萧子轩")
    samples_short = [t for _ in range(repeat) for q in short for t in timed(lambda q=q: materials.search(q), 1)]
    samples_long = [t for _ in range(repeat) for q in long_ for t in timed(lambda q=q: materials.search(q), 1)]

    from xiangshan_desk.persistence.models import Case, Unit
    unit = Unit.get(Unit.name == "石浦镇").id
    queries = ("张伟", "萧子轩", "浙0225行初17号", "宅基地", "行政处罚")

    def list_query(text):             # the list benchmark's shape (unit, search words, 在办), materials present
        f = CaseFilter(unit_id=unit, state=caselist.STATE_OPEN, text=text)
        caselist.count_rows(f, today)
        rows = caselist.query_rows(f, today=today)
        caselist.material_only_hits(text, [r.id for r in rows])

    def first_screen(text):           # search words alone over every case: the first screen, 材料中 marked
        rows = caselist.query_rows(CaseFilter(text=text), limit=caselist.PAGE_SIZE + 1, today=today)
        caselist.material_only_hits(text, [r.id for r in rows])

    def without_materials(text):      # the same first screen searching the cases' own columns only
        query = (Case.select(*caselist._SELECT).join(Unit)
                 .where(Case.deleted_at.is_null() & Case.search_text.contains(caselist.normalise_search(text)))
                 .order_by(*caselist._order("complaint_received", True)).limit(caselist.PAGE_SIZE + 1))
        list(query.tuples())
    samples_list = [t for _ in range(repeat) for q in queries for t in timed(lambda q=q: list_query(q), 1)]
    samples_first, baseline_first = [], []
    for _ in range(repeat):
        for q in queries:
            samples_first += timed(lambda q=q: first_screen(q), 1)
            baseline_first += timed(lambda q=q: without_materials(q), 1)
    results = []
    for name, samples, limit in (("材料搜索，2个字（两字索引）", samples_short, 0.200),
                                 ("材料搜索，3个字以上（FTS5 trigram 索引）", samples_long, 0.200),
                                 (f"案件列表查询（单位＋搜索词＋在办，含材料中，{count:,} 个材料）", samples_list, 0.050)):
        result = Result(name, cases if "案件" in name else count, samples, None,
                        f"p95 ≤ {limit * 1000:.0f} ms（实测 p95 {p95(samples) * 1000:.1f} ms）", False)
        result.passed = p95(samples) <= limit or not check
        results.append(result)
    first = Result(f"只按搜索词查全部案件的第一屏（含材料中，{count:,} 个材料；基线：不查材料）", cases, samples_first,
                   baseline_first, f"≤ 1.5×（p95 {p95(samples_first) * 1000:.1f} ms，基线 p95 "
                   f"{p95(baseline_first) * 1000:.1f} ms）", False)
    first.passed = first.ratio <= 1.5 or not check
    results.append(first)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description="象山县行政应诉工作台 性能基准")
    parser.add_argument("--cases", type=int, default=100000, help="大数据库的案件数（默认 100000）")
    parser.add_argument("--quick", action="store_true", help="全部在 1,000 件上快速运行（CI 用，不判定目标）")
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--only", nargs="+", metavar="测量", help="只运行这些测量（开发时用；不写 results.md）")
    args = parser.parse_args()
    started = time.perf_counter()
    results: list[Result] = []
    if args.quick:
        small = large = demo_database(1000)
        small_size = large_size = 1000
        repeat, import_rows = 3, 500
    else:
        small, large = demo_database(3000), demo_database(args.cases)
        small_size, large_size = 3000, args.cases
        repeat, import_rows = 5, 10000
    startup_repeat = 2 * repeat - 1           # start-up times swing most with the machine's load: more samples
    measurements = {
        "startup": lambda: startup(small, small_size, startup_repeat, STARTUP_LIMIT),
        "startup-large": lambda: startup(large, large_size, startup_repeat, STARTUP_LIMIT),
        "startup-floor": lambda: startup_floor(small, small_size, repeat),
        "list": lambda: list_query(large, large_size, repeat, check_p95=not args.quick),
        "typing": lambda: typing(large, large_size, check=True),
        "workbook": lambda: quarterly_workbook(large, large_size, max(2, repeat - 1)),   # the baseline is noisy
        "stats": lambda: quarter_statistics(large, large_size, repeat),
        "holiday": lambda: holiday_change(large, large_size, max(2, repeat // 2)),
        "import": lambda: ledger_import(import_rows, 3 if not args.quick else 1),
        "memory": lambda: memory(large, large_size),
        "materials": lambda: materials_search(large_size, 2000 if args.quick else 50000, repeat, not args.quick),
    }
    if args.only:
        unknown = set(args.only) - set(measurements)
        if unknown:
            parser.error(f"未知的测量：{', '.join(sorted(unknown))}（可选：{', '.join(measurements)}）")
        measurements = {key: value for key, value in measurements.items() if key in args.only}
        args.out = os.devnull if args.out == DEFAULT_OUT else args.out   # a partial run keeps results.md
    header = ("| 测量 | 规模 | 中位数 | 最小 | 最大 | 同次基线 | 比值 | 目标 | 结果 |\n"
              "|---|---|---|---|---|---|---|---|---|")

    def report(finished: bool) -> str:
        table = "\n".join([header] + [r.row() for r in results])
        state = "" if finished else f"（未完成：已完成 {len(results)}/{len(measurements)} 项）"
        return (f"# 性能基准结果\n\n{'快速运行（1,000 件，不判定目标）' if args.quick else '完整运行'}{state}，"
                f"{dt.datetime.now():%Y-%m-%d %H:%M}，用时 {time.perf_counter() - started:.0f} 秒。\n\n"
                f"机器：{machine()}\n\n{table}\n") + kept_sections(Path(args.out))
    for measure in measurements.values():
        measured = measure()
        for result in measured if isinstance(measured, list) else [measured]:
            results.append(result)
            print(result.row(), flush=True)           # a long full run shows each result as it comes
        if not args.quick:                            # and keeps what it has, should it be stopped
            Path(args.out).write_text(report(False), encoding="utf-8")
    print(report(True))
    if not args.quick:
        Path(args.out).write_text(report(True), encoding="utf-8")
    failed = [r.name for r in results if not r.passed]
    if failed and not args.quick:
        print("未达标：" + "；".join(failed))
        return 1
    return 0


def kept_sections(path: Path) -> str:
    """Sections other scripts write into results.md (benchmarks/intake_accuracy.py), kept when rewriting it."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    marker = "\n## 法院文书识别准确率"
    return "\n" + text[text.index(marker) + 1:] if marker in text else ""


if __name__ == "__main__":
    sys.exit(main())
