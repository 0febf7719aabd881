"""The dated rule tables as the law stood when this was written.

Only what could be confirmed is entered (docs/legal.md says what and from where). The 2025
amendment to integreringsloven (Prop. 81 L (2024–2025): age limit 60, longer programme with
upper secondary education, new paragraph numbers) is entered as new rows with their
valid_from once its in-force date and final figures are confirmed; nothing in the code changes.
"""

import datetime

from django.db import migrations

IL_FROM = datetime.date(2021, 1, 1)
INTROL_FROM = datetime.date(2004, 9, 1)
IL_6A_FROM = datetime.date(2022, 6, 15)
FVL_FROM = datetime.date(1967, 2, 10)

TRACKS = ("has_upper_secondary", "upper_secondary_goal", "other")

TRACK_LENGTHS = [
    # legal basis, track, from, min, max, extension, reference
    ("il", "has_upper_secondary", IL_FROM, 3, 6, 6, "integreringsloven § 13"),
    ("il", "upper_secondary_goal", IL_FROM, 3, 36, 12, "integreringsloven § 13"),
    ("il", "other", IL_FROM, 3, 24, 12, "integreringsloven § 13"),
    # Chapter 6A has no confirmed length rule of its own; the general rules apply.
    ("il_6a", "has_upper_secondary", IL_6A_FROM, 3, 6, 6, "integreringsloven § 13, jf. kapittel 6A"),
    ("il_6a", "upper_secondary_goal", IL_6A_FROM, 3, 36, 12, "integreringsloven § 13, jf. kapittel 6A"),
    ("il_6a", "other", IL_6A_FROM, 3, 24, 12, "integreringsloven § 13, jf. kapittel 6A"),
    # IntroL § 5: up to two years, up to three with special reasons; no tracks.
    *[("introl", t, INTROL_FROM, 1, 24, 12, "introduksjonsloven § 5") for t in TRACKS],
]

IF_LEAVE = "integreringsforskriften kapittel 3 og 4"
INTROL_LEAVE = "forskrift om fravær og permisjon (FOR-2003-07-18-973)"
LEAVE_TYPES = [
    # code, name, with stipend, max, unit, extends (IL), IL reference, IntroL extends
    ("own_illness_self", "Egen sykdom, egenmelding", True, 3, "working_days", False,
     "integreringsforskriften § 5", False),
    ("own_illness_doctor", "Egen sykdom, legeerklæring", True, None, "working_days", False,
     "integreringsforskriften § 5", False),
    ("sick_child", "Sykt barn", True, 10, "working_days", False, IF_LEAVE, False),
    ("pregnancy", "Svangerskap", True, 10, "working_days", False, "integreringsforskriften § 11",
     True),
    ("birth_mother", "Fødsel, mor", True, 20, "working_days", False,
     "integreringsforskriften § 12", True),
    ("birth_father", "Fødsel, far eller medmor", True, 7, "working_days", False,
     "integreringsforskriften § 12", True),
    ("welfare", "Velferdsgrunner", True, None, "working_days", False, IF_LEAVE, True),
    ("religious_holiday", "Religiøs høytid", True, None, "working_days", False, IF_LEAVE, True),
    ("care_leave", "Omsorgspermisjon", False, 10, "months", True,
     "integreringsforskriften § 16", True),
    ("long_illness", "Langvarig sykdom", False, 12, "months", True,
     "integreringsforskriften § 15", True),
]

PARAMETERS = [
    ("start_deadline_months", 3, "months", INTROL_FROM, "integreringsloven § 12; introduksjonsloven § 3"),
    ("start_deadline_warning_days", 15, "days", INTROL_FROM, "Introsak: varsel 2,5 måneder etter bosetting"),
    ("programme_end_warning_days", 60, "days", INTROL_FROM, "Introsak: varsel 60 dager før slutt"),
    ("appeal_weeks", 3, "weeks", FVL_FROM, "forvaltningsloven § 29"),
    ("appeal_handling_months", 1, "months", FVL_FROM, "forvaltningsloven § 11 a"),
    ("temporary_suspension_max_months", 3, "months", IL_FROM, "integreringsloven § 18"),
    ("temporary_suspension_extends", 1, "yes/no", IL_FROM, "integreringsloven § 18 (Introsak: stansperioden legges til programtiden)"),
    ("right_and_duty_min_age", 18, "years", IL_FROM, "integreringsloven § 8 første ledd"),
    ("right_and_duty_max_age", 55, "years", IL_FROM, "integreringsloven § 8 første ledd"),
    ("right_and_duty_min_age", 18, "years", INTROL_FROM, "introduksjonsloven § 2"),
]

REFERENCES = {
    "il": {
        "eligibility": "integreringsloven §§ 8 og 9",
        "grant": "integreringsloven §§ 12 og 13",
        "extension": "integreringsloven § 13",
        "leave": "integreringsloven § 17 og integreringsforskriften kapittel 3 og 4",
        "suspension": "integreringsloven § 18",
        "end": "integreringsloven kapittel 4",
        "deduction": "integreringsloven § 21",
        "recovery": "integreringsloven § 25",
        "appeal": "integreringsloven § 47",
    },
    "introl": {
        "eligibility": "introduksjonsloven §§ 2 og 3",
        "grant": "introduksjonsloven §§ 3, 4 og 5",
        "extension": "introduksjonsloven § 5",
        "leave": "introduksjonsloven § 10 og forskrift om fravær og permisjon",
        "suspension": "introduksjonsloven kapittel 2",
        "end": "introduksjonsloven kapittel 2",
        "deduction": "introduksjonsloven § 10",
        "recovery": "introduksjonsloven kapittel 3",
        "appeal": "introduksjonsloven kapittel 5",
    },
}


def seed(apps, schema_editor):
    TrackLength = apps.get_model("decisions", "TrackLength")
    LeaveType = apps.get_model("decisions", "LeaveType")
    RuleParameter = apps.get_model("decisions", "RuleParameter")
    LegalReference = apps.get_model("decisions", "LegalReference")
    for basis, track, valid_from, lo, hi, ext, ref in TRACK_LENGTHS:
        TrackLength.objects.create(legal_basis=basis, track=track, valid_from=valid_from,
                                   min_months=lo, max_months=hi, max_extension_months=ext,
                                   legal_reference=ref)
    for code, name, paid, max_length, unit, extends, ref, introl_extends in LEAVE_TYPES:
        for basis, valid_from, reference, ext in (
            ("il", IL_FROM, ref, extends),
            ("il_6a", IL_6A_FROM, ref, extends),
            ("introl", INTROL_FROM, INTROL_LEAVE, introl_extends),
        ):
            LeaveType.objects.create(
                code=code, name=name, legal_basis=basis, with_stipend=paid,
                max_length=max_length, length_unit=unit, extends_programme=ext,
                legal_reference=reference, valid_from=valid_from,
            )
    for key, value, unit, valid_from, ref in PARAMETERS:
        RuleParameter.objects.create(key=key, value=value, unit=unit, valid_from=valid_from,
                                     legal_reference=ref)
    # IntroL's age rule has no upper limit in our data: the consultant decides.
    RuleParameter.objects.create(key="right_and_duty_max_age", value=55, unit="years",
                                 valid_from=INTROL_FROM, valid_to=IL_FROM - datetime.timedelta(days=1),
                                 legal_reference="introduksjonsloven § 2")
    for basis, refs in REFERENCES.items():
        for topic, reference in refs.items():
            LegalReference.objects.create(topic=topic, legal_basis=basis,
                                          valid_from=INTROL_FROM if basis == "introl" else IL_FROM,
                                          reference=reference)
    for topic, reference in REFERENCES["il"].items():
        if topic == "eligibility":
            reference = "integreringsloven §§ 8, 9 og 37 c"
        LegalReference.objects.create(topic=topic, legal_basis="il_6a", valid_from=IL_6A_FROM,
                                      reference=reference + (", jf. kapittel 6A" if topic != "eligibility" else ""))


class Migration(migrations.Migration):
    dependencies = [("decisions", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
