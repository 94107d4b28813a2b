"""`python -m xiangshan_desk deadlines`: the worked examples, the unconfirmed mark, and bad input."""
import json
import os
import subprocess
import sys

import pytest

from xiangshan_desk.application.holidays import set_holiday_days, set_year_complete
from xiangshan_desk.persistence import db as dbmod
from xiangshan_desk.application import bootstrap

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(stdin: str, *args: str):
    # the tests' database files are new: --create says so (without it a missing --db file is refused)
    return subprocess.run([sys.executable, "-m", "xiangshan_desk", *args, "--create", "deadlines"], input=stdin,
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT, env=os.environ.copy(),
                          timeout=60)


def test_worked_examples_through_the_command_line(db_path):
    stdin = json.dumps([{"complaint_received": "2025-03-07"}, {"complaint_received": "2025-01-15"},
                        {"summons_received": "2025-09-26"}])
    result = run(stdin, "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        {"defense_due": "2025-03-24", "filing_due": "2025-03-17", "unconfirmed": []},
        {"defense_due": "2025-02-05", "filing_due": "2025-01-22", "unconfirmed": []},
        {"head_list_due": "2025-09-30", "unconfirmed": []},
    ]


def test_single_object_gives_single_object_with_every_key(db_path):
    stdin = json.dumps({"complaint_received": "2025-03-07", "filing_received": "2025-03-14",
                        "summons_received": "2025-09-26", "risk_found": "2025-04-25",
                        "judgment_received": "2025-06-03", "judgment_served": "2025-06-03",
                        "judgment_kind": "裁定", "judgment_effective": "2025-06-14"})
    result = run(stdin, "--db", str(db_path))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "defense_due": "2025-03-24", "filing_due": "2025-03-17", "forward_due": "2025-03-19",
        "head_list_due": "2025-09-30",
        "risk_report_due": "2025-05-06",          # 05-05 is in the May Day holiday (05-01..05-05)
        "judgment_filing_due": "2025-06-10",
        "proposed_effective_date": "2025-06-14",
        "loss_report_due": "2025-07-04",
        "unconfirmed": []}


def test_late_december_is_marked_and_the_holiday_table_clears_it(db_path, actor):
    # 2093 and 2094 fall on the weekdays of 2026 and 2027; no chinesecalendar release will cover them, so this
    # runs the same whatever release is installed. The clerks entered 2093 as complete (as a covered year is).
    bootstrap.open_workspace(db_path)
    set_year_complete(actor, 2093, True, "国办发明电〔2092〕1号")
    dbmod.close_database()
    stdin = json.dumps({"complaint_received": "2093-12-20", "summons_received": "2093-12-30"})
    first = json.loads(run(stdin, "--db", str(db_path)).stdout)
    # Monday–Friday fallback: 2094-01-01 (Fri) counts as a working day until the schedule is entered
    assert first == {"defense_due": "2094-01-04", "filing_due": "2093-12-28", "head_list_due": "2094-01-04",
                     "unconfirmed": ["defense_due", "filing_due", "head_list_due"]}
    bootstrap.open_workspace(db_path)
    set_holiday_days(actor, {dt: False for dt in _days("2094-01-01", "2094-01-04")})
    set_holiday_days(actor, {_days("2094-01-05", "2094-01-05")[0]: True})
    dbmod.close_database()
    second = run(stdin, "--db", str(db_path))
    assert second.returncode == 0, second.stderr
    # 01-06 was not entered, so the head list deadline stays unconfirmed; the others are confirmed now
    assert json.loads(second.stdout) == {"defense_due": "2094-01-05", "filing_due": "2093-12-25",
                                         "head_list_due": "2094-01-06", "unconfirmed": ["head_list_due"]}


def _days(first, last):
    import datetime as dt
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [a + dt.timedelta(days=i) for i in range((b - a).days + 1)]


@pytest.mark.parametrize("stdin, named", [
    ("not json", "JSON"),
    ('{"complaint_received": "2025-02-30"}', "2025-02-30"),
    ('{"complaint_received": "2025-3-7x"}', "complaint_received"),
    ('{"complaint_received": "20250307"}', "20250307"),
    ('{"complaint_received": 20250307}', "complaint_received"),
    ('{"complaint_recieved": "2025-03-07"}', "complaint_recieved"),
    ('{"judgment_kind": "调解"}', "judgment_kind"),
    ('[{"risk_found": "2025-01-01"}, 5]', "第 2 个对象"),
    ('"2025-03-07"', "JSON 对象"),
])
def test_bad_input_exits_2_with_message_and_no_output(db_path, stdin, named):
    result = run(stdin, "--db", str(db_path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert named in result.stderr and "错误" in result.stderr


def test_help_is_in_chinese():
    result = subprocess.run([sys.executable, "-m", "xiangshan_desk", "deadlines", "--help"], capture_output=True,
                            text=True, encoding="utf-8", cwd=ROOT, timeout=60)
    assert result.returncode == 0 and "标准输入" in result.stdout


def test_the_deadlines_command_reads_rules_one_table_of_deadline_kinds():
    """Which date starts which deadline is rules.DEADLINE_KINDS alone: every trigger is an input, every kind an
    output, and nothing else besides the service date and the proposed date of effect."""
    from xiangshan_desk import cli
    from xiangshan_desk.domain import rules
    assert set(cli.DATE_KEYS) == {kind.trigger for kind in rules.DEADLINE_KINDS} | {"judgment_served"}
    assert set(cli.OUTPUT_KEYS) == set(rules.DEADLINES) | {"proposed_effective_date"}
    assert cli.OUTPUT_KEYS[-2:] == ("proposed_effective_date", "loss_report_due")
