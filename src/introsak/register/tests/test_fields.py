"""The export's field list is a stable contract: the keys, their order, the records built,
and the documentation in docs/register-export.md all agree."""

from pathlib import Path

import pytest

from introsak.register import fields, services

DOCS = Path(__file__).resolve().parents[4] / "docs" / "register-export.md"

EXPECTED = {
    "participant": (
        "participant_id",
        "national_id",
        "national_id_kind",
        "duf_number",
        "family_name",
        "given_name",
        "birth_date",
        "legal_basis",
        "status",
        "programme_start",
        "programme_end",
        "end_date",
        "end_kind",
        "main_activity_after",
        "final_goal",
        "final_goal_detail",
        "absence_hours",
        "invalid_absence_hours",
        "decisions",
        "pauses",
        "appeals",
        "measures",
    ),
    "decisions": (
        "decision_id",
        "type",
        "status",
        "decided_on",
        "start_date",
        "end_date",
        "track",
        "eligibility_outcome",
    ),
    "pauses": ("kind", "decision_id", "start_date", "end_date", "leave_type", "suspension_kind"),
    "appeals": ("decision_id", "received_on", "forwarded_on", "outcome", "outcome_on"),
    "measures": (
        "measure_id",
        "kind",
        "title",
        "provider",
        "start_date",
        "end_date",
        "hours_per_week",
        "hours_present",
        "invalid_absence_hours",
    ),
}


@pytest.mark.parametrize("section", list(EXPECTED))
def test_field_keys_are_stable(section):
    assert fields.keys(section) == EXPECTED[section]


def test_every_field_has_type_source_and_meaning():
    for section in fields.SECTIONS.values():
        for field in section:
            assert field.type in {"string", "date", "integer", "decimal", "list"}
            assert field.source and field.meaning


def test_every_field_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    assert fields.FORMAT_VERSION in text
    for name, section in fields.SECTIONS.items():
        for field in section:
            assert f"| `{field.key}` | {field.type} |" in text, (name, field.key)


@pytest.mark.django_db
def test_built_records_have_exactly_the_documented_keys(users, ready, ended_without_activity):
    results = services.validate(actor=users["leader"])
    assert len(results) == 2
    for result in results:
        assert tuple(result.record) == EXPECTED["participant"]
        for section in fields.LIST_KEYS:
            for item in result.record[section]:
                assert tuple(item) == EXPECTED[section]
