"""Screenshots of issue #24 for the manual: the tray menu, a notification, the 待办 page with 今日提醒, 无后续安排.

Run inside an X screen that has a window manager and a system tray, e.g. (Debian: xvfb openbox trayer imagemagick):
    Xvfb :95 -screen 0 1600x1000x24 & DISPLAY=:95 openbox & DISPLAY=:95 trayer --edge top --align right &
    DISPLAY=:95 QT_QPA_PLATFORM=xcb python docs/tools/reminder_screenshots.py docs/images
Uses a demo database in a temporary folder; the clock is fixed at today 08:30 so that a round is due.
"""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
OUT = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "images").resolve()
FOLDER = Path(tempfile.mkdtemp(prefix="xiangshan_shots_"))
os.environ["XIANGSHAN_DESK_DATA"] = str(FOLDER / "data")


def grab(name: str, crop: str | None = None) -> None:
    """The whole X screen, cropped to WxH+X+Y when given."""
    target = OUT / name
    subprocess.run(["import", "-window", "root", str(target)], check=True)
    if crop:
        subprocess.run(["convert", str(target), "-crop", crop, "+repage", str(target)], check=True)
    print(target, flush=True)


def _add_cases_at_each_step() -> None:
    """Three cases whose deadlines fall yesterday, today and on the next working day, so that the notification
    shows its steps (the demo data is spread over three years and rarely has them)."""
    from xiangshan_desk.application import cases
    from xiangshan_desk.domain import rules
    from xiangshan_desk.persistence.models import Unit
    from xiangshan_desk.application.session import Actor, load_calendar
    cal, today, actor = load_calendar(), dt.date.today(), Actor("王书记员")
    previous, following = today - dt.timedelta(days=1), today + dt.timedelta(days=1)
    while not cal.is_working(previous):
        previous -= dt.timedelta(days=1)
    while not cal.is_working(following):
        following += dt.timedelta(days=1)

    def received(rule, due):
        return next(today - dt.timedelta(days=back) for back in range(1, 60)
                    if rule(cal, today - dt.timedelta(days=back)).day == due)
    made = (("石浦镇", "（2026）浙0225行初901号", {"complaint_received": received(rules.defense_due, previous)}),
            ("丹西街道", "（2026）浙0225行初902号", {"complaint_received": received(rules.defense_due, today)}),
            ("县公安局", "（2026）浙0225行初903号", {"summons_received": received(rules.head_list_due, following)}))
    for unit, number, dates in made:
        unit_id = Unit.get(Unit.name == unit).id
        cases.create_case(actor, {"unit_id": unit_id, "plaintiffs": "演示原告", "cause": "行政处罚"},
                          {"case_number": number, **dates})


def main() -> int:
    from xiangshan_desk.application.bootstrap import open_workspace
    from xiangshan_desk.application.demo import generate
    open_workspace(FOLDER / "demo.sqlite3")
    generate(300, seed=1)
    _add_cases_at_each_step()

    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtWidgets import QApplication
    app = QApplication(sys.argv[:1])
    from xiangshan_desk.application.settings import Settings
    from ui.context import AppContext
    from ui.main_window import MainWindow
    settings = Settings(operator="王书记员", welcomed=True, tray_hint_shown=True)
    window = MainWindow(AppContext(settings, str(FOLDER / "demo.sqlite3")))
    window.resize(1250, 760)
    window.move(20, 60)
    window.show()
    window.load_first_screen()
    morning = dt.datetime.combine(dt.date.today(), dt.time(8, 30))
    # As if the last round was the previous working day at 14:00, so that "newly overdue" has something to say.
    from xiangshan_desk.application import reminders
    from xiangshan_desk.persistence.paths import data_dir
    cal = window._context.calendar()
    previous = dt.date.today() - dt.timedelta(days=1)
    while not cal.is_working(previous):
        previous -= dt.timedelta(days=1)
    reminders.ReminderState(dt.datetime.combine(previous, dt.time(14, 0))).save(
        reminders.state_path(data_dir(), window._context.db_label))
    if not window.start_reminders(clock=lambda: morning):
        print("no system tray in this X screen", file=sys.stderr)
        return 2
    window.update_reminders()
    tray = window.tray
    steps = []

    def later(ms, fn):
        steps.append((ms, fn))

    def notification_shown():
        QTimer.singleShot(1500, lambda: grab("tray-notification.png", "760x330+840+0"))
        QTimer.singleShot(2500, open_menu)
    tray.notified.connect(lambda note: notification_shown())

    def open_menu():
        tray.icon.showMessage("", "", tray.icon.MessageIcon.NoIcon, 1)       # the balloon away
        geometry = tray.icon.geometry()
        tray.menu.popup(QPoint(geometry.left() - 160, geometry.bottom() + 4))
        QTimer.singleShot(1200, lambda: (grab("tray-menu.png", "520x260+1080+0"), tray.menu.hide(), digest_page()))

    def digest_page():
        window.show_todo()
        window.calendar_tab.copy_digest()
        QTimer.singleShot(1200, lambda: (grab("todo-digest.png", "1254x800+18+30"), stale_page()))

    def stale_page():
        window.show_nothing_scheduled()
        QTimer.singleShot(1200, lambda: (grab("todo-nothing-scheduled.png", "1254x800+18+30"), settings_dialog()))

    def settings_dialog():
        dialog = window.show_reminder_settings()
        dialog.move(400, 200)
        QTimer.singleShot(1200, lambda: (grab("reminder-settings.png", "560x420+380+170"), finish(dialog)))

    def finish(dialog):
        dialog.close()
        from xiangshan_desk.application import digest
        result = digest.collect()
        path = digest.write_docx(result, window._context.calendar(), FOLDER / "今日提醒.docx")
        (FOLDER / "digest-sample.txt").write_text(digest.text(result, window._context.calendar()), encoding="utf-8")
        print(path, flush=True)
        window.quit_program()

    QTimer.singleShot(4000, tray.check)           # the 08:30 round
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
