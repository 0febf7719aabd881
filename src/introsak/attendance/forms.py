from django import forms
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field


class VacationForm(forms.Form):
    start_date = date_field(label=_("Holiday from"))
    end_date = date_field(label=_("Holiday to"))
