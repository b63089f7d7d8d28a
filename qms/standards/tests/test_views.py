"""The standards pages: library, our standards, clause tree, clause page, transition."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from qms.accounts.models import User
from qms.organizations.models import Organization
from qms.organizations.tests.factories import ProcessFactory, SiteFactory
from qms.standards.models import ClauseApplicability, OrganizationStandard

from .conftest import E2015, Q2015, Q2026, adopt, clause, edition
from .factories import ClauseEvidenceFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User | None], Client]


def test_the_library_lists_editions_with_status_and_amendments(
    library: None, client_for: ClientFor, viewer: User
) -> None:
    response = client_for(viewer).get(reverse("standards:library"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "ISO 9001:2026" in html and "Draft" in html
    assert "Amd 1:2024" in html
    assert "ISO/IEC 27001:2022" in html


def test_pages_need_a_login(library: None, client_for: ClientFor) -> None:
    response = client_for(None).get(reverse("standards:library"))
    assert response.status_code == 302


def test_a_manager_adopts_an_edition_with_its_scope(
    library: None, client_for: ClientFor, quality_manager: User, organization: Organization
) -> None:
    client = client_for(quality_manager)
    page = client.get(reverse("standards:organizationstandard_list"))
    assert page.status_code == 200 and "Adopt a standard" in page.content.decode()
    response = client.post(
        reverse("standards:organizationstandard_list"),
        {"edition": edition(Q2015).pk, "scope": "Gauges", "adopted_on": "2024-01-31"},
    )
    assert response.status_code == 302
    adopted = OrganizationStandard.objects.for_organization(organization).get()
    assert adopted.scope == "Gauges" and str(adopted.adopted_on) == "2024-01-31"
    again = client.post(
        reverse("standards:organizationstandard_list"), {"edition": edition(Q2015).pk}
    )
    assert again.status_code == 400


def test_a_viewer_sees_our_standards_but_cannot_adopt_or_remove(
    iso9001: OrganizationStandard, client_for: ClientFor, viewer: User
) -> None:
    client = client_for(viewer)
    page = client.get(reverse("standards:organizationstandard_list"))
    assert page.status_code == 200
    assert "Adopt a standard" not in page.content.decode()
    assert (
        client.post(reverse("standards:organizationstandard_list"), {"edition": 1}).status_code
        == 403
    )
    remove = reverse("standards:adopted_remove", args=[iso9001.pk])
    assert client.post(remove).status_code == 403


def test_removing_an_adopted_edition_of_another_organization_is_404(
    iso9001: OrganizationStandard, client_for: ClientFor, outsider: User
) -> None:
    remove = reverse("standards:adopted_remove", args=[iso9001.pk])
    assert client_for(outsider).post(remove).status_code == 404


def _links(organization: Organization, count: int) -> list[Any]:
    numbers = ["4.1", "4.2", "7.5.1", "7.5.2", "8.1", "8.2.1", "9.1.1", "9.2.2", "10.2.2", "6.3"]
    links = []
    for index in range(count):
        subject = (ProcessFactory if index % 2 else SiteFactory)(organization=organization)
        links.append(
            ClauseEvidenceFactory(
                subject=subject, clause=clause(Q2015, numbers[index % len(numbers)])
            )
        )
    return links


def test_the_clause_tree_costs_the_same_queries_for_5_or_50_evidence_links(
    iso9001: OrganizationStandard,
    organization: Organization,
    client_for: ClientFor,
    viewer: User,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(viewer)
    url = reverse("standards:clause_tree", args=[iso9001.edition_id])
    _links(organization, 5)
    client.get(url)  # warm the per-process caches (content types, sessions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _links(organization, 45)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<meter") == 7
    assert "[process determination]" in html


def test_the_clause_tree_shows_status_readiness_and_evidence_via_other_standards(
    library: None,
    organization: Organization,
    client_for: ClientFor,
    viewer: User,
) -> None:
    adopt(organization, Q2015)
    adopt(organization, E2015)
    process = ProcessFactory(organization=organization, name="Document control")
    ClauseEvidenceFactory(subject=process, clause=clause(E2015, "7.5.1"))
    with_review = ClauseEvidenceFactory(
        subject=SiteFactory(organization=organization), clause=clause(Q2015, "7.1.3")
    )
    with_review.reviewed_at = with_review.created_at
    with_review.save()
    response = client_for(viewer).get(reverse("standards:clause_tree", args=[edition(Q2015).pk]))
    html = response.content.decode()
    assert "via ISO 14001 §7.5.1" in html
    assert "Document control" in html
    assert "Evidence reviewed" in html
    assert "No evidence" in html


def test_the_clause_tree_of_an_edition_not_adopted_is_404(
    iso9001: OrganizationStandard, client_for: ClientFor, viewer: User
) -> None:
    url = reverse("standards:clause_tree", args=[edition(E2015).pk])
    assert client_for(viewer).get(url).status_code == 404


def test_the_clause_page_of_7_5_lists_records_linked_to_it_and_its_sub_clauses(
    iso9001: OrganizationStandard,
    organization: Organization,
    other_organization: Organization,
    client_for: ClientFor,
    auditor: User,
) -> None:
    ProcessFactory(organization=organization, name="Control of documents")
    ClauseEvidenceFactory(
        subject=ProcessFactory(organization=organization, name="Records retention"),
        clause=clause(Q2015, "7.5.3.2"),
    )
    ClauseEvidenceFactory(
        subject=SiteFactory(organization=organization, name="Archive room"),
        clause=clause(Q2015, "7.5"),
    )
    ClauseEvidenceFactory(
        subject=ProcessFactory(organization=other_organization, name="Their secret process"),
        clause=clause(Q2015, "7.5"),
    )
    response = client_for(auditor).get(clause(Q2015, "7.5").get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Records retention" in html and "Archive room" in html
    assert "Their secret process" not in html
    assert "Control of documents" not in html
    assert "Mark reviewed" in html
    assert "ISO 14001:2015 §7.5" in html  # the equivalent clauses


def test_marking_reviewed_and_unlinking_from_the_clause_page(
    iso9001: OrganizationStandard,
    organization: Organization,
    client_for: ClientFor,
    quality_manager: User,
    viewer: User,
) -> None:
    link = ClauseEvidenceFactory(
        subject=SiteFactory(organization=organization), clause=clause(Q2015, "7.1.3")
    )
    review = reverse("standards:evidence_review", args=[link.pk])
    unlink = reverse("standards:evidence_unlink", args=[link.pk])
    assert client_for(viewer).post(review).status_code == 403
    assert client_for(quality_manager).post(review).status_code == 302
    link.refresh_from_db()
    assert link.reviewed_by == quality_manager
    assert client_for(viewer).post(unlink).status_code == 403
    assert client_for(quality_manager).post(unlink).status_code == 302
    assert not type(link).objects.for_organization(organization).exists()


def test_evidence_of_another_organization_is_404(
    iso9001: OrganizationStandard,
    other_organization: Organization,
    client_for: ClientFor,
    quality_manager: User,
) -> None:
    adopt(other_organization, Q2015)
    theirs = ClauseEvidenceFactory(
        subject=SiteFactory(organization=other_organization), clause=clause(Q2015, "7.1.3")
    )
    url = reverse("standards:evidence_review", args=[theirs.pk])
    assert client_for(quality_manager).post(url).status_code == 404


def test_the_applicability_form_requires_a_justification(
    iso9001: OrganizationStandard,
    organization: Organization,
    client_for: ClientFor,
    quality_manager: User,
) -> None:
    client = client_for(quality_manager)
    design = clause(Q2015, "8.3")
    page = client.get(design.get_absolute_url())
    assert "Applicability" in page.content.decode()
    url = reverse("standards:clause_applicability", args=[design.pk])
    refused = client.post(url, {"not_applicable": "on", "justification": ""})
    assert refused.status_code == 400
    assert "Give the justification" in refused.content.decode()
    saved = client.post(url, {"not_applicable": "on", "justification": "Made to drawings."})
    assert saved.status_code == 302
    row = ClauseApplicability.objects.for_organization(organization).get()
    assert row.clause == design and row.justification == "Made to drawings."
    tree = client.get(reverse("standards:clause_tree", args=[iso9001.edition_id]))
    assert "Not applicable" in tree.content.decode()


def test_excluding_a_clause_that_must_apply_is_refused_on_the_page(
    iso9001: OrganizationStandard, client_for: ClientFor, quality_manager: User
) -> None:
    url = reverse("standards:clause_applicability", args=[clause(Q2015, "7.5").pk])
    response = client_for(quality_manager).post(url, {"not_applicable": "on", "justification": "x"})
    assert response.status_code == 400
    assert "cannot be declared not applicable" in response.content.decode()


def test_the_transition_view_lists_the_differences_and_where_evidence_goes(
    iso9001: OrganizationStandard,
    organization: Organization,
    client_for: ClientFor,
    viewer: User,
) -> None:
    ClauseEvidenceFactory(
        subject=ProcessFactory(organization=organization, name="Risk register"),
        clause=clause(Q2015, "6.1.2"),
    )
    url = reverse("standards:transition", args=[edition(Q2015).pk, edition(Q2026).pk])
    response = client_for(viewer).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Split (2)" in html
    assert "Actions to address opportunities" in html
    assert "Risk register" in html
    assert "Not announced" in html
    reverse_url = reverse("standards:transition", args=[edition(Q2026).pk, edition(E2015).pk])
    assert client_for(viewer).get(reverse_url).status_code == 404
