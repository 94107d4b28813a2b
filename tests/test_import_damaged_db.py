"""Issue #25 findings 12, 15: importing into a read-only or a damaged database file ends in a Chinese message that
says what is wrong (not “不是本程序的数据库”), exit 2, and the file byte for byte as it was."""
import hashlib
import os
import subprocess
import sys

import pytest

from tests.ledgers import ledger_file
from tests.mounts import read_only

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NUMBER = "（2025）浙0225行初1号"
pytestmark = pytest.mark.sqlite_only


def _cli(*args):
    result = subprocess.run([sys.executable, "-m", "xiangshan_desk", *map(str, args)], cwd=ROOT, capture_output=True,
                            env=os.environ.copy(), timeout=120)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def database_file(db, db_path, actor, tmp_path):
    """A database of this program with one case, closed, alone in its folder."""
    from xiangshan_desk.application import cases
    from xiangshan_desk.persistence.db import close_database
    from xiangshan_desk.persistence.models import Unit
    cases.create_case(actor, {"unit_id": Unit.get(Unit.name == "石浦镇").id}, {"case_number": NUMBER,
                                                                             "complaint_received": "2025-03-07"})
    close_database()
    folder = tmp_path / "数据"
    folder.mkdir()
    target = folder / "cases.sqlite3"
    target.write_bytes(db_path.read_bytes())
    return target


@pytest.fixture
def inputs(tmp_path):
    ledger = ledger_file(tmp_path / "台账.xlsx", [{"案号": "（2025）浙0225行初2号", "被告单位": "县公安局",
                                                  "收到起诉状副本日期": "2025-04-01"}])
    from openpyxl import Workbook
    records = Workbook()
    records.active.title = "培训"
    records.active.append(["日期", "类别", "组织单位", "主题", "参加单位", "参加人数", "其中负责人数"])
    records.active.append(["2025-04-01", "培训", "县司法局", "新法", "石浦镇", 3, 0])
    records.save(tmp_path / "监督记录.xlsx")
    return {"import": ledger, "import-records": tmp_path / "监督记录.xlsx"}


@pytest.mark.parametrize("what", ["folder", "file"])
@pytest.mark.parametrize("command", ["import", "import-records"])
def test_import_into_a_read_only_database(database_file, inputs, what, command):
    before = _digest(database_file)
    protected = database_file.parent if what == "folder" else database_file
    with read_only(protected):
        code, out, err = _cli("--db", database_file, command, inputs[command])
        assert code == 2 and "Traceback" not in err, err
        assert "只读" in err and "不是本程序的数据库" not in err and "未作任何改动" in err, err
        assert _digest(database_file) == before
    assert _digest(database_file) == before
    assert sorted(p.name for p in database_file.parent.iterdir()) == ["cases.sqlite3"]     # no journal left
    code, out, err = _cli("--db", database_file, command, inputs[command])       # writable again: it imports
    assert code == 0 and "已导入" in out, err


def _damage(path) -> None:
    """Overwrite pages in the middle of the file (the header and the schema stay readable)."""
    with open(path, "r+b") as handle:
        handle.seek(4096 * 3)
        handle.write(b"\xff" * 8000)


@pytest.mark.parametrize("command", ["import", "import-records"])
def test_import_into_a_damaged_database(database_file, inputs, command):
    _damage(database_file)
    before = _digest(database_file)
    code, out, err = _cli("--db", database_file, command, inputs[command])
    assert code == 2 and "Traceback" not in err, err
    assert "已损坏" in err and "恢复" in err, err
    assert _digest(database_file) == before
    assert sorted(p.name for p in database_file.parent.iterdir()) == ["cases.sqlite3"]
    # a dry run is refused the same way
    code, out, err = _cli("--db", database_file, command, inputs[command], "--dry-run")
    assert code == 2 and "已损坏" in err and _digest(database_file) == before


@pytest.mark.parametrize("damage", [b"", b"SQLite format 3\0" + b"\xff" * 84, b"\x00" * 4096])
def test_import_into_a_file_that_is_not_a_database(tmp_path, inputs, damage):
    path = tmp_path / "cases.sqlite3"
    path.write_bytes(damage)
    code, out, err = _cli("--db", path, "import", inputs["import"])
    assert code == 2 and "Traceback" not in err and "错误" in err, err
    assert path.read_bytes() == damage


@pytest.mark.sqlite_only
@pytest.mark.parametrize("what", ["file", "folder"])
def test_the_window_names_a_read_only_database_too(database_file, what):
    """The window opens databases through bootstrap.open_workspace: a read-only file or folder is named as such (not
    "不是本程序的数据库"), and the file is left as it was."""
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.domain.errors import AppError
    before = _digest(database_file)
    with read_only(database_file.parent if what == "folder" else database_file):
        with pytest.raises(AppError, match="只读.*未作任何改动"):
            open_workspace(database_file)
    assert _digest(database_file) == before


def test_owner_only_never_makes_a_read_only_file_writable(tmp_path):
    from xiangshan_desk.application.backup import owner_only
    kept, private = tmp_path / "kept.sqlite3", tmp_path / "private.sqlite3"
    kept.write_bytes(b"x")
    private.write_bytes(b"x")
    kept.chmod(0o444)
    private.chmod(0o664)
    owner_only(kept)
    owner_only(private)
    assert kept.stat().st_mode & 0o777 == 0o400
    assert private.stat().st_mode & 0o777 == 0o600
