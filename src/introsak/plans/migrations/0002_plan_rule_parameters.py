"""Full time and the social studies hours as dated rule parameters."""

import datetime

from django.db import migrations

FROM = datetime.date(2004, 9, 1)

PARAMETERS = [
    ("full_time_minutes", 2250, "minutes a week", "integreringsloven § 14 a; introduksjonsloven § 4 (fulltid: 37,5 timer)"),
    ("self_study_full_time_minutes", 1800, "minutes a week", "IMDi: 30 timer ved mye selvstudium"),
    ("social_studies_hours", 75, "hours", "samfunnskunnskap 75 timer (integreringsloven kapittel 6)"),
]


def seed(apps, schema_editor):
    RuleParameter = apps.get_model("decisions", "RuleParameter")
    for key, value, unit, ref in PARAMETERS:
        RuleParameter.objects.create(key=key, value=value, unit=unit, valid_from=FROM,
                                     legal_reference=ref)


def unseed(apps, schema_editor):
    apps.get_model("decisions", "RuleParameter").objects.filter(
        key__in=[p[0] for p in PARAMETERS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial"), ("decisions", "0002_rule_tables")]

    operations = [migrations.RunPython(seed, unseed)]
