"""The national goal for the programme as a dated rule parameter, not a constant in code:
70 % of the participants in work or education one year after the programme."""

import datetime

from django.db import migrations

KEY = "results_goal_work_or_education_percent"


def seed(apps, schema_editor):
    apps.get_model("decisions", "RuleParameter").objects.create(
        key=KEY,
        value=70,
        unit="percent",
        valid_from=datetime.date(2021, 1, 1),
        legal_reference="Nasjonalt mål: 70 % i arbeid eller utdanning ett år etter programmet",
    )


def unseed(apps, schema_editor):
    apps.get_model("decisions", "RuleParameter").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("results", "0001_initial"), ("decisions", "0003_longer_units")]
    operations = [migrations.RunPython(seed, unseed)]
