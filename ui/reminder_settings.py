"""设置 → 提醒: notification times, office hours, the tray on close, autostart (Windows), 无后续安排 days."""
from __future__ import annotations

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QSpinBox, QTimeEdit, QVBoxLayout, QWidget)

from xiangshan_desk.application import agenda, autostart, reminders
from xiangshan_desk.domain.errors import AppError

from .context import AppContext


def _qtime(text: str, default: str) -> QTime:
    try:
        moment = reminders.parse_time(text)
    except AppError:
        moment = reminders.parse_time(default)
    return QTime(moment.hour, moment.minute)


class ReminderSettingsDialog(QDialog):
    changed = Signal()

    def __init__(self, context: AppContext, tray_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        s = context.settings
        self.setWindowTitle("提醒设置")
        self.setMinimumWidth(480)

        # widgets
        self.enabled_check = QCheckBox("在工作日的下列时间显示系统通知")
        self.enabled_check.setChecked(s.reminders_enabled)
        self.times_edit = QLineEdit(reminders.times_text(reminders.parse_times(s.reminder_times))
                                    if self._times_ok(s.reminder_times) else "、".join(reminders.DEFAULT_TIMES))
        self.times_edit.setPlaceholderText("如 08:30、14:00")
        hours = list(s.office_hours) + list(reminders.DEFAULT_OFFICE_HOURS[len(s.office_hours):])
        self.office_start = QTimeEdit(_qtime(hours[0], reminders.DEFAULT_OFFICE_HOURS[0]))
        self.office_end = QTimeEdit(_qtime(hours[1], reminders.DEFAULT_OFFICE_HOURS[1]))
        for edit in (self.office_start, self.office_end):
            edit.setDisplayFormat("HH:mm")
        self.tray_check = QCheckBox("关闭窗口时最小化到托盘（程序在后台继续提醒）")
        self.tray_check.setChecked(s.minimize_to_tray)
        self.autostart_check = QCheckBox("开机自动启动（启动后只显示托盘图标）")
        self.autostart_check.setChecked(s.autostart and autostart.supported())
        self.stale_spin = QSpinBox()
        self.stale_spin.setRange(1, 3650)
        self.stale_spin.setValue(s.stale_days if s.stale_days > 0 else agenda.DEFAULT_STALE_DAYS)
        self.stale_spin.setSuffix(" 天")
        self.note = QLabel("通知只在国务院节假日安排中的工作日、办公时间内出现（调休上班日也提醒），"
                           f"每个事项在“{'、'.join(reminders.STEP_TEXT[step] for step in reversed(reminders.STEPS))}”"
                           "各提醒一次；"
                           "错过的提醒时间在程序启动后补发一次。点击通知打开待办中的这些事项。")
        self.note.setWordWrap(True)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        if not tray_available:
            self.tray_check.setEnabled(False)
            self.tray_check.setToolTip("当前桌面没有系统托盘，无法最小化到托盘，也不能显示系统通知。")
        if not autostart.supported():
            self.autostart_check.setEnabled(False)
            self.autostart_check.setToolTip(autostart.unsupported_reason())
        self.autostart_hint = QLabel("" if autostart.supported() else autostart.unsupported_reason())
        self.autostart_hint.setStyleSheet("color: #666")

        # assemble
        hours_row = QHBoxLayout()
        hours_row.addWidget(self.office_start)
        hours_row.addWidget(QLabel("至"))
        hours_row.addWidget(self.office_end)
        hours_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.enabled_check)
        form.addRow("提醒时间", self.times_edit)
        form.addRow("办公时间", hours_row)
        form.addRow(self.tray_check)
        form.addRow(self.autostart_check)
        if self.autostart_hint.text():
            form.addRow(self.autostart_hint)
        form.addRow("无后续安排：超过", self.stale_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        # connections
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.enabled_check.toggled.connect(self._on_enabled_toggled)
        self._on_enabled_toggled(self.enabled_check.isChecked())

    @staticmethod
    def _times_ok(times) -> bool:
        try:
            reminders.parse_times(times)
        except AppError:
            return False
        return True

    def save(self) -> bool:
        """Check and store the values; False (with the reason shown) when something is wrong."""
        try:
            times = reminders.parse_times(self.times_edit.text())
        except AppError as exc:
            self.message.setText(exc.message)
            return False
        start, end = self.office_start.time(), self.office_end.time()
        if start >= end:
            self.message.setText("办公时间的结束应晚于开始")
            return False
        s = self._context.settings
        if autostart.supported() and self.autostart_check.isChecked() != s.autostart:
            try:
                autostart.apply(self.autostart_check.isChecked())
            except AppError as exc:
                self.message.setText(exc.message)
                return False
        s.autostart = self.autostart_check.isChecked() and autostart.supported()
        s.reminders_enabled = self.enabled_check.isChecked()
        s.reminder_times = [t.strftime("%H:%M") for t in times]
        s.office_hours = [start.toString("HH:mm"), end.toString("HH:mm")]
        if self.tray_check.isEnabled():
            s.minimize_to_tray = self.tray_check.isChecked()
        s.stale_days = self.stale_spin.value()
        s.save()
        self.changed.emit()
        return True

    def _on_buttons_accepted(self) -> None:
        if self.save():
            self.accept()

    def _on_enabled_toggled(self, on: bool) -> None:
        for widget in (self.times_edit, self.office_start, self.office_end):
            widget.setEnabled(on)
