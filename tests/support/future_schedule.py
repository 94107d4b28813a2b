"""A chinesecalendar release that covers 2027, as the next one will: a few 2027 rest days and adjusted working
days added to the installed package's own tables (issue #16).

The whole suite must pass on such a package as it passes on today's. `sitecustomize.py` beside this file calls
``add_2027()`` in every Python process started with this folder on PYTHONPATH, so that the command-line tests'
subprocesses see the same package as the tests themselves.
"""
import datetime as dt

D = dt.date

# Not the real 2027 schedule (not yet published when this was written): shaped like one.
REST_2027 = [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3),
             *(D(2027, 2, day) for day in range(5, 12)),
             D(2027, 4, 5), *(D(2027, 5, day) for day in range(1, 6)),
             *(D(2027, 10, day) for day in range(1, 8))]
WORKING_2027 = [D(2027, 2, 13), D(2027, 4, 25), D(2027, 9, 26), D(2027, 10, 9)]


def add_2027() -> None:
    from chinese_calendar import constants
    for day in REST_2027:
        constants.holidays.setdefault(day, "Spring Festival")
    for day in WORKING_2027:
        constants.workdays.setdefault(day, "Spring Festival")
