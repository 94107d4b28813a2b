"""The case editor's small dialogs: a hearing, a new proceeding (新增二审/再审), a performance record, and its
questions (unsaved changes, a co-defendant case, removing a hearing)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QMessageBox, QWidget)

from xiangshan_desk.application import cases
from xiangshan_desk.domain import rules

from ..widgets import DateEdit


class HearingDialog(QDialog):
    """One hearing: date, place, who appeared, their role, whether they left without permission."""

    def __init__(self, record: cases.HearingRecord | None = None, parent: QWidget | None = None,
                 roles: tuple[str, ...] = rules.APPEARANCE_ROLES) -> None:
        super().__init__(parent)
        self.setWindowTitle("开庭记录")
        self.setMinimumWidth(520)                    # the place, a name with a post, the reason fit
        self.date_edit = DateEdit("开庭日期")
        self.place_edit = QLineEdit()
        self.attendee_edit = QLineEdit()
        self.post_edit = QLineEdit()
        self.role_combo = QComboBox()
        self.role_combo.addItem("（尚未开庭）", None)
        # 分管县领导 only for the county government's cases; a role stored before that rule stays visible
        shown = roles + ((record.role,) if record is not None and record.role and record.role not in roles else ())
        for role in shown:
            self.role_combo.addItem(role, role)
        self.left_check = QCheckBox("未经法庭许可中途退庭")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("未出庭时填写正当理由（如有）")
        self.message = QLabel()
        self.message.setStyleSheet("color: #b71c1c;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")

        form = QFormLayout(self)
        form.addRow("开庭日期", self.date_edit)
        form.addRow("开庭地点", self.place_edit)
        form.addRow("出庭人员", self.attendee_edit)
        form.addRow("职务", self.post_edit)
        form.addRow("出庭人员身份", self.role_combo)
        form.addRow("", self.left_check)
        form.addRow("未出庭正当理由", self.reason_edit)
        form.addRow(self.message)
        form.addRow(buttons)

        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        if record is not None:
            self.date_edit.set_date(record.date)
            self.place_edit.setText(record.place)
            self.attendee_edit.setText(record.attendee)
            self.post_edit.setText(record.attendee_post)
            self.role_combo.setCurrentIndex(max(0, self.role_combo.findData(record.role)))
            self.left_check.setChecked(record.left_without_permission)
            self.reason_edit.setText(record.absence_reason)

    def values(self) -> dict:
        return {"date": self.date_edit.text(), "place": self.place_edit.text(),
                "attendee": self.attendee_edit.text(), "attendee_post": self.post_edit.text(),
                "role": self.role_combo.currentData(), "left_without_permission": self.left_check.isChecked(),
                "absence_reason": self.reason_edit.text()}


class AddProceedingDialog(QDialog):
    """新增二审 / 再审: the new proceeding's level, case number, court and receipt date."""

    def __init__(self, parent: QWidget | None = None, court: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("新增审级")
        self.setMinimumWidth(480)                    # a whole 案号 fits
        self.level_combo = QComboBox()
        self.level_combo.addItems([rules.LEVEL_SECOND, rules.LEVEL_RETRIAL, rules.LEVEL_FIRST])
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText("（2025）浙02行终1号")
        self.court_edit = QLineEdit(court)          # the court that hears an appeal of the shown proceeding
        self.received_edit = DateEdit("收到上诉状副本日期")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新增")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        form = QFormLayout(self)
        form.addRow("审级", self.level_combo)
        form.addRow("案号", self.number_edit)
        form.addRow("法院", self.court_edit)
        form.addRow("收到上诉状（起诉状）副本", self.received_edit)
        form.addRow(QLabel("发回重审后的新一审请选择“一审”。"))
        form.addRow(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def values(self) -> dict:
        return {"level": self.level_combo.currentText(), "case_number": self.number_edit.text(),
                "court": self.court_edit.text(), "complaint_received": self.received_edit.text()}


class PerformanceDialog(QDialog):
    """记录履行情况: the date, the state and a note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("记录履行情况")
        self.date_edit = DateEdit("记录日期")
        self.date_edit.set_date(dt.date.today())
        self.state_combo = QComboBox()
        self.state_combo.addItems(rules.PERFORMANCE_STATES)
        self.note_edit = QLineEdit()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout(self)
        form.addRow("记录日期", self.date_edit)
        form.addRow("履行情况", self.state_combo)
        form.addRow("说明", self.note_edit)
        form.addRow(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

    def values(self) -> tuple[str, str, str]:
        """(date as typed, state, note), as ``cases.record_performance`` takes them."""
        return self.date_edit.text(), self.state_combo.currentText(), self.note_edit.text()


def ask_unsaved_changes(parent: QWidget) -> str:
    """"save", "discard" or "cancel"."""
    box = QMessageBox(QMessageBox.Icon.Question, "尚未保存", "案件有尚未保存的修改，是否保存？",
                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                      | QMessageBox.StandardButton.Cancel, parent)
    box.button(QMessageBox.StandardButton.Save).setText("保存")
    box.button(QMessageBox.StandardButton.Discard).setText("不保存")
    box.button(QMessageBox.StandardButton.Cancel).setText("取消")
    answer = box.exec()
    return {QMessageBox.StandardButton.Save: "save",
            QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")


def ask_co_defendant(parent: QWidget, number: str, units: list[str]) -> bool:
    """Whether the clerk confirms that a 案号 other units already have is a co-defendant case (rules.md §6)."""
    names = "、".join(units)
    box = QMessageBox(QMessageBox.Icon.Question, "共同被告案件？",
                      f"案号 {number} 已登记在{names}名下。\n\n是否为共同被告案件（同一诉讼中本单位也是被告）？"
                      f"\n选“是”：登记为本单位的案件，并与上述案件关联；选“否”：不保存，请核对案号。",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.button(QMessageBox.StandardButton.Yes).setText("是，共同被告")
    box.button(QMessageBox.StandardButton.No).setText("否，核对案号")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return QMessageBox.StandardButton(box.exec()) == QMessageBox.StandardButton.Yes


def confirm_hearing_removal(parent: QWidget, record: cases.HearingRecord) -> bool:
    return QMessageBox.question(parent, "删除开庭记录", f"删除 {record.date.isoformat()} 的开庭记录？") \
        == QMessageBox.StandardButton.Yes
