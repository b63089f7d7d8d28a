"""Pages of the audit programme: who may see and do what (anonymous, another organization,
a member without the right, an auditor who may only read, the certification manager), the
programme page's timeline, planning and the decision through the forms, and the query
budget of the list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qms.certification.models import CertAudit, CertificationProgramme
from qms.certification.tests.factories import ApplicationFactory
from qms.core.testing.audit_guard import allow_unaudited_writes

from .programme_world import World, build_world

pytestmark = pytest.mark.django_db

D0 = dt.date(2024, 7, 15)


@pytest.fixture
def world(organization: Any) -> World:
    return build_world(organization)


@pytest.fixture
def programme(world: World) -> CertificationProgramme:
    return world.certified(D0)


def _pages(programme: CertificationProgramme, audit: CertAudit) -> dict[str, str]:
    return {
        "list": reverse("certification:programme_list"),
        "detail": reverse("certification:programme_detail", args=[programme.pk]),
        "calendar": reverse("certification:programme_calendar"),
        "audit": reverse("certification:certaudit_detail", args=[audit.pk]),
        "audits": reverse("certification:certaudit_list"),
    }


def test_anonymous_visitors_are_sent_to_log_in(
    client_for: Any, world: World, programme: CertificationProgramme
) -> None:
    audit = world.audit(programme, "surveillance_1")
    client = client_for(None)
    for name, url in _pages(programme, audit).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert "/login" in response["Location"], name


def test_another_organizations_programme_and_audits_do_not_exist(
    client_for: Any, world: World, programme: CertificationProgramme, outsider: Any
) -> None:
    audit = world.audit(programme, "surveillance_1")
    client = client_for(outsider)
    urls = [
        reverse("certification:programme_detail", args=[programme.pk]),
        reverse("certification:programme_edit", args=[programme.pk]),
        reverse("certification:programme_special_audit", args=[programme.pk]),
        reverse("certification:certaudit_detail", args=[audit.pk]),
        reverse("certification:certaudit_plan", args=[audit.pk]),
        reverse("certification:certaudit_complete", args=[audit.pk]),
        reverse("certification:certaudit_transition", args=[audit.pk, "cancel"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    decision = reverse("certification:programme_decision", args=[programme.pk])
    assert client.post(decision, {"decision_date": "2024-07-15"}).status_code == 404


def test_a_member_without_a_certification_role_is_refused(
    client_for: Any, world: World, programme: CertificationProgramme, quality_manager: Any
) -> None:
    audit = world.audit(programme, "surveillance_1")
    client = client_for(quality_manager)
    pages = _pages(programme, audit)
    for name in ("list", "calendar", "audits"):
        assert client.get(pages[name]).status_code == 403, name
    for name in ("detail", "audit"):  # an object the role may not view does not exist
        assert client.get(pages[name]).status_code == 404, name


def test_an_auditor_reads_but_does_not_plan_or_decide(
    client_for: Any, world: World, programme: CertificationProgramme
) -> None:
    audit = world.audit(programme, "surveillance_1")
    client = client_for(world.lead)
    for name, url in _pages(programme, audit).items():
        assert client.get(url).status_code == 200, name
    assert client.get(reverse("certification:programme_add")).status_code == 403
    assert client.get(reverse("certification:certaudit_plan", args=[audit.pk])).status_code == 403
    confirm = reverse("certification:certaudit_transition", args=[audit.pk, "confirm"])
    assert client.get(confirm).status_code == 403
    other = world.programme()
    decision = reverse("certification:programme_decision", args=[other.pk])
    assert client.post(decision, {"decision_date": "2024-07-15", "reason": "x"}).status_code == 403
    detail = client.get(reverse("certification:programme_detail", args=[other.pk]))
    assert b"Set decision date" not in detail.content


def test_the_certification_manager_opens_every_page(
    client_for: Any, world: World, programme: CertificationProgramme
) -> None:
    audit = world.audit(programme, "surveillance_1")
    client = client_for(world.manager)
    urls = [
        *_pages(programme, audit).values(),
        reverse("certification:programme_list") + f"?status=certified&client={world.client.pk}",
        reverse("certification:programme_list") + f"?standard={world.edition.pk}",
        reverse("certification:programme_add"),
        reverse("certification:programme_edit", args=[programme.pk]),
        reverse("certification:programme_special_audit", args=[programme.pk]),
        reverse("certification:certaudit_plan", args=[audit.pk]),
        reverse("certification:certaudit_transition", args=[audit.pk, "cancel"]),
        reverse("certification:certaudit_list") + "?overdue=true&due_within=90",
        reverse("certification:programme_calendar") + f"?auditor={world.lead.pk}",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_the_programme_page_shows_the_timeline_in_a_drawing_and_in_words(
    client_for: Any, world: World, programme: CertificationProgramme
) -> None:
    world.plan(programme, "surveillance_1", dt.date(2025, 6, 2))

    page = client_for(world.manager).get(
        reverse("certification:programme_detail", args=[programme.pk])
    )

    html = page.content.decode()
    assert 'class="cp-timeline-svg"' in html
    assert "data-timeline-list" in html
    for words in (
        "Certification decision 2024-07-15",
        "Expiry 2027-07-14",
        "Recertification decision by 2027-07-13",
        "Restoration deadline 2028-01-14",
        "Majors verified by",
        "Today",
        "Surveillance 1",
        "planned 2025-06-02",
        "Overdue window",
    ):
        assert words in html, words
    assert "overdue" in html  # surveillance 2 is past its due-by and not done


def test_an_unplanned_initial_programme_says_what_to_do(client_for: Any, world: World) -> None:
    programme = world.programme()

    page = client_for(world.manager).get(
        reverse("certification:programme_detail", args=[programme.pk])
    )

    assert b"Nothing in this programme is dated yet" in page.content
    assert b"Set decision date" in page.content


def test_a_new_programme_from_an_accepted_application_is_prefilled(
    client_for: Any, world: World
) -> None:
    with allow_unaudited_writes():
        application = ApplicationFactory(organization=world.organization, client=world.client)
        application.status = "accepted"
        application.save()
        application.editions.add(world.edition)
        application.iaf_codes.add(world.code)
    client = client_for(world.manager)
    url = reverse("certification:programme_add")

    form = client.get(url + f"?application={application.pk}").content.decode()
    assert f'<option value="{world.client.pk}" selected>' in form
    assert f'<option value="{world.edition.pk}" selected>' in form

    response = client.post(
        url,
        {
            "client": world.client.pk,
            "application": application.pk,
            "kind": "initial",
            "editions": [world.edition.pk],
            "iaf_codes": [world.code.pk],
        },
    )
    created = CertificationProgramme.objects.filter(organization=world.organization).get()
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert created.application == application


def test_a_new_programme_outside_the_scope_shows_why_beside_the_field(
    client_for: Any, world: World
) -> None:
    response = client_for(world.manager).post(
        reverse("certification:programme_add"),
        {
            "client": world.client.pk,
            "kind": "initial",
            "editions": [world.edition.pk],
            "iaf_codes": [world.other_code.pk],
        },
    )

    assert response.status_code == 400
    assert b"outside the accredited scope" in response.content
    assert not CertificationProgramme.objects.filter(organization=world.organization).exists()


def test_planning_through_the_form_refuses_a_hard_rule_and_an_unqualified_auditor(
    client_for: Any, world: World, programme: CertificationProgramme
) -> None:
    audit = world.audit(programme, "surveillance_1")
    url = reverse("certification:certaudit_plan", args=[audit.pk])
    client = client_for(world.manager)

    late = client.post(url, {"start_date": "2025-08-01", "lead_auditor": world.lead.pk})
    unqualified = client.post(
        url, {"start_date": "2025-06-02", "lead_auditor": world.unqualified.pk}
    )
    planned = client.post(
        url,
        {"start_date": "2025-06-02", "end_date": "2025-06-03", "lead_auditor": world.lead.pk},
    )

    assert late.status_code == 400
    assert b"more than 12 months after the certification decision" in late.content
    assert unqualified.status_code == 400
    assert b"has no qualification for ISO 9001" in unqualified.content
    assert planned.status_code == 302
    audit.refresh_from_db()
    assert audit.start_date == dt.date(2025, 6, 2)


def test_the_decision_and_the_completion_through_the_pages(client_for: Any, world: World) -> None:
    programme = world.programme()
    world.plan(programme, "stage1", dt.date(2024, 5, 10))
    stage2 = world.plan(programme, "stage2", dt.date(2024, 6, 10))
    client = client_for(world.manager)

    done = client.post(
        reverse("certification:certaudit_complete", args=[stage2.pk]),
        {"end_date": "2024-06-12"},
    )
    early = client.post(
        reverse("certification:programme_decision", args=[programme.pk]),
        {"decision_date": "2024-06-11", "reason": "Granted by the panel."},
    )
    decided = client.post(
        reverse("certification:programme_decision", args=[programme.pk]),
        {"decision_date": "2024-07-15", "reason": "Granted by the panel."},
    )

    assert done.status_code == 302
    assert early.status_code == 400
    assert b"before the last day of Stage 2" in early.content
    assert decided.status_code == 302
    programme.refresh_from_db()
    assert programme.status == "certified"
    assert programme.stage2_last_day == dt.date(2024, 6, 12)
    assert programme.expiry == dt.date(2027, 7, 14)


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_the_list_and_the_calendar_cost_the_same_for_few_and_many_programmes(
    client_for: Any, world: World, django_assert_max_num_queries: Any
) -> None:
    from qms.certification.programme import services

    client = client_for(world.manager)
    urls = [
        reverse("certification:programme_list"),
        reverse("certification:programme_list") + f"?standard={world.edition.pk}",
        reverse("certification:programme_calendar"),
        reverse("certification:programme_calendar") + f"?standard={world.edition.pk}",
        reverse("certification:certaudit_list"),
    ]

    def add(n: int) -> None:
        for _ in range(n):
            programme = world.certified(D0)
            services.cert_audit_add_special(
                actor=world.manager,
                programme=programme,
                purpose="Follow-up visit.",
                due_by=timezone.localdate() + dt.timedelta(days=12),
            )

    add(2)
    few = {url: _count(client, url) for url in urls}
    add(8)
    many = {url: _count(client, url) for url in urls}
    assert many == few
