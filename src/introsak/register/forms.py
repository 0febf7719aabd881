from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field


class PeriodForm(forms.Form):
    """The period to validate (GET) or export (POST)."""

    period_start = date_field(label=_("From"), required=False)
    period_end = date_field(label=_("To"))


class ExportForm(PeriodForm):
    reexport = forms.BooleanField(
        label=_("Re-export a period already exported"),
        required=False,
        help_text=_("Only to correct a period NIR has already received."),
    )
    reason = forms.CharField(label=_("Reason for the re-export"), max_length=300, required=False)
