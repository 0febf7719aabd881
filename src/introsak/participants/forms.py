"""Forms of the participant registry.

These are plain forms built from the models' fields: they parse what was typed, and the
services decide what is valid, so the UI and the API give the same answers.
"""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field, tidy_choices, use_date_widgets
from introsak.core.languages import LANGUAGES
from introsak.core.models import Role

from .models import (
    Assessment,
    AssessmentEducation,
    AssessmentLanguage,
    AssessmentWork,
    HouseholdMember,
    Participant,
    Relation,
    Status,
)
from .services import ASSESSMENT_FIELDS, PROFILE_FIELDS

# Identifiers are typed with spaces and dots; the services compact them.
LOOSE_LENGTH = {"national_id": 20, "duf_number": 20}


class ParticipantForm(forms.Form):
    def __init__(self, *args, actor, households=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Participant, fields=PROFILE_FIELDS))
        for name, length in LOOSE_LENGTH.items():
            self.fields[name].max_length = length
            self.fields[name].widget.attrs["maxlength"] = length
            self.fields[name].validators = []
        self.fields["national_id"].widget.attrs["inputmode"] = "numeric"
        self.fields["duf_number"].widget.attrs["inputmode"] = "numeric"
        colleagues = actor.municipality.users.filter(is_active=True)
        self.fields["consultant"].queryset = colleagues.filter(role=Role.CONSULTANT)
        self.fields["nav_advisor"].queryset = colleagues.filter(role=Role.NAV_ADVISOR)
        self.fields["household"].queryset = households
        self.fields["user"].queryset = colleagues.filter(role=Role.PARTICIPANT)
        self.fields["user"].label = _("Login for «My page»")
        self.fields["user"].help_text = _("The administrator creates the login; link it here.")
        use_date_widgets(self)
        tidy_choices(self)
        # The service checks the e-mail, so that every error shows in one round.
        self.fields["email"] = forms.CharField(
            label=self.fields["email"].label,
            max_length=254,
            required=False,
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        )
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["national_id"].help_text = _("11 digits. A D number starts with 4–7.")


class NewParticipantForm(ParticipantForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank_account"] = forms.CharField(
            label=_("Bank account number"),
            max_length=20,
            required=False,
            help_text=_("11 digits."),
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        )
        self.fields["status"].initial = Status.SETTLED


class BankAccountForm(forms.Form):
    bank_account = forms.CharField(
        label=_("New bank account number"),
        max_length=20,
        required=False,
        help_text=_("11 digits. Leave empty to remove the account."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=[("", "—"), *LANGUAGES])
    is_first_language = forms.BooleanField(label=_("First language"), required=False)
    needs_interpreter = forms.BooleanField(label=_("Needs interpreter"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tidy_choices(self)


class HouseholdForm(forms.Form):
    name = forms.CharField(label=_("Household name"), max_length=120)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)


class HouseholdMemberForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                HouseholdMember, fields=("given_name", "family_name", "birth_date", "relation")
            )
        )
        self.fields["relation"].choices = [
            c for c in self.fields["relation"].choices if c[0] != Relation.MAIN
        ]
        use_date_widgets(self)


class AssessmentForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Assessment, fields=ASSESSMENT_FIELDS))
        self.fields["assessed_on"] = date_field(label=_("Date"))
        tidy_choices(self)
        for name in ("other_skills", "health_needs", "wishes_work", "wishes_education", "summary"):
            self.fields[name].widget.attrs["rows"] = 3


def _row_form(model, names):
    class RowForm(forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields.update(fields_for_model(model, fields=names))
            for field in self.fields.values():
                field.required = False
            tidy_choices(self)

    return RowForm


EducationFormSet = formset_factory(
    _row_form(AssessmentEducation, ("level", "field", "country", "years", "completed")), extra=3
)
WorkFormSet = formset_factory(
    _row_form(AssessmentWork, ("occupation", "country", "years", "description")), extra=3
)
AssessmentLanguageFormSet = formset_factory(
    _row_form(AssessmentLanguage, ("language", "proficiency", "reads_and_writes")), extra=3
)


class ParticipantFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        help_text=_("Name, national identity number, D number or DUF number"),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Status.choices]
    )
    consultant = forms.ModelChoiceField(
        label=_("Consultant"), required=False, queryset=None, empty_label=_("All")
    )
    settlement_year = forms.TypedChoiceField(
        label=_("Settled in"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, actor, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = actor.municipality.users.filter(role=Role.CONSULTANT)
        self.fields["settlement_year"].choices = [("", _("All"))] + [(y, str(y)) for y in years]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    teachers = forms.ModelMultipleChoiceField(
        label=_("Teachers"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    participants = forms.ModelMultipleChoiceField(
        label=_("Participants"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, actor, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teachers"].queryset = actor.municipality.users.filter(role=Role.TEACHER)
        self.fields["participants"].queryset = participants
