"""材料搜索: find words in the text of every case's materials; a hit opens the file or its case."""
from __future__ import annotations

from PySide6.QtCore import QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from xiangshan_desk.application import materials
from xiangshan_desk.domain.errors import AppError

from . import operations
from .context import AppContext
from .rows_model import RowsModel
from .widgets import read_only_table, report

HEADERS = ["案号", "被告单位", "类型", "文件名", "摘要"]
TYPING_PAUSE_MS = 300


class MaterialsSearchDialog(QDialog):
    open_case_requested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._hits: list[materials.SearchHit] = []
        self._asked = ""
        self.setWindowTitle("材料搜索")
        self.resize(960, 560)

        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("在全部案卷材料的文字中搜索（两个字即可，如人名）")
        self.search_edit.setClearButtonEnabled(True)
        self.model = RowsModel(HEADERS, self)
        self.view = read_only_table(self.model)
        self.open_file_button = QPushButton("打开文件")
        self.open_case_button = QPushButton("打开案件")
        self.message = QLabel()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPING_PAUSE_MS)

        # assemble
        top = QHBoxLayout()
        top.addWidget(QLabel("搜索："))
        top.addWidget(self.search_edit, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.open_file_button)
        bottom.addWidget(self.open_case_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        # connections
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.search_edit.returnPressed.connect(self.search)
        self._timer.timeout.connect(self.search)
        self.view.doubleClicked.connect(lambda _index: self._on_open_file_clicked())
        self.open_file_button.clicked.connect(self._on_open_file_clicked)
        self.open_case_button.clicked.connect(self._on_open_case_clicked)

    def search(self) -> None:
        """Search off the UI thread (a two-character query reads every text); the latest query wins."""
        self._timer.stop()
        text = self.search_edit.text().strip()
        self._asked = text
        if not text:
            self._show([])
            return

        def done(hits) -> None:
            if text == self._asked:
                self._show(hits)

        def failed(exc: BaseException) -> None:
            report(self.message, getattr(exc, "message", str(exc)), error=True)
        operations.read(lambda: materials.search(text), done, failed, self)

    def wait(self, msecs: int = 30000) -> bool:
        """Block until a search or a copy still running has reported (tests)."""
        return operations.wait_all(msecs)

    def _show(self, hits: list[materials.SearchHit]) -> None:
        self._hits = hits
        self.model.set_rows([(h.case_number, h.unit, h.kind, h.name, h.snippet) for h in hits],
                            [h.material_id for h in hits])
        if self._asked:
            more = "（只列出最近的 200 个）" if len(hits) >= 200 else ""
            report(self.message, f"找到 {len(hits)} 个材料{more}。" if hits else "没有找到。", error=False)
        else:
            self.message.setText("")

    def _selected(self) -> materials.SearchHit | None:
        rows = self.view.selectionModel().selectedRows()
        return self._hits[rows[0].row()] if rows else None

    def _on_open_file_clicked(self) -> None:
        hit = self._selected()
        if hit is None:
            report(self.message, "请先选择一个材料。", error=True)
            return
        material_id = hit.material_id

        def opened(path) -> None:
            self.opened_path = path
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        def failed(exc: BaseException) -> None:
            report(self.message, exc.message if isinstance(exc, AppError) else str(exc), error=True)
        # a copy under the original name (up to 100 MB), made off the UI thread
        operations.run(self, "正在打开材料…", lambda progress: materials.export_copy(material_id), opened,
                       on_error=failed)

    def _on_open_case_clicked(self) -> None:
        hit = self._selected()
        if hit is None:
            report(self.message, "请先选择一个材料。", error=True)
            return
        self.open_case_requested.emit(hit.case_id)
