"""`qms demo`: the demo organizations and people of the issue, idempotent, not in production."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from qms.accounts.models import Membership, User
from qms.core.audit import AuditEvent, verify_chains
from qms.core.permissions import Role
from qms.organizations.models import Organization, Process, Site

ACME_PEOPLE = {
    "owner@acme.example": Role.OWNER,
    "quality@acme.example": Role.QUALITY_MANAGER,
    "process@acme.example": Role.PROCESS_OWNER,
    "auditor@acme.example": Role.INTERNAL_AUDITOR,
    "employee@acme.example": Role.EMPLOYEE,
    "viewer@acme.example": Role.VIEWER,
}


def row_counts():
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def run_demo(**options):
    stdout = io.StringIO()
    call_command("demo", stdout=stdout, **options)
    return stdout.getvalue()


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def test_demo_loads_acme_with_one_person_per_role(debug, db):
    # when
    output = run_demo()
    # then
    acme = Organization.objects.get(slug="acme")
    assert acme.name == "Acme Gauges Ltd"
    roles = dict(Membership.objects.filter(organization=acme).values_list("user__email", "role"))
    assert roles == ACME_PEOPLE
    assert "created Acme Gauges Ltd" in output
    assert output.rstrip().endswith("Demo data ready.")


def test_demo_people_log_in_with_the_password_demo(debug, db):
    # when
    run_demo()
    # then
    for email in [*ACME_PEOPLE, "quality@northwind.example"]:
        user = User.objects.get(email=email)
        assert user.check_password("demo"), email
        assert user.is_active
        assert not user.is_staff


def test_northwinds_quality_manager_is_not_a_member_of_acme(debug, db):
    # when
    run_demo()
    # then
    northwind = Organization.objects.get(slug="northwind")
    assert northwind.name == "Northwind Castings"
    person = User.objects.get(email="quality@northwind.example")
    assert [m.organization for m in Membership.objects.filter(user=person)] == [northwind]
    assert not Membership.objects.filter(user=person, organization__slug="acme").exists()
    assert set(Site.objects.filter(organization=northwind).values_list("name", flat=True)) == {
        "Duisburg foundry"
    }


def test_demo_loads_sites_and_processes_with_their_owners(debug, db):
    # when
    run_demo()
    # then
    acme = Organization.objects.get(slug="acme")
    assert Site.objects.filter(organization=acme).count() == 2
    calibration = Process.objects.get(organization=acme, code="P-04")
    assert calibration.owner.email == "process@acme.example"
    assert calibration.site.name == "Calibration laboratory"
    assert Process.objects.filter(organization=acme).count() == 6


def test_demo_writes_through_the_services_so_the_audit_trail_is_intact(debug, db):
    # when
    run_demo()
    # then
    acme = Organization.objects.get(slug="acme")
    types = set(AuditEvent.objects.filter(organization=acme).values_list("event_type", flat=True))
    assert {"organization.created", "membership.created", "site.created"} <= types
    assert "process.created" in types
    assert verify_chains()[1] == []


def test_a_second_demo_run_adds_no_row_anywhere_and_no_audit_event(debug, db):
    # given
    run_demo()
    before = row_counts()
    events = AuditEvent.objects.count()
    # when
    output = run_demo()
    # then
    assert row_counts() == before
    assert AuditEvent.objects.count() == events
    assert "created" not in output
    assert output == "Demo data ready.\n"


def test_demo_completes_what_an_earlier_run_left_out(debug, db):
    # given a first run, then someone removed a demo process and a site by hand (ones no
    # demo document refers to: documents protect their process)
    run_demo()
    Process.objects.filter(code="P-06").delete()
    northwind_sites = Site.objects.filter(organization__slug="northwind")
    removed = northwind_sites.filter(processes__isnull=True).first() or northwind_sites.first()
    Process.objects.filter(site=removed).delete()
    removed.delete()
    # when
    run_demo()
    # then
    assert Site.objects.filter(name=removed.name, organization__slug="northwind").count() == 1
    assert Process.objects.filter(code="P-06").count() == 1


def test_demo_refuses_to_run_when_debug_is_off(settings, db):
    # given
    settings.DEBUG = False
    # when / then
    with pytest.raises(CommandError, match="QMS_DEBUG=false"):
        run_demo()
    assert not Organization.objects.exists()
    assert not User.objects.exists()


def test_demo_runs_when_debug_is_off_but_forced(settings, db):
    # given
    settings.DEBUG = False
    # when
    run_demo(force=True)
    # then
    assert Organization.objects.filter(slug__in=["acme", "northwind"]).count() == 2
