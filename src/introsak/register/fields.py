"""The field list of the register export: what each record holds, with type, source and
meaning. This is a stable contract: keys are never renamed or removed, only added (and then
`FORMAT_VERSION` goes up). `docs/register-export.md` documents the same list, and a test
checks the two agree with what the selector builds.

What NIR asks for comes from IMDi: «Dette skal kommunen registrere i NIR»
(https://www.imdi.no/nir-og-bosetting/nasjonalt-introduksjonsregister-nir/dette-skal-kommunen-registrere-i-nir/)
and «Registrere deltakelse i introduksjonsprogrammet etter integreringsloven i NIR»
(https://www.imdi.no/kvalifisering/regelverk/introduksjonsprogrammet/registrering-i-nir-etter-integreringsloven---introduksjonsprogrammet/):
decisions, start and end with the reason and the main activity afterwards, leave,
suspension, absence, appeals, the measures with their scope, and under the Integration Act
the final goal (not registered for participants under the Introduction Act, see
https://www.imdi.no/imdinett/frist-for-a-oppdatere-opplysninger-i-nir-for-2022/).
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_VERSION = "introsak-nir-1"


@dataclass(frozen=True)
class Field:
    key: str
    type: str  # string, date (ISO 8601), integer, decimal (string, 1 decimal), list
    source: str
    meaning: str


PARTICIPANT_FIELDS: tuple[Field, ...] = (
    Field("participant_id", "integer", "participants.Participant.id", "Introsak's own id"),
    Field("national_id", "string", "Participant.national_id", "Fødselsnummer or D-nummer"),
    Field("national_id_kind", "string", "Participant.national_id_kind", "fnr or dnr"),
    Field("duf_number", "string", "Participant.duf_number", "UDI's DUF number, or empty"),
    Field("family_name", "string", "Participant.family_name", "Family name"),
    Field("given_name", "string", "Participant.given_name", "Given name"),
    Field("birth_date", "date", "Participant.birth_date", "Date of birth"),
    Field("legal_basis", "string", "Participant.legal_basis", "introl or il"),
    Field("status", "string", "Participant.status", "Case status in Introsak"),
    Field(
        "programme_start",
        "date",
        "decisions.selectors.programme_period",
        "Start of the introduction programme (grant decision)",
    ),
    Field(
        "programme_end",
        "date",
        "decisions.selectors.programme_period",
        "Planned or actual end, moved by leave and suspension",
    ),
    Field(
        "end_date",
        "date",
        "END decision start_date",
        "The day the programme ended, empty while it runs",
    ),
    Field("end_kind", "string", "END decision end_kind", "completed, interrupted or stopped"),
    Field(
        "main_activity_after",
        "string",
        "END decision main_activity_after",
        "Main activity after the programme (NIR's avslutningsårsak / hovedaktivitet)",
    ),
    Field(
        "final_goal",
        "string",
        "GRANT decision final_goal",
        "Final goal (sluttmål); only under the Integration Act, else empty",
    ),
    Field("final_goal_detail", "string", "GRANT decision final_goal_detail", "Final goal in words"),
    Field(
        "absence_hours",
        "decimal",
        "attendance.Registration (absent) in the period",
        "All hours absent in the period",
    ),
    Field(
        "invalid_absence_hours",
        "decimal",
        "attendance.Registration.invalid in the period",
        "Hours of invalid absence (ugyldig fravær) in the period",
    ),
    Field("decisions", "list", "decisions.Decision", "The decisions, see DECISION_FIELDS"),
    Field("pauses", "list", "LEAVE / SUSPENSION decisions", "Leave and suspensions"),
    Field("appeals", "list", "decisions.Appeal", "Appeals and their outcome"),
    Field("measures", "list", "plans.Measure", "The measures with hours, see MEASURE_FIELDS"),
)

DECISION_FIELDS: tuple[Field, ...] = (
    Field("decision_id", "integer", "Decision.id", "Introsak's id of the decision"),
    Field("type", "string", "Decision.decision_type", "eligibility, grant, extension, leave, …"),
    Field("status", "string", "Decision.status", "decided, sent, appealed, upheld, reversed"),
    Field("decided_on", "date", "Decision.decided_at", "Date of the decision"),
    Field("start_date", "date", "Decision.start_date", "From"),
    Field("end_date", "date", "Decision.end_date", "To"),
    Field("track", "string", "Decision.track", "Track (IL § 13), grants only"),
    Field("eligibility_outcome", "string", "Decision.eligibility_outcome", "Right and duty …"),
)

PAUSE_FIELDS: tuple[Field, ...] = (
    Field("kind", "string", "Decision.decision_type", "leave or suspension"),
    Field("decision_id", "integer", "Decision.id", "The decision that granted it"),
    Field("start_date", "date", "Decision.start_date", "From"),
    Field("end_date", "date", "Decision.end_date", "To; empty for a permanent suspension"),
    Field("leave_type", "string", "LeaveType.code", "The kind of leave (for leave)"),
    Field("suspension_kind", "string", "Decision.suspension_kind", "temporary or permanent"),
)

APPEAL_FIELDS: tuple[Field, ...] = (
    Field("decision_id", "integer", "Appeal.decision_id", "The decision appealed"),
    Field("received_on", "date", "Appeal.received_on", "Appeal received"),
    Field("forwarded_on", "date", "Appeal.forwarded_on", "Sent to Statsforvalteren"),
    Field("outcome", "string", "Appeal.outcome", "Outcome, empty while pending"),
    Field("outcome_on", "date", "Appeal.outcome_on", "Date of the outcome"),
)

MEASURE_FIELDS: tuple[Field, ...] = (
    Field("measure_id", "integer", "plans.Measure.id", "Introsak's id of the measure"),
    Field("kind", "string", "Measure.kind", "The kind of measure (tiltak)"),
    Field("title", "string", "Measure.title", "Description"),
    Field("provider", "string", "Measure.provider", "Who provides it"),
    Field("start_date", "date", "Measure.start_date", "From"),
    Field("end_date", "date", "Measure.end_date", "To"),
    Field("hours_per_week", "decimal", "Measure.hours_per_week", "Scope: hours a week"),
    Field(
        "hours_present",
        "decimal",
        "attendance.Registration (present) in the period",
        "Hours attended in the period",
    ),
    Field(
        "invalid_absence_hours",
        "decimal",
        "attendance.Registration.invalid in the period",
        "Hours of invalid absence from this measure in the period",
    ),
)

SECTIONS: dict[str, tuple[Field, ...]] = {
    "participant": PARTICIPANT_FIELDS,
    "decisions": DECISION_FIELDS,
    "pauses": PAUSE_FIELDS,
    "appeals": APPEAL_FIELDS,
    "measures": MEASURE_FIELDS,
}


def keys(section: str) -> tuple[str, ...]:
    return tuple(f.key for f in SECTIONS[section])


LIST_KEYS = ("decisions", "pauses", "appeals", "measures")
SCALAR_PARTICIPANT_KEYS = tuple(k for k in keys("participant") if k not in LIST_KEYS)
