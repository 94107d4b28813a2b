"""The 案件列表 tab: filters, the search box, the case table and its colour legend."""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QFrame, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QMenu, QSpinBox, QSplitter, QTableView, QVBoxLayout,
                               QWidget)

from xiangshan_desk.application import caselist
from xiangshan_desk.domain import vocabulary
from xiangshan_desk.application.caselist import CaseFilter
from xiangshan_desk.application.units import UnitInfo, list_units

from .case_list_model import COLUMNS, OVERDUE_BACKGROUND, SOON_BACKGROUND, WIDEST, CaseListModel
from .context import AppContext

SEARCH_DELAY_MS = 120
# What a cell adds to its text's width: Qt's item delegate insets the text by the style's focus-frame margin + 1 on
# each side (2 + 1 in Qt's common, Fusion and Windows styles), and 8 px to spare for a style that insets more.
# A constant, not style().pixelMetric(): the first QStyle call from Python builds QStyle's type and its ten enums
# (~5 ms of start-up); tests/test_case_list_layout.py checks the columns against the style's own margin.
CELL_PADDING = 2 * (2 + 1) + 8
ALL = "全部"


def _swatch(colour, text: str) -> QLabel:
    label = QLabel(f"  {text}  ")
    label.setStyleSheet(f"background: {colour.name()}; border: 1px solid #bbb; padding: 1px 4px;")
    return label


class CaseTable(QTableView):
    """The case table. Files dropped on a row go to ``on_drop(position, paths)`` (True when taken).

    Dropping is handled by the view's own drag and drop handlers rather than by an event filter on its viewport:
    asking PySide6 for the viewport makes it work out the widget's Python type, which creates the enums of some
    forty widget classes at start-up (≈ 15 ms; benchmarks/README.md, start-up)."""

    def __init__(self, on_drop, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_drop = on_drop
        self.setAcceptDrops(True)                  # Qt passes it on to the viewport

    def dragEnterEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            event.ignore()

    dragMoveEvent = dragEnterEvent

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt override
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if self._on_drop(event.position().toPoint(), paths):
            event.acceptProposedAction()
        else:
            event.ignore()


class CaseListTab(QWidget):
    case_open_requested = Signal(int)
    selection_changed = Signal()
    export_requested = Signal()
    materials_dropped = Signal(int, str, list)      # case id, material type, file paths (issue #22)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._units: list[UnitInfo] = []
        self.model = CaseListModel(context.calendar(), parent=self)

        # widgets
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("搜索案号、原告、被告单位、案由（Ctrl+F）")
        self.search_edit.setClearButtonEnabled(True)
        self.unit_combo = QComboBox()
        self.unit_combo.setMinimumContentsLength(12)
        self.kind_combo = QComboBox()
        self.kind_combo.addItems([ALL, *vocabulary.UNIT_KINDS])
        self.year_combo = QComboBox()
        self.state_combo = QComboBox()
        self.state_combo.addItems([ALL, caselist.STATE_OPEN, caselist.STATE_CONCLUDED])
        self.overdue_check = QCheckBox("仅逾期")
        self.due_check = QCheckBox("到期天数内")
        self.due_days = QSpinBox()
        self.due_days.setRange(0, 365)
        self.due_days.setValue(7)
        self.due_days.setSuffix(" 天")
        self.risk_check = QCheckBox("风险案件")
        self.lead_check = QCheckBox("问责线索")
        self.loss_check = QCheckBox("败诉案件")
        self.unit_facts = QLabel()
        self.unit_facts.setWordWrap(True)
        self.unit_facts.setObjectName("unitFacts")
        self.unit_facts.hide()
        self.table = CaseTable(self.drop_files)   # files dropped on a case's row go into its materials (#22)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for column, (key, title, _show) in enumerate(COLUMNS):
            self.table.setColumnWidth(column, max(self._text_width(WIDEST.get(key, "")), self._text_width(title) + 24))
        header.sectionResized.connect(self._keep_case_number_whole)
        self.count_label = QLabel()
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        # assemble
        filters = QFrame()
        filters.setObjectName("filterPanel")
        form = QFormLayout(filters)
        form.addRow("被告单位", self.unit_combo)
        form.addRow("单位类别", self.kind_combo)
        form.addRow("收案年份", self.year_combo)
        form.addRow("办理状态", self.state_combo)
        form.addRow(self.overdue_check)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_days)
        form.addRow(due_row)
        form.addRow(self.risk_check)
        form.addRow(self.lead_check)
        form.addRow(self.loss_check)
        legend = QHBoxLayout()
        legend.addWidget(QLabel("图例："))
        legend.addWidget(_swatch(OVERDUE_BACKGROUND, vocabulary.Status.OVERDUE.value))
        legend.addWidget(_swatch(SOON_BACKGROUND, "3个工作日内到期"))
        legend.addStretch(1)
        legend.addWidget(self.count_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.search_edit)
        right_layout.addWidget(self.unit_facts)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(legend)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(filters)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

        # connections
        self.search_edit.textChanged.connect(self._on_search_text_changed)
        self._search_timer.timeout.connect(self.apply_filter)
        for combo in (self.unit_combo, self.kind_combo, self.year_combo, self.state_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        for check in (self.overdue_check, self.due_check, self.risk_check, self.lead_check, self.loss_check):
            check.toggled.connect(self.apply_filter)
        self.due_days.valueChanged.connect(self._on_due_days_changed)
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.table.customContextMenuRequested.connect(self._on_table_menu)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        self.model.modelReset.connect(self._on_model_reset)
        self.model.total_known.connect(lambda _total: self._update_count())
        self.model.rowsInserted.connect(lambda *_: self._update_count())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_selected)
        # from the search box: ↓ moves into the list, Enter opens the first (or selected) case
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search_edit)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self.focus_list)
        self.search_edit.returnPressed.connect(self._on_search_return)

        self.reload_choices()

    def _text_width(self, text: str) -> int:
        """How wide a cell must be to show ``text`` whole (the text and the cell's margins)."""
        return self.table.fontMetrics().horizontalAdvance(text) + CELL_PADDING

    def case_number_width(self) -> int:
        return self._text_width(WIDEST["case_number"])

    def _keep_case_number_whole(self, column: int = 0, _old: int = 0, new: int | None = None) -> None:
        """The 案号 column never becomes narrower than a whole 案号: not by dragging (sectionResized), not from a
        saved layout (restore_layout)."""
        if column != 0:
            return
        width = self.table.columnWidth(0) if new is None else new
        if width < self.case_number_width():
            self.table.setColumnWidth(0, self.case_number_width())

    def restore_layout(self, splitter: QByteArray | None, header: QByteArray | None) -> None:
        """The splitter and the columns as the clerk left them, the 案号 column still whole."""
        if splitter is not None:
            self.splitter.restoreState(splitter)
        if header is not None:
            self.table.horizontalHeader().restoreState(header)
        self._keep_case_number_whole()

    @classmethod
    def ask_material_kind(cls, parent: QWidget, case_text: str, count: int) -> str | None:
        """The type of the files dropped on a case. Tests replace this classmethod."""
        from PySide6.QtWidgets import QInputDialog

        from xiangshan_desk.application.materials import KINDS
        kind, ok = QInputDialog.getItem(parent, "添加案卷材料", f"把 {count} 个文件加入 {case_text} 的案卷材料，类型：",
                                        list(KINDS), 0, False)
        return kind if ok else None

    def drop_files(self, position, paths: list[str]) -> bool:
        """Files dropped at ``position`` of the table: ask their type, then hand them on for the case there."""
        index = self.table.indexAt(position)
        case_id = self.model.case_id(index.row()) if index.isValid() else None
        if case_id is None or not paths:
            return False
        case_text = self.model.data(self.model.index(index.row(), 0)) or ""
        kind = self.ask_material_kind(self, case_text, len(paths))
        if kind:
            self.materials_dropped.emit(case_id, kind, paths)
        return True

    # --- public ------------------------------------------------------------------------------

    def reload_choices(self) -> None:
        """Refill the unit and year choices (after units or cases changed), keeping the selection."""
        current_unit = self.unit_combo.currentData()
        current_year = self.year_combo.currentData()
        self._units = list_units(active_only=False)
        for combo, items, keep in ((self.unit_combo, [(u.name + ("" if u.active else "（已停用）"), u.id)
                                                       for u in self._units], current_unit),
                                   (self.year_combo, [(f"{y}年", y) for y in caselist.received_years()],
                                    current_year)):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL, None)
            for text, data in items:
                combo.addItem(text, data)
            index = combo.findData(keep)
            combo.setCurrentIndex(index if index >= 0 else 0)
            combo.blockSignals(False)

    def current_filter(self) -> CaseFilter:
        return CaseFilter(
            unit_id=self.unit_combo.currentData(),
            unit_kind=None if self.kind_combo.currentText() == ALL else self.kind_combo.currentText(),
            year=self.year_combo.currentData(),
            state=None if self.state_combo.currentText() == ALL else self.state_combo.currentText(),
            overdue_only=self.overdue_check.isChecked(),
            due_within_days=self.due_days.value() if self.due_check.isChecked() else None,
            risk_only=self.risk_check.isChecked(), leads_only=self.lead_check.isChecked(),
            losses_only=self.loss_check.isChecked(), text=self.search_edit.text())

    def stop_pending(self) -> None:
        """The window is closing: a search typed a moment ago is not run any more (the database may be closed)."""
        self._search_timer.stop()

    def apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.current_filter())
        self._show_unit_facts()

    def refresh(self, select_case: int | None = None) -> None:
        keep = select_case if select_case is not None else self.selected_case_id()
        self.model.set_calendar(self._context.calendar())
        self.model.reload()
        if keep is not None:
            self.select_case(keep)

    def selected_case_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.case_id(rows[0].row()) if rows else None

    def select_case(self, case_id: int) -> bool:
        row = self.model.row_of_case(case_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().select(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def open_selected(self) -> None:
        case_id = self.selected_case_id()
        if case_id is not None:
            self.case_open_requested.emit(case_id)

    def focus_list(self) -> None:
        """Move the keyboard into the list, on the selected row or the first."""
        if self.model.rowCount() == 0:
            return
        if self.selected_case_id() is None:
            self.table.selectRow(0)
        self.table.setFocus()

    def _on_search_return(self) -> None:
        self.focus_list()
        self.open_selected()

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    # --- slots -------------------------------------------------------------------------------

    def _on_search_text_changed(self, _text: str) -> None:
        self._search_timer.start()

    def _on_due_days_changed(self, _value: int) -> None:
        if self.due_check.isChecked():
            self.apply_filter()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        case_id = self.model.case_id(index.row())
        if case_id is not None:
            self.case_open_requested.emit(case_id)

    def _on_table_menu(self, position) -> None:
        menu = QMenu(self)
        open_action = menu.addAction("打开案件")
        open_action.setEnabled(self.selected_case_id() is not None)
        open_action.triggered.connect(self.open_selected)
        menu.addSeparator()
        menu.addAction("导出当前列表（Excel）…").triggered.connect(self.export_requested.emit)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def _on_model_reset(self) -> None:
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.known_total
        self.count_label.setText(f"当前筛选 {total} 件" if total is not None
                                 else f"当前筛选 {caselist.PAGE_SIZE} 件以上（正在计数…）")

    def _show_unit_facts(self) -> None:
        unit_id = self.unit_combo.currentData()
        unit = next((u for u in self._units if u.id == unit_id), None)
        self.unit_facts.setVisible(unit is not None)
        if unit is not None:
            self.unit_facts.setText(unit.facts_text)
