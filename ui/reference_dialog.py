"""设置 → 基础数据: units, county leaders, courts and the coordination group, kept current by the clerks."""
from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QFormLayout, QHBoxLayout,
                               QLabel, QLineEdit, QPlainTextEdit, QPushButton, QTableView, QTabWidget,
                               QVBoxLayout, QWidget)

from xiangshan_desk.application import reference
from xiangshan_desk.domain.errors import AppError
from xiangshan_desk.application.units import court_names, list_units

from .context import AppContext, Change
from .field_binder import FieldBinder
from .rows_model import RowsModel
from .widgets import read_only_table, run_reporting


class ReferenceDialog(QDialog):

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setWindowTitle("基础数据")
        self.resize(980, 640)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._units_page(), "单位")
        self.tabs.addTab(self._leaders_page(), "分管县领导")
        self.tabs.addTab(self._courts_page(), "法院")
        self.tabs.addTab(self._group_page(), "争议化解协调小组")
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.reload()

    # --- pages -------------------------------------------------------------------------------

    def _units_page(self) -> QWidget:
        page = QWidget()
        self.units_model = RowsModel(["单位名称", "类别", "主要负责人", "职务", "分管县领导", "别名", "状态"], self)
        self.units_view = read_only_table(self.units_model)
        # the unit's fields (reference.UNIT_FIELDS) and its aliases
        self.unit_form = form_fields = FieldBinder(reference.UNIT_FIELDS, self)
        self.unit_name = form_fields.create("name")
        self.unit_kind = form_fields.create("kind", blank=False)
        self.unit_head = form_fields.create("principal_head_name")
        self.unit_head_post = form_fields.create("principal_head_post")
        self.unit_leader = form_fields.bind("leader_id", QComboBox())
        self.unit_aliases = form_fields.bind("aliases", QLineEdit())
        self.unit_aliases.setPlaceholderText("多个别名用顿号或逗号分隔")
        self.unit_active = form_fields.create("active")
        self.unit_merge_target = QComboBox()
        new, save, delete, merge = (QPushButton(t) for t in ("新增单位", "保存修改", "删除", "合并到"))
        form = QFormLayout()
        form.addRow("单位名称", self.unit_name)
        form.addRow("类别", self.unit_kind)
        form.addRow("主要负责人", self.unit_head)
        form.addRow("主要负责人职务", self.unit_head_post)
        form.addRow("分管县领导", self.unit_leader)
        form.addRow("别名", self.unit_aliases)
        form.addRow("", self.unit_active)
        buttons = QHBoxLayout()
        for button in (new, save, delete):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(merge)
        buttons.addWidget(self.unit_merge_target)
        layout = QVBoxLayout(page)
        layout.addWidget(self.units_view, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.units_view.selectionModel().selectionChanged.connect(lambda *_: self._show_unit())
        new.clicked.connect(lambda: self._run(lambda: self.save_unit(new=True), "已新增单位"))
        save.clicked.connect(lambda: self._run(lambda: self.save_unit(new=False), "已保存"))
        delete.clicked.connect(lambda: self._run(lambda: reference.delete_unit(self._context.actor,
                                                                                self._selected_unit()), "已删除"))
        merge.clicked.connect(lambda: self._run(self.merge_unit, "已合并"))
        return page

    def _leaders_page(self) -> QWidget:
        page = QWidget()
        self.leaders_model = RowsModel(["姓名", "职务", "分管领域", "分管单位数", "状态"], self)
        self.leaders_view = read_only_table(self.leaders_model)
        self.leader_form = form_fields = FieldBinder(reference.LEADER_FIELDS, self)
        self.leader_name, self.leader_post, self.leader_portfolio = (form_fields.create(name)
                                                                     for name in ("name", "post", "portfolio"))
        self.leader_active = form_fields.create("active")
        new, save, delete = (QPushButton(t) for t in ("新增", "保存修改", "删除"))
        form = QFormLayout()
        form.addRow("姓名", self.leader_name)
        form.addRow("职务", self.leader_post)
        form.addRow("分管领域", self.leader_portfolio)
        form.addRow("", self.leader_active)
        buttons = QHBoxLayout()
        for button in (new, save, delete):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.leaders_view, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.leaders_view.selectionModel().selectionChanged.connect(lambda *_: self._show_leader())
        new.clicked.connect(lambda: self._run(lambda: self.save_leader(new=True), "已新增"))
        save.clicked.connect(lambda: self._run(lambda: self.save_leader(new=False), "已保存"))
        delete.clicked.connect(lambda: self._run(lambda: reference.delete_leader(self._context.actor,
                                                                                  self._selected_leader()), "已删除"))
        return page

    def _courts_page(self) -> QWidget:
        page = QWidget()
        self.courts_model = RowsModel(["法院代字", "法院名称"], self)
        self.courts_view = read_only_table(self.courts_model)
        self.court_form = FieldBinder(parent=self)
        self.court_code = self.court_form.bind("code", QLineEdit())
        self.court_name = self.court_form.bind("name", QLineEdit())
        save, delete = QPushButton("保存"), QPushButton("删除")
        form = QFormLayout()
        form.addRow("法院代字（如 浙0225）", self.court_code)
        form.addRow("法院名称", self.court_name)
        buttons = QHBoxLayout()
        buttons.addWidget(save)
        buttons.addWidget(delete)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(self.courts_view, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        self.courts_view.selectionModel().selectionChanged.connect(lambda *_: self._show_court())
        save.clicked.connect(lambda: self._run(lambda: reference.save_court(
            self._context.actor, **self.court_form.values()), "已保存"))
        delete.clicked.connect(lambda: self._run(lambda: reference.delete_court(self._context.actor,
                                                                                 self.court_code.text()), "已删除"))
        return page

    def _group_page(self) -> QWidget:
        page = QWidget()
        self.group_edit = QPlainTextEdit()
        self.group_edit.setPlaceholderText("每行一人（或一个成员单位）：职务 姓名 职务\n组长 某某 县长\n副组长 某某 副县长\n成员单位 县司法局")
        save = QPushButton("保存协调小组")
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("行政争议化解协调小组（通知二（三）1）：组长、副组长和成员单位，每行一项。"))
        layout.addWidget(self.group_edit, 1)
        layout.addWidget(save)
        save.clicked.connect(lambda: self._run(self.save_group, "已保存协调小组"))
        return page

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self._units = list_units(active_only=False)
        self.units_model.set_rows([(u.name, u.kind, u.principal_head_name, u.principal_head_post, u.leader_name,
                                    "、".join(reference.unit_aliases(u.id)), "在用" if u.active else "停用")
                                   for u in self._units], [u.id for u in self._units])
        self._leaders = reference.list_leaders()
        self.leaders_model.set_rows([(r.name, r.post, r.portfolio, r.units, "在任" if r.active else "不在任")
                                     for r in self._leaders], [r.id for r in self._leaders])
        for combo, items in ((self.unit_leader, [("（未指定）", None)] + [(f"{r.name} {r.post}", r.id)
                                                                          for r in self._leaders if r.active]),
                             (self.unit_merge_target, [(u.name, u.id) for u in self._units if u.active])):
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
        courts = court_names()
        self.courts_model.set_rows(list(courts.items()), list(courts))
        self.group_edit.setPlainText("\n".join(f"{m.role} {m.name} {m.post}".strip()
                                               for m in reference.coordination_group()))

    def _selected(self, view: QTableView, model: RowsModel):
        rows = view.selectionModel().selectedRows()
        return model.key(rows[0].row()) if rows else None

    def _selected_unit(self) -> int:
        unit_id = self._selected(self.units_view, self.units_model)
        if unit_id is None:
            raise AppError("请先在表中选择单位")
        return unit_id

    def _selected_leader(self) -> int:
        leader_id = self._selected(self.leaders_view, self.leaders_model)
        if leader_id is None:
            raise AppError("请先在表中选择县领导")
        return leader_id

    def select_unit(self, name: str) -> None:
        row = next(i for i, u in enumerate(self._units) if u.name == name)
        self.units_view.selectRow(row)

    def _show_unit(self) -> None:
        unit_id = self._selected(self.units_view, self.units_model)
        unit = next((u for u in self._units if u.id == unit_id), None)
        if unit is None:
            return
        leader = next((r.id for r in self._leaders if r.name == unit.leader_name), None)
        self.unit_form.load({"name": unit.name, "kind": unit.kind, "principal_head_name": unit.principal_head_name,
                             "principal_head_post": unit.principal_head_post, "leader_id": leader,
                             "aliases": "、".join(reference.unit_aliases(unit.id)), "active": unit.active})

    def _show_leader(self) -> None:
        leader_id = self._selected(self.leaders_view, self.leaders_model)
        leader = next((r for r in self._leaders if r.id == leader_id), None)
        if leader is not None:
            self.leader_form.load({"name": leader.name, "post": leader.post, "portfolio": leader.portfolio,
                                   "active": leader.active})

    def _show_court(self) -> None:
        code = self._selected(self.courts_view, self.courts_model)
        if code is not None:
            self.court_form.load({"code": code, "name": court_names()[code]})

    # --- actions -----------------------------------------------------------------------------

    def _run(self, action, done: str) -> bool:
        if not run_reporting(self.message, action, done):
            return False
        self.reload()
        self._context.notify_changed(Change.REFERENCE)
        return True

    def save_unit(self, new: bool) -> int:
        import re
        values = self.unit_form.values()
        aliases = [a for a in re.split(r"[、，,；;\s]+", values.pop("aliases")) if a]
        values["active"] = values["active"] or new
        return reference.save_unit(self._context.actor, None if new else self._selected_unit(), values, aliases)

    def merge_unit(self) -> int:
        return reference.merge_units(self._context.actor, self._selected_unit(), self.unit_merge_target.currentData())

    def save_leader(self, new: bool) -> int:
        values = self.leader_form.values()
        values["active"] = values["active"] or new
        return reference.save_leader(self._context.actor, None if new else self._selected_leader(), values)

    def save_group(self) -> None:
        members = []
        for line in self.group_edit.toPlainText().splitlines():
            parts = line.split()
            if not parts:
                continue
            if len(parts) < 2:
                raise AppError(f"“{line}”应写成“职务 姓名 职务”或“成员单位 单位名称”")
            members.append((parts[0], parts[1], " ".join(parts[2:])))
        reference.set_coordination_group(self._context.actor, members)
