"""Making a register export: refused while something blocks, refused for an overlapping
period unless it is an explicit re-export, the files' content, kept as made, and audited."""

import datetime
import hashlib
import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from introsak.attendance.models import AbsenceType, Registration
from introsak.core.models import AccessLog, AuditEvent
from introsak.register import services
from introsak.register.models import ExportedParticipant, RegisterExport

from .conftest import DAY

pytestmark = pytest.mark.django_db


def _absence(participant, measure, day, actor, hours, absence_type=AbsenceType.INVALID):
    return Registration.objects.create(
        municipality_id=participant.municipality_id,
        participant=participant,
        measure=measure,
        date=day,
        status=Registration.Status.ABSENT,
        absence_type=absence_type,
        hours=Decimal(hours),
        registered_by=actor,
    )


def test_export_writes_json_and_excel_with_the_records(users, ready, today):
    participant = ready["participant"]
    day = today - 3 * DAY
    _absence(participant, ready["norwegian"], day, users["consultant"], "3")
    _absence(participant, ready["practice"], day, users["consultant"], "2", AbsenceType.WELFARE)
    export = services.make_export(actor=users["leader"], period_end=today - DAY)

    assert (export.participant_count, export.reexport, export.transport) == (1, False, "file")
    assert export.period_start == datetime.date((today - DAY).year, 1, 1)
    files = {f.kind: f for f in export.files.all()}
    assert set(files) == {"json", "xlsx"}
    for f in files.values():
        assert f.sha256 == hashlib.sha256(bytes(f.content)).hexdigest()
    assert export.receipt_reference == f"sha256:{files['json'].sha256}"

    document = json.loads(bytes(files["json"].content))
    assert document["format"] == "introsak-nir-1"
    assert document["period"] == {
        "from": export.period_start.isoformat(),
        "to": export.period_end.isoformat(),
    }
    (record,) = document["participants"]
    assert record["national_id"] == participant.national_id
    assert record["programme_start"] == "2025-09-01"
    assert record["final_goal"] == "work"
    assert record["absence_hours"] == "5.0"
    assert record["invalid_absence_hours"] == "3.0"
    assert [d["type"] for d in record["decisions"]] == ["grant"]
    assert {m["kind"]: m["hours_per_week"] for m in record["measures"]} == {
        "norwegian": "15.0",
        "work_practice": "15.0",
    }

    book = load_workbook(io.BytesIO(bytes(files["xlsx"].content)))
    assert book.sheetnames == ["participant", "decisions", "pauses", "appeals", "measures"]
    rows = list(book["participant"].values)
    assert rows[0][0] == "participant_id" and rows[1][0] == participant.pk
    header = rows[0]
    assert rows[1][header.index("invalid_absence_hours")] == "3.0"
    assert len(list(book["measures"].values)) == 3
    assert ExportedParticipant.objects.get(export=export).record == record


def test_final_goal_is_left_out_under_the_introduction_act(users, ready, today):
    ready["participant"].legal_basis = "introl"
    ready["participant"].save()
    (result,) = services.validate(actor=users["leader"])
    assert result.record["final_goal"] == ""


def test_export_is_refused_while_a_participant_has_a_blocking_error(
    users, ready, ended_without_activity, today
):
    with pytest.raises(ValidationError) as exc:
        services.make_export(actor=users["leader"], period_end=today - DAY)
    assert "period_end" in exc.value.message_dict
    assert not RegisterExport.objects.exists()

    ended = ended_without_activity["end"]
    ended.main_activity_after = "work"
    ended.save()
    export = services.make_export(actor=users["leader"], period_end=today - DAY)
    assert export.participant_count == 2


def test_warnings_do_not_block_the_export(users, ready, today):
    ready["participant"].duf_number = ""
    ready["participant"].save()
    export = services.make_export(actor=users["consultant"], period_end=today - DAY)
    assert export.warning_count == 1
    assert ExportedParticipant.objects.get().warnings == ["missing_duf_number"]


def test_overlapping_period_is_refused_unless_it_is_a_reexport(users, ready, today):
    first = services.make_export(
        actor=users["leader"], period_start=today - 60 * DAY, period_end=today - 30 * DAY
    )
    with pytest.raises(ValidationError) as exc:
        services.make_export(
            actor=users["leader"], period_start=today - 40 * DAY, period_end=today - DAY
        )
    assert list(exc.value.message_dict) == ["period_end"]

    with pytest.raises(ValidationError) as exc:
        services.make_export(
            actor=users["leader"],
            period_start=today - 40 * DAY,
            period_end=today - 30 * DAY,
            reexport=True,
        )
    assert list(exc.value.message_dict) == ["reason"]

    again = services.make_export(
        actor=users["leader"],
        period_start=first.period_start,
        period_end=first.period_end,
        reexport=True,
        reason="NIR fikk ikke filen",
    )
    assert again.reexport and again.reason == "NIR fikk ikke filen"
    event = AuditEvent.objects.get(action="register.reexport")
    assert event.changes["reexport"]["new"] is True


def test_reexport_of_a_period_never_exported_is_refused(users, ready, today):
    with pytest.raises(ValidationError) as exc:
        services.make_export(
            actor=users["leader"],
            period_start=today - 9 * DAY,
            period_end=today - DAY,
            reexport=True,
            reason="Vi tror NIR mangler noe",
        )
    assert list(exc.value.message_dict) == ["reexport"]
    assert not RegisterExport.objects.exists()


def test_an_ordinary_export_may_not_leave_days_unexported(users, ready, today):
    first = services.make_export(
        actor=users["leader"], period_start=today - 90 * DAY, period_end=today - 60 * DAY
    )
    with pytest.raises(ValidationError) as exc:
        services.make_export(
            actor=users["leader"], period_start=today - 30 * DAY, period_end=today - DAY
        )
    assert list(exc.value.message_dict) == ["period_start"]
    assert RegisterExport.objects.count() == 1
    services.make_export(
        actor=users["leader"], period_start=first.period_end + DAY, period_end=today - DAY
    )


def test_a_reexport_may_not_reach_past_the_last_export(users, ready, today):
    first = services.make_export(
        actor=users["leader"], period_start=today - 90 * DAY, period_end=today - 60 * DAY
    )
    with pytest.raises(ValidationError) as exc:
        services.make_export(
            actor=users["leader"],
            period_start=first.period_start,
            period_end=today - DAY,
            reexport=True,
            reason="Rettet sluttårsak",
        )
    assert list(exc.value.message_dict) == ["period_end"]


def test_validation_refuses_a_period_that_would_leave_a_gap(users, ready, today):
    services.make_export(
        actor=users["leader"], period_start=today - 90 * DAY, period_end=today - 60 * DAY
    )
    with pytest.raises(ValidationError) as exc:
        services.validate(
            actor=users["leader"], period_start=today - 30 * DAY, period_end=today - DAY
        )
    assert list(exc.value.message_dict) == ["period_start"]


def test_an_export_is_in_each_participants_access_log(users, ready, today):
    export = services.make_export(actor=users["leader"], period_end=today - DAY)
    log = AccessLog.objects.get(participant_id=ready["participant"].pk, what="register.sent")
    assert log.channel == "export" and log.path == f"register-export:{export.pk}"
    services.download_file(actor=users["consultant"], export=export, kind="json", channel="web")
    assert AccessLog.objects.filter(
        participant_id=ready["participant"].pk, what="register.file", user=users["consultant"]
    ).exists()


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [(-5, -9, "period_end"), (-5, 0, "period_end")],
)
def test_validation_refuses_a_period_the_export_would_refuse(
    users, ready, today, start, end, field
):
    with pytest.raises(ValidationError) as exc:
        services.validate(
            actor=users["leader"], period_start=today + start * DAY, period_end=today + end * DAY
        )
    assert list(exc.value.message_dict) == [field]


def test_next_export_starts_the_day_after_the_last(users, ready, today):
    first = services.make_export(actor=users["leader"], period_end=today - 30 * DAY)
    second = services.make_export(actor=users["leader"], period_end=today - DAY)
    assert second.period_start == first.period_end + DAY


def test_period_must_end_before_today(users, ready, today):
    with pytest.raises(ValidationError) as exc:
        services.make_export(actor=users["leader"], period_end=today)
    assert "period_end" in exc.value.message_dict


@pytest.mark.parametrize("role", ["teacher", "payroll", "nav_advisor", "administrator"])
def test_other_roles_may_not_export(users, ready, today, role):
    with pytest.raises(PermissionDenied):
        services.make_export(actor=users[role], period_end=today - DAY)


def test_export_and_download_are_audited(users, ready, today):
    export = services.make_export(actor=users["leader"], period_end=today - DAY)
    event = AuditEvent.objects.get(action="register.export")
    assert event.changes["participants"]["new"] == 1
    services.download_file(actor=users["consultant"], export=export, kind="json", channel="web")
    assert AuditEvent.objects.filter(action="register.download").count() == 1


def test_transport_is_chosen_by_the_setting(users, ready, today, settings):
    from introsak.register.transport import Receipt

    sent = []

    class Recording:
        name = "ws4"

        def send(self, export):
            sent.append(export.pk)
            return Receipt("ws4", "NIR-42", export.created_at)

    import introsak.register.tests.test_services as module

    module.Recording = Recording
    settings.INTROSAK_NIR_TRANSPORT = "introsak.register.tests.test_services.Recording"
    export = services.make_export(actor=users["leader"], period_end=today - DAY)
    assert sent == [export.pk]
    assert (export.transport, export.receipt_reference) == ("ws4", "NIR-42")


def test_demo_exports_last_year(users, ready, today):
    from introsak.register.demo import load_demo

    load_demo({"leder": users["leader"]}, today)
    export = RegisterExport.objects.get()
    assert (export.period_start, export.period_end) == (
        datetime.date(today.year - 1, 1, 1),
        datetime.date(today.year - 1, 12, 31),
    )
    assert export.participant_count == 1
