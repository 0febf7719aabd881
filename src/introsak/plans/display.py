"""Plan snapshots and their differences in words: labels instead of field names, the
choice's label instead of its code, Norwegian dates and numbers, people by name."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .models import Measure, Plan, SubGoal

MODELS = {"plan": Plan, "sub_goals": SubGoal, "measures": Measure}


def value(model, name: str, raw) -> str:
    """A stored snapshot value as a person reads it."""
    field = model._meta.get_field(name)
    if raw in (None, ""):
        return "–"
    if field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    kind = field.get_internal_type()
    if kind == "DateField":
        return date_format(datetime.date.fromisoformat(raw), "SHORT_DATE_FORMAT")
    if kind == "BooleanField":
        return _("Yes") if raw else _("No")
    if kind == "DecimalField":
        return number_format(Decimal(str(raw)), decimal_pos=1)
    if field.is_relation:
        return str(field.related_model._default_manager.filter(pk=raw).first() or raw)
    return str(raw)


def measure_text(values: dict) -> str:
    def shown(name):
        return value(Measure, name, values.get(name))

    parts = [
        shown("kind"),
        values.get("title"),
        values.get("provider"),
        f"{shown('start_date')}–{shown('end_date')}",
        f"{shown('hours_per_week')} t",
    ]
    return ", ".join(p for p in parts if p)


def item_name(section: str, row: dict | None) -> str:
    """Which sub-goal or measure a change is about («Norsk – Norsk i klasse»)."""
    if not row:
        return ""
    if section == "measures":
        kind = value(Measure, "kind", row.get("kind"))
        return f"{kind} – {row['title']}" if row.get("title") else kind
    if section == "sub_goals":
        return row.get("description", "")
    return ""


def readable_changes(changes: list[dict], *, old: dict | None, new: dict) -> list[dict]:
    """Each change with its part, the item it is about, and the fields in words."""
    section_names = {"plan": _("Goals"), "sub_goals": _("Sub-goal"), "measures": _("Measure")}
    change_names = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
    rows_by_id = {}
    for snapshot in (old or {}, new):
        for section in ("sub_goals", "measures"):
            for row in snapshot.get(section, []):
                rows_by_id[(section, row["id"])] = row
    rows = []
    for change in changes:
        model = MODELS[change["section"]]
        fields = []
        for name, values in change["fields"].items():
            label = str(model._meta.get_field(name).verbose_name)
            fields.append(
                {
                    "label": label,
                    "old": None if values["old"] is None else value(model, name, values["old"]),
                    "new": None if values["new"] is None else value(model, name, values["new"]),
                }
            )
        rows.append(
            {
                "section": section_names[change["section"]],
                "item": item_name(
                    change["section"], rows_by_id.get((change["section"], change["item"]))
                ),
                "change": change_names[change["change"]],
                "fields": fields,
            }
        )
    return rows


def as_sentences(rows: list[dict]) -> list[str]:
    """The changes as short lines, for the audit trail."""
    lines = []
    for row in rows:
        head = f"{row['section']}{' – ' + row['item'] if row['item'] else ''} ({row['change']})"
        details = (
            "; ".join(
                f"{f['label']}: {f['old'] if f['old'] is not None else '–'} → "
                f"{f['new'] if f['new'] is not None else '–'}"
                for f in row["fields"]
            )
            if row["change"] == _("changed")
            else ""
        )
        lines.append(f"{head}: {details}" if details else head)
    return lines


def side(snapshot: dict, compared: dict, which: str) -> dict:
    """One revision of a side-by-side comparison, in words."""
    return {
        "plan": [
            (
                str(Plan._meta.get_field(name).verbose_name).capitalize(),
                value(Plan, name, raw),
                name in compared["plan_changed"],
            )
            for name, raw in snapshot["plan"].items()
        ],
        "sub_goals": [
            (
                f"{row.values['description']} – "
                f"{value(SubGoal, 'target_date', row.values['target_date'])}"
                f" ({value(SubGoal, 'status', row.values['status'])})",
                row.change,
            )
            for row in compared[f"sub_goals_{which}"]
        ],
        "measures": [
            (measure_text(row.values), row.change) for row in compared[f"measures_{which}"]
        ],
    }
