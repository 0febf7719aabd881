"""The absence limits as dated rule parameters (DOMAIN.md; integreringsforskriften ch. 3)."""

import datetime

from django.db import migrations

IL_FROM = datetime.date(2021, 1, 1)

PARAMETERS = [
    ("self_cert_days_per_spell", 3, "days", "integreringsforskriften § 5 (egenmelding)"),
    ("self_cert_spells_per_year", 4, "times in 12 months", "integreringsforskriften § 5"),
    ("self_cert_after_weeks", 8, "weeks", "integreringsforskriften § 5"),
    ("sick_child_days", 10, "working days in 12 months", "integreringsforskriften kapittel 3"),
    ("sick_child_days_more_than_two", 15, "working days in 12 months", "integreringsforskriften kapittel 3"),
    ("sick_child_days_sole_carer", 20, "working days in 12 months", "integreringsforskriften kapittel 3"),
    ("sick_child_days_sole_carer_more_than_two", 30, "working days in 12 months", "integreringsforskriften kapittel 3"),
    ("pregnancy_days", 10, "working days", "integreringsforskriften § 11"),
    ("birth_days_mother", 20, "working days", "integreringsforskriften § 12"),
    ("birth_days_father", 7, "working days", "integreringsforskriften § 12"),
    ("vacation_days_per_year", 25, "working days (5 weeks)", "integreringsloven § 14 a (helårig program med 5 ukers ferie)"),
]


def seed(apps, schema_editor):
    RuleParameter = apps.get_model("decisions", "RuleParameter")
    for key, value, unit, ref in PARAMETERS:
        RuleParameter.objects.create(key=key, value=value, unit=unit, valid_from=IL_FROM,
                                     legal_reference=ref)


def unseed(apps, schema_editor):
    apps.get_model("decisions", "RuleParameter").objects.filter(
        key__in=[p[0] for p in PARAMETERS]).delete()


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_initial"), ("decisions", "0003_longer_units")]

    operations = [migrations.RunPython(seed, unseed)]
