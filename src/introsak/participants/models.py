"""The participant registry: people, their identifiers, households, languages, groups
and assessments (kartlegging).

Invariants live here (constraints); the workflows that change these rows live in
services.py, which also writes the audit trail.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.languages import LANGUAGE_NAMES, LANGUAGES
from introsak.core.models import Municipality

from .rules import format_account_number, format_national_id


class LegalBasis(models.TextChoices):
    """Which law governs the participant (DOMAIN.md: every rule depends on it)."""

    INTROL = "introl", _("Introduction Act (2003)")
    IL = "il", _("Integration Act (2020)")
    IL_6A = "il_6a", _("Integration Act chapter 6A")


class PermitGround(models.TextChoices):
    REFUGEE = "refugee", _("Refugee (Immigration Act § 28)")
    RESETTLEMENT = "resettlement", _("Resettlement refugee (Immigration Act § 35)")
    HUMANITARIAN = "humanitarian", _("Humanitarian grounds (Immigration Act § 38)")
    COLLECTIVE = "collective", _("Collective protection (Immigration Act § 34)")
    FAMILY = "family", _("Family reunification with a person in these groups")
    OTHER = "other", _("Other ground")


class Status(models.TextChoices):
    """Where the participant is on the path (DOMAIN.md, «The participant's path»)."""

    SETTLED = "settled", _("Settled")
    ASSESSMENT = "assessment", _("Assessment")
    IN_PROGRAMME = "in_programme", _("In programme")
    ON_LEAVE = "on_leave", _("On leave")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")
    INTERRUPTED = "interrupted", _("Interrupted")


ACTIVE_STATUSES = (
    Status.SETTLED,
    Status.ASSESSMENT,
    Status.IN_PROGRAMME,
    Status.ON_LEAVE,
    Status.SUSPENDED,
)


class Gender(models.TextChoices):
    # Recorded from the person or Folkeregisteret, never derived from the national id.
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other / not stated")


class Relation(models.TextChoices):
    """A household member's relation to the household's main person."""

    MAIN = "main", _("Main person")
    SPOUSE = "spouse", _("Spouse")
    COHABITANT = "cohabitant", _("Cohabitant")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other")


class IdentifierKind(models.TextChoices):
    FODSELSNUMMER = "fnr", _("National identity number")
    D_NUMMER = "dnr", _("D number")
    DUF = "duf", _("DUF number")


class Household(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120, help_text=_("For example «Haddad»."))
    address = models.CharField(_("address"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.address})" if self.address else self.name


class Participant(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    national_id = models.CharField(
        _("national identity number or D number"),
        max_length=11,
        blank=True,
        help_text=_("Fødselsnummer or D-nummer, 11 digits."),
    )
    national_id_kind = models.CharField(
        _("kind of number"), max_length=3, choices=IdentifierKind.choices, blank=True
    )
    duf_number = models.CharField(
        _("DUF number"), max_length=12, blank=True, help_text=_("12 digits, from UDI.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SETTLED
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=10, choices=LegalBasis.choices, default=LegalBasis.IL
    )
    permit_ground = models.CharField(
        _("permit ground"), max_length=20, choices=PermitGround.choices, blank=True
    )
    permit_date = models.DateField(_("permit granted"), null=True, blank=True)
    settlement_date = models.DateField(_("settlement date"), null=True, blank=True)
    # The consultant told the participant of the rights and duties in the programme (the
    # stipend, absence, leave, the right to appeal); «Min side» shows the same in writing.
    informed_on = models.DateField(
        _("informed of rights and duties"),
        null=True,
        blank=True,
        help_text=_("The day the consultant went through the rights and duties with them."),
    )
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consultant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultant_for",
    )
    nav_advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("NAV advisor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nav_advisor_for",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant",
    )
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
    )
    household_relation = models.CharField(
        _("relation in household"), max_length=20, choices=Relation.choices, blank=True
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    bank_account = models.CharField(_("bank account number"), max_length=11, blank=True)
    employee_number = models.CharField(
        _("employee number"),
        max_length=20,
        blank=True,
        help_text=_("The number in the payroll system, if it has one; otherwise the national ID."),
    )
    preferred_language = models.CharField(
        _("language for letters"),
        max_length=10,
        choices=LANGUAGES,
        blank=True,
        help_text=_("The language the participant understands best in writing."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "national_id"],
                condition=~Q(national_id=""),
                name="participant_unique_national_id",
            ),
            models.UniqueConstraint(
                fields=["municipality", "duf_number"],
                condition=~Q(duf_number=""),
                name="participant_unique_duf",
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "status"]),
            models.Index(fields=["municipality", "family_name", "given_name"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def national_id_display(self) -> str:
        return format_national_id(self.national_id)

    @property
    def bank_account_display(self) -> str:
        return format_account_number(self.bank_account)

    @property
    def preferred_language_name(self) -> str:
        return str(LANGUAGE_NAMES.get(self.preferred_language, ""))


class ParticipantIdentifier(models.Model):
    """Every identifier a person has had: DUF first, then a D-nummer, then a fødselsnummer."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="identifiers"
    )
    kind = models.CharField(_("kind"), max_length=3, choices=IdentifierKind.choices)
    value = models.CharField(_("number"), max_length=12)
    valid_from = models.DateTimeField(_("registered"), default=timezone.now)
    replaced_at = models.DateTimeField(_("replaced"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")
        ordering = ["valid_from", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.value}"

    @property
    def value_display(self) -> str:
        return format_national_id(self.value) if self.kind != IdentifierKind.DUF else self.value


class HouseholdMember(models.Model):
    """A person in the household who is not a participant (children, often)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["birth_date", "given_name"]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class ParticipantLanguage(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES)
    is_first_language = models.BooleanField(_("first language"), default=False)
    needs_interpreter = models.BooleanField(_("needs interpreter"), default=False)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["-is_first_language", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "language"], name="participant_language_once"
            )
        ]

    def __str__(self) -> str:
        return self.get_language_display()


class Group(models.Model):
    """A class or group in adult education; teachers see the participants of their groups."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teachers"),
        related_name="teaching_groups",
        blank=True,
    )
    participants = models.ManyToManyField(
        Participant, verbose_name=_("participants"), related_name="groups", blank=True
    )

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="group_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CefrLevel(models.TextChoices):
    NONE = "none", _("No Norwegian")
    PRE_A1 = "pre_a1", _("Below A1")
    A1 = "a1", "A1"
    A2 = "a2", "A2"
    B1 = "b1", "B1"
    B2 = "b2", "B2"
    C1 = "c1", "C1"
    C2 = "c2", "C2"


class InterpreterMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    REMOTE = "remote", _("Remote (phone or video)")


class Assessment(models.Model):
    """Kartlegging: the participant's background, skills and wishes at a point in time."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="assessments"
    )
    assessed_on = models.DateField(_("date"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    interpreter_used = models.BooleanField(_("interpreter used"), default=False)
    interpreter_language = models.CharField(
        _("interpreter language"), max_length=10, choices=LANGUAGES, blank=True
    )
    interpreter_mode = models.CharField(
        _("interpreter mode"), max_length=10, choices=InterpreterMode.choices, blank=True
    )
    norwegian_listening = models.CharField(
        _("Norwegian: listening"), max_length=10, choices=CefrLevel.choices, default=CefrLevel.NONE
    )
    norwegian_reading = models.CharField(
        _("Norwegian: reading"), max_length=10, choices=CefrLevel.choices, default=CefrLevel.NONE
    )
    norwegian_speaking = models.CharField(
        _("Norwegian: speaking"), max_length=10, choices=CefrLevel.choices, default=CefrLevel.NONE
    )
    norwegian_writing = models.CharField(
        _("Norwegian: writing"), max_length=10, choices=CefrLevel.choices, default=CefrLevel.NONE
    )
    other_skills = models.TextField(_("other skills"), blank=True)
    health_needs = models.TextField(
        _("health needs that matter for the programme"),
        blank=True,
        help_text=_("Only what the programme must adapt to. Special category data."),
    )
    wishes_work = models.TextField(_("wishes for work"), blank=True)
    wishes_education = models.TextField(_("wishes for education"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.participant} {self.assessed_on:%d.%m.%Y}"

    NORWEGIAN_SKILLS = (
        "norwegian_listening",
        "norwegian_reading",
        "norwegian_speaking",
        "norwegian_writing",
    )


class EducationLevel(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    VOCATIONAL = "vocational", _("Vocational training")
    BACHELOR = "bachelor", _("Higher education, up to 4 years")
    MASTER = "master", _("Higher education, more than 4 years")
    PHD = "phd", _("Doctorate")


class AssessmentEducation(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="education")
    level = models.CharField(_("level"), max_length=20, choices=EducationLevel.choices)
    field = models.CharField(_("field or subject"), max_length=150, blank=True)
    country = models.CharField(_("country"), max_length=80, blank=True)
    years = models.PositiveSmallIntegerField(_("years"), null=True, blank=True)
    completed = models.BooleanField(_("completed"), default=False)

    class Meta:
        verbose_name = _("education")
        verbose_name_plural = _("education")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_level_display()


class AssessmentWork(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="work")
    occupation = models.CharField(_("occupation"), max_length=150)
    country = models.CharField(_("country"), max_length=80, blank=True)
    years = models.PositiveSmallIntegerField(_("years"), null=True, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.occupation


class LanguageProficiency(models.TextChoices):
    FIRST = "first", _("First language")
    FLUENT = "fluent", _("Fluent")
    GOOD = "good", _("Good")
    BASIC = "basic", _("Basic")


class AssessmentLanguage(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=10, choices=LANGUAGES)
    proficiency = models.CharField(
        _("proficiency"), max_length=10, choices=LanguageProficiency.choices
    )
    reads_and_writes = models.BooleanField(_("reads and writes"), default=False)

    class Meta:
        verbose_name = _("language skill")
        verbose_name_plural = _("language skills")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.get_language_display()
