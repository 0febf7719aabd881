"""Writes of the register export: make an export to NIR (validated, never overlapping an
earlier one unless it is an explicit re-export), keep its files as made, send it through the
configured transport, and record downloads.

Sources for the rules are in `rules.py`; the field list is `fields.py`.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from introsak.core import audit
from introsak.core.models import AccessLog, Municipality, User
from introsak.core.permissions import require as _require
from introsak.core.permissions import visible_participants

from . import fields, rules, selectors
from .models import ExportedParticipant, ExportFile, RegisterExport
from .transport import get_transport

CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _d(day: datetime.date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _overlapping(municipality_id: int, start: datetime.date, end: datetime.date):
    return RegisterExport.objects.filter(
        municipality_id=municipality_id, period_start__lte=end, period_end__gte=start
    ).order_by("period_start")


def _check_order(period_start: datetime.date, period_end: datetime.date) -> None:
    if period_start > period_end:
        raise ValidationError(
            {
                "period_end": _("The period ends before it starts (%(start)s).")
                % {"start": _d(period_start)}
            }
        )


def _check_gap(actor, period_start: datetime.date) -> None:
    last = selectors.last_export(actor.municipality_id)
    if last is not None and rules.leaves_a_gap(last.period_end, period_start):
        raise ValidationError(
            {
                "period_start": _(
                    "The period must start on %(day)s, the day after the last export, so "
                    "that no days are left unexported."
                )
                % {"day": _d(last.period_end + datetime.timedelta(days=1))}
            }
        )


def _clean_period(actor, period_start, period_end, reexport, reason, today):
    if period_end is None:
        raise ValidationError({"period_end": _("Choose the last day of the period.")})
    if period_end >= today:
        raise ValidationError({"period_end": _("The period must end before today.")})
    if period_start is None:
        if reexport:
            raise ValidationError({"period_start": _("A re-export needs its first day.")})
        period_start, _end = selectors.default_period(actor.municipality_id, today=today)
    _check_order(period_start, period_end)
    if not reexport:
        _check_gap(actor, period_start)
    else:
        last = selectors.last_export(actor.municipality_id)
        if last is not None and period_end > last.period_end:
            # Days after the last export were never sent: they go in an ordinary export, not
            # marked as a correction.
            raise ValidationError(
                {
                    "period_end": _(
                        "A re-export covers only what has been exported, up to %(day)s. Export "
                        "the days after that in an ordinary export."
                    )
                    % {"day": _d(last.period_end)}
                }
            )
    if reexport and not reason.strip():
        raise ValidationError({"reason": _("Say why the period is exported again.")})
    clash = _overlapping(actor.municipality_id, period_start, period_end).first()
    if clash is None and reexport:
        # A re-export is marked as one in the register's reconciliation; a new period marked
        # so would read as a correction of something never sent.
        raise ValidationError(
            {
                "reexport": _(
                    "Nothing in this period has been exported before. Make an ordinary "
                    "export instead of a re-export."
                )
            }
        )
    if clash is not None and not reexport:
        raise ValidationError(
            {
                "period_end": _(
                    "The period overlaps the export of %(start)s–%(end)s. Choose a later "
                    "period, or make an explicit re-export."
                )
                % {"start": _d(clash.period_start), "end": _d(clash.period_end)}
            }
        )
    return period_start, period_end


def period_for(*, actor: User, period_start=None, period_end=None, today=None):
    """The period asked for, the gaps filled from the day after the last export to yesterday."""
    today = today or timezone.localdate()
    default_start, default_end = selectors.default_period(actor.municipality_id, today=today)
    return period_start or default_start, period_end or default_end


def validate(*, actor: User, period_start=None, period_end=None, today=None, participant=None):
    """The records and what is missing, for the validation screen and the API (a read)."""
    _require(actor, "register.view_exports")
    today = today or timezone.localdate()
    asked = period_start is not None or period_end is not None
    period_start, period_end = period_for(
        actor=actor, period_start=period_start, period_end=period_end, today=today
    )
    if asked:
        # The same period checks as the export, so that «ready» means the export will go
        # (a period that overlaps an earlier one is checked too: it may be a re-export).
        _check_order(period_start, period_end)
        if period_end >= today:
            raise ValidationError({"period_end": _("The period must end before today.")})
        _check_gap(actor, period_start)
    elif period_end >= today:
        return []  # everything up to yesterday is exported: nothing to check
    last = selectors.last_export(actor.municipality_id)
    participants = visible_participants(actor)
    if participant is not None:
        participants = participants.filter(pk=participant.pk)
    return selectors.build(
        participants,
        period_start,
        period_end,
        today=today,
        exported_through=last.period_end if last else None,
    )


@transaction.atomic
def make_export(
    *,
    actor: User,
    period_end: datetime.date | None,
    period_start: datetime.date | None = None,
    reexport: bool = False,
    reason: str = "",
    today: datetime.date | None = None,
) -> RegisterExport:
    """Export the period to NIR: refused while any participant has a blocking error, and
    refused for a period that overlaps an earlier export unless `reexport` is set."""
    _require(actor, "register.make_export")
    today = today or timezone.localdate()
    # One export at a time per municipality, so two cannot both pass the overlap check.
    municipality = Municipality.objects.select_for_update().get(pk=actor.municipality_id)
    period_start, period_end = _clean_period(
        actor, period_start, period_end, reexport, reason, today
    )
    last = selectors.last_export(actor.municipality_id)
    results = selectors.build(
        visible_participants(actor),
        period_start,
        period_end,
        today=today,
        exported_through=last.period_end if last else None,
    )
    blocked = [r for r in results if r.blocking]
    if blocked:
        raise ValidationError(
            {
                "period_end": _(
                    "%(count)s participants have missing information that blocks the export."
                )
                % {"count": len(blocked)}
            }
        )
    export = RegisterExport.objects.create(
        municipality=municipality,
        period_start=period_start,
        period_end=period_end,
        reexport=reexport,
        reason=reason.strip() if reexport else "",
        participant_count=len(results),
        decision_count=sum(len(r.record["decisions"]) for r in results),
        measure_count=sum(len(r.record["measures"]) for r in results),
        warning_count=sum(len(r.warnings) for r in results),
        transport="",
        created_by=actor,
    )
    ExportedParticipant.objects.bulk_create(
        ExportedParticipant(
            municipality_id=municipality.pk,
            export=export,
            participant=r.participant,
            record=r.record,
            warnings=[i.code for i in r.warnings],
        )
        for r in results
    )
    records = [r.record for r in results]
    stem = f"nir-{municipality.number}-{period_start:%Y%m%d}-{period_end:%Y%m%d}-{export.pk}"
    for kind, content in (
        ("json", export_json(export, municipality, records)),
        ("xlsx", export_xlsx(export, records)),
    ):
        ExportFile.objects.create(
            export=export,
            kind=kind,
            filename=f"{stem}.{kind}",
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
        )
    # What is sent to IMDi is a disclosure of each participant's record: it shows in their
    # access log (who, when, which export).
    audit.record_accesses(
        user=actor,
        participant_ids=[r.participant.pk for r in results],
        what="register.sent",
        channel=AccessLog.Channel.EXPORT,
        path=f"register-export:{export.pk}",
    )
    transport = get_transport()
    receipt = transport.send(export)
    export.transport = receipt.transport
    export.receipt_reference = receipt.reference[:200]
    export.sent_at = receipt.sent_at
    export.save(update_fields=["transport", "receipt_reference", "sent_at"])
    audit.record_event(
        actor=actor,
        action="register.reexport" if reexport else "register.export",
        obj=export,
        object_repr=str(export),
        changes=audit.created(
            {
                "period_start": period_start.isoformat(),
                "period_end": period_end.isoformat(),
                "reexport": reexport,
                "reason": export.reason,
                "participants": export.participant_count,
                "transport": export.transport,
            }
        ),
    )
    return export


def export_json(export: RegisterExport, municipality, records: list[dict]) -> bytes:
    document = {
        "format": fields.FORMAT_VERSION,
        "export_id": export.pk,
        "municipality": {"number": municipality.number, "name": municipality.name},
        "period": {"from": export.period_start.isoformat(), "to": export.period_end.isoformat()},
        "reexport": export.reexport,
        "created_at": timezone.localtime(export.created_at).isoformat(timespec="seconds"),
        "participants": records,
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def export_xlsx(export: RegisterExport, records: list[dict]) -> bytes:
    """One sheet per section, the keys of `fields.py` as the header row, one participant
    per row in «participant»; the list sections carry `participant_id` first."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "participant"
    sheet.append(list(fields.SCALAR_PARTICIPANT_KEYS))
    for record in records:
        sheet.append([record[k] for k in fields.SCALAR_PARTICIPANT_KEYS])
    for section in fields.LIST_KEYS:
        part = book.create_sheet(section)
        part.append(["participant_id", *fields.keys(section)])
        for record in records:
            for item in record[section]:
                part.append([record["participant_id"], *(item[k] for k in fields.keys(section))])
    for ws in book.worksheets:
        for cell in ws[1]:
            cell.font = Font(bold=True)
    created = timezone.localtime(export.created_at).replace(tzinfo=None, microsecond=0)
    book.properties.creator = "Introsak"
    book.properties.created = created
    book.properties.modified = created
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@transaction.atomic
def download_file(
    *, actor: User, export: RegisterExport, kind: str, channel: str, path: str = ""
) -> ExportFile:
    """The stored file as it was made; the download is audited, and logged as a read of
    every participant in it."""
    _require(actor, "register.view_export", export)
    file = export.files.get(kind=kind)
    audit.record_event(
        actor=actor, action="register.download", obj=export, object_repr=file.filename
    )
    # The file holds each participant's identity number and decisions: a read of each.
    audit.record_accesses(
        user=actor,
        participant_ids=export.participants.values_list("participant_id", flat=True),
        what="register.file",
        channel=channel,
        path=path,
    )
    return file
