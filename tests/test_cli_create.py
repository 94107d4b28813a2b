"""Issue #25: a new database is an explicit choice. `--db PATH` naming a file that does not exist is refused (exit 2,
a Chinese message pointing to --create) and nothing is created; `--create` and `demo` make one on purpose."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(*args, stdin: bytes = b""):
    result = subprocess.run([sys.executable, "-m", "xiangshan_desk", *map(str, args)], cwd=ROOT, input=stdin,
                            capture_output=True, timeout=120, env=os.environ.copy())
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


@pytest.mark.parametrize("command", [
    ["export", "ledger", "--out", "{tmp}/台账.xlsx"],
    ["export", "todo", "--out", "{tmp}/待办.xlsx"],
    ["digest"],
    ["materials", "check"],
    ["freeze", "--year", "2025", "--quarter", "1"],
    ["import", "{ledger}"],
])
def test_a_missing_database_file_is_refused_and_not_created(tmp_path, command):
    from openpyxl import Workbook
    book = Workbook()
    book.active.append(["案号", "被告单位"])
    book.save(tmp_path / "ledger.xlsx")
    missing = tmp_path / "拼错的名字.sqlite3"
    args = [a.format(tmp=tmp_path, ledger=tmp_path / "ledger.xlsx") for a in command]
    code, out, err = _run("--db", missing, *args)
    assert code == 2 and "Traceback" not in err, err
    assert "数据库文件不存在" in err and "--create" in err and str(missing) in err
    assert not missing.exists() and not (tmp_path / "台账.xlsx").exists() and not (tmp_path / "待办.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.xlsx"]      # no -wal, no materials folder


def test_a_missing_folder_is_named(tmp_path):
    code, _, err = _run("--db", tmp_path / "无此文件夹" / "cases.sqlite3", "export", "ledger", "--out",
                        tmp_path / "a.xlsx")
    assert code == 2 and "所在的文件夹也不存在" in err and not (tmp_path / "无此文件夹").exists()


def test_deadlines_on_a_missing_file_is_refused(tmp_path):
    missing = tmp_path / "cases.sqlite3"
    code, out, err = _run("--db", missing, "deadlines", stdin=b'{"complaint_received": "2025-03-07"}')
    assert code == 2 and "--create" in err and out == "" and not missing.exists()


def test_create_makes_the_new_database_and_then_it_opens_without(tmp_path):
    path = tmp_path / "new.sqlite3"
    code, out, err = _run("--db", path, "--create", "export", "ledger", "--out", tmp_path / "台账.xlsx")
    assert code == 0 and "已导出台账 0 行" in out, err
    assert path.exists()
    code, out, err = _run("--db", path, "export", "ledger", "--out", tmp_path / "台账2.xlsx")   # now it exists
    assert code == 0, err


def test_demo_creates_its_database_on_purpose(tmp_path):
    path = tmp_path / "demo.sqlite3"
    code, out, err = _run("--db", path, "demo", "--cases", "3")
    assert code == 0 and "已生成演示案件 3 件" in out, err
    assert path.exists()


def test_restore_into_a_missing_file_needs_create(tmp_path):
    source = tmp_path / "cases.sqlite3"
    assert _run("--db", source, "--create", "export", "ledger", "--out", tmp_path / "a.xlsx")[0] == 0
    code, out, err = _run("--db", source, "backup", "--to", tmp_path / "backups")
    assert code == 0, err
    saved = next((tmp_path / "backups").glob("*.sqlite3"))
    target = tmp_path / "restored.sqlite3"
    code, _, err = _run("--db", target, "restore", saved, "--yes")
    assert code == 2 and "--create" in err and not target.exists()
    code, _, err = _run("--db", target, "--create", "restore", saved, "--yes")
    assert code == 0 and target.exists(), err


def test_an_empty_file_is_still_refused_with_create(tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    code, _, err = _run("--db", empty, "--create", "export", "ledger", "--out", tmp_path / "a.xlsx")
    assert code == 2 and "0 字节" in err and empty.read_bytes() == b""
