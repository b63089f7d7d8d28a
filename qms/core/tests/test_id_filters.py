"""An id filter (`?document=12`) takes a whole number from 1 to the largest database key;
anything else is the filter's 400, never a value the database driver cannot take."""

from __future__ import annotations

from typing import Any

import pytest

from qms.core.filtersets import MAX_ID

pytestmark = pytest.mark.django_db

REVISIONS = "/api/v1/documents/revisions/"


@pytest.mark.parametrize(
    "value", ["-6.261605670387968e+93", str(MAX_ID + 1), "9" * 40, "1.5", "0", "-3", "x"]
)
def test_an_id_filter_out_of_range_is_a_400(
    api_client_for: Any, quality_manager: Any, value: str
) -> None:
    response = api_client_for(quality_manager).get(REVISIONS, {"document": value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["document"]


def test_an_id_filter_in_range_filters(api_client_for: Any, quality_manager: Any) -> None:
    response = api_client_for(quality_manager).get(REVISIONS, {"document": str(MAX_ID)})
    assert response.status_code == 200
    assert response.json()["results"] == []
