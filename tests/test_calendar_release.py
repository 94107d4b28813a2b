"""Issue #16: the suite does not depend on which years the installed chinesecalendar covers.

The tests of the calendar, deadlines, holiday table, banner and About box run again in a fresh process whose
chinesecalendar also covers 2027 (tests/support/sitecustomize.py adds a small 2027 schedule to the package's
tables, as the next release will), and must pass there as they pass here.
"""
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUPPORT = os.path.join(ROOT, "tests", "support")
AFFECTED = ["tests/test_calendar.py", "tests/test_rules.py", "tests/test_db.py", "tests/test_agenda.py",
            "tests/test_cli.py", "tests/test_calendar_tab.py", "tests/test_caselist.py"]


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "XIANGSHAN_TEST_PG_URL"}   # SQLite is enough
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [SUPPORT, env.get("PYTHONPATH", "")]))
    env["XIANGSHAN_TEST_SCHEDULE_2027"] = "1"
    return env


def test_the_injected_release_covers_2027():
    probe = subprocess.run([sys.executable, "-c", "from xiangshan_desk.domain.calendar import official_schedule as o; "
                            "print(o().covers(2027), o().coverage_text)"],
                           cwd=ROOT, env=_env(), capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.split()[0] == "True" and probe.stdout.strip().endswith("—2027年")


def test_calendar_tests_pass_on_a_release_covering_2027():
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", *AFFECTED],
                         cwd=ROOT, env=_env(), capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout.splitlines()[-1]
