"""Issue #25 finding 12, as a bad-input corpus over every command: random bad arguments (huge numbers, lone
surrogates, NUL and control characters, very long text, impossible dates, missing, unwritable and wrong paths,
folders given as files, bad databases) end in exit status 0 or 2 with a Chinese message — never an exception, never
a traceback. The commands run in this process (``cli.main``), so that a few hundred cases take well under a minute."""
import io
import re
import shutil
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiangshan_desk import cli

CJK = re.compile(r"[\u4e00-\u9fff]")
pytestmark = pytest.mark.sqlite_only
FUZZ = settings(max_examples=50, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NUMBERS = ["9" * 5000, str(10 ** 30), str(2 ** 70), "-" + "9" * 40, "1e309", "NaN", "inf", "0", "-1", "2.5", "０１",
           "٣", "0x10", " 7 ", ""]
TEXTS = ["\ud800", "\udfff孤立", "a\x00b", "\x07\x1b\x7f", "字" * 100_000, "\u202e反转", " ", "=1+1", "%", "_", "\\",
         "（2025）浙0225行初1号", "石浦镇", "县公安局", "\ufffe\uffff", "行政\n处罚", "-x", "--"]
DATES = ["2025-02-30", "0000-01-01", "2025-13-01", "99999-01-01", "٢٠٢٥-٠٣-٠٧", "2025-03-07", "2025/3/7", "20250307",
         "2100-12-31", "1989-12-31", "\ud800"]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A small demo database (made once), with a ledger, a records workbook and a few other files beside it."""
    folder = tmp_path_factory.mktemp("fuzz")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XIANGSHAN_DESK_DATA", str(folder / "userdata"))
        assert cli.main(["--db", str(folder / "demo.sqlite3"), "demo", "--cases", "15"]) == 0
        assert cli.main(["--db", str(folder / "demo.sqlite3"), "export", "ledger", "--out",
                         str(folder / "台账.xlsx")]) == 0
        assert cli.main(["--db", str(folder / "demo.sqlite3"), "export", "records", "--out",
                         str(folder / "监督记录.xlsx")]) == 0
    (folder / "空.xlsx").write_bytes(b"")
    (folder / "文本.txt").write_text("不是表格", encoding="utf-8")
    (folder / "坏.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 200)
    return folder


@pytest.fixture
def place(prepared, tmp_path, capsys, monkeypatch):
    """The test's own copy of the database and files; the streams and the hook main() changes are restored."""
    for path in prepared.iterdir():
        if path.is_file() and not path.name.endswith(("-wal", "-shm")):
            shutil.copy(path, tmp_path / path.name)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    return tmp_path


def _paths(folder, suffix: str) -> list[str]:
    """Output or input paths: good ones and every kind of wrong one."""
    return [str(folder / f"输出{suffix}"), str(folder / "输出.bin"), str(folder), str(folder / "无此文件夹" / f"x{suffix}"),
            str(folder / "demo.sqlite3"), str(folder / "台账.xlsx"), "/proc/无权限" + suffix, "/dev/null",
            str(folder / ("长" * 300 + suffix)), str(folder / f"a\x00b{suffix}"), str(folder / f"\ud800{suffix}"),
            str(folder / "空.xlsx"), str(folder / "坏.xlsx"), str(folder / "文本.txt"), str(folder / "监督记录.xlsx"),
            str(folder / "demo.sqlite3" / f"x{suffix}"), ""]


def _databases(folder) -> list[list[str]]:
    return [["--db", str(folder / "demo.sqlite3")]] * 6 + [
        [], ["--db", str(folder / "无此.sqlite3")], ["--db", str(folder / "新.sqlite3"), "--create"],
        ["--db", str(folder)], ["--db", str(folder / "空.xlsx")], ["--db", str(folder / "台账.xlsx")],
        ["--db", "postgresql://u:secret@[bad"], ["--db", "mysql://u:secret@h/d"], ["--db", "\ud800.sqlite3"],
        ["--db", "a\x00b"], ["--db", ""]]


def _value(draw, kind: str, folder):
    """One argument value: mostly bad, sometimes plausible."""
    if kind == "number":                            # half of them plausible, to reach the commands' own checks
        return draw(st.one_of(st.sampled_from(NUMBERS), st.integers(-10 ** 20, 10 ** 20).map(str),
                              st.sampled_from(["2025", "1", "2", "3", "4", "7", "30"]),
                              st.sampled_from(["2025", "2026", "1", "2"])))
    if kind == "date":
        return draw(st.one_of(st.sampled_from(DATES), st.text(max_size=12)))
    if kind.startswith("path"):
        return draw(st.sampled_from(_paths(folder, kind[4:] or ".xlsx")))
    return draw(st.one_of(st.sampled_from(TEXTS), st.text(max_size=20)))


# every command and its options (value kind, or None for a flag)
COMMANDS = {
    ("deadlines",): {},
    ("demo",): {"--cases": "number", "--seed": "number"},
    ("import",): {"": "path.xlsx", "--dry-run": None, "--update-existing": None, "--json": None,
                  "--refused-out": "path.xlsx"},
    ("import-records",): {"": "path.xlsx", "--dry-run": None, "--json": None},
    ("digest",): {"--days": "number", "--unit": "text", "--as-of": "date", "--out": "path.docx", "--record": None},
    ("backup",): {"--to": "path"},
    ("restore",): {"": "path.sqlite3", "--yes": None},
    ("freeze",): {"--year": "number", "--quarter": "number", "--half": "number", "--basis": "text", "--note": "text"},
    ("export", "quarterly-stats"): {"--year": "number", "--quarter": "number", "--basis": "text", "--frozen": "number",
                                    "--out": "path.xlsx"},
    ("export", "half-year-stats"): {"--year": "number", "--half": "number", "--frozen": "number", "--out": "path.xlsx"},
    ("export", "todo"): {"--days": "number", "--unit": "text", "--out": "path.docx", "--record": None},
    ("export", "filing-checklist"): {"--case": "text", "--unit": "text", "--out": "path.docx"},
    ("export", "head-list"): {"--hearing": "number", "--out": "path.docx"},
    ("export", "risk-report"): {"--case": "text", "--unit": "text", "--out": "path.docx"},
    ("export", "loss-report"): {"--case": "text", "--unit": "text", "--out": "path.docx"},
    ("export", "quarterly-loss-cases"): {"--year": "number", "--quarter": "number", "--out": "path.docx"},
    ("export", "accountability-leads"): {"--year": "number", "--quarter": "number", "--out": "path.docx"},
    ("export", "half-year-report"): {"--year": "number", "--half": "number", "--out": "path.docx"},
    ("export", "typical-cases"): {"--year": "number", "--quarter": "number", "--out": "path.docx"},
    ("export", "import-template"): {"--out": "path.xlsx"},
    ("export", "ledger"): {"--out": "path.xlsx"},
    ("export", "records"): {"--out": "path.xlsx"},
    ("export", "assessment"): {"--year": "number", "--out": "path.xlsx"},
    ("export", "audit"): {"--case": "text", "--unit": "text", "--out": "path.xlsx"},
    ("export", "ics"): {"--out": "path.ics"},
    ("export", "archive"): {"--case": "text", "--unit": "text", "--out": "path.zip"},
    ("materials", "add"): {"--case": "text", "--unit": "text", "--proceeding": "text", "--type": "text",
                           "--date": "date", "": "path.txt"},
    ("materials", "list"): {"--case": "text", "--unit": "text", "--json": None},
    ("materials", "search"): {"": "text", "--json": None},
    ("materials", "check"): {},
    ("intake",): {"": "path.docx", "--json": None},
}
# commands whose exit status 1 is a defined result (problems found and listed), not a failure
STATUS_ONE = {("materials", "check"), ("restore",)}


def _run(place, argv: list[str], stdin: bytes = b"") -> tuple[int, str]:
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        code = cli.main(argv)
    except SystemExit as exc:                       # argparse: a usage error (2) or --help (0)
        code = exc.code
    return code, sys.stderr.getvalue() if hasattr(sys.stderr, "getvalue") else ""


def _check(capsys, command, argv, code) -> None:
    captured = capsys.readouterr()
    shown = " ".join(a[:40] for a in argv)
    assert "Traceback" not in captured.err, (shown, captured.err[-800:])
    allowed = (0, 2, 1) if command in STATUS_ONE else (0, 2)
    assert code in allowed, (shown, code, captured.err[-800:])
    if code == 2:
        assert CJK.search(captured.err), (shown, captured.err[-800:])


def _argv(draw, command, folder) -> list[str]:
    argv = draw(st.sampled_from(_databases(folder))) + list(command)
    for option, kind in COMMANDS[command].items():
        if option and draw(st.integers(0, 4)) == 0:
            continue                                # an option left out (a required one: a usage error)
        if kind is None:
            argv.append(option)
        elif option:
            argv += [option, _value(draw, kind, folder)]
        else:
            argv.append(_value(draw, kind, folder))
    return argv


GROUPS = {
    "reading": [c for c in COMMANDS if c[0] in ("deadlines", "import", "import-records", "intake", "restore")],
    "exports": [c for c in COMMANDS if c[0] == "export"],
    "others": [c for c in COMMANDS if c[0] in ("demo", "digest", "backup", "freeze", "materials")],
}


@pytest.mark.parametrize("group", list(GROUPS))
@FUZZ
@given(data=st.data())
def test_every_command_with_random_bad_arguments(place, capsys, group, data):
    command = data.draw(st.sampled_from(GROUPS[group]))
    argv = _argv(data.draw, command, place)
    stdin = data.draw(st.sampled_from([b"", b'{"complaint_received": "2025-03-07"}', b"\xff\xfe\x00garbage",
                                       '{"complaint_received": "\\ud800"}'.encode(), b"[" * 5000,
                                       '{"judgment_kind": "裁定", "judgment_served": "2025-02-30"}'.encode("gbk"),
                                       b'{"complaint_received": "2025-03-07\\u0000"}', b"\x00" * 10]))
    code, _ = _run(place, argv, stdin)
    _check(capsys, command, argv, code)


GOOD = {"--year": "2025", "--quarter": "2", "--half": "1", "--hearing": "1", "--days": "7", "--cases": "2",
        "--seed": "1", "--frozen": "0", "--basis": "all", "--unit": "石浦镇", "--case": "（2025）浙0225行初1号",
        "--proceeding": "（2025）浙0225行初1号", "--type": "答辩状", "--date": "2025-03-07", "--as-of": "2025-03-07",
        "--note": "报县政府", "--to": "备份"}


def _good(option: str, kind: str, folder) -> str:
    if kind.startswith("path"):
        suffix = kind[4:] or ""
        if option in ("", ) and suffix == ".xlsx":
            return str(folder / "台账.xlsx")
        if option == "" and suffix == ".txt":
            return str(folder / "文本.txt")
        return str(folder / (f"输出{suffix}" if suffix else "备份"))
    return GOOD.get(option, "石浦镇")


@FUZZ
@given(data=st.data())
def test_every_command_with_one_bad_argument_among_good_ones(place, capsys, data):
    """Every option plausible but one: the bad value reaches the command's own checks and the core."""
    import sqlite3
    connection = sqlite3.connect(place / "demo.sqlite3")
    number, unit = connection.execute("SELECT p.case_number, u.name FROM proceeding p JOIN \"case\" c ON c.id = "
                                      "p.case_id JOIN unit u ON u.id = c.unit_id ORDER BY p.id LIMIT 1").fetchone()
    connection.close()
    GOOD.update({"--case": number, "--proceeding": number, "--unit": unit})
    command = data.draw(st.sampled_from(sorted(c for c in COMMANDS if COMMANDS[c])))
    options = [(o, k) for o, k in COMMANDS[command].items() if k]
    bad = data.draw(st.sampled_from(options))[0] if options else None
    argv = ["--db", str(place / "demo.sqlite3"), *command]
    if command == ("freeze",):
        options = [(o, k) for o, k in options if o != "--half"]
    for option, kind in options:
        value = _value(data.draw, kind, place) if option == bad else _good(option, kind, place)
        argv += ([option] if option else []) + [value]
    code, _ = _run(place, argv, b'{"complaint_received": "2025-03-07"}')
    _check(capsys, command, argv, code)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_refuses_a_folder_and_a_missing_folder_as_its_file(place, capsys, command):
    """The deterministic part of the corpus: each path argument given a folder, and a file in a missing folder."""
    slots = [(o, k) for o, k in COMMANDS[command].items() if k and k.startswith("path")]
    for option, kind in slots:
        for bad in (str(place), str(place / "无此文件夹" / f"x{kind[4:]}")):
            argv = ["--db", str(place / "demo.sqlite3"), *command]
            for other, other_kind in COMMANDS[command].items():
                if other == option:
                    argv += ([option] if option else []) + [bad]
                elif other_kind == "number":
                    argv += [other, "2025" if "year" in other else "1"]
                elif other in ("--case",):
                    argv += [other, "（2025）浙0225行初1号"]
                elif other == "--type":
                    argv += [other, "答辩状"]
                elif other_kind and other_kind.startswith("path"):
                    argv += ([other] if other else []) + [str(place / f"ok{other_kind[4:] or '.xlsx'}")]
            code, _ = _run(place, argv)
            _check(capsys, command, argv, code)
            if option == "--out" or option == "--refused-out":
                assert code == 2, argv


@pytest.mark.parametrize("args", [
    ["freeze", "--year", "0", "--quarter", "1"],                              # was: ValueError year 0 is out of range
    ["freeze", "--year", "1" + "0" * 30, "--half", "1"],                      # was: OverflowError
    ["export", "quarterly-stats", "--year", "2025", "--quarter", "1", "--frozen", "9" * 30, "--out", "{tmp}/q.xlsx"],
    ["materials", "search", "\ud800"],                                        # was: UnicodeEncodeError in the query
    ["export", "ledger", "--out", "{tmp}/a\x00b.xlsx"],                       # was: ValueError embedded null byte
    ["import", "{tmp}/\ud800.xlsx"],                                          # was: UnicodeEncodeError on stderr
    ["restore", "{tmp}/\ud800.sqlite3", "--yes"],
    ["export", "todo", "--unit", "\udcff\udcfe", "--out", "{tmp}/t.xlsx"],    # bytes that were not UTF-8
])
def test_the_crashes_the_corpus_found(place, capsys, args):
    argv = ["--db", str(place / "demo.sqlite3"), *(a.format(tmp=place) for a in args)]
    code, _ = _run(place, argv)
    _check(capsys, tuple(args[:1]), argv, code)
    assert code == 2


def test_non_utf8_bytes_on_the_real_command_line(prepared, tmp_path):
    """A clerk's shell on a GBK system passes bytes that are not UTF-8: a Chinese refusal, not a traceback."""
    import os
    import subprocess
    database = tmp_path / "demo.sqlite3"
    shutil.copy(prepared / "demo.sqlite3", database)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    result = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(database), "export", "todo",
                             "--unit", "石浦镇".encode("gbk"), "--out", str(tmp_path / "t.xlsx")],
                            cwd=root, capture_output=True, timeout=120, env=os.environ.copy())
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2 and "Traceback" not in err and "--unit" in err, err
