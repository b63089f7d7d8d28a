"""The process map: process fields, interactions (same organization, no self-loop, one per
direction), the SVG (valid XML, every process and arrow, names escaped), and its pages."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qms.core.audit import AuditEvent
from qms.organizations.interactions import interaction_create, interaction_delete
from qms.organizations.models import ProcessInteraction
from qms.organizations.process_map import process_map
from qms.organizations.tests.factories import ProcessFactory, ProcessInteractionFactory

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def test_an_interaction_links_two_processes_of_the_organization_once(
    organization: Any, other_organization: Any, quality_manager: Any
) -> None:
    a = ProcessFactory(organization=organization)
    b = ProcessFactory(organization=organization)
    foreign = ProcessFactory(organization=other_organization)

    def create(source: Any, target: Any) -> Any:
        return interaction_create(
            actor=quality_manager,
            organization=organization,
            data={"from_process": source, "to_process": target, "flow": "Orders"},
        )

    with pytest.raises(ValidationError) as error:
        create(a, a)
    assert "to_process" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create(a, foreign)
    assert "to_process" in error.value.message_dict
    link = create(a, b)
    with pytest.raises(ValidationError):
        create(a, b)
    back = create(b, a)  # the other direction is another arrow
    assert ProcessInteraction.objects.for_organization(organization).count() == 2
    assert AuditEvent.objects.filter(event_type="process_interaction.created").count() == 2
    interaction_delete(actor=quality_manager, instance=back)
    assert list(ProcessInteraction.objects.for_organization(organization)) == [link]
    assert AuditEvent.objects.filter(event_type="process_interaction.deleted").count() == 1


def test_the_svg_is_valid_xml_with_every_process_and_arrow_escaped(organization: Any) -> None:
    management = ProcessFactory(
        organization=organization, name="Management <review> & planning", process_type="management"
    )
    core = [
        ProcessFactory(organization=organization, name=f"Core {i}", sequence=i) for i in range(4)
    ]
    support = ProcessFactory(organization=organization, name="R&D <lab>", process_type="support")
    links = [
        (management, core[0], "Objectives & <targets>"),
        (core[0], core[1], "Orders"),
        (core[1], core[0], "Queries"),
        (core[0], core[3], "Skip ahead"),
        (core[3], core[1], "Rework"),
        (core[2], support, "Requests"),
        (support, core[2], "Parts"),
    ]
    for source, target, flow in links:
        ProcessInteractionFactory(
            organization=organization, from_process=source, to_process=target, flow=flow
        )
    drawn = process_map(organization=organization)
    root = ET.fromstring(str(drawn.svg))  # noqa: S314  (our own SVG: well-formed or raises)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    description = next(root.iter(f"{SVG}desc")).text or ""
    for process in [management, *core, support]:
        assert process.name in description
        assert any(process.name in title for title in titles)
    assert "R&D <lab>" in texts
    assert "<lab>" not in str(drawn.svg)  # escaped in the markup
    for _source, _target, flow in links:
        assert any(flow in title for title in titles), flow
    assert len(list(root.iter(f"{SVG}path"))) == len(links) + 1  # + the arrow head


def test_an_empty_map_and_retired_processes(organization: Any) -> None:
    assert process_map(organization=organization).is_empty
    ProcessFactory(organization=organization, status="retired")
    assert process_map(organization=organization).is_empty


def test_the_map_page_and_the_process_page_show_the_interactions(
    organization: Any, quality_manager: Any, viewer: Any, client_for: Any
) -> None:
    a = ProcessFactory(organization=organization, name="Sales")
    b = ProcessFactory(organization=organization, name="Machining")
    link = ProcessInteractionFactory(
        organization=organization, from_process=a, to_process=b, flow="Confirmed orders"
    )
    page = client_for(viewer).get(reverse("organizations:process_map"))
    assert page.status_code == 200
    assert b"<svg" in page.content and b"Confirmed orders" in page.content
    assert b"Add an interaction" not in page.content
    detail = client_for(quality_manager).get(reverse("organizations:process_detail", args=[a.pk]))
    assert detail.status_code == 200
    assert reverse("organizations:processinteraction_edit", args=[link.pk]).encode() in (
        detail.content
    )
    add = reverse("organizations:processinteraction_add")
    form = client_for(quality_manager).get(f"{add}?from={a.pk}")
    assert form.status_code == 200
    bad = client_for(quality_manager).post(add, {"from_process": a.pk, "to_process": a.pk})
    assert bad.status_code == 400
    assert ProcessInteraction.objects.for_organization(organization).count() == 1


def test_the_process_form_takes_the_map_fields(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    response = client_for(quality_manager).post(
        reverse("organizations:process_add"),
        {
            "name": "Purchasing",
            "code": "P-05",
            "process_type": "support",
            "sequence": "2",
            "inputs": "Requirements",
            "outputs": "Purchase orders",
            "criteria": "On-time delivery 95 %",
        },
    )
    assert response.status_code == 302
    process = organization and ProcessFactory._meta.model.objects.for_organization(
        organization
    ).get(name="Purchasing")
    assert (process.process_type, process.sequence, process.outputs) == (
        "support",
        2,
        "Purchase orders",
    )


def test_the_interaction_api(
    organization: Any, quality_manager: Any, api_client_for: Any, django_assert_max_num_queries: Any
) -> None:
    a = ProcessFactory(organization=organization)
    b = ProcessFactory(organization=organization)
    client = api_client_for(quality_manager)
    url = reverse("api:organizations-processinteraction-list")
    created = client.post(url, {"from_process": a.pk, "to_process": b.pk, "flow": "Parts"})
    assert created.status_code == 201, created.content
    assert created.json()["from_process_name"] == a.name
    again = client.post(url, {"from_process": a.pk, "to_process": b.pk, "flow": "Parts"})
    assert again.status_code in (400, 409)
    loop = client.post(url, {"from_process": a.pk, "to_process": a.pk, "flow": "Parts"})
    assert loop.status_code == 400
    for _ in range(15):
        ProcessInteractionFactory(organization=organization)
    with django_assert_max_num_queries(8):
        listing = client.get(url)
    assert listing.status_code == 200 and len(listing.json()["results"]) == 16


def test_the_interaction_list_page_has_a_query_budget(
    organization: Any, quality_manager: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(20):
        ProcessInteractionFactory(organization=organization)
    client = client_for(quality_manager)
    client.get(reverse("organizations:processinteraction_list"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("organizations:processinteraction_list"))
    assert response.status_code == 200


def test_the_map_reads_processes_and_interactions_in_two_queries(organization: Any) -> None:
    """Two queries whatever the size; the arrows bring their processes, not their owners."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qms.accounts.models import User

    processes = [ProcessFactory(organization=organization) for _ in range(4)]
    for source, target in itertools.pairwise(processes):
        ProcessInteractionFactory(organization=organization, from_process=source, to_process=target)
    with CaptureQueriesContext(connection) as queries:
        drawn = process_map(organization=organization)
    assert len(drawn.interactions) == 3
    assert drawn.interactions[0].to_process.name  # no further query
    assert len(queries.captured_queries) == 2
    users = User._meta.db_table
    table = ProcessInteraction._meta.db_table
    arrows = [q["sql"] for q in queries.captured_queries if f'"{table}"' in q["sql"]]
    assert arrows and all(f'"{users}"' not in sql for sql in arrows)
