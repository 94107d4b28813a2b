"""Issue #25 finding 12: what a clerk can type on the command line ends in a Chinese message and exit 2, never a
traceback (each case below raised one before)."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _run(args, stdin: bytes = b""):
    return subprocess.run([sys.executable, "-m", "xiangshan_desk", *args], cwd=ROOT, input=stdin,
                          capture_output=True, timeout=120, env=os.environ.copy())


@pytest.mark.parametrize("args", [
    ["export", "quarterly-stats", "--year", "0", "--quarter", "1", "--out", "{tmp}/q.xlsx"],
    ["export", "quarterly-stats", "--year", "99999", "--quarter", "1", "--out", "{tmp}/q.xlsx"],
    ["export", "todo", "--days", "1000000000", "--out", "{tmp}/t.xlsx"],
    ["export", "head-list", "--hearing", str(2 ** 70), "--out", "{tmp}/h.docx"],
    ["demo", "--cases", str(10 ** 12)],
    ["backup", "--to", "{db}"],
    ["export", "ledger", "--out", "{tmp}/q.xlsx/x.xlsx"],
])
def test_out_of_range_and_misplaced_arguments(db_path, tmp_path, args):
    args = [a.format(tmp=tmp_path, db=db_path) for a in args]
    result = _run(["--db", str(db_path), *args])
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "Traceback" not in err and ("错误" in err), err[-500:]


@pytest.mark.parametrize("url, shown", [("postgresql://x:pw1@[bad", "格式不正确"), ("mysql://x:pw1@h/d", "只支持")])
def test_bad_database_addresses(tmp_path, url, shown):
    result = _run(["--db", url, "export", "ledger", "--out", str(tmp_path / "l.xlsx")])
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2 and shown in err and "pw1" not in err and "Traceback" not in err


@pytest.mark.parametrize("payload", [
    '{"complaint_received": "2025-03-07"}'.encode("utf-16"),
    '{"complaint_received": "2025-03-07"}'.encode("gbk"),
    "\ufeff{\"complaint_received\": \"2025-03-07\"}".encode("utf-8"),
])
def test_deadlines_reads_the_encodings_windows_tools_write(db_path, payload):
    result = _run(["--db", str(db_path), "--create", "deadlines"], payload)
    assert result.returncode == 0 and b"2025-03-24" in result.stdout, result.stderr.decode("utf-8")[-500:]


@pytest.mark.parametrize("payload", [b"[" * 100000, b'{"complaint_received": ' + b"9" * 5000 + b"}",
                                     b"\xff\x00\xfe garbage \x81"])
def test_deadlines_refuses_what_it_cannot_read(db_path, payload):
    result = _run(["--db", str(db_path), "deadlines"], payload)
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2 and "Traceback" not in err and "错误" in err, err[-500:]


@pytest.mark.parametrize("document, args", [("half-year-report", ["--half", "2"]),
                                            ("quarterly-loss-cases", ["--quarter", "3"])])
def test_word_reports_take_the_basis_like_the_workbooks(db, db_path, tmp_path, monkeypatch, document, args):
    """The Word reports quote the unit table under a basis (issue #18): --basis on the command line, else the
    basis set in 设置, as `export quarterly-stats` does — never silently the all-cases basis."""
    from xiangshan_desk import cli
    from xiangshan_desk.application.documents import official
    from xiangshan_desk.application.settings import Settings
    function = document.replace("-", "_")
    seen = []
    real = getattr(official, function)
    monkeypatch.setattr(official, function, lambda *a, **k: seen.append(a[2]) or real(*a, **k))
    common = ["--db", str(db_path), "export", document, "--year", "2026", *args]
    assert cli.main([*common, "--basis", "judgments", "--out", str(tmp_path / "a.docx")]) == 0
    monkeypatch.setattr(Settings, "load", classmethod(lambda cls: Settings(loss_rate_basis="judgments")))
    assert cli.main([*common, "--out", str(tmp_path / "b.docx")]) == 0
    monkeypatch.setattr(Settings, "load", classmethod(lambda cls: Settings(loss_rate_basis="all")))
    assert cli.main([*common, "--out", str(tmp_path / "c.docx")]) == 0
    assert seen == ["judgments", "judgments", "all"]
