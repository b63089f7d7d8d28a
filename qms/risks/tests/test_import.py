"""Importing a risk register from CSV: created, updated, unchanged on the second run; a rating
outside the matrix is an error beside its column and nothing of that row is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile

from qms.core.imports.services import import_run
from qms.risks.models import Risk

pytestmark = pytest.mark.django_db

HEADER = "title,kind,owner,process,inherent_likelihood,inherent_consequence,treatment\n"


def _run(actor: Any, organization: Any, body: str, *, dry_run: bool = False) -> Any:
    upload = ContentFile((HEADER + body).encode(), name="risks.csv")
    return import_run(
        actor=actor,
        organization=organization,
        importer_kind="risks.risks",
        upload=upload,
        dry_run=dry_run,
    )


def test_import_twice(quality_manager: Any, organization: Any) -> None:
    body = (
        f"Late castings,risk,{quality_manager.email},,4,5,share\n"
        f"Online ordering,opportunity,{quality_manager.email},,,,\n"
    )
    report = _run(quality_manager, organization, body)
    assert not report.has_errors, [r.errors for r in report.rows]
    assert Risk.objects.for_organization(organization).count() == 2
    late = Risk.objects.for_organization(organization).get(title="Late castings")
    assert late.inherent_band == "critical" and late.number.startswith("RSK-")
    again = _run(quality_manager, organization, body)
    assert not again.has_errors
    assert {row.status for row in again.rows} == {"unchanged"}


def test_rating_outside_matrix_is_a_column_error(quality_manager: Any, organization: Any) -> None:
    report = _run(quality_manager, organization, f"Bad,risk,{quality_manager.email},,9,2,\n")
    assert report.has_errors
    assert "inherent_likelihood" in str(report.rows[0].errors)
    assert not Risk.objects.for_organization(organization).exists()
