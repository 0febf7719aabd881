"""The deltakerbevis (certificate of participation) and the CV, as PDF/A (WeasyPrint).

- The deltakerbevis is in bokmål (`deltakerbevis.html`) or nynorsk (`deltakerbevis_nn.html`):
  the fixed texts are written directly in each template, like the decision letters, and the
  words that come from code lists (kinds of measure, how the programme ended, the legal basis)
  are in the tables below, one per language. It is made only for a programme that has ended
  (selectors.require_ended refuses otherwise).
- The CV is in bokmål, as the Drangedal plan asks («Resultat: CV»).

Both share the page style and letterhead of the printed documents (core/documents/).
"""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import translation

from introsak.core.pdf import html_to_pdf
from introsak.participants.models import Participant

from . import selectors

LANGUAGES = ("nb", "nn")

KIND_NAMES = {
    "nb": {
        "norwegian": "Opplæring i norsk",
        "social_studies": "Samfunnskunnskap",
        "life_skills": "Livsmestring",
        "parental_guidance": "Foreldreveiledning",
        "work_practice": "Arbeidspraksis",
        "upper_secondary": "Videregående opplæring",
        "course": "Kurs",
        "other": "Annet tiltak",
    },
    "nn": {
        "norwegian": "Opplæring i norsk",
        "social_studies": "Samfunnskunnskap",
        "life_skills": "Livsmeistring",
        "parental_guidance": "Foreldrerettleiing",
        "work_practice": "Arbeidspraksis",
        "upper_secondary": "Vidaregåande opplæring",
        "course": "Kurs",
        "other": "Anna tiltak",
    },
}

END_KIND_NAMES = {
    "nb": {"completed": "fullført", "interrupted": "avbrutt", "stopped": "stanset"},
    "nn": {"completed": "fullført", "interrupted": "avbrote", "stopped": "stansa"},
}

LEGAL_BASIS_NAMES = {
    "nb": {
        "il": "integreringsloven (lov om integrering gjennom opplæring, utdanning og arbeid)",
        "il_6a": "integreringsloven kapittel 6A (midlertidige regler for fordrevne fra Ukraina)",
        "introl": "introduksjonsloven (lov om introduksjonsordning og norskopplæring for "
        "nyankomne innvandrere)",
    },
    "nn": {
        "il": "integreringslova (lov om integrering gjennom opplæring, utdanning og arbeid)",
        "il_6a": "integreringslova kapittel 6A (mellombelse reglar for fordrivne frå Ukraina)",
        "introl": "introduksjonslova (lov om introduksjonsordning og norskopplæring for "
        "nykomne innvandrarar)",
    },
}

LANGUAGE_LEVELS = {
    "first": "morsmål",
    "fluent": "flytende",
    "good": "godt",
    "basic": "grunnleggende",
}

EDUCATION_LEVELS = {
    "none": "Ingen skolegang",
    "primary": "Barneskole",
    "lower_secondary": "Ungdomsskole",
    "upper_secondary": "Videregående skole",
    "vocational": "Yrkesutdanning",
    "bachelor": "Høyere utdanning, inntil 4 år",
    "master": "Høyere utdanning, mer enn 4 år",
    "phd": "Doktorgrad",
}


def _template(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"No certificate template in {language!r}")
    suffix = "" if language == "nb" else f"_{language}"
    return f"certificates/documents/deltakerbevis{suffix}.html"


def certificate_html(
    participant: Participant, *, language: str = "nb", today: datetime.date
) -> str:
    """The deltakerbevis as HTML. Raises ValidationError for a programme that has not ended."""
    template = _template(language)
    data = selectors.certificate_data(participant, today=today)
    kinds = KIND_NAMES[language]
    for measure in data["measures"]:
        measure.kind_name = kinds.get(measure.kind, measure.kind)
    end = data["ending"]
    context = {
        **data,
        "municipality": participant.municipality,
        "today": today,
        "end_kind_name": END_KIND_NAMES[language].get(end.end_kind, end.end_kind),
        "legal_basis_name": LEGAL_BASIS_NAMES[language].get(end.legal_basis, ""),
    }
    with translation.override(language if language == "nb" else "nb"):
        return render_to_string(template, context)


def certificate_pdf(participant: Participant, *, language: str = "nb", today) -> bytes:
    return html_to_pdf(certificate_html(participant, language=language, today=today))


def cv_html(participant: Participant, *, today: datetime.date) -> str:
    data = selectors.cv_data(participant, today=today)
    for row in data["languages"]:
        row.level_name = LANGUAGE_LEVELS.get(row.proficiency, row.proficiency)
    for row in data["education"]:
        row.level_name = EDUCATION_LEVELS.get(row.level, row.level)
    kinds = KIND_NAMES["nb"]
    for measure in data["courses"]:
        measure.kind_name = kinds.get(measure.kind, measure.kind)
    context = {**data, "municipality": participant.municipality, "today": today}
    with translation.override("nb"):
        return render_to_string("certificates/documents/cv.html", context)


def cv_pdf(participant: Participant, *, today: datetime.date) -> bytes:
    return html_to_pdf(cv_html(participant, today=today))
