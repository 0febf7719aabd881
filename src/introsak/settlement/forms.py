"""Forms of the settlement screens. They only collect what was typed; the services check
it and their errors are put back on the fields with `apply_service_errors`, so nothing
typed is lost."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field, norwegian_sort_key
from introsak.core.languages import LANGUAGES
from introsak.core.models import Role

from .models import ArrivalStatus
from .services import CHECKLIST_ROLES

ROLE_CHOICES = [(role.value, role.label) for role in CHECKLIST_ROLES]


class DecisionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    # No min_value here: the service refuses a negative number with its own message.
    persons = forms.IntegerField(label=_("People agreed"))
    unaccompanied_minors = forms.IntegerField(
        label=_("Of them unaccompanied minors"), required=False
    )
    families = forms.IntegerField(label=_("Of them in families"), required=False)
    council_decision_on = date_field(label=_("Municipal council decision"), required=False)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("For example the request from IMDi and the council's case number."),
    )


class ArrivalForm(forms.Form):
    name = forms.CharField(
        label=_("Household"),
        max_length=120,
        help_text=_("For example «Family Haddad» or a first name."),
    )
    expected_on = date_field(label=_("Expected arrival"))
    persons = forms.IntegerField(label=_("People"))
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    needs_interpreter = forms.BooleanField(label=_("Someone needs an interpreter"), required=False)
    household = forms.TypedChoiceField(
        label=_("Household in the register"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("When the household is registered."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = sorted(LANGUAGES, key=lambda c: norwegian_sort_key(c[1]))
        self.fields["household"].choices = [("", "—")] + [(h.pk, str(h)) for h in households]


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=ArrivalStatus.choices)
    on = date_field(label=_("Settled on"), required=False)
    household = forms.TypedChoiceField(
        label=_("Household in the register"), coerce=int, required=False, empty_value=None
    )
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=300, required=False)

    def __init__(self, *args, statuses=(), households=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, ArrivalStatus(s).label) for s in statuses]
        self.fields["household"].choices = [("", "—")] + [(h.pk, str(h)) for h in households]


class TickForm(forms.Form):
    on = date_field(label=_("Done on"), required=False)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=1000
    )


class AssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Responsible role"), choices=ROLE_CHOICES)
    responsible = forms.TypedChoiceField(
        label=_("Responsible person"), coerce=int, required=False, empty_value=None
    )
    due_on = date_field(label=_("Due"))

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].choices = [("", "—")] + [
            (u.pk, f"{u.get_full_name() or u.username} ({Role(u.role).label})") for u in colleagues
        ]


class TemplateItemForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    role = forms.ChoiceField(label=_("Responsible role"), choices=ROLE_CHOICES)
    # The range is checked by the service (rules.check_offset), which says why.
    offset_days = forms.IntegerField(
        label=_("Days from arrival"),
        help_text=_("Negative: before the arrival. −14 is two weeks before."),
    )
