"""Forms of the meeting and interpreter screens. They only collect what was typed; the
services check it, and their errors are put back on the fields with `apply_service_errors`,
so nothing typed is lost."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field, norwegian_sort_key
from introsak.core.languages import LANGUAGES
from introsak.participants.models import InterpreterMode

from .models import ActionStatus, InterpreterModes, MeetingKind, RegisterCategory

DATETIME_INPUT_FORMATS = [
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y kl. %H:%M",
]


class DateTimeInput(forms.DateTimeInput):
    """A native date-and-time picker; «24.11.2026 10:00» typed by hand works too."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def datetime_field(**kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        widget=DateTimeInput(), input_formats=DATETIME_INPUT_FORMATS, **kwargs
    )


def _language_choices():
    return sorted(LANGUAGES, key=lambda c: norwegian_sort_key(c[1]))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type of meeting"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    starts_at = datetime_field(label=_("Starts"))
    ends_at = datetime_field(label=_("Ends"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    participant = forms.TypedChoiceField(
        label=_("About participant"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The meeting then shows on the participant's page."),
    )
    attendees = forms.TypedMultipleChoiceField(
        label=_("Colleagues taking part"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    participant_attendees = forms.TypedMultipleChoiceField(
        label=_("Participants taking part"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    external_attendees = forms.CharField(
        label=_("Others taking part"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One a line, for example «Rektor, Karasjok skole»."),
    )
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    minutes = forms.CharField(
        label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    decisions = forms.CharField(
        label=_("Conclusions"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, colleagues=(), participants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].choices = [("", "—")] + [
            (p.pk, p.full_name) for p in participants
        ]
        self.fields["attendees"].choices = [
            (u.pk, f"{u.get_full_name() or u.username} ({u.get_role_display().lower()})")
            for u in colleagues
        ]
        self.fields["participant_attendees"].choices = [(p.pk, p.full_name) for p in participants]


class ActionForm(forms.Form):
    text = forms.CharField(label=_("What is to be done"), max_length=500)
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int, required=False, empty_value=None)
    due_date = date_field(label=_("Due"))
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "—")] + [
            (u.pk, u.get_full_name() or u.username) for u in colleagues
        ]


class CloseActionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Close as"),
        choices=[
            (ActionStatus.DONE, ActionStatus.DONE.label),
            (ActionStatus.CANCELLED, ActionStatus.CANCELLED.label),
        ],
    )
    note = forms.CharField(label=_("What was done"), max_length=2000, required=False)


class InterpreterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=_language_choices, widget=forms.CheckboxSelectMultiple
    )
    category = forms.ChoiceField(
        label=_("Nasjonalt tolkeregister"),
        choices=RegisterCategory.choices,
        help_text=_("The qualification category in the register (A is the highest)."),
    )
    mode = forms.ChoiceField(label=_("Works"), choices=InterpreterModes.choices)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    birth_date = date_field(
        label=_("Date of birth"), help_text=_("A person under 18 can never interpret.")
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class BookingForm(forms.Form):
    interpreter = forms.TypedChoiceField(label=_("Interpreter"), coerce=int)
    language = forms.ChoiceField(label=_("Language"), choices=_language_choices)
    mode = forms.ChoiceField(label=_("How"), choices=InterpreterMode.choices)
    starts_at = datetime_field(label=_("From"), required=False)
    ends_at = datetime_field(label=_("To"), required=False)
    cost = forms.DecimalField(
        label=_("Cost (NOK)"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, interpreters=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreter"].choices = [("", "—")] + [
            (i.pk, f"{i.name} ({i.language_names})") for i in interpreters
        ]


class CancelBookingForm(forms.Form):
    cost = forms.DecimalField(
        label=_("What the cancellation costs (NOK)"),
        max_digits=10,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
        help_text=_("A late cancellation is often paid in full. Leave empty if it costs nothing."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
