"""Widgets ↔ values for a form built from the core's field specs: one widget per field (by the spec's kind), the
values as the clerk typed them (the core converts and validates), and "changed" meaning different from what was
loaded (typing a date and putting it back is no change). Used by the case editor and the reference and
supervision dialogs."""
from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from xiangshan_desk.domain.fields import FieldSpec

from .widgets import DateEdit

BLANK = "（未填）"


def widget_value(widget: QWidget):
    """The widget's value as the clerk typed it: text for text and dates, the item's data for a list."""
    if isinstance(widget, (DateEdit, QLineEdit)):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    if isinstance(widget, QComboBox):
        return widget.currentData()
    if isinstance(widget, QSpinBox):
        return widget.value()
    raise TypeError(widget)


def set_widget_value(widget: QWidget, value, default: int = 0) -> None:
    if isinstance(widget, DateEdit):
        widget.set_date(value)
    elif isinstance(widget, QLineEdit):
        widget.setText("" if value is None else str(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText("" if value is None else str(value))
    elif isinstance(widget, QCheckBox):
        widget.setChecked(bool(value))
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(max(0, widget.findData(value)))
    elif isinstance(widget, QSpinBox):
        widget.setValue(int(value if value is not None else default))
    else:
        raise TypeError(widget)


def _change_signal(widget: QWidget):
    if isinstance(widget, DateEdit):
        return widget.date_changed
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):
        return widget.textChanged
    if isinstance(widget, QCheckBox):
        return widget.toggled
    if isinstance(widget, QComboBox):
        return widget.currentIndexChanged
    if isinstance(widget, QSpinBox):
        return widget.valueChanged
    raise TypeError(widget)


class FieldBinder(QObject):
    """The widgets of one group of fields (by the core's field names) and the values they were loaded with."""

    changed = Signal(str)           # a field's value changed by the clerk (not while loading)

    def __init__(self, specs: Mapping[str, FieldSpec] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.specs = dict(specs or {})
        self.widgets: dict[str, QWidget] = {}
        self._loaded: dict = {}
        self._loading = 0

    # --- building ------------------------------------------------------------------------------

    def create(self, name: str, multiline: bool = False, blank: bool = True) -> QWidget:
        """The widget for a field of the specs: a date box, a check box (labelled), a list (with “（未填）” first
        unless ``blank`` is False), a number box, a text box (several lines with ``multiline``)."""
        spec = self.specs[name]
        if spec.kind == "date":
            widget: QWidget = DateEdit(spec.label)
        elif spec.kind == "bool":
            widget = QCheckBox(spec.label)
        elif spec.kind == "choice":
            widget = QComboBox()
            if blank:
                widget.addItem(BLANK, None)
            for choice in spec.choices:
                widget.addItem(choice, choice)
        elif spec.kind == "int":
            widget = QSpinBox()
            widget.setRange(spec.minimum or 0, spec.maximum)
        elif multiline:
            widget = QPlainTextEdit()
            widget.setTabChangesFocus(True)
            widget.setMaximumHeight(90)
        else:
            widget = QLineEdit()
        return self.bind(name, widget)

    def bind(self, name: str, widget: QWidget) -> QWidget:
        """Take a widget made elsewhere (a unit picker, a list of leaders) as the field's input."""
        widget.setObjectName(name)
        self.widgets[name] = widget
        _change_signal(widget).connect(lambda *_args, name=name: self._on_changed(name))
        return widget

    def _on_changed(self, name: str) -> None:
        if not self._loading:
            self.changed.emit(name)

    # --- values --------------------------------------------------------------------------------

    def __getitem__(self, name: str) -> QWidget:
        return self.widgets[name]

    def __contains__(self, name: object) -> bool:
        return name in self.widgets

    def get(self, name: str):
        return widget_value(self.widgets[name])

    def set(self, name: str, value) -> None:
        """Put a value into a field as the clerk would (the change is signalled)."""
        spec = self.specs.get(name)
        set_widget_value(self.widgets[name], value,
                         default=(spec.default if spec and spec.default is not None else (spec and spec.minimum) or 0))

    def values(self) -> dict:
        return {name: widget_value(widget) for name, widget in self.widgets.items()}

    @contextlib.contextmanager
    def loading(self) -> Iterator[None]:
        """Fill widgets without signalling changes; what they show afterwards is what was loaded."""
        self._loading += 1
        try:
            yield
        finally:
            self._loading -= 1
        if not self._loading:
            self.mark_loaded()

    def mark_loaded(self) -> None:
        """Take what the widgets show now as the unchanged state (after saving, or filling a blank form)."""
        self._loaded = self.values()

    def load(self, values: Mapping) -> None:
        """Show these values (a field not given is emptied) and take them as the unchanged state."""
        with self.loading():
            for name in self.widgets:
                self.set(name, values.get(name))

    @property
    def loaded(self) -> dict:
        return dict(self._loaded)

    def changes(self) -> dict:
        """The fields whose value differs from what was loaded, with their values now."""
        return {name: value for name, value in self.values().items() if value != self._loaded.get(name)}

    @property
    def dirty(self) -> bool:
        return self.values() != self._loaded
