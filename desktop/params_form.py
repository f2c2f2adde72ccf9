"""A form built from a frozen parameters dataclass, one editor per field.

Editors follow the field's type hint: ``float`` a spin box with a unit suffix
chosen from the field's name (``walk_m`` metres, ``target_pct`` per cent,
``time_limit_s`` seconds, shares 0-1) and the range its
:func:`~analysis.params.param` declares (else one from the name too), ``int`` a
spin box, ``bool`` a
check box, ``Literal[...]`` a combo box, ``tuple`` a grid of check boxes if
the field's values come from a fixed vocabulary (:data:`VOCABULARIES`), else (of
strings) a comma-separated line, a date a date box, a nested dataclass a group
box with its own form. ``X | None`` fields show "not set" (numbers and dates at
their minimum, text empty). Each field's docstring, translated in the context
``HELP_CONTEXT`` (marked for lupdate in :mod:`desktop.param_help`), is its
tooltip and What's This text.

The form checks nothing itself: :meth:`ParamsForm.params` calls the dataclass,
whose ``__post_init__`` raises ``ValueError`` (or ``InputError``) for values it
refuses; :meth:`ParamsForm.focus_error` puts the cursor on the field a
:class:`~analysis.errors.ParameterError` (or its message, ``--flag: ...`` or
``name: ...``) names.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
import types
import typing
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import ParameterError
from analysis.heatmap.filters import DAY_PARTS
from analysis.io.reports.normalize import STATUSES
from analysis.io.tracks.sports import TYPES
from analysis.param_docs import field_docs, field_types
from analysis.params import Spec, spec_of
from desktop.param_docs import HELP_CONTEXT
from desktop.param_labels import choice_label, field_label

NOT_SET_DATE = QDate(2000, 1, 1)
"""The minimum of a date box: shown as "not set", read as None."""
INT_MAX = 2**31 - 1
"""The largest value a QSpinBox holds."""


def _grid_columns(count: int) -> int:
    """Check boxes in a row of a vocabulary's grid: 2, or 3 for a long list (the months)."""
    return 3 if count > 6 else 2


def _month_name(month: int) -> str:
    """The month's name in the app's language ("styczeń" in Polish)."""
    return QLocale().standaloneMonthName(month)


VOCABULARIES: dict[str, tuple[tuple[Any, ...], Callable[[Any], str]]] = {
    "types": (TYPES, choice_label),
    "activity_types": (TYPES, choice_label),
    "cycling_types": (TYPES, choice_label),
    "day_parts": (tuple(DAY_PARTS), choice_label),
    "months": (tuple(range(1, 13)), _month_name),
    "closed_statuses": (STATUSES, choice_label),
}
"""Tuple fields, by name, whose values come from a fixed list: the values and their labeller."""


@dataclasses.dataclass(frozen=True)
class _Number:
    """Range, precision, step and unit of a number field."""

    low: float
    high: float
    decimals: int = 0
    step: float = 1.0
    suffix: str = ""


def _number_format(name: str, is_float: bool) -> _Number:
    """Reasonable bounds for a field, by the unit its name ends in."""
    if not is_float:
        return _Number(0, 1_000_000_000)
    if name.endswith("_pct"):
        return _Number(0, 100, 1, 5, QCoreApplication.translate("ParamsForm", " %"))
    if name.endswith("_m2"):
        return _Number(0, 10_000_000, 1, 1, QCoreApplication.translate("ParamsForm", " m²"))
    if name.endswith("_m"):
        return _Number(0, 100_000, 1, 5, QCoreApplication.translate("ParamsForm", " m"))
    if name.endswith("_s"):
        return _Number(0, 86_400, 0, 10, QCoreApplication.translate("ParamsForm", " s"))
    if name.endswith("_days"):
        return _Number(0, 36_500, 1, 1, QCoreApplication.translate("ParamsForm", " days"))
    if name.endswith("_g_per_km"):
        return _Number(0, 10_000, 1, 1, QCoreApplication.translate("ParamsForm", " g/km"))
    if "share" in name or name in ("alpha", "min_coverage"):
        return _Number(0, 1, 3, 0.05)
    return _Number(0, 1_000_000, 2, 0.5)


def _declared_range(fmt: _Number, spec: Spec | None, is_float: bool, optional: bool) -> _Number:
    """``fmt`` within the bounds ``spec`` declares; an optional field's minimum is "not set"."""
    if spec is None:
        return fmt
    step = 10.0**-fmt.decimals if is_float else 1
    low = fmt.low
    if spec.above is not None:
        low = spec.above if optional else spec.above + step
    elif spec.at_least is not None:
        low = spec.at_least - step if optional else spec.at_least
    high = fmt.high if spec.at_most is None else spec.at_most
    return dataclasses.replace(fmt, low=low, high=high if is_float else min(high, INT_MAX))


def _mentions(message: str, name: str) -> bool:
    """Whether ``message`` holds ``name`` as a word."""
    return re.search(rf"\b{re.escape(name)}\b", message) is not None


def _split_optional(hint: Any) -> tuple[Any, bool]:
    """``(X, True)`` for ``X | None``, else ``(hint, False)``."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0], True
    return hint, False


@dataclasses.dataclass
class _Editor:
    """A field's widget and how to read and set its value."""

    widget: QWidget
    get: Callable[[], Any]
    put: Callable[[Any], None]


class ParamsForm(QWidget):
    """Edits one instance of the frozen dataclass ``params_type``.

    Parameters
    ----------
    params_type
        The parameters dataclass; every field needs a default.
    params
        The values shown first (default: ``params_type()``).
    """

    changed = Signal()
    """Emitted when the user edits any field."""

    def __init__(self, params_type: type, params: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.params_type = params_type
        self._editors: dict[str, _Editor] = {}
        self._flags: dict[str, str] = {}
        self._forms: dict[str, ParamsForm] = {}
        initial = params if params is not None else params_type()
        self._fixed: dict[str, Any] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        hints, docs = field_types(params_type), field_docs(params_type)
        for f in dataclasses.fields(params_type):
            if not f.init:
                continue
            value, hint = getattr(initial, f.name), hints[f.name]
            label, help_text = field_label(f.name), docs.get(f.name, "")
            if help_text:
                help_text = QCoreApplication.translate(HELP_CONTEXT, help_text)
            if dataclasses.is_dataclass(hint):
                form = ParamsForm(typing.cast(type, hint), value, self)
                form.changed.connect(self.changed)
                box = QGroupBox(label, self)
                QVBoxLayout(box).addWidget(form)
                box.setToolTip(help_text)
                self._forms[f.name] = form
                layout.addRow(box)
                continue
            spec = spec_of(f)
            if spec is not None and spec.flag:
                self._flags[f.name] = spec.flag
            editor = self._editor(f.name, hint, spec)
            if editor is None:  # a type no form can show: keep the value given
                self._fixed[f.name] = value
                continue
            editor.put(value)
            widget = editor.widget
            widget.setObjectName(f.name)
            widget.setAccessibleName(label)
            if help_text:
                widget.setToolTip(help_text)
                widget.setWhatsThis(help_text)
            self._editors[f.name] = editor
            layout.addRow(label, widget)

    def params(self) -> Any:
        """The dataclass the form shows.

        Raises
        ------
        ValueError
            If a field cannot be read or the dataclass refuses the values
            (``InputError`` is a ``ValueError`` too).
        """
        values = dict(self._fixed)
        values.update({name: editor.get() for name, editor in self._editors.items()})
        values.update({name: form.params() for name, form in self._forms.items()})
        return self.params_type(**values)

    def set_params(self, params: Any) -> None:
        """Show the values of ``params``."""
        for name, editor in self._editors.items():
            editor.put(getattr(params, name))
        for name, form in self._forms.items():
            form.set_params(getattr(params, name))

    def editor(self, path: str) -> QWidget:
        """The widget of field ``path`` (``walk_m``; ``filters.types`` in a nested form)."""
        head, _, rest = path.partition(".")
        if rest:
            return self._forms[head].editor(rest)
        return self._editors[head].widget

    def field_names(self) -> list[str]:
        """Every editable field, nested ones dotted, in form order."""
        names = list(self._editors)
        for head, form in self._forms.items():
            names += [f"{head}.{name}" for name in form.field_names()]
        return names

    def flags(self) -> dict[str, str]:
        """The CLI flag of each field that has one, nested ones dotted."""
        flags = dict(self._flags)
        for head, form in self._forms.items():
            flags |= {f"{head}.{name}": flag for name, flag in form.flags().items()}
        return flags

    def focus_error(self, error: str | ParameterError) -> QWidget | None:
        """Focus the field ``error`` names, and return it.

        A :class:`ParameterError` names its field; a message names it (or its
        flag) before its first colon, as a ``ParameterError``'s does, or else
        anywhere (the longest name mentioned).
        """
        names = self.field_names()
        if isinstance(error, ParameterError):
            named = [p for p in names if p.rpartition(".")[2] == error.name]
        else:
            head = error.partition(": ")[0].strip()
            flags = self.flags()
            # a flag several fields share (--weights) names the first of them
            named = [p for p in names if head in (p.rpartition(".")[2], flags.get(p))][:1]
            named = named or [p for p in names if _mentions(error, p.rpartition(".")[2])]
        if not named:
            return None
        widget = self.editor(max(named, key=lambda p: len(p.rpartition(".")[2])))
        widget.setFocus()
        return widget

    def _editor(self, name: str, hint: Any, spec: Spec | None = None) -> _Editor | None:
        inner, optional = _split_optional(hint)
        if inner is bool and not optional:
            return self._check_box()
        if inner in (int, float):
            return self._spin_box(name, inner is float, optional, spec)
        if typing.get_origin(inner) is typing.Literal and not optional:
            return self._combo_box(list(typing.get_args(inner)))
        if inner in (datetime.date, datetime.datetime):
            return self._date_box(inner is datetime.datetime, optional)
        if inner is str:
            return self._line_edit(optional)
        if typing.get_origin(inner) is tuple and not optional:
            if name in VOCABULARIES:
                return self._check_grid(*VOCABULARIES[name])
            if typing.get_args(inner)[0] is str:
                return self._list_edit()
        return None

    def _check_box(self) -> _Editor:
        box = QCheckBox(self)
        box.toggled.connect(self.changed)
        return _Editor(box, box.isChecked, lambda v: box.setChecked(bool(v)))

    def _spin_box(self, name: str, is_float: bool, optional: bool, spec: Spec | None) -> _Editor:
        fmt = _declared_range(_number_format(name, is_float), spec, is_float, optional)
        spin: QSpinBox | QDoubleSpinBox
        if is_float:
            spin = QDoubleSpinBox(self)
            spin.setDecimals(fmt.decimals)
            spin.setSingleStep(fmt.step)
        else:
            spin = QSpinBox(self)
        spin.setRange(fmt.low, fmt.high)  # type: ignore[arg-type]
        spin.setSuffix(fmt.suffix)
        spin.setAccelerated(True)
        if optional:
            spin.setSpecialValueText(self.tr("not set"))
        spin.valueChanged.connect(self.changed)
        cast = float if is_float else int

        def get() -> Any:
            value = spin.value()
            return None if optional and value == spin.minimum() else cast(value)

        def put(value: Any) -> None:
            if value is None:
                spin.setValue(spin.minimum())  # type: ignore[arg-type]  # an int for QSpinBox
                return
            spin.setRange(min(spin.minimum(), value), max(spin.maximum(), value))
            spin.setValue(value)

        return _Editor(spin, get, put)

    def _combo_box(self, choices: list[Any]) -> _Editor:
        combo = QComboBox(self)
        for choice in choices:
            combo.addItem(choice_label(str(choice)), choice)
        combo.currentIndexChanged.connect(self.changed)
        return _Editor(combo, combo.currentData, lambda v: combo.setCurrentIndex(combo.findData(v)))

    def _date_box(self, with_time: bool, optional: bool) -> _Editor:
        box = QDateTimeEdit(self) if with_time else QDateEdit(self)
        box.setDisplayFormat("yyyy-MM-dd HH:mm" if with_time else "yyyy-MM-dd")
        box.setCalendarPopup(True)
        box.setMinimumDate(NOT_SET_DATE)
        if optional:
            box.setSpecialValueText(self.tr("not set"))
        box.dateTimeChanged.connect(self.changed)

        def get() -> Any:
            if optional and box.date() == NOT_SET_DATE:
                return None
            value: Any = box.dateTime().toPython()
            return value if with_time else value.date()

        def put(value: Any) -> None:
            if value is None:
                box.setDateTime(QDateTime(NOT_SET_DATE, QTime(0, 0)))
            else:
                day = QDate(value.year, value.month, value.day)
                time = QTime(getattr(value, "hour", 0), getattr(value, "minute", 0))
                box.setDateTime(QDateTime(day, time))

        return _Editor(box, get, put)

    def _line_edit(self, optional: bool) -> _Editor:
        line = QLineEdit(self)
        if optional:
            line.setPlaceholderText(self.tr("automatic"))
        line.textEdited.connect(self.changed)

        def get() -> str | None:
            return (line.text().strip() or None) if optional else line.text()

        return _Editor(line, get, lambda v: line.setText("" if v is None else str(v)))

    def _list_edit(self) -> _Editor:
        line = QLineEdit(self)
        line.setPlaceholderText(self.tr("comma-separated"))
        line.textEdited.connect(self.changed)

        def get() -> tuple[str, ...]:
            return tuple(p.strip() for p in line.text().split(",") if p.strip())

        return _Editor(line, get, lambda v: line.setText(", ".join(v)))

    def _check_grid(self, values: tuple[Any, ...], label: Callable[[Any], str]) -> _Editor:
        grid = QWidget(self)
        layout = QGridLayout(grid)
        layout.setContentsMargins(0, 0, 0, 0)
        boxes: dict[Any, QCheckBox] = {}
        columns = _grid_columns(len(values))

        def add(value: Any, text: str) -> None:
            box = QCheckBox(text, grid)
            box.setAccessibleName(text)
            box.toggled.connect(self.changed)
            layout.addWidget(box, *divmod(len(boxes), columns))
            boxes[value] = box

        for value in values:
            add(value, label(value))
        grid.setFocusProxy(boxes[values[0]])

        def get() -> tuple[Any, ...]:
            return tuple(value for value, box in boxes.items() if box.isChecked())

        def put(checked: tuple[Any, ...]) -> None:
            for value in checked:
                if value not in boxes:  # not in the vocabulary: shown as it is, kept
                    add(value, str(value))
            for value, box in boxes.items():
                box.setChecked(value in checked)

        return _Editor(grid, get, put)
