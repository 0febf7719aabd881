"""Forms for the plan (consultant), IP conversations and the IOP (teacher)."""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field, tidy_choices, use_date_widgets

from .models import (
    IPConversation,
    LevelRecord,
    Measure,
    Plan,
    SemesterGoal,
    SubGoal,
    TestResult,
)
from .services import MEASURE_FIELDS, PLAN_FIELDS, SUB_GOAL_FIELDS


class _ModelFieldsForm(forms.Form):
    model = None
    names: tuple[str, ...] = ()
    optional = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(self.model, fields=self.names))
        use_date_widgets(self)
        tidy_choices(self)
        if self.optional:
            for field in self.fields.values():
                field.required = False


class PlanForm(_ModelFieldsForm):
    model = Plan
    names = PLAN_FIELDS
    note = forms.CharField(
        label=_("What changed and why"),
        max_length=300,
        required=False,
        help_text=_("Shown in the revision history."),
    )


class SubGoalForm(_ModelFieldsForm):
    model = SubGoal
    names = SUB_GOAL_FIELDS
    optional = True
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MeasureForm(_ModelFieldsForm):
    model = Measure
    names = MEASURE_FIELDS
    optional = True
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, responsible=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = responsible
        self.fields["hours_per_week"].widget.attrs.update(step="0.5", min="0.5", max="40")


SubGoalFormSet = formset_factory(SubGoalForm, extra=2, can_delete=True)
MeasureFormSet = formset_factory(MeasureForm, extra=2, can_delete=True)


class ConversationForm(_ModelFieldsForm):
    model = IPConversation
    names = (
        "held_on",
        "attendees",
        "interpreter_used",
        "interpreter_language",
        "interpreter_mode",
        "interpreter_name",
        "interpreter_birth_date",
        "interpreter_qualified",
        "summary",
        "agreed_changes",
        "next_review_on",
        "acknowledged",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("summary", "agreed_changes"):
            self.fields[name].widget.attrs["rows"] = 3


class LevelForm(_ModelFieldsForm):
    model = LevelRecord
    names = ("recorded_on", "listening", "reading", "writing", "oral")


class SemesterGoalForm(_ModelFieldsForm):
    model = SemesterGoal
    names = ("semester", "description", "status")
    optional = True
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)


SemesterGoalFormSet = formset_factory(SemesterGoalForm, extra=2, can_delete=True)


class MainGoalForm(forms.Form):
    main_goal = forms.CharField(
        label=_("Main goal"),
        max_length=300,
        help_text=_("For example «B1 oral and written, to start the health worker course»."),
    )
    main_goal_by = date_field(label=_("To be reached by"), required=False)


class ReviewForm(forms.Form):
    held_on = date_field(label=_("Date"))
    summary = forms.CharField(
        label=_("What was achieved and what comes next"), widget=forms.Textarea(attrs={"rows": 3})
    )


class TestResultForm(_ModelFieldsForm):
    model = TestResult
    names = ("kind", "taken_on", "listening", "reading", "writing", "oral")
    passed = forms.TypedChoiceField(
        label=_("Social studies test"),
        required=False,
        choices=[("", "—"), ("true", _("Passed")), ("false", _("Not passed"))],
        coerce=lambda v: v == "true",
        empty_value=None,
    )
