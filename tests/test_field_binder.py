"""The field binder shared by the case editor and the reference and supervision dialogs (issue #20 point 4):
widgets from the core's field specs, values as typed, changed = different from what was loaded."""
import datetime as dt

import pytest

pytest.importorskip("PySide6")

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox  # noqa: E402

from ui.field_binder import BLANK, FieldBinder  # noqa: E402
from ui.widgets import DateEdit  # noqa: E402
from xiangshan_desk.domain.fields import FieldSpec  # noqa: E402

pytestmark = pytest.mark.usefixtures("no_modal_boxes")

SPECS = {"day": FieldSpec("收到日期", "date"), "done": FieldSpec("已办", "bool"),
         "way": FieldSpec("方式", "choice", choices=("直接送达", "邮寄")),
         "kind": FieldSpec("类别", "choice", choices=("甲", "乙"), required=True),
         "count": FieldSpec("人数", "int", minimum=1, maximum=99, default=1),
         "name": FieldSpec("名称", "text", single_line=True), "notes": FieldSpec("备注", "text")}


@pytest.fixture
def binder(qtbot):
    binder = FieldBinder(SPECS)
    for name in SPECS:
        widget = binder.create(name, multiline=name == "notes", blank=name != "kind")
        qtbot.addWidget(widget)
    return binder


def test_one_widget_per_field_by_its_kind(binder):
    kinds = {name: type(binder[name]) for name in SPECS}
    assert kinds == {"day": DateEdit, "done": QCheckBox, "way": QComboBox, "kind": QComboBox, "count": QSpinBox,
                     "name": QLineEdit, "notes": QPlainTextEdit}
    assert binder["day"].label == "收到日期" and binder["done"].text() == "已办"
    assert binder["way"].itemText(0) == BLANK and binder["kind"].itemText(0) == "甲"     # a required list: no blank
    assert (binder["count"].minimum(), binder["count"].maximum()) == (1, 99)
    assert binder["name"].objectName() == "name"


def test_values_as_typed_and_changed_means_different_from_loaded(binder):
    changed = []
    binder.changed.connect(changed.append)
    binder.load({"day": dt.date(2025, 3, 7), "done": True, "way": "邮寄", "kind": "乙", "count": 3, "name": "甲",
                 "notes": "一\n二"})
    assert changed == [] and not binder.dirty and binder.changes() == {}
    assert binder.values() == {"day": "2025-03-07", "done": True, "way": "邮寄", "kind": "乙", "count": 3,
                               "name": "甲", "notes": "一\n二"}
    binder["day"].setText("2025-3-8")                        # as typed; the core converts and validates
    binder.set("way", None)
    assert changed == ["day", "way"] and binder.dirty
    assert binder.changes() == {"day": "2025-3-8", "way": None}
    binder["day"].setText("2025-03-07")                      # put back: no longer a change
    binder.set("way", "邮寄")
    assert not binder.dirty
    binder.load({})                                          # a field not given is emptied (a number: its default)
    assert binder.values() == {"day": "", "done": False, "way": None, "kind": "甲", "count": 1, "name": "",
                               "notes": ""}
    assert not binder.dirty


def test_the_supervision_dialog_asks_only_when_something_differs_from_what_it_showed(qtbot, window, monkeypatch):
    from ui.supervision_dialog import SupervisionDialog
    asked = []
    monkeypatch.setattr(SupervisionDialog, "ask_discard", classmethod(lambda cls, parent: asked.append(1) or False))
    dialog = window.show_supervision()
    dialog.s_received.setText("2025-05-10")
    dialog.s_unit.set_unit(dialog._units[0].id)
    dialog.s_summary.setPlainText("建议规范送达")
    assert dialog._run(lambda: dialog.save_suggestion(new=True), "已新增司法建议")
    dialog.suggestions_view.selectRow(0)                      # shown from the list: nothing typed
    assert dialog.s_summary.toPlainText() == "建议规范送达" and dialog.s_received.text() == "2025-05-10"
    dialog.reject()
    assert asked == [] and not dialog.isVisible()
    dialog.show()
    dialog.s_measures.setPlainText("已整改")                    # typed and not saved: asks, stays open
    dialog.reject()
    assert asked == [1] and dialog.isVisible()
    assert dialog._run(lambda: dialog.save_suggestion(new=False), "已保存"), dialog.message.text()
    assert dialog._suggestions[0].measures == "已整改"
    dialog.reject()
    assert asked == [1] and not dialog.isVisible()


