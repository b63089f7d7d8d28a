"""Pages of the context: overview, lists with filters and query budgets, forms with bad
input, review and retire steps, the climate decision form, scope and publish pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.accounts.tests.factories import PASSWORD
from qms.context import services
from qms.context.models import ClimateDecision, ContextIssue, QmsScope
from qms.context.tests.factories import (
    ContextIssueFactory,
    InterestedPartyFactory,
    InterestedPartyRequirementFactory,
)
from qms.core.audit import AuditEvent

pytestmark = pytest.mark.django_db


def test_the_overview_shows_every_part(
    organization: Any, quality_manager: Any, make_issue: Any, make_party: Any, client_for: Any
) -> None:
    make_issue(title="Energy prices at the works")
    make_party(name="Rail operators")
    services.scope_create(
        actor=quality_manager, organization=organization, data={"statement": "Precision gauges."}
    )
    response = client_for(quality_manager).get(reverse("context:overview"))
    assert response.status_code == 200
    for text in (
        b"Climate change",
        b"Energy prices at the works",
        b"Rail operators",
        b"Precision gauges.",
        b"Process map",
        b"Generate the context and scope document",
        b"All requirements of the adopted standards apply.",
    ):
        assert text in response.content, text


def test_the_overview_for_a_viewer_offers_no_writes(viewer: Any, client_for: Any) -> None:
    response = client_for(viewer).get(reverse("context:overview"))
    assert response.status_code == 200
    assert b"Write the scope" not in response.content
    assert reverse("context:climatedecision_add").encode() not in response.content


@pytest.mark.parametrize(
    ("url_name", "factory"),
    [
        ("context:contextissue_list", ContextIssueFactory),
        ("context:interestedparty_list", InterestedPartyFactory),
        ("context:interestedpartyrequirement_list", InterestedPartyRequirementFactory),
    ],
)
def test_lists_stay_within_a_query_budget(
    url_name: str,
    factory: Any,
    organization: Any,
    quality_manager: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    owned = {} if factory is InterestedPartyRequirementFactory else {"owner": quality_manager}
    for _ in range(30):
        factory(organization=organization, **owned)
    client = client_for(quality_manager)
    client.get(reverse(url_name))
    with django_assert_max_num_queries(22):
        response = client.get(reverse(url_name), {"per_page": 50})
    assert response.status_code == 200
    export = client.get(reverse(url_name), {"export": "csv"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("text/csv")


def test_the_issue_list_filters_and_searches(
    make_issue: Any, quality_manager: Any, client_for: Any
) -> None:
    make_issue(title="Ageing machines", origin="internal", category="weakness", pestle="")
    make_issue(title="Summer heat", climate_related=True, pestle="environmental")
    client = client_for(quality_manager)
    internal = client.get(reverse("context:contextissue_list"), {"origin": "internal"})
    assert b"Ageing machines" in internal.content and b"Summer heat" not in internal.content
    climate = client.get(reverse("context:contextissue_list"), {"climate_related": "true"})
    assert b"Summer heat" in climate.content and b"Ageing machines" not in climate.content
    found = client.get(reverse("context:contextissue_list"), {"q": "heat"})
    assert b"Summer heat" in found.content


def test_adding_an_issue_with_bad_input_shows_the_errors_and_writes_nothing(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    client = client_for(quality_manager)
    url = reverse("context:contextissue_add")
    assert client.get(url).status_code == 200
    bad = client.post(url, {"title": "", "origin": "internal", "category": "nonsense"})
    assert bad.status_code == 400
    assert b"This field is required" in bad.content
    assert not ContextIssue.objects.for_organization(organization).exists()
    good = client.post(
        url,
        {
            "title": "Skilled staff",
            "origin": "internal",
            "category": "strength",
            "review_interval_months": "12",
            "owner": quality_manager.pk,
        },
    )
    assert good.status_code == 302
    issue = ContextIssue.objects.for_organization(organization).get()
    assert issue.next_review_on is not None


def test_employees_may_not_add_issues(employee: Any, client_for: Any) -> None:
    assert client_for(employee).get(reverse("context:contextissue_add")).status_code == 403


def test_review_and_retire_from_the_issue_page(
    make_issue: Any, quality_manager: Any, client_for: Any
) -> None:
    issue = make_issue()
    client = client_for(quality_manager)
    page = client.get(issue.get_absolute_url())
    review_url = reverse("context:contextissue_transition", args=[issue.pk, "review"])
    assert review_url.encode() in page.content
    refused = client.post(review_url, {"reason": "", "version": issue.version})
    assert refused.status_code in (400, 409)
    done = client.post(review_url, {"reason": "Checked with the board.", "version": issue.version})
    assert done.status_code == 302
    issue.refresh_from_db()
    retire_url = reverse("context:contextissue_transition", args=[issue.pk, "retire"])
    client.post(retire_url, {"reason": "Machines replaced.", "version": issue.version})
    issue.refresh_from_db()
    assert issue.status == "retired"
    assert AuditEvent.objects.filter(event_type="context.issue_retired").count() == 1


def test_requirements_are_added_from_the_party_page(
    make_party: Any, quality_manager: Any, client_for: Any
) -> None:
    party = make_party()
    client = client_for(quality_manager)
    add = reverse("context:interestedpartyrequirement_add", args=[party.pk])
    assert add.encode() in client.get(party.get_absolute_url()).content
    assert client.post(add, {"requirement": "", "status": "open"}).status_code == 400
    response = client.post(
        add, {"requirement": "Certificates with every delivery", "status": "open"}
    )
    assert response.status_code == 302
    page = client.get(party.get_absolute_url())
    assert b"Certificates with every delivery" in page.content


def test_adding_a_requirement_reads_its_party_once_in_the_view(
    make_party: Any, quality_manager: Any, client_for: Any
) -> None:
    """The page reads the party of its URL once (the service then locks it once)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    party = make_party()
    client = client_for(quality_manager)
    add = reverse("context:interestedpartyrequirement_add", args=[party.pk])
    table = InterestedPartyFactory._meta.model._meta.db_table
    with CaptureQueriesContext(connection) as queries:
        response = client.post(add, {"requirement": "Certificates", "status": "open"})
    assert response.status_code == 302
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(f'SELECT "{table}"."id"') and f'FROM "{table}"' in q["sql"]
    ]
    assert len(reads) == 2  # the view's read, the service's lock (not one read per step)


def test_a_requirement_cannot_be_added_to_another_organizations_party(
    other_organization: Any, quality_manager: Any, client_for: Any
) -> None:
    theirs = InterestedPartyFactory(organization=other_organization)
    add = reverse("context:interestedpartyrequirement_add", args=[theirs.pk])
    client = client_for(quality_manager)
    assert client.get(add).status_code == 404
    assert client.post(add, {"requirement": "x", "status": "open"}).status_code == 404


def test_the_climate_decision_form_needs_the_password(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    client = client_for(quality_manager)
    url = reverse("context:climatedecision_add")
    assert client.get(url).status_code == 200
    missing = client.post(url, {"relevant": "yes", "rationale": "", "password": PASSWORD})
    assert missing.status_code == 400
    wrong = client.post(url, {"relevant": "yes", "rationale": "Heat.", "password": "nope"})
    assert wrong.status_code == 409
    assert not ClimateDecision.objects.for_organization(organization).exists()
    done = client.post(url, {"relevant": "yes", "rationale": "Heat.", "password": PASSWORD})
    assert done.status_code == 302
    decision = ClimateDecision.objects.for_organization(organization).get()
    page = client.get(decision.get_absolute_url())
    assert b"Current decision" in page.content and b"Decided by" in page.content


def test_the_scope_page_warns_about_unjustified_exclusions(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    from qms.standards.tests.factories import (
        ClauseApplicabilityFactory,
        ClauseFactory,
        OrganizationStandardFactory,
    )

    adopted = OrganizationStandardFactory(organization=organization)
    clause = ClauseFactory(edition=adopted.edition, number="8.5.3")
    ClauseApplicabilityFactory(organization=organization, clause=clause, justification="")
    client = client_for(quality_manager)
    add = client.post(reverse("context:qmsscope_add"), {"statement": "Gauges."})
    assert add.status_code == 302
    again = client.post(reverse("context:qmsscope_add"), {"statement": "Twice."})
    assert again.status_code == 400
    scope = QmsScope.objects.for_organization(organization).get()
    page = client.get(scope.get_absolute_url())
    assert b"data-unjustified" in page.content and b"8.5.3" in page.content
    assert b"No justification" in page.content


def test_publish_page_and_pdf_preview(
    organization: Any, quality_manager: Any, viewer: Any, client_for: Any
) -> None:
    services.scope_create(
        actor=quality_manager, organization=organization, data={"statement": "Gauges."}
    )
    preview = client_for(viewer).get(reverse("context:pdf"))
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")
    assert client_for(viewer).get(reverse("context:publish")).status_code == 403
    client = client_for(quality_manager)
    assert client.post(reverse("context:publish"), {"change_summary": ""}).status_code == 400
    done = client.post(reverse("context:publish"), {"change_summary": "First issue."})
    assert done.status_code == 302
    scope = QmsScope.objects.for_organization(organization).get()
    assert scope.document is not None
    assert done["Location"] == scope.document.get_absolute_url()


def test_the_review_due_badge_follows_the_list_filter_and_reminder_window(
    make_issue: Any, quality_manager: Any, client_for: Any, settings: Any
) -> None:
    """A record due within CONTEXT_REVIEW_REMINDER_DAYS is "Review due" on its page as in
    the list filter of that name; one due later is in neither."""
    from datetime import timedelta

    from django.utils import timezone

    settings.CONTEXT_REVIEW_REMINDER_DAYS = 14
    today = timezone.localdate()
    soon = make_issue(title="Due soon", next_review_on=today + timedelta(days=5))
    later = make_issue(title="Due later", next_review_on=today + timedelta(days=60))
    client = client_for(quality_manager)
    badge = b'<span class="badge badge-danger">Review due</span>'
    assert badge in client.get(soon.get_absolute_url()).content
    assert badge not in client.get(later.get_absolute_url()).content
    listed = client.get(reverse("context:contextissue_list") + "?review_due=true").content
    assert b"Due soon" in listed
    assert b"Due later" not in listed
