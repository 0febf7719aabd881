"""Forms of the placement screens. They only collect what was typed; the services check it
(the organisasjonsnummer, the programme period, other placements) and their errors are put
back on the fields with `apply_service_errors`, so nothing typed is lost."""

from __future__ import annotations

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field
from introsak.core.languages import LANGUAGES
from introsak.core.models import Role

from .models import Concern, Evaluation, Industry, MentorTraining, PipelineStage

# Django's own weekday names, so they read as in dates ("tirsdag").
WEEKDAY_CHOICES = [(str(day), WEEKDAYS[day]) for day in range(5)]


class EmployerForm(forms.Form):
    org_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        help_text=_("9 digits, as in Enhetsregisteret (brreg.no)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Name"), max_length=150)
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=4, required=False)
    city = forms.CharField(label=_("City"), max_length=80, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)


class WorkplaceForm(forms.Form):
    name = forms.CharField(label=_("Workplace"), max_length=150)
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=50, initial=1)
    tasks = forms.CharField(
        label=_("Typical tasks"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"), choices=PipelineStage.choices)
    on = date_field(label=_("Date"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = [(s, PipelineStage(s).label) for s in stages]


class LabourNeedForm(forms.Form):
    industry = forms.ChoiceField(label=_("Industry"), choices=Industry.choices)
    occupation = forms.CharField(label=_("Occupation"), max_length=150)
    year = forms.IntegerField(label=_("By year"), min_value=2000, max_value=2100)
    positions = forms.IntegerField(label=_("Positions"), min_value=1, max_value=10000)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)


class MentorForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.CharField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("First password"),
        widget=forms.PasswordInput(render_value=True),
        help_text=_("Give it to the mentor; they change it on their account page."),
    )


class TrainingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Training"), choices=MentorTraining.Kind.choices)
    completed_on = date_field(label=_("Completed"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class PlacementForm(forms.Form):
    workplace = forms.TypedChoiceField(label=_("Workplace"), coerce=int)
    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int, required=False, empty_value=None)
    measure = forms.TypedChoiceField(label=_("Work-practice measure in the plan"), coerce=int)
    start_date = date_field(label=_("From"))
    end_date = date_field(label=_("To"))
    weekdays = forms.MultipleChoiceField(
        label=_("Days"), choices=WEEKDAY_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours a week"), max_digits=4, decimal_places=1, min_value=0
    )
    tasks = forms.CharField(
        label=_("Tasks"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    language_goals = forms.CharField(
        label=_("Language goals"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What the participant practises in Norwegian at work."),
    )

    def __init__(self, *args, workplaces=(), mentors=(), measures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workplace"].choices = [("", "—")] + [
            (w.pk, f"{w} ({w.get_stage_display().lower()})") for w in workplaces
        ]
        self.fields["mentor"].choices = [("", _("No mentor yet"))] + [
            (m.pk, f"{m} – {m.employer}") for m in mentors
        ]
        self.fields["measure"].choices = [
            (m.pk, f"{m} ({m.start_date:%d.%m.%Y}–{m.end_date:%d.%m.%Y}, {m.hours_per_week} t)")
            for m in measures
        ]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["weekdays"] = "".join(sorted(data.get("weekdays") or []))
        return data


class EndPlacementForm(forms.Form):
    last_day = date_field(label=_("Last day"))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class CancelPlacementForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class StartupMeetingForm(forms.Form):
    date = date_field(label=_("Date"))
    participant_attended = forms.BooleanField(label=_("The participant took part"), required=False)
    mentor_attended = forms.BooleanField(label=_("The mentor took part"), required=False)
    employer_contact = forms.TypedChoiceField(
        label=_("For the employer"), coerce=int, required=False, empty_value=None
    )
    teacher = forms.TypedChoiceField(
        label=_("Teacher"), coerce=int, required=False, empty_value=None
    )
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter language"), choices=[("", "—"), *LANGUAGES], required=False
    )
    interpreter_name = forms.CharField(label=_("Interpreter"), max_length=150, required=False)
    notes = forms.CharField(
        label=_("Agreed"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, contacts=(), teachers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer_contact"].choices = [("", "—")] + [
            (c.pk, f"{c.name}{', ' + c.title if c.title else ''}") for c in contacts
        ]
        self.fields["teacher"].choices = [("", "—")] + [
            (t.pk, t.get_full_name() or t.username) for t in teachers
        ]


class RequestForm(forms.Form):
    request_text = forms.CharField(
        label=_("Request to the workplace"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "The participant's background, languages and wishes, in their own words where possible."
        ),
    )
    request_consent = forms.BooleanField(
        label=_("The participant agrees that this is shared with the workplace"), required=False
    )
    request_sent_on = date_field(label=_("Sent"), required=False)


class EvaluationForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How did the week go?"),
        choices=Evaluation.Rating.choices,
    )
    text = forms.CharField(
        label=_("Evaluation"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    language_use = forms.CharField(
        label=_("Language at work"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
        help_text=_("Which words and situations went well, and what to practise."),
    )


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class GatheringForm(forms.Form):
    date = date_field(label=_("Date"))
    theme = forms.CharField(label=_("Theme"), max_length=200)
    planned_topics = forms.CharField(
        label=_("Planned topics"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    language_part = forms.CharField(
        label=_("Language training"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    participants = forms.TypedMultipleChoiceField(
        label=_("Participants who came"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    mentors = forms.TypedMultipleChoiceField(
        label=_("Mentors who came"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, participants=(), mentors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = [(p.pk, p.full_name) for p in participants]
        self.fields["mentors"].choices = [(m.pk, f"{m} ({m.employer})") for m in mentors]


class ConcernForm(forms.Form):
    raised_by = forms.ChoiceField(label=_("Raised by"), choices=Concern.RaisedBy.choices)
    description = forms.CharField(
        label=_("What it is about"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000
    )
    owner = forms.TypedChoiceField(label=_("Owner"), coerce=int)
    meeting_by = date_field(label=_("Meeting by"))

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [
            (u.pk, f"{u.get_full_name() or u.username} ({u.get_role_display()})") for u in owners
        ]


class MentorConcernForm(forms.Form):
    description = forms.CharField(
        label=_("What is the concern?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=3000
    )


class CloseConcernForm(forms.Form):
    outcome = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}))
    meeting_held_on = date_field(label=_("Meeting held"), required=False)


OWNER_ROLES = (Role.CONSULTANT, Role.NAV_ADVISOR, Role.LEADER)
