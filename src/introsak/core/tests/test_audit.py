"""The audit trail is append-only, in the application and in the database."""

import pytest
from django.db import DatabaseError, connection, transaction

from introsak.core import audit
from introsak.core.models import AccessLog, AuditEvent


@pytest.fixture
def event(users):
    return audit.record_event(
        actor=users["consultant"],
        action="participant.update",
        object_type="participants.participant",
        object_id="1",
        participant_id=1,
        changes={"phone": {"old": "1", "new": "2"}},
    )


def test_event_records_actor_municipality_and_changes(users, event):
    assert event.actor_name == users["consultant"].get_full_name()
    assert event.municipality == users["consultant"].municipality
    assert event.changes == {"phone": {"old": "1", "new": "2"}}


def test_an_event_cannot_be_changed_or_deleted_through_the_orm(event):
    event.reason = "tamper"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="tamper")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize("table", ["core_auditevent", "core_accesslog"])
@pytest.mark.parametrize("sql", ["UPDATE {t} SET action = 'x'", "DELETE FROM {t}"])
def test_the_database_refuses_update_and_delete(event, users, table, sql):
    AccessLog.objects.create(
        user=users["leader"], participant_id=1, channel="web", what="participant.view"
    )
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.format(t=table))
    assert AuditEvent.objects.filter(pk=event.pk, action="participant.update").exists()


def test_diff_lists_only_what_changed():
    assert audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": None}) == {"b": {"old": 2, "new": 3}}


def test_the_ip_address_of_the_request_is_stored(client_for, users, world):
    from django.urls import reverse

    client_for(users["consultant"]).post(
        reverse("participants:bank_account", args=[world["mine"].pk]),
        {"bank_account": "86011117947", "reason": "Ny"},
        REMOTE_ADDR="10.1.2.3",
    )
    assert AuditEvent.objects.get(action="participant.bank_account.change").ip_address == (
        "10.1.2.3"
    )
