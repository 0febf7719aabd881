"""Decision letters as PDF/A (WeasyPrint).

A letter has fixed parts the law requires — the facts, the reasons, the legal basis
(forvaltningsloven §§ 24–25), the right to appeal with the three-week deadline and the right
to see the case documents (fvl § 27 third paragraph, §§ 18–19, 29) — around a body that says
what was decided. The body is a template per decision type: the shipped one in
`templates/decisions/letters/nb/<type>.html`, or the municipality's own wording
(LetterTemplate), which the administrator edits. A plain-language summary in the
participant's language follows on its own page when a summary template exists for that
language (`templates/decisions/letters/summary/<language>/<type>.html`); add a folder to add
a language.
"""

from __future__ import annotations

import hashlib

from django.template import Context, Template, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from introsak.core.pdf import html_to_pdf

from . import selectors
from .models import Decision, DecisionLetter, LetterTemplate

LETTER_LANGUAGE = "nb"


def default_body(decision_type: str, language: str = LETTER_LANGUAGE) -> str:
    template = get_template(f"decisions/letters/{language}/{decision_type}.html")
    return template.template.source


def body_template(decision: Decision, language: str = LETTER_LANGUAGE) -> str:
    own = LetterTemplate.objects.filter(
        municipality_id=decision.municipality_id,
        decision_type=decision.decision_type,
        language=language,
    ).first()
    return own.body if own else default_body(decision.decision_type, language)


def _context(decision: Decision) -> dict:
    participant = decision.participant
    municipality = participant.municipality
    period = selectors.programme_period(participant) if participant.pk else None
    letter_date = decision.sent_on or timezone.localdate()
    params = selectors.Parameters()
    return {
        "decision": decision,
        "participant": participant,
        "municipality": municipality,
        "period": period,
        "letter_date": letter_date,
        "appeal_weeks": params.value("appeal_weeks", letter_date),
        "appeal_reference": selectors.legal_reference("appeal", decision.legal_basis, letter_date),
        "reference": f"{letter_date:%Y}/{decision.pk or 0}",
    }


def render_body(body: str, context: dict) -> str:
    """Render a (possibly administrator-written) body; autoescaped, no tags loaded."""
    return Template("{% load i18n l10n %}" + body).render(Context(context, autoescape=True))


def summary_template_name(decision: Decision, language: str) -> str | None:
    if not language or language == LETTER_LANGUAGE:
        return None
    name = f"decisions/letters/summary/{language}/{decision.decision_type}.html"
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def letter_html(decision: Decision, *, body: str | None = None) -> str:
    context = _context(decision)
    with translation.override(LETTER_LANGUAGE):
        context["body"] = render_body(
            body if body is not None else body_template(decision), context
        )
        summary = summary_template_name(decision, decision.participant.preferred_language)
        if summary:
            context["summary"] = render_to_string(summary, context)
        return render_to_string("decisions/letters/letter.html", context)


def letter_pdf(decision: Decision, *, body: str | None = None) -> bytes:
    return html_to_pdf(letter_html(decision, body=body))


def store_letters(decision: Decision) -> DecisionLetter:
    """Freeze the letter as sent: the PDF is kept, never regenerated."""
    pdf = letter_pdf(decision)
    return DecisionLetter.objects.create(
        decision=decision,
        language=LETTER_LANGUAGE,
        pdf=pdf,
        sha256=hashlib.sha256(pdf).hexdigest(),
    )
