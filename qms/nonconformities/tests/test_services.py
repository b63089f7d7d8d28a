"""Reporting and editing nonconformities through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from qms.core.audit import AuditEvent
from qms.core.errors import StaleVersion
from qms.nonconformities.models import Nonconformity
from qms.nonconformities.services import nonconformity_create, nonconformity_update
from qms.organizations.tests.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def _data(**extra: Any) -> dict[str, Any]:
    return {
        "title": "Burr on flange",
        "description": "Flange edge not deburred on 12 parts.",
        "source": "product_inspection",
        "severity": "minor",
        "detected_on": dt.date(2026, 4, 3),
        **extra,
    }


def test_a_report_gets_the_next_number_of_its_year_and_an_event(organization, employee):
    first = nonconformity_create(actor=employee, organization=organization, data=_data())
    second = nonconformity_create(actor=employee, organization=organization, data=_data())
    assert (first.number, second.number) == ("NC-2026-0001", "NC-2026-0002")
    assert first.status == "reported" and first.cycle == 1 and first.reported_by == employee
    assert AuditEvent.objects.for_subject(first).filter(event_type="nonconformity.created").exists()


def test_numbers_restart_each_year_and_per_organization(organization, other_organization, employee):
    nonconformity_create(actor=employee, organization=organization, data=_data())
    older = nonconformity_create(
        actor=employee, organization=organization, data=_data(detected_on=dt.date(2025, 12, 1))
    )
    theirs = nonconformity_create(actor=None, organization=other_organization, data=_data())
    assert older.number == "NC-2025-0001"
    assert theirs.number == "NC-2026-0001"


def test_a_bad_report_writes_nothing_and_uses_no_number(organization, employee):
    with pytest.raises(ValidationError) as error:
        nonconformity_create(actor=employee, organization=organization, data=_data(severity="bad"))
    assert "severity" in error.value.message_dict
    assert not Nonconformity.objects.for_organization(organization.pk).exists()
    assert nonconformity_create(
        actor=employee, organization=organization, data=_data()
    ).number.endswith("0001")


def test_another_organizations_process_is_refused(organization, other_organization, employee):
    theirs = ProcessFactory(organization=other_organization)
    with pytest.raises(ValidationError) as error:
        nonconformity_create(actor=employee, organization=organization, data=_data(process=theirs))
    assert "process" in error.value.message_dict


def test_the_responsible_person_must_be_a_member(organization, outsider, employee):
    with pytest.raises(ValidationError) as error:
        nonconformity_create(actor=employee, organization=organization, data=_data(owner=outsider))
    assert "owner" in error.value.message_dict


def test_an_edit_on_an_old_version_is_refused(organization, quality_manager):
    nc = nonconformity_create(actor=quality_manager, organization=organization, data=_data())
    nonconformity_update(actor=quality_manager, instance=nc, data={"title": "New"}, version=1)
    with pytest.raises(StaleVersion):
        nonconformity_update(actor=quality_manager, instance=nc, data={"title": "Old"}, version=1)


def test_state_number_and_cycle_cannot_be_set_through_the_services(organization, quality_manager):
    for field, value in (("status", "closed"), ("cycle", 5), ("number", "X")):
        with pytest.raises(ValidationError):
            nonconformity_create(
                actor=quality_manager, organization=organization, data=_data(**{field: value})
            )


def test_impossible_dates_are_refused_beside_their_field(organization, quality_manager):
    from django.utils import timezone

    future = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        nonconformity_create(
            actor=quality_manager, organization=organization, data=_data(detected_on=future)
        )
    assert "detected_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        nonconformity_create(
            actor=quality_manager,
            organization=organization,
            data=_data(verification_due=dt.date(2026, 4, 1)),
        )
    assert "verification_due" in error.value.message_dict
    assert not Nonconformity.objects.for_organization(organization.pk).exists()
