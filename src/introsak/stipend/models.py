"""The stipend: other benefits that reduce it, pay codes, and the monthly payroll run.

A payroll run keeps a frozen snapshot of every input (the scenario of each payment and the
policy), so it can be recomputed and compared. A participant-month is paid once: the database
refuses a second paid regular payment for the same participant and month.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from introsak.core.models import Municipality
from introsak.participants.models import Participant


class ReductionKind(models.TextChoices):
    """Benefits earned before the programme and wages in it (IL § 22); not child benefit."""

    DAGPENGER = "dagpenger", _("Unemployment benefit (dagpenger)")
    SYKEPENGER = "sykepenger", _("Sickness benefit (sykepenger)")
    FORELDREPENGER = "foreldrepenger", _("Parental benefit (foreldrepenger)")
    AAP = "aap", _("Work assessment allowance (AAP)")
    UFORETRYGD = "uforetrygd", _("Disability benefit (uføretrygd)")
    WAGES = "wages", _("Wages from work in the programme")


class Reduction(models.Model):
    """Another benefit or wages for one month, deducted krone for krone."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="stipend_reductions"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    kind = models.CharField(_("kind"), max_length=20, choices=ReductionKind.choices)
    amount = models.DecimalField(_("amount"), max_digits=10, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reduction")
        verbose_name_plural = _("reductions")
        ordering = ["-month", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="stipend_reduction_amount_positive"
            ),
        ]
        indexes = [models.Index(fields=["municipality", "month"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.month:%m.%Y}"


class LineGroup(models.TextChoices):
    """Groups of payslip lines that the municipality maps to its own pay codes."""

    BASE = "base", _("Stipend")
    INVALID_ABSENCE = "invalid_absence", _("Deduction for invalid absence")
    REDUCTION = "reduction", _("Deduction for other benefits or wages")
    FLOOR = "floor", _("Adjustment to zero")
    CORRECTION = "correction", _("Correction of an earlier month")


def line_group(code: str) -> str:
    if code.startswith("base"):
        return LineGroup.BASE
    if code.startswith("reduction"):
        return LineGroup.REDUCTION
    if code.startswith("correction"):
        return LineGroup.CORRECTION
    if code == "carry_over":
        return LineGroup.FLOOR
    return code if code in LineGroup.values else LineGroup.BASE


class PayCode(models.Model):
    """The municipality's payroll system code for a group of lines («lønnsart»)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("lines"), max_length=20, choices=LineGroup.choices)
    pay_code = models.CharField(_("pay code"), max_length=20)

    class Meta:
        verbose_name = _("pay code")
        verbose_name_plural = _("pay codes")
        ordering = ["group"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "group"], name="one_pay_code_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.pay_code}"


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CHECKED = "checked", _("Checked")
    APPROVED = "approved", _("Approved")
    EXPORTED = "exported", _("Exported")
    DISCARDED = "discarded", _("Discarded")


class PayrollRun(models.Model):
    """The stipend of one municipality for one month."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    policy = models.JSONField(_("rules used"), default=dict)
    held_back = models.JSONField(default=list, blank=True)
    settles_corrections = models.JSONField(default=list, blank=True)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    prepared_at = models.DateTimeField(default=timezone.now)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payroll run")
        verbose_name_plural = _("payroll runs")
        ordering = ["-month", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "month"],
                condition=~Q(status="discarded"),
                name="one_live_payroll_run_per_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m.%Y}"

    @property
    def is_paid(self) -> bool:
        return self.status in (RunStatus.APPROVED, RunStatus.EXPORTED)


class PaymentKind(models.TextChoices):
    REGULAR = "regular", _("The month")
    DIFFERENCE = "difference", _("Correction of an earlier month")


class Payment(models.Model):
    """What one participant gets for one month in one run, with its lines and inputs."""

    run = models.ForeignKey(PayrollRun, on_delete=models.CASCADE, related_name="payments")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="stipend_payments"
    )
    month = models.DateField(_("month"), help_text=_("The month the lines are for."))
    kind = models.CharField(max_length=10, choices=PaymentKind.choices)
    scenario = models.JSONField()
    lines = models.JSONField()
    net = models.DecimalField(_("net"), max_digits=12, decimal_places=2)
    g = models.PositiveIntegerField()
    decision_required = models.BooleanField(default=False)
    paid = models.BooleanField(default=False)
    # Who is paid, as it was when the run was made.
    payee = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["run", "participant_id", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "month"],
                condition=Q(kind="regular", paid=True),
                name="participant_month_paid_once",
            ),
            models.UniqueConstraint(
                fields=["run", "participant", "month", "kind"], name="one_payment_per_run_line"
            ),
        ]
        indexes = [
            models.Index(fields=["municipality", "paid", "month"]),
            models.Index(fields=["participant", "month"]),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.month:%m.%Y}"


class ExportFile(models.Model):
    """The file handed to the payroll system. Kept as made; downloaded again, never rebuilt."""

    run = models.ForeignKey(PayrollRun, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(max_length=10)  # csv, xlsx
    filename = models.CharField(max_length=120)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "kind"], name="one_export_file_per_kind")
        ]

    def __str__(self) -> str:
        return self.filename
