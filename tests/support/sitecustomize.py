"""Loaded by Python at start-up when tests/support is on PYTHONPATH: the package then covers 2027 too."""
import os

if os.environ.get("XIANGSHAN_TEST_SCHEDULE_2027") == "1":
    from future_schedule import add_2027

    add_2027()
