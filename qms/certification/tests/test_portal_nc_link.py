"""The link to the client's own nonconformity register: a major or minor raised where the
client runs its QMS here and consents goes into its register (source external audit, the
body's finding number and text), the register entry's number is kept on the finding, and
the entry's closure flows back (client_nc_closed_on and an event on the finding; the
finding stays to be verified). The team's read access for the audit's dates when the client
consents to it."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from qms.accounts.tests.factories import MembershipFactory
from qms.certification.portal import services
from qms.core.audit import AuditEvent
from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.nonconformities.models import Nonconformity
from qms.nonconformities.services import close_effect
from qms.standards.tests.factories import OrganizationStandardFactory

from .factories_portal import PortalWorld, build_portal_world, make_finding

pytestmark = pytest.mark.django_db


@pytest.fixture
def pw(organization: Any, other_organization: Any) -> PortalWorld:
    world = build_portal_world(organization)
    with allow_unaudited_writes():
        client = world.world.client
        client.linked_organization = other_organization
        client.share_findings_consent = True
        client.records_access_consent = True
        client.save()
    return world


def test_a_major_goes_into_the_clients_register_once(
    pw: PortalWorld, other_organization: Any
) -> None:
    nc_id = services.on_finding_raised(pw.major)
    nc = Nonconformity.objects.for_organization(other_organization).get(pk=nc_id)
    assert nc.source == "external_audit" and nc.severity == "major"
    assert "F-01" in nc.title and "Gauge G-12" in nc.description
    pw.major.refresh_from_db()
    assert pw.major.client_nc_id == nc.pk and pw.major.client_nc_number == nc.number
    assert services.on_finding_raised(pw.major) is None  # already linked
    assert Nonconformity.objects.for_organization(other_organization).count() == 1


def test_nothing_goes_to_the_register_without_consent_or_for_an_observation(
    pw: PortalWorld, other_organization: Any
) -> None:
    observation = make_finding(pw.stage2, "F-09", "observation")
    assert services.on_finding_raised(observation) is None
    with allow_unaudited_writes():
        pw.world.client.share_findings_consent = False
        pw.world.client.save()
    pw.minor.refresh_from_db()
    assert services.on_finding_raised(pw.minor) is None
    assert not Nonconformity.objects.for_organization(other_organization).exists()


def test_the_closure_in_the_clients_register_flows_back_to_the_finding(
    pw: PortalWorld, other_organization: Any, django_capture_on_commit_callbacks: Any
) -> None:
    nc_id = services.on_finding_raised(pw.major)
    nc = Nonconformity.objects.for_organization(other_organization).get(pk=nc_id)
    quality = MembershipFactory(organization=other_organization, role="quality_manager").user
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        close_effect(obj=nc, actor=quality, reason="", signature=None)
    pw.major.refresh_from_db()
    assert pw.major.client_nc_closed_on is not None
    assert pw.major.status == "open"  # it does not verify anything by itself
    event = AuditEvent.objects.for_subject(pw.major).get(
        event_type="certification.finding_client_nc_closed"
    )
    assert "does not verify" in event.data["note"]


def test_a_closure_the_signal_missed_is_reported_by_the_daily_job(
    pw: PortalWorld, other_organization: Any, django_assert_max_num_queries: Any
) -> None:
    # given the major and the minor in the client's register, and the major closed there
    # while its report back never ran (no on-commit work executed)
    major_nc = services.on_finding_raised(pw.major)
    services.on_finding_raised(pw.minor)
    nc = Nonconformity.objects.for_organization(other_organization).get(pk=major_nc)
    quality = MembershipFactory(organization=other_organization, role="quality_manager").user
    with transaction.atomic():
        close_effect(obj=nc, actor=quality, reason="", signature=None)
    pw.major.refresh_from_db()
    assert pw.major.client_nc_closed_on is None

    # when the daily job runs, twice
    out = io.StringIO()
    call_command("certificates", "daily", stdout=out)
    with django_assert_max_num_queries(2):
        assert services.client_nc_closures_catch_up() == 0  # idempotent

    # then the major reports the closure with its event; the open minor does not
    assert "1 client nonconformity closures reported late" in out.getvalue()
    pw.major.refresh_from_db()
    pw.minor.refresh_from_db()
    assert pw.major.client_nc_closed_on is not None and pw.minor.client_nc_closed_on is None
    assert (
        AuditEvent.objects.for_subject(pw.major)
        .filter(event_type="certification.finding_client_nc_closed")
        .count()
        == 1
    )


def test_another_organizations_nc_with_the_same_id_does_not_close_the_finding(
    pw: PortalWorld, organization: Any
) -> None:
    nc_id = services.on_finding_raised(pw.major)
    assert nc_id is not None
    count = services.client_nc_closed(
        organization_id=organization.pk, nonconformity_id=nc_id, closed_on=dt.date(2026, 1, 1)
    )
    assert count == 0
    pw.major.refresh_from_db()
    assert pw.major.client_nc_closed_on is None


def test_the_audit_team_gets_read_access_for_the_audits_days_and_loses_it_after(
    pw: PortalWorld, other_organization: Any
) -> None:
    from qms.access_grants.models import AccessGrant

    OrganizationStandardFactory(organization=other_organization, edition=pw.world.edition)
    report = services.audit_team_access_sync(actor=pw.world.manager, audit=pw.stage2)
    assert report["granted"] == [pw.world.lead.email]
    grant = AccessGrant.objects.for_organization(other_organization).get()
    assert grant.grantee == pw.world.lead
    assert grant.starts_at.date() == pw.stage2.start_date
    assert grant.ends_at.date() == pw.stage2.end_date + dt.timedelta(days=1)
    assert list(grant.editions.all()) == [pw.world.edition]
    again = services.audit_team_access_sync(actor=pw.world.manager, audit=pw.stage2)
    assert again["granted"] == [] and again["changed"] == []
    with allow_unaudited_writes():
        pw.world.client.records_access_consent = False
        pw.world.client.save()
    revoked = services.audit_team_access_sync(actor=pw.world.manager, audit=pw.stage2)
    assert revoked["ended"] == [pw.world.lead.email]
    grant.refresh_from_db()
    assert grant.state in ("expired", "revoked")
