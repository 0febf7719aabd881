"""The event form. It only collects what was typed; the service checks the recurrence and the
times, and its errors are put back on the fields with `apply_service_errors`."""

from __future__ import annotations

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field

from .models import AUDIENCE_ROLES, Category, DayRule, RecurrenceKind, Week

WEEKDAY_CHOICES = [("", "—"), *((str(day), WEEKDAYS[day]) for day in range(7))]
WEEK_CHOICES = [("", "—"), *((str(value), label) for value, label in Week.choices)]


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    audience = forms.MultipleChoiceField(
        label=_("Who sees it"),
        choices=[(role.value, role.label) for role in AUDIENCE_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None chosen: everyone who reads the annual calendar."),
    )
    all_day = forms.BooleanField(label=_("All day"), required=False, initial=True)
    start_time = forms.TimeField(
        label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Ends at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    duration_days = forms.IntegerField(
        label=_("Days"),
        min_value=1,
        max_value=366,
        initial=1,
        help_text=_("How many days an all-day event lasts (a holiday, a test period)."),
    )
    recurrence = forms.ChoiceField(label=_("Repeats"), choices=RecurrenceKind.choices)
    start_date = date_field(
        label=_("First date"),
        help_text=_("The date of the first time; a yearly event repeats in its month."),
    )
    interval_months = forms.IntegerField(
        label=_("Every how many months"),
        min_value=1,
        max_value=12,
        initial=6,
        required=False,
        help_text=_("For «every few months»: 6 is twice a year."),
    )
    day_rule = forms.ChoiceField(label=_("Day of the month"), choices=DayRule.choices)
    week = forms.TypedChoiceField(
        label=_("Which week"), choices=WEEK_CHOICES, coerce=int, empty_value=None, required=False
    )
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=WEEKDAY_CHOICES, coerce=int, empty_value=None, required=False
    )
    until = date_field(label=_("Last date"), required=False, help_text=_("Empty: no end."))

    @classmethod
    def initial_for(cls, event) -> dict:
        return {
            "title": event.title,
            "category": event.category,
            "description": event.description,
            "audience": event.audience_roles,
            "all_day": event.all_day,
            "start_time": event.start_time,
            "end_time": event.end_time,
            "duration_days": event.duration_days,
            "recurrence": event.recurrence,
            "start_date": event.start_date,
            "interval_months": event.interval_months,
            "day_rule": event.day_rule,
            "week": event.week,
            "weekday": event.weekday,
            "until": event.until,
        }
