"""从法院文书登记: the document beside the fields read from it; nothing is saved until the clerk confirms."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QColor, QPixmap, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QScrollArea, QSplitter, QTabWidget, QTextEdit, QVBoxLayout, QWidget)

from xiangshan_desk.application import intake
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.application.intake import proposal

from . import operations
from .context import AppContext, Change
from .errors import show_error
from .widgets import resize_to_fit_screen

NOT_FOUND = "未识别，请填写"
# the fields each kind of paper usually carries: only these are marked when not found
_COMMON = ("case_number", "court", "defendants", "issued")
RELEVANT = {
    "应诉通知书": _COMMON + ("plaintiffs", "cause", "answer_days"),
    "举证通知书": _COMMON + ("plaintiffs", "cause", "answer_days"),
    "开庭传票": _COMMON + ("cause", "hearing_at", "hearing_place"),
    "起诉状": ("court", "plaintiffs", "defendants", "issued"),
    "上诉状": ("court", "plaintiffs", "defendants", "issued", "cause", "original_case_number"),
    "判决书": _COMMON + ("plaintiffs", "cause", "decision"),
    "裁定书": _COMMON + ("plaintiffs", "cause", "decision"),
    "调解书": _COMMON + ("plaintiffs", "cause", "decision"),
    "司法建议书": _COMMON + ("cause",),
}
NOT_CARRIED = "本类文书通常没有此项"
EDITABLE = ("case_number", "court", "plaintiffs", "defendants", "cause", "issued", "hearing_at", "hearing_place",
            "answer_days", "original_case_number", "decision")


class IntakeDialog(QDialog):
    saved = Signal(int)

    def __init__(self, context: AppContext, path: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.path = Path(path)
        self.extraction: intake.Extraction | None = None
        self.setWindowTitle(f"从法院文书登记 — {self.path.name}")
        resize_to_fit_screen(self, 1200, 760)

        # widgets
        self.text_view = QTextEdit()
        self.text_view.setReadOnly(True)
        self.page_label = QLabel()
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        page_scroll = QScrollArea()
        page_scroll.setWidget(self.page_label)
        page_scroll.setWidgetResizable(True)
        self.views = QTabWidget()
        self.views.addTab(self.text_view, "文字")
        self.views.addTab(page_scroll, "原件")
        self.type_label = QLabel("正在读取…")
        self.source_label = QLabel()
        self.edits: dict[str, QLineEdit] = {}
        for name in EDITABLE:
            edit = QLineEdit()
            edit.setObjectName(name)
            self.edits[name] = edit
        self.received = QDateEdit(QDate.currentDate())
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy-MM-dd")
        self.action_label = QLabel()
        self.action_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.confirm_button = self.buttons.addButton("确认登记", QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setEnabled(False)

        # assemble
        form = QFormLayout()
        form.addRow("文书类型", self.type_label)
        for name in EDITABLE:
            form.addRow(intake.FIELD_LABELS[name], self.edits[name])
        form.addRow("收到日期", self.received)
        form.addRow("文字来源", self.source_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addLayout(form)
        right_layout.addWidget(self.action_label)
        right_layout.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(self.views)
        splitter.addWidget(right)
        splitter.setSizes([700, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("未识别的内容留空，不作推测；收到日期是文书上没有的，请按实际填写。"), 1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        # connections
        self.buttons.rejected.connect(self.reject)
        self.confirm_button.clicked.connect(self._on_confirm_clicked)
        for name, edit in self.edits.items():
            edit.installEventFilter(self)
            edit.textEdited.connect(lambda _text, n=name: self._on_field_edited(n))
            edit.editingFinished.connect(self._update_action)

    # -- reading (off the UI thread: OCR and rendering take seconds) -------------------------------
    def start(self) -> operations.Operation:
        path = self.path
        return operations.run(self, "正在读取文书…", lambda progress: intake.extract(path, render_pages=True),
                              self.show_extraction, on_error=self._on_failed,
                              on_finished=lambda: self.extraction is None and self.type_label.setText("无法读取"))

    def _on_failed(self, exc: AppError) -> None:
        show_error(self, exc)

    def show_extraction(self, extraction: intake.Extraction) -> None:
        self.extraction = extraction
        self.type_label.setText(extraction.document_type)
        self.source_label.setText("文字识别（OCR），请逐项核对" if extraction.text_source == "ocr" else "文件中的文字")
        self.text_view.setPlainText(extraction.text)
        if extraction.pages:
            pixmap = QPixmap()
            pixmap.loadFromData(extraction.pages[0])
            self.page_label.setPixmap(pixmap.scaledToWidth(680, Qt.TransformationMode.SmoothTransformation))
        else:
            self.views.setTabEnabled(1, False)
        data = extraction.as_json()
        relevant = RELEVANT.get(extraction.document_type, EDITABLE)
        if extraction.document_type == "判决书" and data["case_number"] and "行终" in data["case_number"]:
            relevant = relevant + ("original_case_number",)
        for name, edit in self.edits.items():
            value = data[name]
            edit.setText("" if value is None else ("、".join(value) if isinstance(value, list) else str(value)))
            if value is None and name not in relevant:
                edit.setPlaceholderText(NOT_CARRIED)
                edit.setProperty("missing", False)
            else:
                self._mark(name, value is None)
        self.confirm_button.setEnabled(proposal.ACTIONS.get(extraction.document_type) is not None)
        self._update_action()

    def _mark(self, name: str, missing: bool) -> None:
        edit = self.edits[name]
        edit.setPlaceholderText(NOT_FOUND if missing else "")
        edit.setProperty("missing", missing)
        edit.setStyleSheet("QLineEdit { background: #fdecea; }" if missing else "")

    def _on_field_edited(self, name: str) -> None:
        self._mark(name, not self.edits[name].text().strip())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        from PySide6.QtCore import QEvent
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            self.highlight(watched.objectName())
        return super().eventFilter(watched, event)

    def highlight(self, name: str) -> str:
        """Select the text a field was read from; returns it (empty when the field was not found)."""
        found = self.extraction.fields.get(name) if self.extraction else None
        self.text_view.setExtraSelections([])
        if found is None:
            return ""
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.text_view.document())
        cursor.setPosition(found.start)
        cursor.setPosition(found.end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffe08a"))
        selection.cursor, selection.format = cursor, fmt
        self.text_view.setExtraSelections([selection])
        self.text_view.setTextCursor(QTextCursor(cursor.block()))
        self.text_view.ensureCursorVisible()
        return found.source(self.extraction.text)

    # -- the proposed action -------------------------------------------------------------------
    def values(self) -> dict:
        """The fields as the clerk left them, converted back to their types; an empty field is None."""
        text = {name: edit.text().strip() for name, edit in self.edits.items()}
        out: dict = {name: (value or None) for name, value in text.items()}
        for name in ("plaintiffs", "defendants"):
            out[name] = [part for part in text[name].replace(",", "、").replace("，", "、").split("、") if part] or None
        if text["hearing_at"]:
            try:
                out["hearing_at"] = dt.datetime.fromisoformat(text["hearing_at"].replace(" ", "T"))
            except ValueError:
                raise AppError("开庭时间应为 YYYY-MM-DDTHH:MM，例如 2025-05-20T09:30", "hearing_at") from None
        if text["answer_days"]:
            out["answer_days"] = int(text["answer_days"]) if text["answer_days"].isdigit() else None
        return out

    def _update_action(self) -> None:
        if self.extraction is None:
            return
        defendants = self.edits["defendants"].text().replace("，", "、").split("、")
        plan = proposal.propose(self.extraction.document_type, self.edits["case_number"].text().strip() or None,
                                defendants[0].strip() or None)
        # a hearing or a decision needs the proceeding it belongs to; the clerk corrects 案号 or unit until found
        self.confirm_button.setEnabled(plan.action is not None
                                       and (plan.match is not None or plan.action in (proposal.NEW_CASE,
                                                                                      proposal.SUGGESTION)))
        if plan.action is None:
            self.action_label.setText("这类文书没有可自动登记的内容。")
        elif plan.match is not None:
            self.action_label.setText(f"将{proposal.ACTION_LABELS[plan.action]}：{plan.match.text}（{plan.match.level}）")
        else:
            extra = f"（{plan.problem}）" if plan.problem else ""
            self.action_label.setText(f"将{proposal.ACTION_LABELS[plan.action]}{extra}")

    def confirm(self) -> operations.Operation:
        """Record what the clerk reviewed (the button's action, callable from tests), off the UI thread: it writes
        the case and copies the paper into the case's materials. The operation's result is the case's id; a
        refusal is shown and the dialog stays open with everything typed. Bad input raises AppError at once."""
        actor, document_type, received = self._context.actor, self.extraction.document_type, \
            self.received.date().toPython()
        values, path = self.values(), self.path
        self.confirm_button.setEnabled(False)             # one registration per click

        def done(case_id: int) -> None:
            self.saved.emit(case_id)
            if self.parent() is not None and hasattr(self.parent(), "statusBar"):
                self.parent().statusBar().showMessage(f"已从{path.name}登记（案件编号 {case_id}）", 6000)
            self.accept()
        return operations.run(self, "正在登记…",
                              lambda progress: proposal.apply(actor, document_type, values, received, path), done,
                              on_error=self._on_failed, on_finished=self._update_action,
                              context=self._context, changes=Change.CASES)

    def _on_confirm_clicked(self) -> None:
        try:
            self.confirm()
        except AppError as exc:
            show_error(self, exc)
