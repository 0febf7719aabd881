"""Forms of the results screens: they only collect what was typed; the service checks it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Activity, Checkpoint


class OutcomeForm(forms.Form):
    checkpoint = forms.ChoiceField(label=_("Follow-up"), choices=Checkpoint.choices)
    activity = forms.ChoiceField(label=_("Main activity"), choices=Activity.choices)
    employer_or_school = forms.CharField(
        label=_("Employer or school"), max_length=200, required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class DashboardFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    consultant = forms.TypedChoiceField(
        label=_("Consultant"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, consultants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].choices = [("", _("All consultants"))] + [
            (str(u.pk), u.get_full_name() or u.username) for u in consultants
        ]
