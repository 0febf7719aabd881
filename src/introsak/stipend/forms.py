"""Forms of the stipend screens. The calculator form turns what was typed into the same
scenario format as the command and the API, and puts the calculation's errors on its fields."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field

from . import calculation as calc
from .models import LineGroup, ReductionKind

UNPAID_ROWS, ABSENCE_ROWS, REDUCTION_ROWS = 3, 6, 3

LEGAL_BASIS_CHOICES = [
    (calc.IL, _("Integration Act (2020)")),
    (calc.IL_6A, _("Integration Act chapter 6A")),
    (calc.INTROL, _("Introduction Act (2003)")),
]
UNPAID_CHOICES = [
    ("", "—"),
    ("care_leave", _("Care leave without stipend")),
    ("long_illness", _("Long illness, leave without stipend")),
    ("suspension", _("Suspension")),
]


class MonthInput(forms.TextInput):
    input_type = "month"


def month_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        widget=MonthInput(attrs={"placeholder": "2026-05"}), max_length=7, **kwargs
    )


def parse_month(value: str) -> datetime.date | None:
    value = (value or "").strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", value) or re.fullmatch(r"(\d{1,2})\.(\d{4})", value)
    if not match:
        return None
    year, month = (
        (int(match[1]), int(match[2])) if len(match[1]) == 4 else (int(match[2]), int(match[1]))
    )
    try:
        return datetime.date(year, month, 1)
    except ValueError:
        return None


class CalculatorForm(forms.Form):
    month = month_field(label=_("Month"))
    legal_basis = forms.ChoiceField(label=_("Legal basis"), choices=LEGAL_BASIS_CHOICES)
    birth_date = date_field(label=_("Birth date"))
    programme_start = date_field(label=_("Programme start"))
    programme_end = date_field(label=_("Programme end"), required=False)
    lives_with_parent = forms.BooleanField(label=_("Lives with a parent"), required=False)
    couple_without_children = forms.BooleanField(
        label=_("Couple without children, both in the programme"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(UNPAID_ROWS):
            self.fields[f"unpaid_{i}_from"] = date_field(label=_("From"), required=False)
            self.fields[f"unpaid_{i}_to"] = date_field(label=_("To"), required=False)
            self.fields[f"unpaid_{i}_kind"] = forms.ChoiceField(
                label=_("Kind"), choices=UNPAID_CHOICES, required=False
            )
        for i in range(ABSENCE_ROWS):
            self.fields[f"invalid_absence_{i}_date"] = date_field(label=_("Date"), required=False)
            self.fields[f"invalid_absence_{i}_hours"] = forms.CharField(
                label=_("Hours"),
                required=False,
                max_length=6,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )
        for i in range(REDUCTION_ROWS):
            self.fields[f"reductions_{i}_kind"] = forms.ChoiceField(
                label=_("Benefit"), choices=[("", "—"), *ReductionKind.choices], required=False
            )
            self.fields[f"reductions_{i}_amount"] = forms.CharField(
                label=_("Amount (kr)"),
                required=False,
                max_length=12,
                widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            )

    def rows(self, prefix: str, count: int, names: tuple[str, ...]):
        return [[self[f"{prefix}_{i}_{name}"] for name in names] for i in range(count)]

    def unpaid_rows(self):
        return self.rows("unpaid", UNPAID_ROWS, ("from", "to", "kind"))

    def absence_rows(self):
        return self.rows("invalid_absence", ABSENCE_ROWS, ("date", "hours"))

    def reduction_rows(self):
        return self.rows("reductions", REDUCTION_ROWS, ("kind", "amount"))

    def scenario_data(self) -> dict:
        """The scenario in the exchange format (after is_valid)."""
        data = self.cleaned_data

        def iso(value):
            return value.isoformat() if value else None

        month = parse_month(data["month"])
        scenario = {
            "month": month.strftime("%Y-%m") if month else data["month"],
            "legal_basis": data["legal_basis"],
            "birth_date": iso(data["birth_date"]),
            "lives_with_parent": data["lives_with_parent"],
            "couple_without_children": data["couple_without_children"],
            "programme_start": iso(data["programme_start"]),
            "programme_end": iso(data.get("programme_end")),
            "unpaid": [],
            "invalid_absence": [],
            "reductions": [],
        }
        self.row_fields = {}
        for i in range(UNPAID_ROWS):
            if (
                data.get(f"unpaid_{i}_from")
                or data.get(f"unpaid_{i}_to")
                or data.get(f"unpaid_{i}_kind")
            ):
                self.row_fields[f"unpaid.{len(scenario['unpaid'])}"] = f"unpaid_{i}"
                scenario["unpaid"].append(
                    {
                        "from": iso(data.get(f"unpaid_{i}_from")),
                        "to": iso(data.get(f"unpaid_{i}_to")),
                        "kind": data.get(f"unpaid_{i}_kind"),
                    }
                )
        for i in range(ABSENCE_ROWS):
            if data.get(f"invalid_absence_{i}_date") or data.get(f"invalid_absence_{i}_hours"):
                index = len(scenario["invalid_absence"])
                self.row_fields[f"invalid_absence.{index}"] = f"invalid_absence_{i}"
                scenario["invalid_absence"].append(
                    {
                        "date": iso(data.get(f"invalid_absence_{i}_date")),
                        "hours": (data.get(f"invalid_absence_{i}_hours") or "").replace(",", "."),
                    }
                )
        for i in range(REDUCTION_ROWS):
            if data.get(f"reductions_{i}_kind") or data.get(f"reductions_{i}_amount"):
                index = len(scenario["reductions"])
                self.row_fields[f"reductions.{index}"] = f"reductions_{i}"
                amount = (data.get(f"reductions_{i}_amount") or "").replace(" ", "")
                scenario["reductions"].append(
                    {"kind": data.get(f"reductions_{i}_kind"), "amount": amount.replace(",", ".")}
                )
        return scenario

    def form_field_for(self, scenario_field: str) -> str | None:
        """`unpaid.0.kind` → the form's `unpaid_2_kind` (blank rows are skipped)."""
        if scenario_field in self.fields:
            return scenario_field
        head, _dot, name = scenario_field.rpartition(".")
        row = getattr(self, "row_fields", {}).get(head)
        if row and f"{row}_{name}" in self.fields:
            return f"{row}_{name}"
        return None

    @classmethod
    def initial_from(cls, scenario: dict) -> dict:
        initial = {
            k: scenario.get(k)
            for k in (
                "month",
                "legal_basis",
                "birth_date",
                "programme_start",
                "programme_end",
                "lives_with_parent",
                "couple_without_children",
            )
        }
        for i, item in enumerate(scenario.get("unpaid", [])[:UNPAID_ROWS]):
            initial.update(
                {
                    f"unpaid_{i}_from": item["from"],
                    f"unpaid_{i}_to": item["to"],
                    f"unpaid_{i}_kind": item["kind"],
                }
            )
        for i, item in enumerate(scenario.get("invalid_absence", [])[:ABSENCE_ROWS]):
            initial.update(
                {
                    f"invalid_absence_{i}_date": item["date"],
                    f"invalid_absence_{i}_hours": item["hours"],
                }
            )
        for i, item in enumerate(scenario.get("reductions", [])[:REDUCTION_ROWS]):
            initial.update(
                {f"reductions_{i}_kind": item["kind"], f"reductions_{i}_amount": item["amount"]}
            )
        return initial


class RunForm(forms.Form):
    month = month_field(label=_("Month"))


class ReductionForm(forms.Form):
    month = month_field(label=_("Month"))
    kind = forms.ChoiceField(label=_("Benefit"), choices=[("", "—"), *ReductionKind.choices])
    amount = forms.DecimalField(
        label=_("Amount (kr)"),
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class PayCodeForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in LineGroup.choices:
            self.fields[value] = forms.CharField(label=label, max_length=20)
