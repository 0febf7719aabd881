"""The stipend's dated rules (IL § 20; IntroL §§ 8–9) and default pay codes are data.

G (folketrygdens grunnbeløp, folketrygdloven § 1-4) changes every 1 May. The 2026 figure is
the one DOMAIN.md gives; docs/legal.md says which figures are confirmed from official sources.
The couple rule (IL § 20 fourth paragraph, lov 25. juni 2024 nr. 54) is stored as its factor in
sixths from its date in force (1 July 2024 per res. 25. juni 2024 nr. 1211).
"""

import datetime

from django.db import migrations

D = datetime.date
G_REF = "folketrygdloven § 1-4 (grunnbeløpet, fastsatt per 1. mai)"
G_TABLE = [
    (D(2021, 5, 1), D(2022, 4, 30), 106399),
    (D(2022, 5, 1), D(2023, 4, 30), 111477),
    (D(2023, 5, 1), D(2024, 4, 30), 118620),
    (D(2024, 5, 1), D(2025, 4, 30), 124028),
    (D(2025, 5, 1), D(2026, 4, 30), 130160),
    (D(2026, 5, 1), None, 136549),
]
FROM_2021 = D(2021, 1, 1)
PARAMETERS = [
    ("stipend_g_multiple", 2, "× G a year", FROM_2021, "integreringsloven § 20 første ledd; introduksjonsloven § 8 andre ledd"),
    ("stipend_months_per_year", 12, "month = year / 12", FROM_2021, "integreringsloven § 20 andre ledd; introduksjonsloven § 9"),
    ("stipend_days_per_month", 30, "day = month / 30", FROM_2021, "integreringsloven § 20 andre ledd; introduksjonsloven § 9"),
    ("stipend_hours_per_year", 1850, "hour = year / 1850", FROM_2021, "integreringsloven § 20 andre ledd; introduksjonsloven § 9"),
    ("stipend_couple_sixths", 5, "sixths for a couple without children", D(2024, 7, 1), "integreringsloven § 20 fjerde ledd (lov 25. juni 2024 nr. 54; i kraft 1.7.2024, res. nr. 1211)"),
]
KEYS = ["g"] + [p[0] for p in PARAMETERS]


def seed(apps, schema_editor):
    RuleParameter = apps.get_model("decisions", "RuleParameter")
    for start, end, amount in G_TABLE:
        RuleParameter.objects.create(
            key="g", value=amount, unit="kr a year", valid_from=start, valid_to=end,
            legal_reference=G_REF,
        )
    for key, value, unit, start, ref in PARAMETERS:
        RuleParameter.objects.create(
            key=key, value=value, unit=unit, valid_from=start, legal_reference=ref
        )


def unseed(apps, schema_editor):
    apps.get_model("decisions", "RuleParameter").objects.filter(key__in=KEYS).delete()


class Migration(migrations.Migration):
    dependencies = [("stipend", "0001_initial"), ("decisions", "0003_longer_units")]

    operations = [migrations.RunPython(seed, unseed)]
