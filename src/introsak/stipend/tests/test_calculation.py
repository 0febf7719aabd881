"""The stipend rules from worked examples (DOMAIN.md, IL § 20–22, IntroL § 8–10)."""

import datetime
from decimal import Decimal

import pytest

from introsak.stipend.calculation import (
    Policy,
    ScenarioError,
    calculate,
    calculate_data,
    deduction_needs_decision,
    kr,
    parse_scenario,
    round_ore,
)

D = datetime.date
POLICY = Policy(
    base_amounts=((D(2024, 5, 1), 124028), (D(2025, 5, 1), 130160), (D(2026, 5, 1), 136549)),
    couple_rule_from=D(2024, 7, 1),
)


def scenario(**changes):
    data = {
        "month": "2026-05",
        "legal_basis": "IL",
        "birth_date": "1990-04-02",
        "lives_with_parent": False,
        "couple_without_children": False,
        "programme_start": "2025-09-01",
        "programme_end": None,
        "unpaid": [],
        "invalid_absence": [],
        "reductions": [],
    }
    data.update(changes)
    return data


def amounts(result):
    return [(line["code"], line["amount"]) for line in result["lines"]]


# Each row: what changes in the scenario, the lines' (code, amount), the net.
WORKED_EXAMPLES = [
    pytest.param({}, [("base_month", "22758.17")], "22758.17", id="full-month-2026"),
    pytest.param(
        {"invalid_absence": [{"date": "2026-05-11", "hours": "6"}]},
        [("base_month", "22758.17"), ("invalid_absence", "-885.72")],
        "21872.45",
        id="domain-6-hours-invalid",
    ),
    pytest.param(
        {"month": "2026-03", "programme_start": "2026-03-15"},
        [("base_days", "12292.89")],
        "12292.89",
        id="domain-start-15-march",
    ),
    pytest.param(
        {"month": "2025-04", "programme_start": "2024-09-01"},
        [("base_month", "20671.33")],
        "20671.33",
        id="g-2024-in-april-2025",
    ),
    pytest.param(
        {"birth_date": "2003-01-10"},
        [("base_month", "15172.11")],
        "15172.11",
        id="under-25-two-thirds",
    ),
    pytest.param(
        {"birth_date": "2003-01-10", "lives_with_parent": True},
        [("base_month", "7586.06")],
        "7586.06",
        id="under-25-with-parent-one-third",
    ),
    pytest.param(
        {"birth_date": "2003-01-10", "lives_with_parent": True, "legal_basis": "IntroL"},
        [("base_month", "15172.11")],
        "15172.11",
        id="introl-under-25-always-two-thirds",
    ),
    pytest.param(
        {"couple_without_children": True},
        [("base_month", "18965.14")],
        "18965.14",
        id="couple-five-sixths",
    ),
    pytest.param(
        {"couple_without_children": True, "birth_date": "2003-01-10"},
        [("base_month", "12643.43")],
        "12643.43",
        id="couple-under-25-five-sixths-of-two-thirds",
    ),
    pytest.param(
        {"couple_without_children": True, "legal_basis": "IntroL"},
        [("base_month", "22758.17")],
        "22758.17",
        id="couple-rule-is-il-only",
    ),
    pytest.param(
        {"couple_without_children": True, "legal_basis": "IL-6A"},
        [("base_month", "18965.14")],
        "18965.14",
        id="chapter-6a-follows-section-20",
    ),
    pytest.param(
        {"couple_without_children": True, "month": "2024-06", "programme_start": "2024-01-02"},
        [("base_month", "20671.33")],
        "20671.33",
        id="couple-rule-not-before-1-july-2024",
    ),
    pytest.param(
        # 25 on 16 May: 15 days at 2/3, 16 days full, each a share of its month amount.
        {"birth_date": "2001-05-16"},
        [("base_stretch", "7341.34"), ("base_stretch", "11746.15")],
        "19087.49",
        id="25th-birthday-inside-the-month",
    ),
    pytest.param(
        {"unpaid": [{"from": "2026-05-04", "to": "2026-05-08", "kind": "care_leave"}]},
        [("base_days", "19723.74")],
        "19723.74",
        id="leave-without-stipend-26-days",
    ),
    pytest.param(
        {"programme_end": "2026-05-20"},
        [("base_days", "15172.11")],
        "15172.11",
        id="end-on-20-may",
    ),
    pytest.param(
        {"reductions": [{"kind": "dagpenger", "amount": "1500.00"}]},
        [("base_month", "22758.17"), ("reduction_dagpenger", "-1500.00")],
        "21258.17",
        id="dagpenger-krone-for-krone",
    ),
    pytest.param(
        {"reductions": [{"kind": "wages", "amount": "30000"}]},
        [("base_month", "22758.17"), ("reduction_wages", "-30000.00"), ("floor", "7241.83")],
        "0.00",
        id="never-below-zero",
    ),
    pytest.param(
        {
            "invalid_absence": [
                {"date": "2026-05-11", "hours": "2.5"},
                {"date": "2026-05-12", "hours": "3.5"},
            ]
        },
        [("base_month", "22758.17"), ("invalid_absence", "-885.72")],
        "21872.45",
        id="absence-one-line-per-rate",
    ),
    pytest.param(
        {
            "birth_date": "2001-05-16",
            "invalid_absence": [
                {"date": "2026-05-11", "hours": "2"},
                {"date": "2026-05-20", "hours": "2"},
            ],
        },
        [
            ("base_stretch", "7341.34"),
            ("base_stretch", "11746.15"),
            ("invalid_absence", "-196.83"),
            ("invalid_absence", "-295.24"),
        ],
        "18595.42",
        id="absence-at-the-hour-rate-of-its-day",
    ),
]


@pytest.mark.parametrize(("changes", "lines", "net"), WORKED_EXAMPLES)
def test_worked_examples(changes, lines, net):
    result = calculate_data(scenario(**changes), POLICY)
    assert amounts(result) == lines
    assert result["net"] == net
    assert sum(Decimal(line["amount"]) for line in result["lines"]) == Decimal(net)


def test_lines_explain_themselves_in_norwegian():
    result = calculate_data(
        scenario(
            month="2026-03",
            programme_start="2026-03-15",
            invalid_absence=[{"date": "2026-03-16", "hours": "6"}],
        ),
        POLICY,
    )
    texts = [line["text"] for line in result["lines"]]
    assert texts[0] == "17 dager à 723,11\u00a0kr"
    assert texts[1] == "6 timer ugyldig fravær à 140,71\u00a0kr"
    assert result["lines"][0]["quantity"] == "17"
    assert result["lines"][0]["rate"] == "723.11"


@pytest.mark.parametrize(
    ("deduction", "base", "g", "needed"),
    [
        ("885.72", "22758.17", 136549, False),
        ("11379.09", "22758.17", 136549, True),  # half of the base and above G/12 = 11 379.08
        ("11379.08", "22758.17", 136549, False),  # G/12 reached but not half the base
        ("4000.00", "7586.06", 136549, False),  # half the base, but under G/12
        ("0.00", "0.00", 136549, False),
    ],
)
def test_when_a_deduction_needs_a_decision(deduction, base, g, needed):
    assert deduction_needs_decision(deduction=Decimal(deduction), base=Decimal(base), g=g) is needed


def test_a_large_absence_flags_the_decision():
    hours = [{"date": f"2026-05-{d:02d}", "hours": "7.5"} for d in range(4, 16)]
    result = calculate_data(scenario(invalid_absence=hours), POLICY)
    assert result["decision_required"] is True


def absent(day, hours):
    return {"invalid_absence": [{"date": day, "hours": hours}]}


def unpaid(first, last, kind):
    return {"unpaid": [{"from": first, "to": last, "kind": kind}]}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"legal_basis": "NAV"}, "legal_basis"),
        ({"month": "2026-13"}, "month"),
        ({"month": "mai"}, "month"),
        ({"birth_date": "02.04.1990"}, "birth_date"),
        (absent("2026-05-11", "-2"), "invalid_absence.0.hours"),
        (absent("2026-06-01", "2"), "invalid_absence.0.date"),
        (absent("2026-05-11", "25"), "invalid_absence.0.hours"),
        (
            {"invalid_absence": [{"date": "2026-05-11", "hours": "1.234"}]},
            "invalid_absence.0.hours",
        ),
        (
            {"unpaid": [{"from": "2026-05-04", "to": "2026-05-01", "kind": "suspension"}]},
            "unpaid.0.to",
        ),
        (
            {"unpaid": [{"from": "2026-05-04", "to": "2026-05-05", "kind": "ferie"}]},
            "unpaid.0.kind",
        ),
        ({"reductions": [{"kind": "barnetrygd", "amount": "1000"}]}, "reductions.0.kind"),
        ({"reductions": [{"kind": "aap", "amount": "abc"}]}, "reductions.0.amount"),
        ({"couple_without_child": True}, "couple_without_child"),
        ({"lives_with_parent": "yes"}, "lives_with_parent"),
        ({"programme_end": "2025-01-01"}, "programme_end"),
        (
            {
                "unpaid": [{"from": "2026-05-04", "to": "2026-05-08", "kind": "suspension"}],
                "invalid_absence": [{"date": "2026-05-05", "hours": "2"}],
            },
            "invalid_absence.0.date",
        ),
    ],
)
def test_bad_scenarios_name_the_field(changes, field):
    with pytest.raises(ScenarioError) as error:
        parse_scenario(scenario(**changes))
    assert error.value.field == field


def test_a_month_without_a_base_amount_is_refused():
    with pytest.raises(ScenarioError) as error:
        calculate(parse_scenario(scenario(month="2023-01", programme_start="2022-09-01")), POLICY)
    assert error.value.field == "month"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.005", "0.01"), ("-0.005", "-0.01"), ("0.004999", "0.00"), ("885.723", "885.72")],
)
def test_rounding_is_half_away_from_zero(value, expected):
    from fractions import Fraction

    assert str(round_ore(Fraction(value))) == expected


def test_norwegian_amounts():
    assert kr(Decimal("22758.17")) == "22\u00a0758,17\u00a0kr"
    assert kr(Decimal("-885.72")) == "−885,72\u00a0kr"


@pytest.mark.parametrize(
    ("month", "net"),
    [("2025-02", "13780.89"), ("2025-03", "20671.33")],
)
def test_born_29_february_turns_25_on_1_march(month, net):
    data = scenario(month=month, birth_date="2000-02-29", programme_start="2024-09-01")
    assert calculate_data(data, POLICY)["net"] == net


def test_the_couple_rule_starts_when_the_partner_starts():
    import dataclasses

    base = parse_scenario(scenario())
    with_partner = dataclasses.replace(base, couple_days=((D(2026, 5, 16), D(2026, 5, 31)),))
    result = calculate(with_partner, POLICY)
    # 15 days at full rate and 16 days at 5/6, each a share of its month amount.
    assert [line.amount for line in result.lines] == [Decimal("11012.02"), Decimal("9788.46")]
    assert "5/6 stønad" in result.lines[1].text
