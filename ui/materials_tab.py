"""The case editor's 案卷材料 tab: the case's files with their types, added by drag and drop or a file dialog."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget)

from xiangshan_desk.application import materials
from xiangshan_desk.domain.errors import AppError

from . import operations
from .context import AppContext, Change
from .files import FileDialogs, offer_open, remember_folder, suggested_path
from .rows_model import RowsModel
from .widgets import read_only_table, report

WHOLE_CASE = "全案（不限审级）"
TEXT_STATES = {"pending": "提取中", "done": "已提取", "none": "无文字", "failed": "无法读取"}
HEADERS = ["审级", "类型", "文件名", "日期", "大小", "页数", "文字"]


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


def papers_text(papers: dict[str, bool]) -> str:
    """起诉状副本 ✓　答辩状 ✗ … for the 答辩与备案 page."""
    return "　".join(f"{kind} {'✓' if present else '✗'}" for kind, present in papers.items())


class MaterialsPanel(QWidget):
    """One case's materials. Adding (hashing, copying, extracting), opening and exporting run in the background
    (ui/operations.py); adding and removing announce themselves through the context's data-changed signal (the
    list's search finds cases by their materials' text)."""

    changed = Signal()                       # materials were added or removed (the filing hint follows)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._case_id: int | None = None
        self._proceedings: list[tuple[int, str]] = []
        self.setAcceptDrops(True)

        self.kind_combo = QComboBox()
        self.kind_combo.addItems(materials.KINDS)
        self.proceeding_combo = QComboBox()
        self.add_button = QPushButton("添加文件…")
        self.open_button = QPushButton("打开")
        self.save_as_button = QPushButton("另存为…")
        self.remove_button = QPushButton("移出案卷")
        self.archive_button = QPushButton("导出案卷（ZIP）…")
        self.model = RowsModel(HEADERS, self)
        self.view = read_only_table(self.model)
        self.hint = QLabel("把文件拖到这里即可添加（任意类型，单个文件不超过 100 MB）。同一文件只保存一份。")
        self.hint.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)

        # assemble
        choose = QHBoxLayout()
        choose.addWidget(QLabel("类型："))
        choose.addWidget(self.kind_combo)
        choose.addWidget(QLabel("审级："))
        choose.addWidget(self.proceeding_combo, 1)
        choose.addWidget(self.add_button)
        actions = QHBoxLayout()
        for button in (self.open_button, self.save_as_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.archive_button)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.message)

        # connections
        self.add_button.clicked.connect(self._on_add_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.view.doubleClicked.connect(lambda _index: self._on_open_clicked())
        self.save_as_button.clicked.connect(self._on_save_as_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.archive_button.clicked.connect(self._on_archive_clicked)
        self.set_case(None, [])

    @classmethod
    def ask_files(cls, parent: QWidget, folder: str) -> list[str]:
        """The files to add. Tests replace this classmethod."""
        paths, _ = QFileDialog.getOpenFileNames(parent, "添加案卷材料", folder, "所有文件 (*)")
        return paths

    # --- state -------------------------------------------------------------------------------

    def set_case(self, case_id: int | None, proceedings: list[tuple[int, str]], current: int | None = None) -> None:
        """Show a case's materials; ``proceedings`` are (id, title) for the 审级 choice."""
        self._case_id = case_id
        self._proceedings = proceedings
        self.proceeding_combo.clear()
        self.proceeding_combo.addItem(WHOLE_CASE, None)
        for proceeding_id, title in proceedings:
            self.proceeding_combo.addItem(title, proceeding_id)
        if current is not None:
            self.proceeding_combo.setCurrentIndex(max(0, self.proceeding_combo.findData(current)))
        for widget in (self.add_button, self.open_button, self.save_as_button, self.remove_button,
                       self.archive_button, self.kind_combo, self.proceeding_combo):
            widget.setEnabled(case_id is not None)
        self.hint.setText("请先保存案件，再添加材料。" if case_id is None else
                          "把文件拖到这里即可添加（任意类型，单个文件不超过 100 MB）。同一文件只保存一份。")
        self.reload()

    def reload(self) -> None:
        rows = materials.list_materials(self._case_id) if self._case_id is not None else []
        self.model.set_rows([(r.level or "全案", r.kind, r.name, r.date.isoformat() if r.date else "",
                              size_text(r.size), r.pages or "", TEXT_STATES.get(r.text_state, r.text_state))
                             for r in rows], [r.id for r in rows])

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.key(rows[0].row()) if rows else None

    # --- adding ------------------------------------------------------------------------------

    def add_files(self, paths: list[str | Path], kind: str | None = None, proceeding_id: int | None = None) -> None:
        """Add files with the chosen type and proceeding (or those given), in the background; then extract their
        text."""
        if self._case_id is None or not paths:
            return
        kind = kind or self.kind_combo.currentText()
        proceeding_id = proceeding_id if proceeding_id is not None else self.proceeding_combo.currentData()
        case_id, actor = self._case_id, self._context.actor
        try:
            checked = materials.check_paths(kind, paths)     # quick refusals before any work
        except AppError as exc:
            report(self.message, exc.message, error=True)
            return

        def work(progress):
            ids = materials.attach(actor, case_id, kind, checked, proceeding_id)
            materials.extract_pending(progress)
            return len(ids)

        def done(count) -> None:
            self.reload()
            report(self.message, f"已添加{kind} {count} 个文件。", error=False)
            self.changed.emit()
        operations.run(self, "正在保存材料…", work, done, on_error=self._on_failed, context=self._context,
                       changes=Change.CASES)

    def _on_failed(self, exc: AppError) -> None:
        report(self.message, exc.message, error=True)

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._case_id is not None and event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    def _on_add_clicked(self) -> None:
        paths = self.ask_files(self, self._context.settings.last_folder or str(Path.home()))
        if paths:
            remember_folder(self._context, paths[0])
            self.add_files(paths)

    # --- opening, removing, exporting --------------------------------------------------------

    def _on_open_clicked(self) -> None:
        """A copy under the original name, opened with the system's program (copied in the background: 100 MB)."""
        material_id = self.selected_id()
        if material_id is None:
            report(self.message, "请先选择一个材料。", error=True)
            return

        def opened(path) -> None:
            self.opened_path = path
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        operations.run(self, "正在打开材料…", lambda progress: materials.export_copy(material_id), opened,
                       on_error=self._on_failed)

    def _on_save_as_clicked(self) -> None:
        material_id = self.selected_id()
        if material_id is None:
            report(self.message, "请先选择一个材料。", error=True)
            return
        name = self.model.data(self.model.index(self.view.selectionModel().selectedRows()[0].row(), 2))
        target = FileDialogs.ask_save_path(self, "材料另存为", suggested_path(self._context, name), "所有文件 (*)")
        if not target:
            return

        def copy(progress):
            saved = materials.export_copy(material_id, Path(target).parent)
            if saved != Path(target):
                saved.replace(target)
            return target
        operations.run(self, "正在另存材料…", copy, lambda path: report(self.message, f"已另存为：{path}", error=False),
                       on_error=self._on_failed)

    def _on_remove_clicked(self) -> None:
        material_id = self.selected_id()
        if material_id is None:
            report(self.message, "请先选择一个材料。", error=True)
            return
        actor = self._context.actor
        self.remove_button.setEnabled(False)              # one removal per click

        def done(_result) -> None:
            self.reload()
            report(self.message, "已移出案卷（文件保留到清空回收站时才删除）。", error=False)
            self.changed.emit()
        operations.run(self, "正在移出案卷…", lambda progress: materials.remove(actor, material_id), done,
                       on_error=self._on_failed, on_finished=lambda: self.remove_button.setEnabled(True),
                       context=self._context, changes=Change.CASES)

    def export_archive(self, target: str) -> None:
        """一键归档 into ``target`` (.zip), in the background."""
        from xiangshan_desk.application.archive import export_archive
        case_id = self._case_id

        def done(result) -> None:
            report(self.message, f"已导出案卷（材料 {result.count} 个）：{result.path}", error=False)
            offer_open(self, result.path)
        operations.run(self, "正在导出案卷…", lambda progress: export_archive(case_id, target, progress), done,
                       on_error=self._on_failed, cancellable=True)

    def _on_archive_clicked(self) -> None:
        title = self.window().windowTitle().replace("案件 ", "").split(" — ")[0] or "案卷"
        target = FileDialogs.ask_save_path(self, "导出案卷", suggested_path(self._context, f"{title}案卷.zip"),
                                           "ZIP 文件 (*.zip)")
        if target:
            remember_folder(self._context, target)
            self.export_archive(target if target.lower().endswith(".zip") else target + ".zip")
