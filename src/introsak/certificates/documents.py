"""The deltakerbevis (certificate of participation) and the CV, as PDF/A (WeasyPrint).

- The deltakerbevis is in bokmål or nynorsk from one template (`deltakerbevis.html`): what
  is worded alike in both is written in it, what differs is in `TEXTS` below, and the words
  that come from code lists (kinds of measure, how the programme ended, the legal basis) are
  in the tables after it, one per language. It is made only for a programme that has ended
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

TEXTS = {
    "nb": {
        "lang": "nb",
        "title": "Deltakerbevis",
        "name": "Navn",
        "legal_basis": "Hjemmel",
        "has_participated": "har deltatt",
        "programme_is": "Programmet er helårig og på full tid, og gir opplæring i norsk og "
        "samfunnskunnskap og tiltak som forbereder til arbeid eller utdanning.",
        "became": "ble",
        "planned_end": "planlagt slutt",
        "participant_completed": "Deltakeren gjennomførte",
        "planned_months": "planlagte måneder",
        "in_total": "Til sammen",
        "hours": "timer",
        "not_in_plan": "ikke registrert i planen",
        "no_norwegian_test": "Ingen norskprøve er registrert.",
        "not_passed": "ikke bestått",
        "content_and_provider": "Innhold og tilbyder",
        "hours_per_week": "Timer/uke",
        "hours_heading": "Timer",
        "hours_note": "Timer er timer med registrert oppmøte. * Tiltak uten registrert oppmøte "
        "står med planlagte timer (timer per uke gjennom perioden).",
        "no_measures": "Ingen tiltak er registrert i planen.",
    },
    "nn": {
        "lang": "nn",
        "title": "Deltakarbevis",
        "name": "Namn",
        "legal_basis": "Heimel",
        "has_participated": "har delteke",
        "programme_is": "Programmet er heilårleg og på full tid, og gir opplæring i norsk og "
        "samfunnskunnskap og tiltak som førebur til arbeid eller utdanning.",
        "became": "vart",
        "planned_end": "planlagd slutt",
        "participant_completed": "Deltakaren gjennomførte",
        "planned_months": "planlagde månader",
        "in_total": "Til saman",
        "hours": "timar",
        "not_in_plan": "ikkje registrert i planen",
        "no_norwegian_test": "Inga norskprøve er registrert.",
        "not_passed": "ikkje bestått",
        "content_and_provider": "Innhald og tilbydar",
        "hours_per_week": "Timar/veke",
        "hours_heading": "Timar",
        "hours_note": "Timar er timar med registrert oppmøte. * Tiltak utan registrert oppmøte "
        "står med planlagde timar (timar per veke gjennom perioden).",
        "no_measures": "Ingen tiltak er registrerte i planen.",
    },
}

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


def certificate_html(
    participant: Participant,
    *,
    language: str = "nb",
    today: datetime.date,
    end: selectors.Ending | None = None,
) -> str:
    """The deltakerbevis as HTML. Raises ValidationError for a programme that has not ended
    (`end`: the programme's end when the caller has worked it out already)."""
    if language not in LANGUAGES:
        raise ValueError(f"No certificate in {language!r}")
    data = selectors.certificate_data(participant, today=today, end=end)
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
        "t": TEXTS[language],
    }
    # Dates and numbers are formatted the same in both written forms: the bokmål locale.
    with translation.override("nb"):
        return render_to_string("certificates/documents/deltakerbevis.html", context)


def certificate_pdf(
    participant: Participant,
    *,
    language: str = "nb",
    today: datetime.date,
    end: selectors.Ending | None = None,
) -> bytes:
    return html_to_pdf(certificate_html(participant, language=language, today=today, end=end))


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
