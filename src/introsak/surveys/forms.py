"""Forms of the survey screens: the questionnaire with its questions (a formset, one row a
question, with a slot per translation language) and the results filter."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from introsak.core.forms import date_field
from introsak.core.languages import LANGUAGE_NAMES
from introsak.participants.models import LegalBasis

from . import rules
from .models import QuestionKind


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown to the participant above the questions."),
    )
    opens_on = date_field(label=_("Open from"))
    closes_on = date_field(label=_("Open to"))


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question in Norwegian"), max_length=500, required=False)
    options = forms.CharField(
        label=_("Options in Norwegian"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One choice only: one option a line."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in rules.TRANSLATION_LANGUAGES:
            name = LANGUAGE_NAMES[code]
            attrs = {"lang": code, "dir": rules.direction(code)}
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Question in %(language)s") % {"language": name},
                max_length=500,
                required=False,
                widget=forms.TextInput(attrs=attrs),
            )
            self.fields[f"options_{code}"] = forms.CharField(
                label=_("Options in %(language)s") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, **attrs}),
            )

    def translation_fields(self):
        return [(self[f"text_{c}"], self[f"options_{c}"]) for c in rules.TRANSLATION_LANGUAGES]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data.get("kind"),
            "text": data.get("text", ""),
            "options": _lines(data.get("options", "")),
            "translations": {c: data.get(f"text_{c}", "") for c in rules.TRANSLATION_LANGUAGES},
            "option_translations": {
                c: _lines(data.get(f"options_{c}", "")) for c in rules.TRANSLATION_LANGUAGES
            },
        }

    @staticmethod
    def initial_for(question) -> dict:
        initial = {
            "kind": question.kind,
            "text": question.text,
            "options": "\n".join(question.options or []),
        }
        for code in rules.TRANSLATION_LANGUAGES:
            initial[f"text_{code}"] = (question.translations or {}).get(code, "")
            initial[f"options_{code}"] = "\n".join(
                (question.option_translations or {}).get(code, [])
            )
        return initial


QuestionFormSet = forms.formset_factory(QuestionForm, extra=0)


class ResultsFilterForm(forms.Form):
    sprak = forms.ChoiceField(
        label=_("Language answered in"),
        required=False,
        widget=forms.Select(attrs={"class": "ds-input"}),
    )
    lovgrunnlag = forms.ChoiceField(
        label=_("Legal basis"),
        required=False,
        choices=[("", _("All")), *LegalBasis.choices],
        widget=forms.Select(attrs={"class": "ds-input"}),
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sprak"].choices = [("", _("All")), *languages]

    def clean(self):
        cleaned = super().clean()
        try:
            rules.check_filters(cleaned.get("sprak", ""), cleaned.get("lovgrunnlag", ""))
        except rules.RuleError as error:
            self.add_error("lovgrunnlag", gettext(error.message))
        return cleaned
