"""Template helpers: accessible form fields in Designsystemet markup."""

from __future__ import annotations

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _describedby(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_help")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    return " ".join(ids)


@register.simple_tag
def field(bound, **attrs):
    """A labelled field with its description and error, linked by aria-describedby."""
    widget = bound.field.widget
    widget_attrs = {"class": "ds-input", **attrs}
    described = _describedby(bound)
    if described:
        widget_attrs["aria-describedby"] = described
    if bound.errors:
        widget_attrs["aria-invalid"] = "true"
    required = (
        mark_safe(' <span class="required" aria-hidden="true">*</span>')
        if (bound.field.required or widget.attrs.get("aria-required") == "true")
        and not isinstance(widget, forms.CheckboxInput)
        else ""
    )
    help_html = (
        format_html(
            '<div class="field-help" data-field="description" id="{}_help">{}</div>',
            bound.auto_id,
            bound.help_text,
        )
        if bound.help_text
        else ""
    )
    errors_html = (
        format_html(
            '<div class="ds-validation-message" data-field="validation" id="{}_error">{}</div>',
            bound.auto_id,
            " ".join(str(e) for e in bound.errors),
        )
        if bound.errors
        else ""
    )
    if isinstance(widget, forms.CheckboxSelectMultiple):
        options = format_html_join(
            "",
            '<div class="ds-field checkbox"><input class="ds-input" type="checkbox" name="{}" '
            'value="{}" id="{}"{}><label class="ds-label" for="{}">{}</label></div>',
            (
                (
                    bound.html_name,
                    choice.data["value"],
                    choice.id_for_label,
                    mark_safe(" checked") if choice.data["selected"] else "",
                    choice.id_for_label,
                    choice.choice_label,
                )
                for choice in bound.subwidgets
            ),
        )
        return format_html(
            '<fieldset class="ds-fieldset checkbox-list"{}><legend class="ds-label">{}</legend>'
            '{}{}<div class="checkbox-grid">{}</div></fieldset>',
            mark_safe(' aria-invalid="true"') if bound.errors else "",
            bound.label,
            help_html,
            errors_html,
            options or format_html("<p>{}</p>", _("None to choose from.")),
        )
    if isinstance(widget, forms.CheckboxInput):
        return format_html(
            '<div class="ds-field checkbox">{}<label class="ds-label" for="{}">{}</label>'
            "{}{}</div>",
            bound.as_widget(attrs=widget_attrs),
            bound.id_for_label,
            bound.label,
            help_html,
            errors_html,
        )
    return format_html(
        '<div class="ds-field{}"><label class="ds-label" for="{}">{}{}</label>{}{}{}</div>',
        " has-error" if bound.errors else "",
        bound.id_for_label,
        bound.label,
        required,
        help_html,
        bound.as_widget(attrs=widget_attrs),
        errors_html,
    )


@register.inclusion_tag("core/includes/error_summary.html")
def error_summary(*forms_or_formsets):
    """A list of every error at the top of the page, each linking to its field (WCAG 3.3.1)."""
    items = []
    for obj in forms_or_formsets:
        if obj is None:
            continue
        bound_forms = getattr(obj, "forms", None)
        if bound_forms is not None:
            items += [{"text": str(e), "anchor": ""} for e in obj.non_form_errors()]
        row_title = getattr(obj, "row_title", "")
        for index, form in enumerate(bound_forms if bound_forms is not None else [obj], 1):
            # Rows of a formset say which row: «Utdanning 2 – År: …».
            prefix = f"{row_title} {index} – " if row_title else ""
            items += [{"text": prefix + str(e), "anchor": ""} for e in form.non_field_errors()]
            for name, errors in form.errors.items():
                if name == "__all__":
                    continue
                bound = form[name]
                for error in errors:
                    items.append(
                        {"text": f"{prefix}{bound.label}: {error}", "anchor": bound.auto_id}
                    )
    return {"items": items}


@register.filter
def choice_label(value, choices):
    return dict(choices).get(value, value)


@register.filter
def kr(value):
    """An amount as «22 758,17 kr» (non-breaking spaces), whatever the UI language."""
    from decimal import Decimal, InvalidOperation

    from introsak.stipend.calculation import kr as format_kr

    try:
        return format_kr(Decimal(str(value)).quantize(Decimal("0.01")))
    except (InvalidOperation, ValueError):
        return value


@register.filter
def org_number(value):
    """«974760673» → «974 760 673», as Brønnøysundregistrene writes it."""
    from introsak.placements.rules import format_org_number

    return format_org_number(str(value or ""))


@register.filter
def weekdays(value):
    """«012» → «man, tir, ons»."""
    from introsak.placements.selectors import weekday_names

    return weekday_names(str(value or ""))
