"""Registering attendance in bulk, the limits at work, holidays and the month's sign-off."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from introsak.attendance import selectors, services
from introsak.attendance.models import Correction, Registration, Timesheet
from introsak.core.models import AuditEvent
from introsak.core.tests.factories import UserFactory

D = datetime.date
MAY = D(2026, 5, 1)


@pytest.fixture(autouse=True)
def _english_and_today(monkeypatch):
    monkeypatch.setattr(services, "_today", lambda: D(2026, 6, 15))
    with translation.override("en"):
        yield


def weekdays(start, end):
    day = start
    while day <= end:
        if day.weekday() < 5:
            yield day
        day += datetime.timedelta(days=1)


def month_items(klass, month=MAY, status="present", **extra):
    items = []
    for participant, measures in klass["people"]:
        calendar = selectors.CalendarData(
            selectors.participants_for_data(type(participant).objects.filter(pk=participant.pk)),
            start=month,
            end=selectors.month_end(month),
        ).calendar(participant.pk)
        for day, hours in calendar.days.items():
            if measures["norwegian"].pk in hours:
                items.append(
                    {
                        "participant_id": participant.pk,
                        "measure_id": measures["norwegian"].pk,
                        "date": day,
                        "status": status,
                        **extra,
                    }
                )
    return items


def errors_of(excinfo):
    return {k: v[0] for k, v in excinfo.value.message_dict.items()}


def test_teacher_registers_a_month_for_the_class_in_one_request(users, klass):
    items = month_items(klass)
    result = services.register_bulk(actor=users["teacher"], items=items)
    # May 2026 has 21 weekdays, three of them public holidays (1, 14 and 25 May).
    assert len(items) == 3 * 18 and result.created == len(items)
    assert Registration.objects.filter(hours=Decimal(3)).count() == len(items)
    assert AuditEvent.objects.filter(action="attendance.register").count() == 3
    # Saving the same again changes nothing.
    assert services.register_bulk(actor=users["teacher"], items=items).unchanged == len(items)


def test_a_day_that_is_not_a_programme_day_refuses_the_whole_request(users, klass):
    participant, measures = klass["people"][0]
    items = month_items(klass)
    items.append(
        {
            "participant_id": participant.pk,
            "measure_id": measures["norwegian"].pk,
            "date": D(2026, 5, 17),
            "status": "present",
        }
    )  # Constitution Day, a Sunday
    with pytest.raises(ValidationError) as excinfo:
        services.register_bulk(actor=users["teacher"], items=items)
    assert "not a programme day" in errors_of(excinfo)[f"items.{len(items) - 1}.date"]
    assert not Registration.objects.exists()


def test_work_practice_runs_only_on_its_days(users, klass):
    participant, measures = klass["people"][0]
    item = {
        "participant_id": participant.pk,
        "measure_id": measures["practice"].pk,
        "date": D(2026, 5, 4),
        "status": "present",
    }  # a Monday
    with pytest.raises(ValidationError):
        services.register_bulk(actor=users["consultant"], items=[item])
    item["date"] = D(2026, 5, 5)
    services.register_bulk(actor=users["consultant"], items=[item])
    assert Registration.objects.get().hours == Decimal(5)


def test_more_hours_than_the_measure_has_are_refused(users, klass):
    participant, measures = klass["people"][0]
    with pytest.raises(ValidationError) as excinfo:
        services.register_bulk(
            actor=users["teacher"],
            items=[
                {
                    "participant_id": participant.pk,
                    "measure_id": measures["norwegian"].pk,
                    "date": D(2026, 5, 4),
                    "status": "absent",
                    "absence_type": "invalid",
                    "hours": "4",
                }
            ],
        )
    assert "3" in errors_of(excinfo)["items.0.hours"]


def test_negative_hours_are_refused(users, klass):
    participant, measures = klass["people"][0]
    with pytest.raises(ValidationError):
        services.register_bulk(
            actor=users["teacher"],
            items=[
                {
                    "participant_id": participant.pk,
                    "measure_id": measures["norwegian"].pk,
                    "date": D(2026, 5, 4),
                    "status": "absent",
                    "absence_type": "invalid",
                    "hours": "-1",
                }
            ],
        )


def test_a_doctors_note_must_be_there(users, klass):
    participant, measures = klass["people"][0]
    item = {
        "participant_id": participant.pk,
        "measure_id": measures["norwegian"].pk,
        "date": D(2026, 5, 4),
        "status": "absent",
        "absence_type": "own_illness_doctor",
    }
    with pytest.raises(ValidationError) as excinfo:
        services.register_bulk(actor=users["teacher"], items=[item])
    assert "documented" in errors_of(excinfo)["items.0.documented"]
    services.register_bulk(actor=users["teacher"], items=[{**item, "documented": True}])


def test_the_fifth_self_certified_illness_becomes_invalid(users, klass):
    participant, measures = klass["people"][0]
    days = [D(2026, 1, 5), D(2026, 2, 2), D(2026, 3, 2), D(2026, 4, 7), D(2026, 5, 4)]
    result = None
    for day in days:
        result = services.register_bulk(
            actor=users["teacher"],
            items=[
                {
                    "participant_id": participant.pk,
                    "measure_id": measures["norwegian"].pk,
                    "date": day,
                    "status": "absent",
                    "absence_type": "own_illness_self",
                }
            ],
        )
    fifth = Registration.objects.get(date=D(2026, 5, 4))
    assert fifth.counts_as_invalid and fifth.limit_reason == "self_cert_spells_per_year"
    assert [r.pk for r in result.over_limit] == [fifth.pk]
    assert Registration.objects.filter(counts_as_invalid=True).count() == 1
    # Changing an earlier spell to a doctor's note frees the fifth.
    services.register_bulk(
        actor=users["consultant"],
        items=[
            {
                "participant_id": participant.pk,
                "measure_id": measures["norwegian"].pk,
                "date": D(2026, 1, 5),
                "status": "absent",
                "absence_type": "own_illness_doctor",
                "documented": True,
            }
        ],
    )
    fifth.refresh_from_db()
    assert not fifth.counts_as_invalid


def test_a_teacher_of_another_class_cannot_register(users, klass, municipality):
    other = UserFactory(municipality=municipality, role="teacher")
    participant, measures = klass["people"][0]
    with pytest.raises(ValidationError):
        # Not visible to that teacher at all: named as unknown, nothing saved.
        services.register_bulk(
            actor=other,
            items=[
                {
                    "participant_id": participant.pk,
                    "measure_id": measures["norwegian"].pk,
                    "date": D(2026, 5, 4),
                    "status": "present",
                }
            ],
        )
    assert not Registration.objects.exists()


def test_nav_advisor_cannot_register(users, klass):
    participant, measures = klass["people"][0]
    participant.nav_advisor = users["nav_advisor"]
    participant.save()
    with pytest.raises(PermissionDenied):
        services.register_bulk(
            actor=users["nav_advisor"],
            items=[
                {
                    "participant_id": participant.pk,
                    "measure_id": measures["norwegian"].pk,
                    "date": D(2026, 5, 4),
                    "status": "present",
                }
            ],
        )


def test_the_month_is_signed_acknowledged_approved_and_locked(users, klass):
    participant, measures = klass["people"][0]
    services.register_bulk(actor=users["teacher"], items=month_items(klass))
    services.timesheet_step(actor=users["teacher"], participant=participant, month=MAY, step="sign")
    with pytest.raises(PermissionDenied):
        services.timesheet_step(
            actor=users["teacher"], participant=participant, month=MAY, step="approve"
        )
    services.acknowledge_timesheet(actor=users["consultant"], participant=participant, month=MAY)
    sheet = services.timesheet_step(
        actor=users["consultant"], participant=participant, month=MAY, step="approve"
    )
    assert sheet.locked and sheet.acknowledged_on
    item = {
        "participant_id": participant.pk,
        "measure_id": measures["norwegian"].pk,
        "date": D(2026, 5, 4),
        "status": "absent",
        "absence_type": "invalid",
    }
    with pytest.raises(ValidationError) as excinfo:
        services.register_bulk(actor=users["teacher"], items=[item])
    assert "locked" in errors_of(excinfo)["items.0.date"]
    result = services.register_bulk(
        actor=users["consultant"],
        items=[item],
        correction_reason="Meldt fravær kom etter godkjenning",
    )
    correction = Correction.objects.get()
    assert result.corrections == 1 and correction.old["status"] == "present"
    assert correction.new["absence_type"] == "invalid" and correction.settled_in_run_id is None
    assert AuditEvent.objects.filter(
        action="attendance.correct", reason="Meldt fravær kom etter godkjenning"
    ).exists()


def test_a_month_that_has_not_begun_cannot_be_signed(users, klass):
    participant, _measures = klass["people"][0]
    with pytest.raises(ValidationError):
        services.timesheet_step(
            actor=users["teacher"], participant=participant, month=D(2026, 7, 1), step="sign"
        )


def test_holiday_at_most_five_weeks_a_year(users, klass):
    participant, _measures = klass["people"][0]
    services.register_vacation(
        actor=users["consultant"], participant=participant, start=D(2026, 7, 6), end=D(2026, 7, 31)
    )  # 20 working days
    with pytest.raises(ValidationError) as excinfo:
        services.register_vacation(
            actor=users["consultant"],
            participant=participant,
            start=D(2026, 12, 21),
            end=D(2026, 12, 31),
        )
    assert "25" in errors_of(excinfo)["end_date"]
    # Holiday days are not programme days.
    calendar = selectors.CalendarData(
        selectors.participants_for_data(type(participant).objects.filter(pk=participant.pk)),
        start=D(2026, 7, 1),
        end=D(2026, 7, 31),
    ).calendar(participant.pk)
    assert D(2026, 7, 6) not in calendar.days and D(2026, 7, 1) in calendar.days


def test_weekly_report_for_the_consultant(users, klass):
    participant, measures = klass["people"][0]
    services.register_bulk(
        actor=users["teacher"],
        items=[
            {
                "participant_id": participant.pk,
                "measure_id": measures["norwegian"].pk,
                "date": D(2026, 6, 1),
                "status": "absent",
                "absence_type": "invalid",
                "hours": "2",
            }
        ],
    )
    report = selectors.weekly_report(users["consultant"], today=D(2026, 6, 3))
    assert [(r.participant, r.hours) for r in report] == [(participant, Decimal(2))]
    assert report[0].trend == [Decimal(0), Decimal(0), Decimal(0), Decimal(2)]


def test_timesheet_totals(users, klass):
    participant, measures = klass["people"][0]
    items = [i for i in month_items(klass) if i["participant_id"] == participant.pk]
    items[0].update(status="absent", absence_type="invalid", hours="1.5")
    services.register_bulk(actor=users["teacher"], items=items)
    sheet = selectors.timesheet(participant, MAY)
    totals = sheet["totals"]
    assert totals.invalid == Decimal("1.5")
    assert totals.present == Decimal(3) * 17
    # Norwegian 18 days × 3 h, plus work practice on 11 Tue–Thu days × 5 h (14 May is
    # Ascension Day), which nobody registered.
    assert totals.planned == Decimal(54 + 55) and totals.unregistered == Decimal(55)
    assert Timesheet.objects.count() == 0  # a timesheet row exists once it is signed


def test_the_same_day_twice_in_one_request_is_refused(users, klass):
    participant, measures = klass["people"][0]
    item = {
        "participant_id": participant.pk,
        "measure_id": measures["norwegian"].pk,
        "date": D(2026, 5, 4),
        "status": "present",
    }
    with pytest.raises(ValidationError) as excinfo:
        services.register_bulk(actor=users["teacher"], items=[item, {**item}])
    assert "twice" in errors_of(excinfo)["items.1.date"]
    assert not Registration.objects.exists()


def test_approval_needs_the_participants_acknowledgement(users, klass):
    participant, _measures = klass["people"][0]
    services.timesheet_step(actor=users["teacher"], participant=participant, month=MAY, step="sign")
    with pytest.raises(ValidationError) as excinfo:
        services.timesheet_step(
            actor=users["consultant"], participant=participant, month=MAY, step="approve"
        )
    assert "acknowledges" in errors_of(excinfo)["__all__"]


def test_a_role_that_may_never_approve_is_refused_as_such(users, klass):
    participant, _measures = klass["people"][0]
    participant.nav_advisor = users["nav_advisor"]
    participant.save()
    with pytest.raises(PermissionDenied):
        services.timesheet_step(
            actor=users["nav_advisor"], participant=participant, month=MAY, step="approve"
        )


def test_reopening_clears_the_acknowledgement(users, klass):
    participant, _measures = klass["people"][0]
    services.timesheet_step(actor=users["teacher"], participant=participant, month=MAY, step="sign")
    services.acknowledge_timesheet(actor=users["consultant"], participant=participant, month=MAY)
    sheet = services.timesheet_step(
        actor=users["consultant"], participant=participant, month=MAY, step="reopen"
    )
    assert sheet.acknowledged_on is None and sheet.signed_by is None


def test_holiday_on_registered_days_is_refused(users, klass):
    participant, measures = klass["people"][0]
    services.register_bulk(
        actor=users["teacher"],
        items=[
            {
                "participant_id": participant.pk,
                "measure_id": measures["norwegian"].pk,
                "date": D(2026, 5, 4),
                "status": "present",
            }
        ],
    )
    with pytest.raises(ValidationError):
        services.register_vacation(
            actor=users["consultant"],
            participant=participant,
            start=D(2026, 5, 4),
            end=D(2026, 5, 8),
        )


def test_a_participant_without_a_programme_has_no_programme_days(users, municipality):
    from introsak.participants.tests.factories import ParticipantFactory

    participant = ParticipantFactory(municipality=municipality)
    with pytest.raises(ValidationError) as excinfo:
        services.register_bulk(
            actor=users["consultant"],
            items=[
                {
                    "participant_id": participant.pk,
                    "measure_id": 1,
                    "date": D(2026, 5, 4),
                    "status": "present",
                }
            ],
        )
    assert "no granted programme" in errors_of(excinfo)["items.0.participant_id"]
