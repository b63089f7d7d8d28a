"""The Improvement page's cards close with the same kind of link (.card-footer), and a card's
list of records uses the one card-list style."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from qms.nonconformities.tests.factories import NonconformityFactory

pytestmark = pytest.mark.django_db

# Cards of the actions module are left out: its templates are another module's.
OWN_CARDS = ("nonconformitiessummary", "nonconformitiesopen", "complaintsper_month")


def _card(html: str, key: str) -> str | None:
    found = re.search(rf'<section class="card card-{key}".*?</section>', html, re.S)
    return found.group(0) if found else None


def test_the_cards_close_with_a_card_footer_link(
    organization: Any, quality_manager: Any, client_for: Any
) -> None:
    NonconformityFactory(organization=organization)
    client = client_for(quality_manager)
    pages = [
        client.get(reverse("core:dashboard_page", kwargs={"slug": "improvement"})),
        client.get(reverse("core:dashboard")),
    ]
    seen = 0
    for response in pages:
        html = response.content.decode()
        for key in OWN_CARDS:
            card = _card(html, key)
            if card is None:
                continue
            seen += 1
            last = card.rsplit("<p", 1)[-1]
            assert "<a " in last and last.startswith(' class="card-footer"'), (key, last)
    assert seen >= 3  # the NC cards of both pages and the complaints per month
