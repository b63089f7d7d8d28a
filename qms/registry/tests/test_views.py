"""The public pages: verify by number and QR token, search, statuses in words, languages."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from qms.registry.models import LookupCount
from qms.registry.selectors import (
    MAX_RESULTS,
    PAGE_SIZE,
    SearchFilters,
    certificate_search,
    lookups_this_month,
)
from qms.registry.services import publish_certificate, publish_certificates, verification_url

from .factories import published

pytestmark = pytest.mark.django_db


@pytest.fixture
def client() -> Client:
    return Client()


def test_an_active_certificate_shows_every_field_and_valid_in_words(client: Client) -> None:
    publish_certificate(published())

    response = client.get("/verify/MC-2026-0001/")

    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Müller Präzisionstechnik GmbH",
        "Status: valid",
        "status-valid",
        "Head office — Hauptstraße 1",
        "Design and machining of precision parts",
        "ISO 9001:2015",
        "17, 18",
        "2023-03-01",
        "2029-02-28",
        "Meridian Certification Ltd",
        "UKAS",
        "0123",
        "IAF MLA",
        "revision 1",
        "Last change: 2026-03-01",
    ):
        assert text in page, text
    assert response["Content-Language"] == "en"


def test_a_number_is_matched_exactly_whatever_its_case_and_spaces(client: Client) -> None:
    publish_certificate(published())

    assert client.get("/verify/mc-2026-0001/").status_code == 200
    assert client.get("/verify/MC-2026-000/").status_code == 404
    assert client.get("/verify/MC-2026-00011/").status_code == 404


def test_suspended_withdrawn_and_expired_stay_visible_with_their_status(client: Client) -> None:
    publish_certificate(
        published(
            status="suspended",
            status_changed_on=date(2026, 6, 1),
            status_note="Suspended: client requested (R3)",
        )
    )
    publish_certificate(published(number="W-1", status="withdrawn"))
    publish_certificate(published(number="E-1", expiry_date=date(2020, 1, 1), issue_date=None))

    suspended = client.get("/verify/MC-2026-0001/").content.decode()
    assert "Status: suspended" in suspended
    assert "Suspended: client requested (R3)" in suspended
    assert "status-warning" in suspended
    assert "Status: withdrawn" in client.get("/verify/W-1/").content.decode()
    expired = client.get("/verify/E-1/").content.decode()
    assert "Status: expired" in expired
    assert "Last change: 2020-01-01" in expired


def test_drafts_and_unlisted_certificates_are_not_found(client: Client) -> None:
    publish_certificate(published(number="D-1", status="draft"))
    publish_certificate(published(number="U-1", listed=False))

    for number in ("D-1", "U-1"):
        response = client.get(f"/verify/{number}/")
        assert response.status_code == 404
        assert "No public certificate has the number" in response.content.decode()
    assert client.get("/registry/?q=muller").content.decode().count('registry-result"') == 0


def test_a_confidential_certificate_answers_its_number_with_minimal_fields_only(
    client: Client,
) -> None:
    publish_certificate(published(confidential=True))

    page = client.get("/verify/MC-2026-0001/").content.decode()
    assert "Status: valid" in page
    assert "Müller Präzisionstechnik GmbH" in page
    assert "Hauptstraße" not in page
    assert "precision parts" not in page
    search = client.get("/registry/?q=muller").content.decode()
    assert "MC-2026-0001" not in search


def test_history_lists_changes_and_reissues_newest_first(client: Client) -> None:
    publish_certificate(published())
    publish_certificate(
        published(status="suspended", status_changed_on=date(2026, 6, 1), status_note="R1")
    )
    publish_certificate(published(status="active", status_changed_on=date(2026, 7, 1)))
    publish_certificate(published(revision=2, issue_date=date(2026, 8, 1)))

    page = client.get("/verify/MC-2026-0001/").content.decode()
    reissued = page.index("Reissued as revision 2")
    assert reissued < page.index("Suspended: R1") < page.index("2026-03-01</td>")


def test_a_qr_token_of_the_issuing_body_is_confirmed_and_a_wrong_one_is_refused(
    client: Client,
) -> None:
    publish_certificate(published())
    url = verification_url(source_key="org:1", number="MC-2026-0001")

    good = client.get(url).content.decode()
    bad = client.get("/verify/MC-2026-0001/?t=AAAAAAAAAAAAAAAA").content.decode()

    assert "QR code issued by Meridian Certification Ltd." in good
    assert "This QR code was not issued for this certificate." in bad
    assert "Status: valid" in bad  # the certificate's own status is still stated


def test_number_lookups_are_counted_per_month_without_visitor_data(client: Client) -> None:
    publish_certificate(published())

    for _ in range(3):
        client.get("/verify/MC-2026-0001/")

    assert lookups_this_month("org:1", "mc-2026-0001") == 3
    assert LookupCount.objects.get().count == 3


def test_search_by_name_prefix_word_and_accents_with_filters(client: Client) -> None:
    publish_certificate(published())
    publish_certificate(
        published(
            number="X-2", holder_name="Acme Widgets Ltd", holder_trading_name="", country="GB"
        )
    )

    for query in ("Müller", "muller", "MUELLER", "präzision", "pra", "precision"):
        page = client.get("/registry/", {"q": query}).content.decode()
        assert "MC-2026-0001" in page, query
        assert "X-2" not in page, query
    assert "X-2" in client.get("/registry/", {"q": "acme wid"}).content.decode()
    assert (
        "X-2" not in client.get("/registry/", {"q": "acme wid", "country": "DE"}).content.decode()
    )
    assert (
        "X-2" not in client.get("/registry/", {"q": "acme", "status": "suspended"}).content.decode()
    )
    assert "MC-2026-0001" in client.get("/registry/", {"q": "mc-2026-0001"}).content.decode()
    assert (
        "X-2"
        not in client.get("/registry/", {"q": "acme", "standard": "ISO 14001"}).content.decode()
    )


def test_search_needs_a_query_and_never_lists_everything(client: Client) -> None:
    publish_certificate(published())

    assert "MC-2026-0001" not in client.get("/registry/").content.decode()
    assert "MC-2026-0001" not in client.get("/registry/", {"country": "DE"}).content.decode()
    short = client.get("/registry/", {"q": "m"}).content.decode()
    assert "MC-2026-0001" not in short


def test_search_pages_by_keyset_and_is_capped(client: Client) -> None:
    publish_certificates(
        [
            published(number=f"N-{index:04d}", holder_name=f"Acme {index:04d}")
            for index in range(MAX_RESULTS + 30)
        ]
    )
    seen: list[str] = []
    cursor = ""
    while True:
        page = certificate_search(query="acme", filters=SearchFilters(), cursor=cursor)
        assert len(page.results) <= PAGE_SIZE
        seen += [row.number for row in page.results]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert len(seen) == len(set(seen)) == MAX_RESULTS
    assert page.capped
    first = client.get("/registry/", {"q": "acme"}).content.decode()
    assert 'rel="next"' in first
    last = client.get("/registry/", {"q": "acme", "after": cursor}).content.decode()
    assert "Only the first 200 results are shown" in last
    assert 'rel="next"' not in last


def test_the_page_is_in_german_by_accept_language_or_lang(client: Client) -> None:
    publish_certificate(published(status="suspended"))

    by_header = client.get("/verify/MC-2026-0001/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    by_param = client.get("/verify/MC-2026-0001/?lang=de")

    for response in (by_header, by_param):
        page = response.content.decode()
        assert response["Content-Language"] == "de"
        assert '<html lang="de">' in page
        assert "Status: ausgesetzt" in page
        assert "Geltungsbereich" in page
        assert "Verlauf" in page and "Ablaufdatum" in page
    assert "Status: suspended" in client.get("/verify/MC-2026-0001/?lang=fr").content.decode()


def test_a_verification_page_and_a_search_page_use_a_few_queries(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    publish_certificates(
        [published(number=f"N-{index}", holder_name=f"Acme {index}") for index in range(50)]
    )
    client.get("/registry/?q=acme")  # the signing key and first rate window exist now
    with django_assert_max_num_queries(6):
        client.get("/verify/N-1/")
    with django_assert_max_num_queries(6):
        client.get("/registry/?q=acme")
