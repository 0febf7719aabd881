"""Forms for drafting decisions and handling appeals. They parse input; the services decide
what the law allows."""

from __future__ import annotations

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field, use_date_widgets

from .models import Decision, DecisionType
from .services import COMMON_FIELDS, TYPE_FIELDS

# How each type names its dates, so the form reads like the decision it makes.
DATE_LABELS = {
    DecisionType.GRANT: (_("Programme starts"), _("Planned end")),
    DecisionType.EXTENSION: (None, _("New planned end")),
    DecisionType.LEAVE: (_("Leave from"), _("Leave to")),
    DecisionType.SUSPENSION: (_("Suspended from"), _("Suspended to (temporary only)")),
    DecisionType.END: (_("Last day in the programme"), None),
    DecisionType.DEDUCTION: (_("Period from"), _("Period to")),
}
HELP = {
    "facts": _("What the decision builds on: dates, documents, conversations."),
    "reasons": _("Why this is decided. The participant reads this in the letter."),
    "measures_outline": _("For example Norwegian 15 hours, work practice, social studies."),
}


class DecisionForm(forms.Form):
    def __init__(self, *args, decision_type: str, leave_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        names = [
            n
            for n in TYPE_FIELDS[decision_type]
            if n != "start_date" or decision_type != DecisionType.EXTENSION
        ]
        self.fields.update(fields_for_model(Decision, fields=(*names, *COMMON_FIELDS)))
        use_date_widgets(self)
        start_label, end_label = DATE_LABELS.get(decision_type, (None, None))
        if "start_date" in self.fields and start_label:
            self.fields["start_date"].label = start_label
        if "end_date" in self.fields and end_label:
            self.fields["end_date"].label = end_label
        if "leave_type" in self.fields:
            self.fields["leave_type"].queryset = leave_types
        for name, text in HELP.items():
            if name in self.fields:
                self.fields[name].help_text = text
        for name in ("facts", "reasons", "measures_outline"):
            if name in self.fields:
                self.fields[name].widget.attrs["rows"] = 4


class ActionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AppealForm(forms.Form):
    received_on = date_field(label=_("Appeal received"))
    grounds = forms.CharField(
        label=_("What the participant disagrees with"), widget=forms.Textarea(attrs={"rows": 4})
    )


class AppealStepForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    on = date_field(label=_("Date"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LetterTemplateForm(forms.Form):
    body = forms.CharField(
        label=_("What the letter says was decided"),
        widget=forms.Textarea(attrs={"rows": 14, "class": "code"}),
        help_text=_(
            "Django template. Available: participant, decision, municipality, period, "
            "letter_date. Facts, reasons, legal basis, the right to appeal and the right to "
            "see the documents are always added."
        ),
    )
