"""Issue #24 core: the notification scheduler (fixed clock and calendar), the daily digest and its command,
the nothing-scheduled (无后续安排) query, the escalation record (督办留痕), Windows autostart's script."""
import datetime as dt
import os
import subprocess
import sys

import pytest
from docx import Document

from xiangshan_desk.application import agenda, autostart, cases, digest, escalation, reminders
from xiangshan_desk.application.audit import audit_rows, audit_trail
from xiangshan_desk.application.agenda import AgendaItem
from xiangshan_desk.domain.calendar import WorkCalendar
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.persistence.models import Proceeding
from xiangshan_desk.application.reminders import ReminderConfig, ReminderState

from .scenarios import digest_case, unit_id

D = dt.date
T = dt.datetime
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAL = WorkCalendar()          # chinesecalendar only: 2025 is covered


def _item(case_id, day, what="答辩期限", kind=agenda.DEADLINE, unit="石浦镇", today=D(2025, 9, 26)):  # noqa: B008 - a date is immutable
    status = agenda.OVERDUE if day < today else agenda.DUE
    return AgendaItem(day, kind, case_id, f"（2025）浙0225行初{case_id}号", unit, 1, what, status, "", "被诉单位")


# ---------------------------------------------------------------------------------------------
# The scheduler: pure, with a fixed clock and the official calendar


def test_steps_by_days_left():
    today = D(2025, 9, 26)
    got = {left: reminders.step_of(_item(1, today + dt.timedelta(days=left)), today) for left in range(-2, 10)}
    assert got == {-2: "overdue", -1: "overdue", 0: "due_today", 1: "due_tomorrow", 2: "due_in_3", 3: "due_in_3",
                   4: "due_in_7", 5: "due_in_7", 6: "due_in_7", 7: "due_in_7", 8: None, 9: None}
    hearing = _item(1, today - dt.timedelta(days=1), "开庭", agenda.HEARING)
    assert reminders.step_of(hearing, today) is None          # a hearing is never "overdue"


def _items(today):
    """A hand-made to-do list relative to ``today``: one item at each step, one long overdue, two beyond every step."""
    return [_item(1, today - dt.timedelta(days=3)),                              # overdue for days
            _item(8, today - dt.timedelta(days=1)),                              # overdue since today
            _item(2, today, "备案期限"),                                          # today
            _item(3, today + dt.timedelta(days=1), "出庭名单备案期限"),            # tomorrow
            _item(4, today + dt.timedelta(days=3)),                              # in 3
            _item(5, today + dt.timedelta(days=6), "开庭", agenda.HEARING),       # in 7
            _item(6, today + dt.timedelta(days=10)),                             # nothing yet
            _item(7, today + dt.timedelta(days=30))]


def test_at_0830_on_a_working_day_exactly_the_expected_items():
    now = T(2025, 9, 26, 8, 30)                       # a Friday, a working day
    assert CAL.is_working(now.date())
    loaded = []

    def load(today):
        loaded.append(today)
        return _items(today)
    yesterday = ReminderState(T(2025, 9, 25, 14, 0))   # the last round: Thursday 14:00
    note, state = reminders.check(now, CAL, ReminderConfig(), yesterday, load)
    assert loaded == [D(2025, 9, 26)]
    # Case 1 was overdue already at the last round: not "new"; case 8 (due Thursday) became overdue since.
    assert [(step, item.case_id) for step, item in note.entries] == [
        ("overdue", 8), ("due_today", 2), ("due_tomorrow", 3), ("due_in_3", 4), ("due_in_7", 5)]
    assert note.slot == T(2025, 9, 26, 8, 30) and note.overdue_total == 2
    assert note.title == "行政应诉提醒：新逾期 1 项，今日到期 1 项，明日到期 1 项，3日内到期 1 项，7日内到期 1 项"
    lines = ["【新逾期】石浦镇 （2025）浙0225行初8号 答辩期限 9月25日 周四",
             "【今日到期】石浦镇 （2025）浙0225行初2号 备案期限 9月26日 周五",
             "【明日到期】石浦镇 （2025）浙0225行初3号 出庭名单备案期限 9月27日 周六",
             "【3日内到期】石浦镇 （2025）浙0225行初4号 答辩期限 9月29日 周一",
             "【7日内到期】石浦镇 （2025）浙0225行初5号 开庭 10月2日 周四"]
    assert note.message().splitlines() == lines[:4] + ["……另有 1 项", "目前共有 2 项已逾期。", "点击查看这些事项"]
    assert note.message(limit=9).splitlines() == lines + ["目前共有 2 项已逾期。", "点击查看这些事项"]
    # A Windows balloon takes 255 characters: fewer lines rather than a cut one.
    short = note.message(limit=9, chars=120)
    assert len(short) <= 120 and short.splitlines()[:2] == lines[:2] and "……另有 3 项" in short
    assert state.last_slot == T(2025, 9, 26, 8, 30)
    # The same moment again, and a minute later: that round is done, nothing is read or shown.
    for again in (now, T(2025, 9, 26, 8, 31), T(2025, 9, 26, 13, 59)):
        assert reminders.check(again, CAL, ReminderConfig(), state, load) == (None, state)
    assert len(loaded) == 1
    # 14:00 the same day: a new round, but every item is still at the step already announced.
    second, state2 = reminders.check(T(2025, 9, 26, 14, 0), CAL, ReminderConfig(), state, load)
    assert second is None and state2.last_slot == T(2025, 9, 26, 14, 0)


def test_each_step_once_as_days_pass():
    config = ReminderConfig()
    due = D(2025, 9, 12)                            # a Friday
    item = _item(9, due)
    state = ReminderState()
    shown = []
    day = D(2025, 9, 1)
    while day <= D(2025, 9, 19):
        for moment in (dt.time(8, 30), dt.time(14, 0)):
            note, state = reminders.check(T.combine(day, moment), CAL, config, state,
                                          lambda today: [_item(9, due, today=today)])
            if note:
                shown += [(day, step) for step, _ in note.entries]
        day += dt.timedelta(days=1)
    # 9-5 (Fri) is 7 days before; 9-6/9-7 are a weekend, so "3 days" (from 9-9) is announced on Tue 9-9.
    assert shown == [(D(2025, 9, 5), "due_in_7"), (D(2025, 9, 9), "due_in_3"), (D(2025, 9, 11), "due_tomorrow"),
                     (D(2025, 9, 12), "due_today"), (D(2025, 9, 15), "overdue")]
    assert state.notified == {reminders.item_key(item): ["due_in_7", "due_in_3", "due_tomorrow", "due_today",
                                                          "overdue"]}


def test_nothing_on_a_holiday_or_weekend_or_outside_office_hours():
    config = ReminderConfig()
    never = lambda today: pytest.fail("no items are read when no round is due")  # noqa: E731
    for now in (T(2025, 10, 1, 8, 30),              # National Day: a weekday off
                T(2025, 10, 6, 14, 0),
                T(2025, 9, 27, 8, 30),              # a Saturday
                T(2025, 9, 26, 7, 59),              # a working day, before the first time
                T(2025, 9, 26, 18, 30)):            # after office hours
        assert reminders.check(now, CAL, config, ReminderState(), never) == (None, ReminderState())
    # An adjusted working Sunday (调休上班日, 2025-09-28) is a working day: the round happens.
    note, _ = reminders.check(T(2025, 9, 28, 8, 30), CAL, config, ReminderState(), _items)
    assert note is not None
    # Quiet when notifications are switched off.
    off = ReminderConfig(enabled=False)
    assert reminders.check(T(2025, 9, 26, 8, 30), CAL, off, ReminderState(), never)[0] is None


def test_a_late_start_announces_the_missed_round_once():
    note, state = reminders.check(T(2025, 9, 26, 10, 15), CAL, ReminderConfig(), ReminderState(), _items)
    assert note.slot == T(2025, 9, 26, 8, 30)
    # The very first round: what was overdue before reminders ran is counted, not listed as "new".
    assert [s for s, _ in note.entries] == ["due_today", "due_tomorrow", "due_in_3", "due_in_7"]
    assert note.overdue_total == 2 and note.message().endswith("目前共有 2 项已逾期。\n点击查看这些事项")
    assert reminders.next_slot(T(2025, 9, 26, 10, 15), CAL, ReminderConfig()) == T(2025, 9, 26, 14, 0)
    # After Friday 14:00 the next round is on Sunday 9-28 (调休上班日), not Saturday.
    assert reminders.next_slot(T(2025, 9, 26, 15, 0), CAL, ReminderConfig()) == T(2025, 9, 28, 8, 30)
    # Before National Day: the next round after 9-30 is 10-9 (10-1..10-8 off, 10-11 is 班 but comes later).
    assert reminders.next_slot(T(2025, 9, 30, 15, 0), CAL, ReminderConfig()) == T(2025, 10, 9, 8, 30)


def test_a_moved_deadline_is_announced_afresh_and_done_items_are_forgotten():
    today = D(2025, 9, 26)
    first = _item(1, today + dt.timedelta(days=2))
    note, state = reminders.check(T(2025, 9, 26, 8, 30), CAL, ReminderConfig(), ReminderState(), lambda _: [first])
    assert [s for s, _ in note.entries] == ["due_in_3"]
    moved = _item(1, today + dt.timedelta(days=1))              # the holiday table changed its due day
    note, state = reminders.check(T(2025, 9, 26, 14, 0), CAL, ReminderConfig(), state, lambda _: [moved])
    assert [s for s, _ in note.entries] == ["due_tomorrow"]
    assert list(state.notified) == [reminders.item_key(moved)]  # the old key left with the old date


def test_settings_times_and_state_file(tmp_path):
    assert reminders.parse_times("14:00，8:30、 08:30") == (dt.time(8, 30), dt.time(14, 0))
    for bad, why in (("", "请至少填写一个提醒时间"), ("25:00", "时间“25:00”无效"), ("8点半", "时间“8点半”无效")):
        with pytest.raises(AppError, match=why):
            reminders.parse_times(bad)

    class S:
        reminder_times, office_hours, reminders_enabled = ["09:00", "bad"], ["07:30", "17:00"], True
    config = ReminderConfig.from_settings(S())
    assert config.times == ReminderConfig().times                  # unreadable: the defaults, not a crash
    assert (config.office_start, config.office_end) == (dt.time(7, 30), dt.time(17, 0))
    path = reminders.state_path(tmp_path, "/data/cases.sqlite3")
    assert path != reminders.state_path(tmp_path, "/tmp/demo.sqlite3")
    _, state = reminders.check(T(2025, 9, 26, 8, 30), CAL, ReminderConfig(), ReminderState(), _items)
    state.save(path)
    assert ReminderState.load(path) == state
    path.write_text("{not json", encoding="utf-8")
    assert ReminderState.load(path) == ReminderState()


# ---------------------------------------------------------------------------------------------
# The digest and the escalation record, on the hand-made ledger (tests/scenarios.py, the fixture `ledger`)

EXPECTED_DIGEST = """\
【行政应诉今日提醒】2025年9月26日 周五
已逾期及7日内到期的事项共5项，其中已逾期2项。

【石浦镇】3项，已逾期2项
1. （2025）浙0225行初1号　备案期限　9月18日 周四　已逾期8天
2. （2025）浙0225行初1号　答辩期限　9月25日 周四　已逾期1天
3. （2025）浙0225行初1号　开庭　9月30日 周二　待开庭

【县公安局】1项
1. （2025）浙0225行初2号　出庭名单备案期限　9月28日 周日（调休上班）　未到期（还剩2天）

【县司法局自办事项】1项
1. 丹东街道　（2025）浙0225行初3号　转报期限　9月28日 周日（调休上班）　未到期（还剩2天）

请各单位按照《象山县人民政府办公室关于进一步加强行政应诉工作的通知》要求抓紧办理，并及时向县司法局备案。
象山县司法局
"""


def _run(*args):
    return subprocess.run([sys.executable, "-m", "xiangshan_desk", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=os.environ.copy(), timeout=120)


def test_digest_text_in_official_unit_order(ledger):
    result = digest.collect(7, as_of=D(2025, 9, 26))
    # 石浦镇 (a town) comes before 县公安局 (a department) in the official order, though not by character code.
    assert "县公安局" < "石浦镇"
    assert digest.text(result, CAL) == EXPECTED_DIGEST
    only = digest.collect(7, unit_id("县公安局"), D(2025, 9, 26))
    assert [g.name for g in only.groups] == ["县公安局"]
    assert digest.text(only, CAL).splitlines()[0] == "【行政应诉今日提醒】（县公安局）2025年9月26日 周五"


def test_digest_marks_unconfirmed_due_days():
    item = AgendaItem(D(2031, 3, 3), agenda.DEADLINE, 1, "（2031）浙0225行初1号", "石浦镇", 1, "答辩期限", agenda.DUE,
                      "未到期（还剩3天）", "被诉单位", unconfirmed=True)
    assert digest.due_text(item, CAL, D(2031, 2, 28)) == "3月3日 周一（未确认）"
    assert digest.due_text(item, CAL, D(2030, 12, 30)) == "2031年3月3日 周一（未确认）"
    empty = digest.build([], D(2025, 9, 26), 7, [])
    assert digest.text(empty, CAL) == ("【行政应诉今日提醒】2025年9月26日 周五\n"
                                       "没有已逾期或7日内到期的行政应诉事项。\n象山县司法局\n")


def test_digest_command_prints_the_lines_and_writes_word_and_text(ledger, db_path, tmp_path):
    result = _run("--db", str(db_path), "digest", "--as-of", "2025-09-26")
    assert result.returncode == 0, result.stderr
    assert result.stdout == EXPECTED_DIGEST
    assert _run("--db", str(db_path), "digest", "--as-of", "2025-09-26", "--unit", "石浦", "--days", "3").returncode == 2
    police = _run("--db", str(db_path), "digest", "--as-of", "2025-09-26", "--unit", "县公安局")
    assert police.stdout.splitlines()[3:5] == ["【县公安局】1项",
                                               "1. （2025）浙0225行初2号　出庭名单备案期限　9月28日 周日（调休上班）　未到期（还剩2天）"]
    out = tmp_path / "今日提醒.docx"
    saved = _run("--db", str(db_path), "digest", "--as-of", "2025-09-26", "--out", str(out))
    assert saved.returncode == 0, saved.stderr
    document = Document(str(out))
    paragraphs = [p.text for p in document.paragraphs if p.text]
    assert paragraphs[0] == "行政应诉今日提醒"
    assert paragraphs[1] == "截至2025年9月26日（周五），已逾期及7日内到期的事项共5项，其中已逾期2项。"
    assert [p for p in paragraphs if "项" in p and "截至" not in p][:3] == ["石浦镇　3项，已逾期2项", "县公安局　1项",
                                                                         "县司法局自办事项　1项"]
    rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert rows == [["案号", "事项", "到期日", "状态"],
                    ["（2025）浙0225行初2号", "出庭名单备案期限", "2025-09-28 周日（调休上班）", "未到期（还剩2天）"]]
    text_out = tmp_path / "今日提醒.txt"
    assert _run("--db", str(db_path), "digest", "--as-of", "2025-09-26", "--out", str(text_out)).returncode == 0
    assert text_out.read_text(encoding="utf-8-sig") == EXPECTED_DIGEST
    bad = _run("--db", str(db_path), "digest", "--as-of", "2025-9-31")
    assert bad.returncode == 2 and "不是" in bad.stderr


def test_digest_command_records_escalations_when_asked(ledger, db_path):
    assert _run("--db", str(db_path), "digest", "--as-of", "2025-09-26").returncode == 0
    assert escalation.history(ledger["shipu"]) == []          # printing alone records nothing
    recorded = _run("--db", str(db_path), "digest", "--as-of", "2025-09-26", "--record")
    assert recorded.returncode == 0 and "已记入督办留痕 4 条" in recorded.stderr
    assert [(how, item) for _, _, how, item, _ in escalation.history(ledger["shipu"])] == [
        ("今日提醒（命令行）", "备案期限"), ("今日提醒（命令行）", "答辩期限"), ("今日提醒（命令行）", "开庭（2025-09-30）")]
    assert escalation.history(ledger["dandong"]) == []        # the Bureau's own 转报 urges no unit


def test_printed_notices_from_the_command_line_are_recorded_when_asked(ledger, db_path, tmp_path):
    plain = _run("--db", str(db_path), "export", "todo", "--days", "3650", "--out", str(tmp_path / "a.docx"))
    assert plain.returncode == 0, plain.stderr
    assert escalation.history(ledger["police"]) == []
    recorded = _run("--db", str(db_path), "export", "todo", "--days", "3650", "--unit", "县公安局", "--record",
                    "--out", str(tmp_path / "b.docx"))
    assert recorded.returncode == 0 and "已记入督办留痕 1 条" in recorded.stderr
    assert [(h[2], h[3]) for h in escalation.history(ledger["police"])] == [("催办单（打印）", "出庭名单备案期限")]
    assert escalation.history(ledger["shipu"]) == []


def test_a_digest_for_one_unit_leaves_out_the_bureaus_own_items(ledger):
    whole = digest.collect(7, as_of=D(2025, 9, 26))
    assert whole.groups[-1].name == "县司法局自办事项"
    dandong = digest.collect(7, unit_id("丹东街道"), D(2025, 9, 26))
    assert dandong.groups == () and dandong.unit == "丹东街道"
    assert digest.text(dandong, CAL).splitlines()[1] == "没有已逾期或7日内到期的行政应诉事项。"


# ---------------------------------------------------------------------------------------------
# 督办留痕


def test_escalations_appear_in_the_case_history(ledger, actor):
    items = agenda.todo(7, today=D(2025, 9, 26))
    assert escalation.record(actor, items, escalation.NOTICE_PRINTED, D(2025, 9, 26)) == 4
    trail = [e for e in audit_trail(ledger["police"]) if e.entity == "escalation"]
    assert [(e.action, e.field, e.new_value, e.operator, e.os_user) for e in trail] == [
        ("督办：催办单（打印）", "出庭名单备案期限", "县公安局；（2025）浙0225行初2号；到期日 2025-09-28；截至2025-09-26未到期（还剩2天）",
         "测试员", "tester")]
    assert trail[0].at.date() == dt.date.today()
    rows = [r for r in audit_rows(ledger["police"]) if r[4] == "督办"]
    assert rows and rows[0][3] == "督办：催办单（打印）"
    escalation.record(actor, [i for i in items if i.case_id == ledger["police"]], escalation.DIGEST_COPIED)
    assert [h[2] for h in escalation.history(ledger["police"])] == ["催办单（打印）", "今日提醒（复制发送）"]


# ---------------------------------------------------------------------------------------------
# 无后续安排


def test_nothing_scheduled_finds_the_stale_case(db, actor):
    today = D(2025, 6, 2)
    stale = digest_case(actor, "石浦镇", "（2025）浙0225行初11号", complaint_received="2025-03-07",
                  defense_submitted="2025-03-20", filing_received="2025-03-14", filing_complete=True,
                  forwarded="2025-03-17")                 # all done by 3-20, then nothing
    with_hearing = digest_case(actor, "石浦镇", "（2025）浙0225行初12号", complaint_received="2025-03-07",
                         defense_submitted="2025-03-20", filing_received="2025-03-14", filing_complete=True,
                         forwarded="2025-03-17")
    cases.add_hearing(actor, Proceeding.get(Proceeding.case == with_hearing).id, {"date": "2025-06-20"})
    digest_case(actor, "县公安局", "（2025）浙0225行初13号", complaint_received="2025-05-20")          # open deadlines
    digest_case(actor, "县公安局", "（2025）浙0225行初14号", complaint_received="2025-03-07",
          defense_submitted="2025-03-20", filing_received="2025-03-14", filing_complete=True, forwarded="2025-03-17",
          judgment_received="2025-04-01", judgment_filed="2025-04-03", decision="驳回诉讼请求",
          effective_date="2025-04-20")                    # concluded
    recent = digest_case(actor, "丹东街道", "（2025）浙0225行初15号", complaint_received="2025-04-10",
                   defense_submitted="2025-04-20", filing_received="2025-04-18", filing_complete=True,
                   forwarded="2025-05-20")                # last event 5-20: 13 days
    found = agenda.nothing_scheduled(30, today=today)
    assert [(s.case_id, s.last_day, s.last_what, s.idle_days) for s in found] == [
        (stale, D(2025, 3, 20), "提交答辩状", 74)]
    assert found[0].unit == "石浦镇" and found[0].last_text == "2025-03-20 提交答辩状"
    assert {s.case_id for s in agenda.nothing_scheduled(10, today=today)} == {stale, recent}
    assert agenda.nothing_scheduled(30, unit_id("丹东街道"), today) == []
    cases.move_to_recycle_bin(actor, stale)
    assert agenda.nothing_scheduled(30, today=today) == []


def test_a_decision_waiting_to_take_effect_is_something_scheduled(db, actor):
    today = dt.date.today()
    long_ago = today - dt.timedelta(days=200)
    dates = {"complaint_received": long_ago, "defense_submitted": long_ago + dt.timedelta(days=10),
             "filing_received": long_ago + dt.timedelta(days=5), "filing_complete": True,
             "forwarded": long_ago + dt.timedelta(days=6), "judgment_received": long_ago + dt.timedelta(days=60),
             "judgment_filed": long_ago + dt.timedelta(days=62), "decision": "驳回诉讼请求"}
    waiting = cases.create_case(actor, {"unit_id": unit_id("石浦镇")},
                                {"case_number": "（2026）浙0225行初21号", **dates,
                                 "effective_date": today + dt.timedelta(days=20)}).id
    forgotten = cases.create_case(actor, {"unit_id": unit_id("石浦镇")},
                                  {"case_number": "（2026）浙0225行初22号", **dates}).id   # effect never recorded
    found = agenda.nothing_scheduled(30, today=today)
    assert [(s.case_id, s.last_what, s.idle_days) for s in found] == [(forgotten, "裁判文书备案", 138)]
    assert waiting not in {s.case_id for s in found}


# ---------------------------------------------------------------------------------------------
# 开机自动启动 (the Windows code path, in a temporary folder standing for the Startup folder)


def test_autostart_script_in_a_startup_folder(tmp_path):
    folder = tmp_path / "Startup"
    command = [r"C:\Program Files\象山行政应诉工作台\象山行政应诉工作台.exe", "--tray"]
    assert not autostart.is_enabled(folder)
    path = autostart.enable(folder, command)
    assert path == folder / "象山行政应诉工作台.vbs" and autostart.is_enabled(folder)
    raw = path.read_bytes()
    assert raw[:2] == b"\xff\xfe"                         # UTF-16 LE with a BOM, which Windows Script Host reads
    text = raw.decode("utf-16")
    assert 'shell.Run """C:\\Program Files\\象山行政应诉工作台\\象山行政应诉工作台.exe"" --tray", 1, False' in text
    assert autostart.apply(False, folder) is False and not path.exists()
    assert autostart.disable(folder) is False
    assert autostart.program_command()[-1] == "--tray"


@pytest.mark.skipif(sys.platform == "win32", reason="the refusal is for other systems")
def test_autostart_is_refused_off_windows():
    assert not autostart.supported() and "Windows" in autostart.unsupported_reason()
    with pytest.raises(AppError, match="开机自动启动只在 Windows 上提供"):
        autostart.enable()
    assert autostart.disable() is False
