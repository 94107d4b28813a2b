"""The unit picker used wherever a unit is chosen: type any part of the name, an alias (the notice's own names such
as 象山县自然资源和规划局) or the pinyin initials (zrzy), and pick from the filtered list."""
from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from xiangshan_desk.application.units import UnitChoice, unit_choices


class _ChoiceFilter(QSortFilterProxyModel):
    def __init__(self, choices: list[UnitChoice], parent=None) -> None:
        super().__init__(parent)
        self.choices = choices
        self.typed = ""

    def filterAcceptsRow(self, row: int, parent) -> bool:  # noqa: N802 - Qt override
        return self.choices[row].matches(self.typed)


class UnitPicker(QComboBox):
    """An editable combo box over the units; ``currentData()`` is the chosen unit's id (None: nothing chosen)."""

    unit_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, include_inactive: bool = True,
                 placeholder: str = "（请选择，可输入名称、别名或拼音首字母）") -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.lineEdit().setPlaceholderText(placeholder)
        self.choices = unit_choices(include_inactive)
        self.addItem("", None)
        for choice in self.choices:
            self.addItem(choice.label, choice.id)
        self._names = QStringListModel([c.label for c in self.choices], self)
        self._filter = _ChoiceFilter(self.choices, self)
        self._filter.setSourceModel(self._names)
        completer = QCompleter(self._filter, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.lineEdit().textEdited.connect(self._on_text_edited)
        completer.activated[str].connect(self._on_completion_chosen)
        self.currentIndexChanged.connect(lambda _i: self.unit_changed.emit(self.currentData()))
        self.setCurrentIndex(0)

    def offered(self, typed: str) -> list[str]:
        """The units the list offers for what was typed (what the popup shows)."""
        self._on_text_edited(typed, popup=False)
        return [self._filter.index(row, 0).data() for row in range(self._filter.rowCount())]

    def set_unit(self, unit_id: int | None) -> None:
        self.setCurrentIndex(max(0, self.findData(unit_id)))

    def _on_text_edited(self, text: str, popup: bool = True) -> None:
        self._filter.typed = text
        self._filter.invalidate()           # (invalidateFilter is deprecated in Qt 6.10)
        if popup and text:
            self.completer().complete()

    def _on_completion_chosen(self, label: str) -> None:
        index = self.findText(label)
        if index >= 0:
            self.setCurrentIndex(index)

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt override
        # typed text that names no unit is not a choice: show the chosen unit again
        super().focusOutEvent(event)
        typed = self.currentText().strip()
        exact = next((c for c in self.choices if typed in (c.name, c.label, *c.aliases)), None)
        if exact is not None:
            self.set_unit(exact.id)
        else:
            self.setEditText(self.itemText(self.currentIndex()))
