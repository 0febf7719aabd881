"""User surveys (brukerundersøkelser): questionnaires the administrator writes, answered by
participants on their own page, in their own language.

Anonymity is built into the tables:

- `Respondent` says that a participant has answered a survey — only that. It holds the
  participant and enforces one answer per participant per survey (a unique constraint), so
  the «Answer the survey» link can disappear once they have answered.
- `Response` holds one set of answers with no participant and no timestamp: its key is a
  random UUID, so that neither the order of ids nor a time can tie it to a `Respondent` row.
  It keeps the language the participant answered in and their legal basis (copied when they
  answer): the two groupings the results may be filtered by, and nothing that names anyone.
- `Answer` rows belong to a `Response`, never to a participant, and have random keys too.

What remains is the database's physical row order, which only someone with direct access
to the database sees; the application never orders by it.

The results (selectors.results) show no group smaller than rules.MIN_GROUP_SIZE.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.languages import LANGUAGES
from introsak.core.models import Municipality
from introsak.participants.models import LegalBasis, Participant

from . import rules


class Survey(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open to"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("user survey")
        verbose_name_plural = _("user surveys")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, today) -> bool:
        return rules.is_open(self.opens_on, self.closes_on, today)


class QuestionKind(models.TextChoices):
    SCALE = rules.SCALE, _("Scale 1–5")
    YES_NO = rules.YES_NO, _("Yes or no")
    CHOICE = rules.CHOICE, _("One choice")
    TEXT = rules.TEXT, _("Free text")


class Question(models.Model):
    """One question, in bokmål, with its translations keyed by language code
    ({"en": "...", "ar": "..."}). A single-choice question's options are a list in bokmål,
    and their translations a list per language code."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("question (bokmål)"), max_length=500)
    translations = models.JSONField(default=dict, blank=True)
    options = models.JSONField(default=list, blank=True)
    option_translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="survey_question_position")
        ]

    def __str__(self) -> str:
        return self.text

    def text_in(self, language: str) -> str:
        return rules.localized(self.text, self.translations, language)

    def options_in(self, language: str) -> list[str]:
        translated = (self.option_translations or {}).get(language) or []
        return [
            (translated[i] if i < len(translated) and translated[i].strip() else option)
            for i, option in enumerate(self.options or [])
        ]


class Respondent(models.Model):
    """That `participant` has answered `survey` (and on which day) — not what they answered."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="respondents")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="+")
    answered_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "participant"], name="one_answer_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} – {self.survey_id}"


class Response(models.Model):
    """One participant's answers, with no link to the participant (see the module text)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES)
    legal_basis = models.CharField(
        _("legal basis"), max_length=10, choices=LegalBasis.choices, blank=True
    )

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    # A random key too: a running number would follow the order people answered in, which
    # the audit trail (who answered when) could match up.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.TextField(max_length=rules.TEXT_LIMIT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_a_question")
        ]

    def __str__(self) -> str:
        return self.value[:40]
