"""application/processes.py: work run in a spawned child process (the 催办单 and .ics exports on 100,000 cases held
Python's lock for 0.3–1 s at a time in a worker thread; benchmarks/README.md, 界面线程最长停顿)."""
import datetime as dt
import multiprocessing
import os
import threading

import pytest

from tests import process_work
from xiangshan_desk.application import agenda, processes
from xiangshan_desk.application.outputs import take_replaced_count
from xiangshan_desk.domain.errors import AppError


class _Cancelled(BaseException):
    pass


def test_the_work_runs_in_another_process_and_its_result_comes_back():
    assert processes.call(process_work.process_id) != os.getpid()


def test_long_lists_arrive_whole_and_in_order():
    items = list(range(processes.CHUNK * 3 + 7))
    count, total, pid = processes.call(process_work.summed, (items, 2))
    assert (count, total) == (len(items), sum(items) * 2) and pid != os.getpid()


def test_an_app_error_comes_back_with_its_chinese_message(db, tmp_path):
    with pytest.raises(AppError, match="文件已被其他程序打开") as raised:
        processes.call(process_work.refuse, ("文件已被其他程序打开。",))
    assert raised.value.message == "文件已被其他程序打开。" and raised.value.field == "字段"

    blocked = tmp_path / "一个文件"
    blocked.write_text("", encoding="utf-8")
    with pytest.raises(AppError, match="无法保存日历文件") as here:
        agenda.write_ics(blocked / "日历.ics", dt.date.today())
    with pytest.raises(AppError, match="无法保存日历文件") as there:
        processes.call(agenda.write_ics, (blocked / "日历.ics", dt.date.today()))
    assert there.value.message == here.value.message and "无法保存日历文件" in there.value.message


def test_an_unexpected_error_comes_back_with_the_childs_traceback():
    with pytest.raises(processes.ProcessError, match="KeyError") as raised:
        processes.call(process_work.fail)
    assert "KeyError" in str(raised.value) and "process_work.py" in str(raised.value)


def test_progress_reaches_the_caller_and_raising_from_it_stops_the_child_before_it_writes(tmp_path):
    reports = []
    target = tmp_path / "结果.txt"
    assert processes.call(process_work.write_after_steps, (str(target), 5), progress=lambda *r: reports.append(r),
                          reports_progress=True) == target
    assert target.read_text(encoding="utf-8") == "完成" and reports[-1] == (5, 5)

    target.unlink()

    def cancel(done, total):
        if done >= 3:
            raise _Cancelled("取消")     # ui.operations raises its Cancelled here when the clerk presses 取消
    with pytest.raises(_Cancelled, match="取消"):
        processes.call(process_work.write_after_steps, (str(target), 500), progress=cancel, reports_progress=True)
    assert list(tmp_path.iterdir()) == []                   # neither the file nor a temporary one


def test_replaced_characters_are_counted_for_the_calling_thread():
    take_replaced_count()
    assert processes.call(process_work.replaced, ("原告\ufffe甲\x07",)) == "原告\ufffd甲\ufffd"
    assert take_replaced_count() == 2


def test_the_wait_does_not_hold_the_lock(tmp_path):
    """While the child works the calling thread only waits: another thread keeps running."""
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(1)
            stop.wait(0.01)
    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        processes.call(process_work.write_after_steps, (str(tmp_path / "结果.txt"), 30), reports_progress=True)
    finally:
        stop.set()
        ticker.join()
    assert len(ticks) >= 20


def test_a_child_that_cannot_start_leaves_the_work_to_this_thread(monkeypatch):
    def refuse_to_start(self):
        raise OSError("no processes here")
    monkeypatch.setattr(multiprocessing.get_context("spawn").Process, "start", refuse_to_start)
    assert processes.call(process_work.process_id) == os.getpid()


def test_the_ics_file_written_in_the_child_is_the_one_written_here(db, actor, tmp_path):
    from xiangshan_desk.application import cases
    from xiangshan_desk.persistence.models import Unit
    cases.create_case(actor, {"unit_id": Unit.get(Unit.name == "石浦镇").id, "plaintiffs": "甲"},
                      {"case_number": "（2026）浙0225行初1号", "complaint_received": dt.date.today() - dt.timedelta(days=3)})
    here, count_here = agenda.write_ics(tmp_path / "这里.ics", dt.date.today())
    there, count_there = processes.call(agenda.write_ics, (tmp_path / "子进程.ics", dt.date.today()))
    assert count_there == count_here >= 1

    def content(path):          # the time stamp (DTSTAMP: when the file was made) differs, nothing else
        return [line for line in path.read_bytes().split(b"\r\n") if not line.startswith(b"DTSTAMP")]
    assert content(there) == content(here)


def test_a_child_that_dies_midway_is_a_chinese_refusal_not_a_hang():
    with pytest.raises(AppError, match="后台进程意外结束（退出代码 7），文件未写出"):
        processes.call(os._exit, (7,))
