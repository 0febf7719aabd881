"""Forms of the action plan screens. They only collect what was typed; the services check it
(the period, the responsible people, the status table) and their errors are put back on the
fields with `apply_service_errors`, so nothing typed is lost."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field

from .models import ActionStatus


class PlanForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example «Plan for the introduction programme 2025–2028»."),
    )
    start_year = forms.IntegerField(label=_("From year"), min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label=_("To year"), min_value=2000, max_value=2100)
    adopted_on = date_field(label=_("Adopted on"), required=False)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class NewPlanForm(PlanForm):
    from_template = forms.BooleanField(
        label=_("Start from the Drangedal template"),
        required=False,
        initial=True,
        help_text=_(
            "Six areas with strategies and actions from Drangedal municipality's plan for the "
            "introduction programme. You can change everything afterwards."
        ),
    )


class AreaForm(forms.Form):
    title = forms.CharField(label=_("Area"), max_length=200)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    position = forms.IntegerField(
        label=_("Order"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Empty: last."),
    )


class StrategyForm(forms.Form):
    text = forms.CharField(label=_("Strategy"), widget=forms.Textarea(attrs={"rows": 3}))
    position = forms.IntegerField(
        label=_("Order"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Empty: last."),
    )


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    strategy = forms.ChoiceField(label=_("Strategy"), required=False)
    start_date = date_field(label=_("Starts"))
    due_on = date_field(
        label=_("Evaluate by"),
        required=False,
        help_text=_("Optional: when the action is to be done or evaluated."),
    )
    responsible_users = forms.MultipleChoiceField(
        label=_("Responsible people"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responsible_unit = forms.CharField(
        label=_("Responsible unit"),
        max_length=120,
        required=False,
        help_text=_("For example VO, NAV or the health centre. Give people, a unit or both."),
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    position = forms.IntegerField(
        label=_("Order"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("Empty: last."),
    )

    def __init__(self, *args, strategies=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategy"].choices = [
            ("", _("The area as a whole")),
            *((str(s.pk), s.text if len(s.text) <= 90 else s.text[:88] + "…") for s in strategies),
        ]
        self.fields["responsible_users"].choices = [
            (str(u.pk), f"{u.get_full_name() or u.username} ({u.get_role_display()})")
            for u in people
        ]


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    on = date_field(label=_("Date"), required=False, help_text=_("Empty: today."))
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, ActionStatus(s).label) for s in statuses]


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
