"""The register fits 1280 px: seven columns (number, title, severity, status, process,
responsible, age), the detection date on the detail page and in the export."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from qms.nonconformities.tests.factories import NonconformityFactory

pytestmark = pytest.mark.django_db

LIST = reverse("nonconformities:nonconformity_list")


def test_the_register_shows_seven_columns_with_the_age_last(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    nc = NonconformityFactory(organization=organization)
    html = client_for(quality_manager).get(LIST).content.decode()
    head = html[html.index("<thead>") : html.index("</thead>")]
    labels = [label for label in ("Number", "Title", "Severity", "Status") if label in head]
    assert labels == ["Number", "Title", "Severity", "Status"]
    assert head.count("<th ") == 7
    assert "Detected" not in head
    assert head.index("Responsible") < head.index("Age")
    row = html[html.index("<tbody>") : html.index("</tbody>")]
    assert row.count("<td") == 7
    assert nc.number in row


def test_the_export_keeps_the_detection_date(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    nc = NonconformityFactory(organization=organization)
    response = client_for(quality_manager).get(LIST + "?export=csv")
    body = (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()
    assert "Detected on" in body.splitlines()[0]
    assert nc.detected_on.isoformat() in body
