"""Document numbers: patterns with {seq}, {seq:03}, {year} and {process}, a default scheme
per type, numbers typed by hand (unique per organization, any letter case), and the scheme
pages and API for managers."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from qms.documents.models import NumberingScheme
from qms.documents.services.documents import document_create
from qms.documents.services.numbering import (
    DEFAULT_PATTERNS,
    document_number_next,
    format_number,
    numbering_scheme_create,
    pattern_errors,
)
from qms.documents.tests.factories import DocumentFactory, NumberingSchemeFactory
from qms.organizations.tests.factories import ProcessFactory


def test_a_pattern_is_formatted_with_its_tokens() -> None:
    assert (
        format_number("QP-{process}-{seq:03}", seq=7, year=2026, process_code="07") == "QP-07-007"
    )
    assert format_number("{year}/{seq}", seq=12, year=2026) == "2026/12"
    assert format_number("F-{seq:04}", seq=3, year=2026) == "F-0003"


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("QP-{number}", "Unknown token {number}"),
        ("QP-001", "needs the counter {seq}"),
        ("QP-{seq", "brace is not closed"),
        ("{seq}-{seq}", "only once"),
        ("", "Give a pattern"),
    ],
)
def test_a_bad_pattern_is_explained(pattern: str, problem: str) -> None:
    assert any(problem in message for message in pattern_errors(pattern))


@pytest.mark.django_db
def test_every_type_has_a_default_pattern(organization: Any) -> None:
    numbers = {
        kind: document_number_next(organization=organization, document_type=kind)
        for kind in DEFAULT_PATTERNS
    }
    assert numbers == {
        "policy": "POL-001",
        "manual": "QM-01",
        "procedure": "QP-001",
        "work_instruction": "WI-001",
        "form": "F-001",
        "record": "REC-0001",
        "external": "EXT-001",
    }


@pytest.mark.django_db
def test_the_counter_never_restarts_and_skips_numbers_typed_by_hand(organization: Any) -> None:
    DocumentFactory(organization=organization, number="qp-002")
    first = document_number_next(organization=organization, document_type="procedure")
    second = document_number_next(organization=organization, document_type="procedure")
    assert (first, second) == ("QP-001", "QP-003")


@pytest.mark.django_db
def test_a_configured_scheme_with_process_and_year(organization: Any) -> None:
    NumberingSchemeFactory(
        organization=organization, document_type="procedure", pattern="QP-{process}-{year}-{seq:02}"
    )
    process = ProcessFactory(organization=organization, code="07")
    number = document_number_next(
        organization=organization, document_type="procedure", process=process
    )
    assert number == f"QP-07-{timezone.localdate().year}-01"
    with pytest.raises(ValidationError, match="process code"):
        document_number_next(organization=organization, document_type="procedure")


@pytest.mark.django_db
def test_a_hand_typed_number_must_be_unique_in_any_case(
    organization: Any, quality_manager: Any, other_organization: Any
) -> None:
    data = {
        "number": "QM-A",
        "title": "Manual",
        "document_type": "manual",
        "owner": quality_manager,
    }
    document_create(actor=quality_manager, organization=organization, data=data)
    with pytest.raises(ValidationError) as refused:
        document_create(
            actor=quality_manager, organization=organization, data={**data, "number": "qm-a"}
        )
    assert refused.value.message_dict["number"] == ["A document numbered qm-a already exists."]
    # another organization may use the same number
    DocumentFactory(organization=other_organization, number="QM-A")


@pytest.mark.django_db
def test_an_invalid_scheme_is_refused_by_the_service(
    organization: Any, quality_manager: Any
) -> None:
    with pytest.raises(ValidationError, match="Unknown token"):
        numbering_scheme_create(
            actor=quality_manager,
            organization=organization,
            data={"document_type": "form", "pattern": "F-{nr}"},
        )
    assert not NumberingScheme.objects.for_organization(organization).exists()


@pytest.mark.django_db
def test_the_scheme_pages_show_pattern_errors_beside_the_field(
    client_for: Any, quality_manager: Any, employee: Any
) -> None:
    url = reverse("documents:numberingscheme_add")
    response = client_for(quality_manager).post(url, {"document_type": "form", "pattern": "F-1"})
    assert response.status_code == 400
    assert "needs the counter {seq}" in response.content.decode()
    ok = client_for(quality_manager).post(url, {"document_type": "form", "pattern": "FRM-{seq:03}"})
    assert ok.status_code == 302
    assert client_for(employee).get(url).status_code == 403


@pytest.mark.django_db
def test_the_scheme_api_answers_field_errors_and_creates_for_managers(
    api_client_for: Any, quality_manager: Any, employee: Any
) -> None:
    url = reverse("api:documents-numberingscheme-list")
    bad = api_client_for(quality_manager).post(
        url, {"document_type": "form", "pattern": "F"}, format="json"
    )
    assert bad.status_code == 400
    assert "pattern" in bad.json()["errors"]
    ok = api_client_for(quality_manager).post(
        url, {"document_type": "form", "pattern": "F-{seq:03}"}, format="json"
    )
    assert ok.status_code == 201
    denied = api_client_for(employee).post(
        url, {"document_type": "record", "pattern": "R-{seq}"}, format="json"
    )
    assert denied.status_code == 403
