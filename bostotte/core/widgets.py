"""Widgets shared by the apps' forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe

_CONTEXT = Context(autoescape=True)


def _s(value: Any) -> str:
    """`{{ value|stringformat:'s' }}`: the filter's formatting, escaped unless already safe."""
    text = "%s" % (value,)  # noqa: UP031 - exactly the filter's formatting
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs_html(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {render_value_in_context(name, _CONTEXT)}" + ("" if value is True else f'="{_s(value)}"')
        for name, value in attrs.items()
        if value is not False
    )


class PlainSelect(forms.Select):
    """A select that writes django/forms/widgets/select.html's HTML (option by option, byte
    for byte) in Python instead of including a template per option: the dashboard's filter
    lists have ~70 options, the visit form's FFB undertema list ~30 (issue 10). Values and labels are escaped like `{{ }}` does."""

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        if template_name != "django/forms/widgets/select.html":  # pragma: no cover - a subclass's own template
            return super()._render(template_name, context, renderer)  # type: ignore[misc,no-any-return]
        w = context["widget"]
        parts = [f'<select name="{render_value_in_context(w["name"], _CONTEXT)}"{_attrs_html(w["attrs"])}>']
        for group_name, group_choices, _index in w["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{render_value_in_context(group_name, _CONTEXT)}">')
            parts.extend(
                f'\n  <option value="{_s(o["value"])}"{_attrs_html(o["attrs"])}>'
                f"{render_value_in_context(o['label'], _CONTEXT)}</option>\n"  # the option template's last newline
                for o in group_choices
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")  # the form renderer strips the template's last newline
        return mark_safe("".join(parts))  # noqa: S308 - every value above went through conditional_escape


# Templates that are django/forms/widgets/input.html and nothing else (each is one include of it).
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "number", "email", "url", "password", "hidden", "date", "datetime", "time")
)
_TEXTAREA_TEMPLATE = "django/forms/widgets/textarea.html"


class PlainRenderMixin:
    """For input and textarea widgets: writes django/forms/widgets/input.html's or
    textarea.html's HTML in Python (like `PlainSelect`), byte for byte, instead of rendering
    three templates per field (the widget's, input.html and attrs.html). The visit form, which
    bostøtte staff open on their phones many times a day, has seven such fields (issue 10).
    Any other template (a subclass's own) renders as usual."""

    def _render(self, template_name: str, context: dict[str, Any], renderer: Any = None) -> SafeString:
        w = context["widget"]
        name = render_value_in_context(w["name"], _CONTEXT)
        if template_name in _INPUT_TEMPLATES:
            value = "" if w["value"] is None else f' value="{_s(w["value"])}"'
            html = f'<input type="{render_value_in_context(w["type"], _CONTEXT)}" name="{name}"{value}{_attrs_html(w["attrs"])}>'
        elif template_name == _TEXTAREA_TEMPLATE:
            value = render_value_in_context(w["value"], _CONTEXT) if w["value"] else ""
            html = f'<textarea name="{name}"{_attrs_html(w["attrs"])}>\n{value}</textarea>'
        else:
            return super()._render(template_name, context, renderer)  # type: ignore[misc,no-any-return]
        return mark_safe(html)  # noqa: S308 - every value above went through conditional_escape


class PlainDateInput(PlainRenderMixin, forms.DateInput):
    pass


class PlainTimeInput(PlainRenderMixin, forms.TimeInput):
    pass


class PlainNumberInput(PlainRenderMixin, forms.NumberInput):
    pass


class PlainTextarea(PlainRenderMixin, forms.Textarea):
    pass


class PlainHiddenInput(PlainRenderMixin, forms.HiddenInput):
    pass


def attrs_html(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html's HTML for `attrs` (escaped), for code that writes a
    widget's HTML itself around parts it keeps: the visit form's unbound fields
    (levering/forms.py `_UnboundHtml`, issue 10)."""
    return _attrs_html(attrs)
