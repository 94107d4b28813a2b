"""Issue #25 finding 8: a database written by an older version may hold text with U+FFFE, U+FFFF or control
characters (the input boundary refuses them now). Every export still succeeds: the characters become a visible "�",
the command says how many, and the files are well-formed XML that Excel and Word open."""
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
import xml.parsers.expat

import pytest

from xiangshan_desk.application import cases
from xiangshan_desk.domain.fields import printable
from xiangshan_desk.persistence.models import Unit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
pytestmark = pytest.mark.sqlite_only
BAD = "张\ufffe三\uffff李\x01四\x1b王\x0b五\x7f"


def test_printable_replaces_what_xml_cannot_carry_and_counts():
    assert printable(BAD) == ("张\ufffd三\ufffd李\ufffd四\ufffd王\ufffd五\ufffd", 6)
    assert printable("第一行\n第二行\t制表\r") == ("第一行\n第二行\t制表\r", 0)
    assert printable("\ud800孤立") == ("\ufffd孤立", 1)


@pytest.fixture
def old_database(db, db_path, actor):
    """A case with a hearing, then text an older version let in, written with raw SQL."""
    from xiangshan_desk.persistence.db import close_database
    unit = Unit.get(Unit.name == "石浦镇").id
    saved = cases.create_case(actor, {"unit_id": unit, "plaintiffs": "张三", "cause": "行政处罚"},
                              {"case_number": "（2025）浙0225行初7号", "complaint_received": "2025-04-01"})
    from xiangshan_desk.persistence.models import Proceeding
    proceeding = Proceeding.get(Proceeding.case == saved.id).id
    cases.add_hearing(actor, proceeding, {"date": "2025-05-20", "place": "第一法庭"})
    close_database()
    raw = sqlite3.connect(db_path)
    raw.execute("UPDATE \"case\" SET plaintiffs = ?, cause = ?", (BAD, "行政处罚\x07"))
    raw.execute("UPDATE unit SET name = ? WHERE id = ?", ("石浦镇\ufffe", unit))
    raw.execute("UPDATE unit_alias SET alias = ? WHERE id = (SELECT MIN(id) FROM unit_alias)", ("别名\x08",))
    raw.execute("UPDATE hearing SET place = ?", ("第一\uffff法庭",))
    raw.execute("UPDATE audit_entry SET new_value = ? WHERE id = (SELECT MIN(id) FROM audit_entry)", (BAD,))
    raw.commit()
    raw.close()
    return db_path


def _well_formed_with_replacements(path) -> None:
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist() if name.endswith((".xml", ".rels"))}
    text: list[str] = []
    for data in parts.values():
        parser = xml.parsers.expat.ParserCreate()
        parser.CharacterDataHandler = text.append
        parser.Parse(data, True)                                  # raises on a character XML cannot carry
    assert "\ufffd" in "".join(text), path


@pytest.mark.parametrize("args, name", [
    (["export", "ledger"], "台账.xlsx"),
    (["export", "quarterly-stats", "--year", "2025", "--quarter", "2"], "统计.xlsx"),
    (["export", "half-year-stats", "--year", "2025", "--half", "1"], "半年.xlsx"),
    (["export", "audit"], "历史记录.xlsx"),
    (["export", "todo", "--days", "30"], "待办.xlsx"),
    (["export", "todo", "--days", "30"], "催办单.docx"),
    (["export", "import-template"], "模板.xlsx"),
    (["export", "assessment", "--year", "2025"], "考核.xlsx"),
])
def test_exports_replace_stored_bad_characters_and_say_so(old_database, tmp_path, args, name):
    out = tmp_path / name
    result = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(old_database), *args, "--out",
                             str(out)], cwd=ROOT, capture_output=True, timeout=120, env=os.environ.copy())
    err = result.stderr.decode("utf-8")
    assert result.returncode == 0 and "Traceback" not in err, err
    count = re.search(r"提示：数据库中有 (\d+) 个无法写入文件的字符.*替换为“\ufffd”", err)
    assert count and int(count.group(1)) > 0, err
    _well_formed_with_replacements(out)


def test_the_ledger_keeps_the_rest_of_the_text(old_database, tmp_path):
    from openpyxl import load_workbook
    out = tmp_path / "台账.xlsx"
    subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(old_database), "export", "ledger", "--out",
                    str(out)], cwd=ROOT, capture_output=True, timeout=120, env=os.environ.copy(), check=True)
    sheet = load_workbook(out, read_only=True)["台账"]
    rows = list(sheet.iter_rows(values_only=True))
    row = dict(zip(rows[0], rows[1]))
    assert row["原告"] == "张\ufffd三\ufffd李\ufffd四\ufffd王\ufffd五\ufffd"
    assert row["案由"] == "行政处罚\ufffd" and row["被告单位"] == "石浦镇\ufffd"


def test_a_clean_export_says_nothing(db, db_path, actor, tmp_path):
    from xiangshan_desk.persistence.db import close_database
    cases.create_case(actor, {"unit_id": Unit.get(Unit.name == "石浦镇").id, "plaintiffs": "张三"},
                      {"case_number": "（2025）浙0225行初8号"})
    close_database()
    result = subprocess.run([sys.executable, "-m", "xiangshan_desk", "--db", str(db_path), "export", "ledger",
                             "--out", str(tmp_path / "台账.xlsx")], cwd=ROOT, capture_output=True, timeout=120,
                            env=os.environ.copy())
    assert result.returncode == 0 and "提示" not in result.stderr.decode("utf-8")
