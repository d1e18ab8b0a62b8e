"""The partner's forms drawn by crispy-forms' own templates, their layout rendered once.

``{{ form|crispy }}`` renders bootstrap5/uni_form.html and, for every field, field.html and
the templates it includes: most of the cost of a step of the request form, and the same
markup each time for the same form in the same language. What those templates write around
a field depends on the form's class, the language, each field's label, help text,
attributes and number of errors, and (for lists of boxes, which the templates draw box by
box) its choices and chosen values; the values typed and the error messages only fill
holes in it.

:func:`render_form` renders crispy's templates once per process for each such shape, with
markers in the holes (each widget as Django draws it, each error message), keeps the
result as a layout, and fills a copy of the layout for each form. crispy's
``specialspaceless`` is then applied as its tag does, to the whole filled form. A form the
layout cannot describe (a formset, a widget of several widgets, a file input that shows the
current file, choices read from the database) is left to ``|crispy`` itself. Tests compare
the two renderings, byte for byte, in every language and state.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from crispy_forms.templatetags.crispy_forms_utils import remove_spaces
from django import forms
from django.forms.utils import ErrorList
from django.template.loader import get_template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language

FORM_TEMPLATE = "bootstrap5/uni_form.html"
# The context `|crispy` gives that template (crispy_forms_filters.as_crispy_form).
CONTEXT = {
    "field_class": "",
    "field_template": "bootstrap5/field.html",
    "form_show_errors": True,
    "form_show_labels": True,
    "label_class": "",
}
SPACELESS = ("{% specialspaceless %}", "{% endspecialspaceless %}")
# Marks written into the layout: NUL never reaches a page otherwise (PostgreSQL refuses it
# in text, the forms drop it), so a mark cannot be mistaken for markup or data.
MARK = "\x00"
BEGIN, END = f"{MARK}begin{MARK}", f"{MARK}end{MARK}"
# Layouts kept per process: each form's class has a few shapes per language.
MAX_LAYOUTS = 512

# A hole of a layout: ("widget", field name), ("error", field name, index),
# ("nonfield", index).
Hole = tuple[Any, ...]
Layout = tuple[str, tuple[str | Hole, ...], str, dict[str, dict[str, Any]]]

_layouts: dict[Hashable, Layout] = {}
_template: Any = None

LIST_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


def render_form(form: forms.Form) -> SafeString:
    """``{{ form|crispy }}``, from the layout of the form's shape."""
    key = _shape(form)
    if key is None:
        return as_crispy_form(form)
    layout = _layouts.get(key)
    if layout is None:
        layout = _probe(form)
        if len(_layouts) >= MAX_LAYOUTS:
            _layouts.clear()
        _layouts[key] = layout
    prefix, parts, suffix, widget_attrs = layout
    for name, attrs in widget_attrs.items():
        # The classes crispy's field tag gives each widget (form-control, form-select…).
        form.fields[name].widget.attrs = dict(attrs)
    inner = "".join(part if isinstance(part, str) else _fill(form, part) for part in parts)
    return SafeString(prefix + remove_spaces(inner.strip()) + suffix)


def _fill(form: forms.Form, hole: Hole) -> str:
    if hole[0] == "widget":
        return str(form[hole[1]])
    if hole[0] == "error":
        return conditional_escape(str(list(form[hole[1]].errors)[hole[2]]))
    return conditional_escape(str(list(form.non_field_errors())[hole[1]]))


def _shape(form: forms.Form) -> Hashable | None:
    """Everything crispy's templates read of the form except the values and messages that
    fill the holes; None for a form they draw in a way the layout cannot describe."""
    fields = []
    for bound in form:
        field, widget = bound.field, bound.field.widget
        if isinstance(widget, forms.MultiWidget | forms.ClearableFileInput):
            return None
        chosen: Hashable = None
        if isinstance(widget, LIST_WIDGETS):
            if not isinstance(field.choices, list | tuple):  # type: ignore[attr-defined]
                return None  # a queryset's choices: a query each time they are read
            chosen = (
                tuple(widget.format_value(bound.value())),
                tuple((str(v), str(label)) for v, label in field.choices),  # type: ignore[attr-defined]
            )
        fields.append(
            (
                bound.name,
                type(widget),
                str(bound.label),
                str(bound.help_text),
                field.required,
                field.disabled,
                repr(sorted(widget.attrs.items())),
                repr(sorted(bound.build_widget_attrs({}).items())),
                bool(bound.initial),
                len(bound.errors),
                chosen,
            )
        )
    return (
        type(form),
        get_language(),
        form.prefix,
        form.auto_id,
        len(form.non_field_errors()),
        tuple(fields),
    )


def _probe(form: forms.Form) -> Layout:
    """Render crispy's templates once with marks in the holes, and cut the result there."""
    global _template
    if _template is None:
        backend: Any = get_template(FORM_TEMPLATE)
        source = backend.template.source
        source = source.replace(SPACELESS[0], BEGIN).replace(SPACELESS[1], END)
        _template = backend.backend.from_string(source)
    probe = _ProbeForm(form)
    output = _template.render({**CONTEXT, "form": probe})
    prefix, rest = output.split(BEGIN)
    inner, suffix = rest.split(END)
    parts: list[str | Hole] = []
    for index, piece in enumerate(inner.split(MARK)):
        if index % 2 == 0:
            parts.append(piece)
        else:
            parts.append(probe.holes[int(piece)])
    widget_attrs = {bound.name: dict(bound.field.widget.attrs) for bound in form}
    return prefix, tuple(parts), suffix, widget_attrs


class _ProbeForm:
    """The form as the templates see it, with marks for its widgets and messages."""

    def __init__(self, form: forms.Form) -> None:
        self.form = form
        self.holes: list[Hole] = []

    def mark(self, hole: Hole) -> SafeString:
        self.holes.append(hole)
        return SafeString(f"{MARK}{len(self.holes) - 1}{MARK}")

    def __iter__(self) -> Iterator[_ProbeField]:
        for bound in self.form:
            yield _ProbeField(self, bound)

    def non_field_errors(self) -> ErrorList:
        errors = self.form.non_field_errors()
        return _marked(errors, [self.mark(("nonfield", i)) for i in range(len(errors))])

    def __getattr__(self, name: str) -> Any:
        return getattr(self.form, name)


class _ProbeField:
    """A bound field whose widget and error messages are marks."""

    def __init__(self, probe: _ProbeForm, bound: forms.BoundField) -> None:
        self._probe = probe
        self._bound = bound

    def __str__(self) -> str:
        return self._probe.mark(("widget", self._bound.name))

    __html__ = __str__

    @property
    def errors(self) -> ErrorList:
        errors = self._bound.errors
        name = self._bound.name
        return _marked(errors, [self._probe.mark(("error", name, i)) for i in range(len(errors))])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._bound, name)


def _marked(errors: ErrorList, marks: list[SafeString]) -> ErrorList:
    copy = errors.copy()  # its class and renderer; not its field's id, which the page names
    copy.data = list(marks)
    copy.field_id = getattr(errors, "field_id", None)  # type: ignore[attr-defined]
    return copy
