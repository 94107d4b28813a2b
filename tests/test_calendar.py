"""The working-day calendar of rules.md §2, its worked examples and its properties."""
import datetime as dt

import chinese_calendar
from hypothesis import given
from hypothesis import strategies as st

from xiangshan_desk.domain import rules
from xiangshan_desk.domain.calendar import OfficialSchedule, WorkCalendar, official_schedule

D = dt.date
CAL = WorkCalendar()
# A release whose last year is 2026, whatever release is installed: 2027 has no official schedule in it.
ENDING_2026 = OfficialSchedule.from_package(years=range(1990, 2027))
dates = st.dates(min_value=D(2004, 2, 1), max_value=D(2026, 11, 30))


def test_worked_example_defense_due_on_saturday_moves_to_monday():
    defense = rules.defense_due(CAL, D(2025, 3, 7))
    assert defense.day == D(2025, 3, 24)
    assert rules.filing_due(CAL, defense).day == D(2025, 3, 17)
    assert not defense.unconfirmed


def test_worked_example_spring_festival_and_adjusted_sunday():
    defense = rules.defense_due(CAL, D(2025, 1, 15))
    assert defense.day == D(2025, 2, 5)
    # counting back passes the adjusted working Sunday 2025-01-26
    assert CAL.is_adjusted_working(D(2025, 1, 26))
    assert rules.filing_due(CAL, defense).day == D(2025, 1, 22)


def test_worked_example_summons_counts_adjusted_working_sunday():
    assert rules.head_list_due(CAL, D(2025, 9, 26)).day == D(2025, 9, 30)


def test_deadline_on_adjusted_working_day_is_not_extended():
    # 2025-01-11 + 15 = 2025-01-26, an adjusted working Sunday: it is a working day (rules.md §9)
    assert rules.defense_due(CAL, D(2025, 1, 11)).day == D(2025, 1, 26)


def test_covered_years_are_read_from_the_installed_package():
    years = {day.year for day in chinese_calendar.holidays}
    assert official_schedule().years == years
    assert {2024, 2025, 2026} <= years
    assert official_schedule().coverage_text.endswith(f"{max(years)}年")


def test_schedule_agrees_with_the_package_on_every_covered_day():
    schedule = official_schedule()
    day, last = D(min(schedule.years), 1, 1), D(max(schedule.years), 12, 31)
    while day <= last:
        if day.year in schedule.years:
            assert schedule.is_working(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_a_release_covering_2027_is_used_without_a_change(monkeypatch):
    from chinese_calendar import constants
    monkeypatch.setattr(constants, "holidays", {**constants.holidays, D(2027, 1, 1): "New Year's Day"})
    monkeypatch.setattr(constants, "workdays", {**constants.workdays, D(2027, 2, 13): "Spring Festival"})
    monkeypatch.setattr(chinese_calendar, "holidays", constants.holidays)
    monkeypatch.setattr(chinese_calendar, "workdays", constants.workdays)
    newer = OfficialSchedule.from_package()
    assert newer.covers(2027) and newer.coverage_text.endswith("—2027年")
    cal = WorkCalendar(official=newer)
    assert not cal.is_working(D(2027, 1, 1)) and cal.is_adjusted_working(D(2027, 2, 13))
    defense = rules.defense_due(cal, D(2026, 12, 20))      # 2027-01-04, a Monday of the new schedule
    assert defense.day == D(2027, 1, 4) and not defense.unconfirmed


def test_coverage_text_names_gaps():
    schedule = OfficialSchedule([D(2004, 1, 1), D(2005, 1, 1), D(2007, 1, 1)], [])
    assert schedule.coverage_text == "2004—2005年、2007年"
    assert OfficialSchedule([], []).coverage_text == "无"


def test_late_december_2026_is_unconfirmed_without_error():
    cal = WorkCalendar(official=ENDING_2026)
    defense = rules.defense_due(cal, D(2026, 12, 20))
    assert defense.day == D(2027, 1, 4)      # Monday–Friday fallback
    assert defense.unconfirmed
    assert rules.filing_due(cal, defense).unconfirmed


def test_entering_2027_days_changes_results_and_clears_the_mark():
    # A clerk enters 2027-01-01..01-04 as rest days and 01-05 as a working day.
    entered = {D(2027, 1, 1): False, D(2027, 1, 2): False, D(2027, 1, 3): False, D(2027, 1, 4): False,
               D(2027, 1, 5): True}
    cal = WorkCalendar(entered, official=ENDING_2026)
    defense = rules.defense_due(cal, D(2026, 12, 20))
    assert defense.day == D(2027, 1, 5)
    assert not defense.unconfirmed
    # a day that was not entered stays unconfirmed until the year is marked complete
    assert rules.defense_due(cal, D(2026, 12, 31)).unconfirmed
    assert not rules.defense_due(WorkCalendar(entered, [2027], official=ENDING_2026), D(2026, 12, 31)).unconfirmed


@given(dates, st.integers(min_value=1, max_value=30))
def test_calendar_day_deadline_falls_on_a_working_day(start, n):
    result = CAL.days_after(start, n)
    assert CAL.is_working(result.day)
    assert result.day >= start + dt.timedelta(days=n)
    # every day between the unextended last day and the result is a rest day
    day = start + dt.timedelta(days=n)
    while day < result.day:
        assert not CAL.is_working(day)
        day += dt.timedelta(days=1)


@given(dates, st.integers(min_value=1, max_value=10))
def test_working_day_results_are_working_days(start, n):
    after = CAL.working_days_after(start, n)
    before = CAL.working_days_before(start, n)
    assert CAL.is_working(after.day) and CAL.is_working(before.day)
    assert CAL.working_days_between(start, after.day) == n
    assert CAL.working_days_between(before.day, start - dt.timedelta(days=1)) == n - 1


@given(dates, dates, st.integers(min_value=1, max_value=10))
def test_working_days_after_is_monotonic(a, b, n):
    first, second = sorted((a, b))
    assert CAL.working_days_after(first, n).day <= CAL.working_days_after(second, n).day
    assert CAL.working_days_before(first, n).day <= CAL.working_days_before(second, n).day


@given(dates, st.integers(min_value=1, max_value=10))
def test_holiday_override_changes_results_as_it_should(start, n):
    base = CAL.working_days_after(start, n)
    # Declaring the result a rest day pushes the result to the next working day after it.
    moved = WorkCalendar({base.day: False}).working_days_after(start, n)
    assert moved.day > base.day
    assert moved.day == CAL.working_days_after(base.day, 1).day
    # Declaring a rest day inside the span a working day brings the result earlier (or keeps it).
    rest_days = [start + dt.timedelta(days=i) for i in range(1, (base.day - start).days)
                 if not CAL.is_working(start + dt.timedelta(days=i))]
    if rest_days:
        earlier = WorkCalendar({rest_days[0]: True}).working_days_after(start, n)
        assert earlier.day < base.day
    # An override outside the span changes nothing.
    assert WorkCalendar({base.day + dt.timedelta(days=1): False}).working_days_after(start, n).day == base.day


@given(dates, st.integers(min_value=1, max_value=30))
def test_calendar_day_override_on_last_day_extends(start, n):
    base = CAL.days_after(start, n)
    moved = WorkCalendar({base.day: False}).days_after(start, n)
    assert moved.day > base.day and CAL.is_working(moved.day)


def test_span_records_the_days_looked_at():
    result = CAL.working_days_after(D(2025, 9, 26), 3)
    assert (result.first, result.last) == (D(2025, 9, 27), D(2025, 9, 30))
    filing = rules.filing_due(CAL, rules.defense_due(CAL, D(2025, 3, 7)))
    assert (filing.first, filing.last) == (D(2025, 3, 17), D(2025, 3, 24))


def test_an_adjusted_working_day_is_named_so():
    assert CAL.weekday_text(D(2025, 9, 28)) == "周日（调休上班）"       # before National Day 2025
    assert CAL.weekday_text(D(2025, 9, 27)) == "周六"
