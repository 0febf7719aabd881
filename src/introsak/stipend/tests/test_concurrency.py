"""Two approvals sent at the same moment pay once (PostgreSQL: real row locks)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from introsak.core.models import AuditEvent
from introsak.stipend import services
from introsak.stipend.models import Payment, RunStatus
from introsak.stipend.tests.conftest import MAY

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no concurrent writers to race"
)
def test_two_approvals_at_the_same_moment_pay_once(users, enrolled):
    from introsak.core.models import Role
    from introsak.core.tests.factories import UserFactory

    run = services.prepare_run(actor=users["payroll"], month=MAY)
    services.run_step(actor=users["consultant"], run=run, step="check")
    second_leader = UserFactory(municipality=users["leader"].municipality, role=Role.LEADER)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(user):
        try:
            barrier.wait()
            services.run_step(actor=user, run=run, step="approve")
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=(user,)) for user in (users["leader"], second_leader)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    run.refresh_from_db()
    assert run.status == RunStatus.APPROVED
    assert Payment.objects.filter(paid=True).count() == 3
    assert AuditEvent.objects.filter(action="payroll.approve").count() == 1
