"""The introduction stipend for one participant and one month. Pure Python, no Django.

The law (quoted where it is used below):
- Integreringsloven (IL) § 20 first paragraph: «Introduksjonsstønaden er på årsbasis lik to
  ganger folketrygdens grunnbeløp.»
- IL § 20 second paragraph: «Stønaden per måned utgjør 1/12 av stønaden på årsbasis. Stønaden
  per dag utgjør 1/30 av månedsstønaden. Stønaden per time utgjør 1/1 850 av stønaden på
  årsbasis.» (The divisors are dated data in `Policy`.)
- IL § 20 third paragraph: under 25 and not living with a parent: 2/3; under 25 and living with
  one or both parents: 1/3.
- IL § 20 fourth paragraph (lov 25. juni 2024 nr. 54, from Prop. 101 L (2023–2024), Innst. 431 L
  (2023–2024)): «Ektefeller eller samboere som begge deltar i introduksjonsprogrammet og ikke
  har barn, mottar 5/6 stønad hver.» The 5/6 applies to what each would otherwise get (Prop. 101
  L merknad til § 20). In force from the date in `Policy.couple_rule_from` (1 July 2024 per res.
  25. juni 2024 nr. 1211; see docs/legal.md for how far that is confirmed).
- Introduksjonsloven (IntroL) § 8 second and third paragraphs: 2 G; under 25: 2/3 (no 1/3 tier),
  § 9 the same divisors. The couple rule is IL only.
- IL chapter 6A (§ 37 c) has no stipend rules of its own, so § 20 applies (IMDi, veileder til
  integreringsloven kap. 8).
- IL § 21 / IntroL § 10: only invalid absence reduces the stipend, hour for hour.
- IL § 22: other benefits and wages reduce the stipend krone for krone.
- Forvaltningsloven § 2 / IMDi: a deduction of at least half the payment's base amount and at
  least 1/12 G is an enkeltvedtak (DOMAIN.md, «A deduction that needs a decision»).

Everything is computed with `Fraction`; each line is rounded to øre half away from zero, and the
net is the sum of the rounded lines, never below zero.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from functools import cached_property, lru_cache

ONE_DAY = datetime.timedelta(days=1)

# Legal bases as the scenario names them.
IL, INTROL, IL_6A = "IL", "IntroL", "IL-6A"
LEGAL_BASES = (IL, INTROL, IL_6A)

# Leave without stipend and suspension (IL § 19 / integreringsforskriften): nothing is paid.
UNPAID_KINDS = {
    "care_leave": "omsorgspermisjon uten stønad",
    "long_illness": "permisjon uten stønad ved langvarig sykdom",
    "suspension": "midlertidig stans",
}
# Benefits earned before the programme and wages from work in it (IL § 22); child benefit is not
# among them and is refused.
REDUCTION_KINDS = {
    "dagpenger": "dagpenger",
    "sykepenger": "sykepenger",
    "foreldrepenger": "foreldrepenger",
    "aap": "arbeidsavklaringspenger",
    "uforetrygd": "uføretrygd",
    "wages": "lønn fra arbeid i programmet",
}

YOUNG_AGE = 25


def _(message: str) -> str:
    """Marks a message for translation; the Django layer translates it (no Django import here)."""
    return message


# --- policy: the dated values the calculation needs --------------------------------------


@dataclass(frozen=True)
class Policy:
    """Dated values: the G table, the couple rule's start and the divisors (IL § 20)."""

    base_amounts: tuple[tuple[datetime.date, int], ...]
    couple_rule_from: datetime.date | None = None
    g_multiple: int = 2
    months_per_year: int = 12
    days_per_month: int = 30
    hours_per_year: int = 1850

    def __post_init__(self):
        object.__setattr__(self, "base_amounts", tuple(sorted(self.base_amounts)))

    def g_on(self, day: datetime.date) -> int:
        found = None
        for valid_from, amount in self.base_amounts:
            if valid_from > day:
                break
            found = amount
        if found is None:
            raise ScenarioError(
                "month",
                _("There is no base amount (G) for %(date)s."),
                {"date": day.strftime("%d.%m.%Y")},
            )
        return found


# --- the scenario ------------------------------------------------------------------------


class ScenarioError(ValueError):
    """A scenario that cannot be calculated; `field` names the place (`unpaid.0.kind`)."""

    def __init__(self, field_name: str, message: str, params: Mapping | None = None):
        self.field = field_name
        self.message = message
        self.params = dict(params or {})
        super().__init__(f"{field_name}: {message % self.params if self.params else message}")


@dataclass(frozen=True)
class UnpaidPeriod:
    start: datetime.date
    end: datetime.date
    kind: str


@dataclass(frozen=True)
class Absence:
    date: datetime.date
    hours: Fraction


@dataclass(frozen=True)
class Reduction:
    kind: str
    amount: Fraction


@dataclass(frozen=True)
class Scenario:
    month: datetime.date  # the first day
    legal_basis: str
    birth_date: datetime.date
    programme_start: datetime.date
    programme_end: datetime.date | None = None
    lives_with_parent: bool = False
    couple_without_children: bool = False
    unpaid: tuple[UnpaidPeriod, ...] = ()
    invalid_absence: tuple[Absence, ...] = ()
    reductions: tuple[Reduction, ...] = ()
    # Payroll knows the days both partners are in the programme; the calculator's boolean
    # means the whole month. None: use the boolean.
    couple_days: tuple[tuple[datetime.date, datetime.date], ...] | None = None

    @property
    def month_end(self) -> datetime.date:
        return self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1])


SCENARIO_FIELDS = (
    "month",
    "legal_basis",
    "birth_date",
    "lives_with_parent",
    "couple_without_children",
    "programme_start",
    "programme_end",
    "unpaid",
    "invalid_absence",
    "reductions",
)


def _date(value, where: str) -> datetime.date:
    if not isinstance(value, str):
        raise ScenarioError(where, _("Write the date as YYYY-MM-DD."))
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ScenarioError(
            where, _("«%(value)s» is not a date (YYYY-MM-DD)."), {"value": value}
        ) from None


def _decimal(value, where: str, *, places: int) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ScenarioError(where, _('Write the number as text, for example "2.5".'))
    text = str(value).strip().replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ScenarioError(where, _("«%(value)s» is not a number."), {"value": value}) from None
    if not number.is_finite():
        raise ScenarioError(where, _("«%(value)s» is not a number."), {"value": value})
    if number < 0:
        raise ScenarioError(where, _("The number cannot be negative."))
    if number != number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
        raise ScenarioError(where, _("Use at most %(places)s decimals."), {"places": places})
    return Fraction(number)


def _bool(data: Mapping, key: str) -> bool:
    value = data.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ScenarioError(key, _("Write true or false."))
    return value


def _list(data: Mapping, key: str) -> list:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ScenarioError(key, _("Write a list, [] when there is nothing."))
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            raise ScenarioError(f"{key}.{index}", _("Each item is an object with its fields."))
    return value


def parse_scenario(data) -> Scenario:
    """Read the scenario format of the calculator, the API and the page.

    Unknown fields are refused: a misspelt `couple_without_children` must not quietly pay the
    full rate.
    """
    if not isinstance(data, Mapping):
        raise ScenarioError("scenario", _("The scenario is a JSON object."))
    for key in data:
        if key not in SCENARIO_FIELDS:
            raise ScenarioError(str(key), _("Unknown field."))
    month_text = data.get("month")
    if not isinstance(month_text, str) or not re.fullmatch(r"\d{4}-\d{2}", month_text):
        raise ScenarioError("month", _("Write the month as YYYY-MM."))
    try:
        month = datetime.date(int(month_text[:4]), int(month_text[5:]), 1)
    except ValueError:
        raise ScenarioError("month", _("Write the month as YYYY-MM.")) from None
    legal_basis = data.get("legal_basis")
    if legal_basis not in LEGAL_BASES:
        raise ScenarioError(
            "legal_basis",
            _("Unknown legal basis «%(value)s». Use IL, IntroL or IL-6A."),
            {"value": legal_basis},
        )
    birth_date = _date(data.get("birth_date"), "birth_date")
    start = _date(data.get("programme_start"), "programme_start")
    end = data.get("programme_end")
    end = _date(end, "programme_end") if end is not None else None
    if end is not None and end < start:
        raise ScenarioError("programme_end", _("The end cannot be before the start."))
    if birth_date >= start:
        raise ScenarioError("birth_date", _("The birth date must be before the programme start."))
    month_end = month.replace(day=calendar.monthrange(month.year, month.month)[1])

    unpaid = []
    for index, item in enumerate(_list(data, "unpaid")):
        where = f"unpaid.{index}"
        first = _date(item.get("from"), f"{where}.from")
        last = _date(item.get("to"), f"{where}.to")
        if last < first:
            raise ScenarioError(f"{where}.to", _("The end cannot be before the start."))
        kind = item.get("kind")
        if kind not in UNPAID_KINDS:
            raise ScenarioError(
                f"{where}.kind",
                _("Unknown kind «%(value)s». Use care_leave, long_illness or suspension."),
                {"value": kind},
            )
        unpaid.append(UnpaidPeriod(first, last, kind))

    absences = []
    for index, item in enumerate(_list(data, "invalid_absence")):
        where = f"invalid_absence.{index}"
        day = _date(item.get("date"), f"{where}.date")
        if not month <= day <= month_end:
            raise ScenarioError(f"{where}.date", _("The day is not in the month."))
        hours = _decimal(item.get("hours"), f"{where}.hours", places=2)
        if hours > 24:
            raise ScenarioError(f"{where}.hours", _("A day has at most 24 hours."))
        absences.append(Absence(day, hours))

    reductions = []
    for index, item in enumerate(_list(data, "reductions")):
        where = f"reductions.{index}"
        kind = item.get("kind")
        if kind not in REDUCTION_KINDS:
            raise ScenarioError(
                f"{where}.kind",
                _("Unknown kind «%(value)s». Child benefit does not reduce the stipend."),
                {"value": kind},
            )
        reductions.append(
            Reduction(kind, _decimal(item.get("amount"), f"{where}.amount", places=2))
        )

    scenario = Scenario(
        month=month,
        legal_basis=legal_basis,
        birth_date=birth_date,
        programme_start=start,
        programme_end=end,
        lives_with_parent=_bool(data, "lives_with_parent"),
        couple_without_children=_bool(data, "couple_without_children"),
        unpaid=tuple(unpaid),
        invalid_absence=tuple(absences),
        reductions=tuple(reductions),
    )
    for index, absence in enumerate(absences):
        if not _is_paid(scenario, absence.date):
            raise ScenarioError(
                f"invalid_absence.{index}.date",
                _("No stipend is paid on %(date)s, so there is nothing to reduce."),
                {"date": absence.date.strftime("%d.%m.%Y")},
            )
    return scenario


def scenario_as_dict(scenario: Scenario) -> dict:
    """The scenario in the exchange format (for snapshots and the calculator page)."""
    return {
        "month": scenario.month.strftime("%Y-%m"),
        "legal_basis": scenario.legal_basis,
        "birth_date": scenario.birth_date.isoformat(),
        "lives_with_parent": scenario.lives_with_parent,
        "couple_without_children": scenario.couple_without_children,
        "programme_start": scenario.programme_start.isoformat(),
        "programme_end": scenario.programme_end.isoformat() if scenario.programme_end else None,
        "unpaid": [
            {"from": u.start.isoformat(), "to": u.end.isoformat(), "kind": u.kind}
            for u in scenario.unpaid
        ],
        "invalid_absence": [
            {"date": a.date.isoformat(), "hours": _plain(a.hours)} for a in scenario.invalid_absence
        ],
        "reductions": [{"kind": r.kind, "amount": _money(r.amount)} for r in scenario.reductions],
    }


# --- the result --------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    code: str
    text: str
    quantity: Decimal | None
    rate: Decimal | None
    amount: Decimal

    def as_dict(self) -> dict:
        return dict(self._as_dict)

    @cached_property
    def _as_dict(self) -> dict:
        # Lines are shared between participants through the caches; build the dict once.
        return {
            "code": self.code,
            "text": self.text,
            "quantity": None if self.quantity is None else _plain(self.quantity),
            "rate": None if self.rate is None else str(self.rate),
            "amount": str(self.amount),
        }


@dataclass(frozen=True)
class Result:
    month: datetime.date
    lines: tuple[Line, ...]
    net: Decimal
    decision_required: bool
    base_amount: Decimal = Decimal("0.00")
    absence_deduction: Decimal = Decimal("0.00")
    g: int = 0
    notes: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict:
        return {
            "month": self.month.strftime("%Y-%m"),
            "lines": [line.as_dict() for line in self.lines],
            "net": str(self.net),
            "decision_required": self.decision_required,
        }


def round_ore(value: Fraction) -> Decimal:
    """Round to øre, half away from zero."""
    sign = -1 if value < 0 else 1
    cents = (abs(value) * 100 * 2 + 1) // 2  # half up on the absolute value
    return (Decimal(sign * int(cents)) / 100).quantize(Decimal("0.01"))


def kr(value: Decimal | Fraction) -> str:
    """Norwegian amount: «22 758,17 kr» (non-breaking space between thousands)."""
    amount = value if isinstance(value, Decimal) else round_ore(value)
    text = f"{abs(amount):,.2f}".replace(",", "\u00a0").replace(".", ",")
    return f"{'−' if amount < 0 else ''}{text}\u00a0kr"


def _plain(value) -> str:
    """A quantity without trailing zeros: 6, 2.5."""
    number = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else Decimal(value)
    )
    text = format(number.normalize(), "f")
    return text


def _money(value: Fraction) -> str:
    return str(round_ore(value))


def _hours_text(hours: Fraction) -> str:
    text = _plain(hours).replace(".", ",")
    return f"{text} {'time' if hours == 1 else 'timer'}"


# --- the rules ---------------------------------------------------------------------------


def age_on(birth_date: datetime.date, on: datetime.date) -> int:
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def _is_paid(scenario: Scenario, day: datetime.date) -> bool:
    """Stipend is paid for the day: inside the programme and not on leave without stipend or
    suspended (IL § 19 and § 20; the stipend follows participation)."""
    if day < scenario.programme_start:
        return False
    if scenario.programme_end is not None and day > scenario.programme_end:
        return False
    return not any(u.start <= day <= u.end for u in scenario.unpaid)


def _in_couple(scenario: Scenario, day: datetime.date) -> bool:
    if scenario.couple_days is None:
        return scenario.couple_without_children
    return any(first <= day <= last for first, last in scenario.couple_days)


@dataclass(frozen=True)
class Rate:
    """The yearly stipend on a day and why: the G in force and the factors."""

    g: int
    factor: Fraction
    reasons: tuple[str, ...]

    @property
    def key(self) -> tuple[int, Fraction]:
        return (self.g, self.factor)


def factor_on(
    *,
    legal_basis: str,
    age: int,
    lives_with_parent: bool,
    couple: bool,
    couple_rule_in_force: bool,
) -> tuple[Fraction, tuple[str, ...]]:
    """The factor on 2 G for one day, and the reasons in Norwegian.

    IL § 20 third paragraph: under 25 → 2/3, under 25 living with a parent → 1/3.
    IntroL § 8 third paragraph: every under-25 → 2/3.
    IL § 20 fourth paragraph: a couple without children, both participants → 5/6 of the above.
    """
    factor, reasons = Fraction(1), []
    if age < YOUNG_AGE:
        if legal_basis != INTROL and lives_with_parent:
            factor, reasons = Fraction(1, 3), ["1/3 stønad: under 25 år og bor med foreldre"]
        else:
            factor, reasons = Fraction(2, 3), ["2/3 stønad: under 25 år"]
    if couple and couple_rule_in_force and legal_basis != INTROL:
        factor *= Fraction(5, 6)
        reasons.append("5/6 stønad: par uten barn som begge deltar")
    return factor, tuple(reasons)


def rate_on(scenario: Scenario, policy: Policy, day: datetime.date) -> Rate:
    return _rate(
        scenario.legal_basis,
        min(age_on(scenario.birth_date, day), YOUNG_AGE),
        scenario.lives_with_parent,
        _in_couple(scenario, day),
        policy.couple_rule_from is not None and day >= policy.couple_rule_from,
        policy.g_on(day),
    )


@lru_cache(maxsize=1024)
def _rate(
    legal_basis: str, age: int, lives_with_parent: bool, couple: bool, in_force: bool, g: int
) -> Rate:
    factor, reasons = factor_on(
        legal_basis=legal_basis,
        age=age,
        lives_with_parent=lives_with_parent,
        couple=couple,
        couple_rule_in_force=in_force,
    )
    return Rate(g, factor, reasons)


def _yearly(rate: Rate, policy: Policy) -> Fraction:
    return policy.g_multiple * rate.g * rate.factor


def _rate_words(rate: Rate) -> str:
    return f" ({'; '.join(rate.reasons)})" if rate.reasons else ""


def _days_in_month(month: datetime.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def _date_span(first: datetime.date, last: datetime.date) -> str:
    if first == last:
        return f"{first.day}.{first.month}."
    return f"{first.day}.–{last.day}.{last.month}."


@lru_cache(maxsize=4096)
def _base_lines(
    month: datetime.date,
    stretches: tuple[tuple[datetime.date, datetime.date, Rate], ...],
    full: bool,
    policy: Policy,
) -> tuple[Line, ...]:
    """The month's base lines from stretches of paid days with one rate each. Cached: most
    participants in a run share the same stretches."""
    days_in_month = _days_in_month(month)
    lines = []
    if full:
        for first, last, rate in stretches:
            monthly = _yearly(rate, policy) / policy.months_per_year
            if len(stretches) == 1:
                lines.append(
                    Line(
                        "base_month",
                        f"Månedsbeløp{_rate_words(rate)}",
                        Decimal(1),
                        round_ore(monthly),
                        round_ore(monthly),
                    )
                )
                continue
            days = (last - first).days + 1
            lines.append(
                Line(
                    "base_stretch",
                    f"{_date_span(first, last)}: {days}/{days_in_month} av månedsbeløp "
                    f"{kr(monthly)}{_rate_words(rate)}",
                    Decimal(days),
                    round_ore(monthly),
                    round_ore(monthly * days / days_in_month),
                )
            )
        return tuple(lines)
    days_per_rate: dict[Rate, int] = {}
    for first, last, rate in stretches:
        days_per_rate[rate] = days_per_rate.get(rate, 0) + (last - first).days + 1
    for rate, days in days_per_rate.items():
        daily = _yearly(rate, policy) / policy.months_per_year / policy.days_per_month
        lines.append(
            Line(
                "base_days",
                f"{days} {'dag' if days == 1 else 'dager'} à {kr(daily)}{_rate_words(rate)}",
                Decimal(days),
                round_ore(daily),
                round_ore(daily * days),
            )
        )
    return tuple(lines)


def _breakpoints(scenario: Scenario, policy: Policy) -> list[datetime.date]:
    """Days after the month's first on which the rate may change: the 25th birthday, a new G,
    the couple rule's start, and the partner's start or end in the programme."""
    born = scenario.birth_date
    try:
        birthday = born.replace(year=born.year + YOUNG_AGE)
    except ValueError:  # 29 February: the birthday is 1 March (as `age_on` counts)
        birthday = datetime.date(born.year + YOUNG_AGE, 3, 1)
    points = {birthday, *(valid_from for valid_from, _g in policy.base_amounts)}
    if policy.couple_rule_from:
        points.add(policy.couple_rule_from)
    for first, last in scenario.couple_days or ():
        points.update((first, last + ONE_DAY))
    return sorted(p for p in points if scenario.month < p <= scenario.month_end)


def _stretches(scenario: Scenario, policy: Policy) -> tuple[list[list], bool]:
    """Stretches of paid days with one rate each, and whether every day of the month is paid.
    The rate is looked up once per segment between breakpoints, not per day."""
    month, month_end = scenario.month, scenario.month_end
    whole = (
        scenario.programme_start <= month
        and (scenario.programme_end is None or scenario.programme_end >= month_end)
        and not any(u.start <= month_end and u.end >= month for u in scenario.unpaid)
    )
    starts = [month, *_breakpoints(scenario, policy)]
    stretches: list[list] = []
    full = True
    for index, first in enumerate(starts):
        last = starts[index + 1] - ONE_DAY if index + 1 < len(starts) else month_end
        rate = rate_on(scenario, policy, first)
        if whole:
            runs = [(first, last)]
        else:
            runs, day, run_start = [], first, None
            while day <= last:
                if _is_paid(scenario, day):
                    run_start = run_start or day
                else:
                    full = False
                    if run_start:
                        runs.append((run_start, day - ONE_DAY))
                        run_start = None
                day += ONE_DAY
            if run_start:
                runs.append((run_start, last))
        for run_first, run_last in runs:
            previous = stretches[-1] if stretches else None
            if previous and previous[2] == rate and previous[1] == run_first - ONE_DAY:
                previous[1] = run_last
            else:
                stretches.append([run_first, run_last, rate])
    return stretches, full


@lru_cache(maxsize=4096)
def _absence_line(rate: Rate, hours: Fraction, policy: Policy) -> Line:
    """Total hours at one hour rate × the exact rate (cached: hours repeat across a run)."""
    hourly = _yearly(rate, policy) / policy.hours_per_year
    return Line(
        "invalid_absence",
        f"{_hours_text(hours)} ugyldig fravær à {kr(hourly)}",
        Decimal(_plain(hours)),
        round_ore(hourly),
        -round_ore(hourly * hours),
    )


def calculate(scenario: Scenario, policy: Policy) -> Result:
    """The month's stipend with its lines (IL §§ 20–22; IntroL §§ 8–10; DOMAIN.md).

    Base amount: the month amount when stipend is paid on every day of the month (one line per
    stretch with its own rate, month amount × days / days of the month); otherwise paid calendar
    days × the day rate, one line per rate. Invalid absence: hours × the hour rate of its day, one
    line per rate. Reductions krone for krone. The net is the sum of the rounded lines, and never
    below zero.
    """
    month, month_end = scenario.month, scenario.month_end
    stretches, full = _stretches(scenario, policy)
    lines = list(_base_lines(month, tuple(tuple(s) for s in stretches), full, policy))
    base = sum((line.amount for line in lines), Decimal("0.00"))

    hours_per_rate: dict[Rate, Fraction] = {}
    for absence in scenario.invalid_absence:
        if absence.hours:
            rate = rate_on(scenario, policy, absence.date)
            hours_per_rate[rate] = hours_per_rate.get(rate, Fraction(0)) + absence.hours
    deduction = Decimal("0.00")
    for rate, hours in hours_per_rate.items():
        line = _absence_line(rate, hours, policy)
        deduction -= line.amount
        lines.append(line)

    for reduction in scenario.reductions:
        if reduction.amount:
            lines.append(
                Line(
                    f"reduction_{reduction.kind}",
                    f"Fradrag for {REDUCTION_KINDS[reduction.kind]} (krone for krone)",
                    None,
                    None,
                    -round_ore(reduction.amount),
                )
            )

    total = sum((line.amount for line in lines), Decimal("0.00"))
    if total < 0:
        # The stipend is never negative; an overpayment is recovered only by decision.
        lines.append(Line("floor", "Stønaden kan ikke bli lavere enn 0 kr", None, None, -total))
        total = Decimal("0.00")

    g_last_day = policy.g_on(month_end)
    return Result(
        month=month,
        lines=tuple(lines),
        net=total,
        decision_required=deduction_needs_decision(deduction=deduction, base=base, g=g_last_day),
        base_amount=base,
        absence_deduction=deduction,
        g=g_last_day,
    )


def deduction_needs_decision(*, deduction: Decimal, base: Decimal, g: int) -> bool:
    """An absence deduction of at least 50 % of the payment's base amount and at least 1/12 G
    (the G in force on the month's last day) is an enkeltvedtak with the right to appeal
    (DOMAIN.md; forvaltningsloven § 2 første ledd bokstav b)."""
    if deduction <= 0:
        return False
    deduction_f, base_f = Fraction(deduction), Fraction(base)
    return deduction_f * 2 >= base_f and deduction_f * 12 >= g


def calculate_data(data, policy: Policy) -> dict:
    """Parse, calculate and return the exchange format in one step."""
    return calculate(parse_scenario(data), policy).as_dict()


def sum_lines(lines: Sequence[Line]) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))
