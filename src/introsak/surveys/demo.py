"""Demo user surveys, eight questions in bokmål, English and Arabic (and Tigrinya for some),
answered by the demo participants in their own language:

- the spring survey, closed in April, whose results the leader and the consultants read (and
  the annual report shows);
- this autumn's survey, open now and answered by all but Yonas Tesfay (the demo user
  `deltaker`), who finds «Answer the user survey» on his page. Its results are shown once it
  has closed.

The survey is written through the services as the administrator. The participants of the
demo have no user accounts (only Yonas has), so their answers are recorded with the service's
`_record_answer` — the same checks and the same anonymous storage as an answer given on «Min
side», without the participant-user check that needs an account.
"""

from __future__ import annotations

import datetime
import random

from introsak.participants.models import ACTIVE_STATUSES, Participant

from . import services

DAY = datetime.timedelta(days=1)

QUESTIONS = [
    {
        "kind": "scale",
        "text": "Hvor fornøyd er du med introduksjonsprogrammet alt i alt?",
        "translations": {
            "en": "All in all, how happy are you with the introduction programme?",
            "ar": "بشكل عام، ما مدى رضاك عن برنامج التعريف؟",
            "ti": "ብሓፈሻ ብመደብ መእተዊ ክንደይ ዕጉብ ኢኻ?",
        },
    },
    {
        "kind": "scale",
        "text": "Hvor fornøyd er du med norskopplæringen?",
        "translations": {
            "en": "How happy are you with the Norwegian classes?",
            "ar": "ما مدى رضاك عن دروس اللغة النرويجية؟",
            "ti": "ብትምህርቲ ኖርወይኛ ክንደይ ዕጉብ ኢኻ?",
        },
    },
    {
        "kind": "scale",
        "text": "Hvor godt hjelper programrådgiveren din deg?",
        "translations": {
            "en": "How well does your programme adviser help you?",
            "ar": "إلى أي مدى يساعدك مستشار البرنامج؟",
        },
    },
    {
        "kind": "yes_no",
        "text": "Vet du hva som står i planen din?",
        "translations": {
            "en": "Do you know what your plan says?",
            "ar": "هل تعرف ما هو مكتوب في خطتك؟",
            "ti": "ኣብ መደብካ እንታይ ከም ዘሎ ትፈልጥ ዲኻ?",
        },
    },
    {
        "kind": "yes_no",
        "text": "Har du fått tolk når du trengte det?",
        "translations": {
            "en": "Did you get an interpreter when you needed one?",
            "ar": "هل حصلت على مترجم عندما احتجت إليه؟",
        },
    },
    {
        "kind": "choice",
        "text": "Hva er viktigst for deg etter programmet?",
        "options": ["Jobb", "Utdanning", "Bedre norsk", "Vet ikke ennå"],
        "translations": {
            "en": "What matters most to you after the programme?",
            "ar": "ما هو الأهم بالنسبة لك بعد البرنامج؟",
        },
        "option_translations": {
            "en": ["Work", "Education", "Better Norwegian", "I don't know yet"],
            "ar": ["العمل", "التعليم", "لغة نرويجية أفضل", "لا أعرف بعد"],
        },
    },
    {
        "kind": "scale",
        "text": "Hvor godt kjenner du lokalsamfunnet, fritidstilbud og frivillige lag?",
        "translations": {
            "en": "How well do you know the local community, leisure activities and clubs?",
            "ar": "ما مدى معرفتك بالمجتمع المحلي والأنشطة والنوادي؟",
        },
    },
    {
        "kind": "text",
        "text": "Hva kan vi gjøre bedre?",
        "translations": {
            "en": "What could we do better?",
            "ar": "ما الذي يمكننا تحسينه؟",
            "ti": "እንታይ ከነመሓይሽ ንኽእል?",
        },
    },
]

FREE_TEXTS = [
    "Mer praksis tidligere i programmet.",
    "More Norwegian conversation practice, please.",
    "أتمنى المزيد من الوقت مع المعلم.",
    "Bedre informasjon om barnehage.",
    "",
    "Flere timer norsk om ettermiddagen.",
    "",
]


INTRO = (
    "Vi vil vite hva du mener om introduksjonsprogrammet. Det tar fem minutter. "
    "Svarene er anonyme: ingen ser hva akkurat du har svart."
)


def load_demo(users: dict, today: datetime.date) -> None:
    admin = users["admin"]
    spring_year = today.year if today > datetime.date(today.year, 4, 30) else today.year - 1
    spring = services.create_survey(
        actor=admin,
        data={
            "title": f"Brukerundersøkelse våren {spring_year}",
            "intro": INTRO,
            "opens_on": datetime.date(spring_year, 4, 1),
            "closes_on": datetime.date(spring_year, 4, 30),
        },
        questions=QUESTIONS,
    )
    _answer(spring, users, today, seed=4)
    autumn = services.create_survey(
        actor=admin,
        data={
            "title": f"Brukerundersøkelse høsten {today.year}",
            "intro": INTRO,
            "opens_on": today - 10 * DAY,
            "closes_on": today + 20 * DAY,
        },
        questions=QUESTIONS,
    )
    _answer(autumn, users, today, seed=9)


def _answer(survey, users: dict, today: datetime.date, *, seed: int) -> None:
    last = min(survey.closes_on, today)
    questions = list(survey.questions.all())
    rng = random.Random(seed)
    participants = (
        Participant.objects.filter(
            municipality_id=survey.municipality_id, status__in=ACTIVE_STATUSES
        )
        .exclude(user=users["deltaker"])
        .prefetch_related("languages")
        .order_by("id")
    )
    for index, participant in enumerate(participants[:16]):
        spoken = [pl.language for pl in participant.languages.all()]
        language = next((code for code in spoken if code in ("ar", "ti", "en")), "nb")
        answers = {}
        for q in questions:
            if q.kind == "scale":
                answers[q.pk] = str(rng.choice([3, 4, 4, 5, 5, 2]))
            elif q.kind == "yes_no":
                answers[q.pk] = rng.choice(["yes", "yes", "yes", "no"])
            elif q.kind == "choice":
                answers[q.pk] = str(rng.choice([0, 0, 1, 2, 3]))
            else:
                answers[q.pk] = FREE_TEXTS[index % len(FREE_TEXTS)]
        services._record_answer(
            survey=survey,
            participant=participant,
            answers=answers,
            language=language,
            today=min(last, survey.opens_on + (index % 10) * DAY),
        )
