"""Publishing to the registry's read model: upsert, history, idempotency, field errors."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qms.registry.models import NameWord, PublicCertificate, Source, StatusChange
from qms.registry.qr import qr_token
from qms.registry.services import publish_certificate, publish_certificates, verification_url

from .factories import published

pytestmark = pytest.mark.django_db


def test_publishing_a_certificate_creates_the_row_its_source_words_and_first_history() -> None:
    publish_certificate(published())

    row = PublicCertificate.objects.get()
    assert row.number_key == "MC-2026-0001"
    assert row.name_key == "muller prazisionstechnik gmbh"
    assert row.standards_key == "|iso 9001:2015|"
    assert row.sites == ["Head office — Hauptstraße 1, 70173 Stuttgart"]
    assert Source.objects.get().accreditation_body == "UKAS"
    words = set(NameWord.objects.values_list("word", flat=True))
    assert words == {"muller", "prazisionstechnik", "gmbh", "mueller", "precision"}
    assert list(StatusChange.objects.values_list("kind", "status", "on")) == [
        ("status", "active", date(2026, 3, 1))
    ]


def test_publishing_the_same_state_twice_adds_nothing() -> None:
    publish_certificate(published())
    before = PublicCertificate.objects.get().updated_at

    publish_certificate(published())

    assert StatusChange.objects.count() == 1
    assert PublicCertificate.objects.get().updated_at == before


def test_a_status_change_appends_history_and_a_reissue_says_revision() -> None:
    publish_certificate(published())
    publish_certificate(
        published(
            status="suspended",
            status_changed_on=date(2026, 6, 1),
            status_note="Suspended: client requested (R3)",
        )
    )
    publish_certificate(published(status="active", status_changed_on=date(2026, 7, 1)))
    publish_certificate(
        published(
            status="active",
            status_changed_on=date(2026, 7, 1),
            revision=2,
            issue_date=date(2026, 8, 1),
            scope="Machining of precision parts",
        )
    )

    history = list(StatusChange.objects.order_by("id").values_list("kind", "status", "revision"))
    assert history == [
        ("status", "active", 1),
        ("status", "suspended", 1),
        ("status", "active", 1),
        ("revision", "active", 2),
    ]
    row = PublicCertificate.objects.get()
    assert (row.revision, row.scope) == (2, "Machining of precision parts")


def test_a_renamed_holder_gets_new_search_words() -> None:
    publish_certificate(published())
    publish_certificate(published(holder_name="Acme Werke AG", holder_trading_name=""))

    assert set(NameWord.objects.values_list("word", flat=True)) == {"acme", "werke", "ag"}


def test_bad_input_is_refused_with_field_errors_and_nothing_written() -> None:
    with pytest.raises(ValidationError) as raised:
        publish_certificate(published(number=" ", status="valid", country="Germany"))

    assert set(raised.value.message_dict) == {"number", "status", "country"}
    assert not PublicCertificate.objects.exists()
    assert not Source.objects.exists()


def test_a_batch_with_one_bad_certificate_writes_nothing() -> None:
    with pytest.raises(ValidationError) as raised:
        publish_certificates([published(), published(number="X-2", holder_name="")])

    assert "1.holder_name" in raised.value.message_dict
    assert not PublicCertificate.objects.exists()


def test_a_thousand_certificates_publish_in_a_few_queries_per_batch() -> None:
    certs = [published(number=f"MC-{index:05d}", record_id=str(index)) for index in range(1000)]

    with CaptureQueriesContext(connection) as queries:
        summary = publish_certificates(certs, batch_size=500)

    assert (summary.created, summary.updated, summary.unchanged) == (1000, 0, 0)
    assert len(queries) <= 80  # SQLite splits an INSERT at 999 parameters: ~40 rows each
    again = publish_certificates(certs)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1000)


def test_the_verification_url_carries_the_bodys_token() -> None:
    publish_certificate(published(number="MC 12/34"))

    url = verification_url(source_key="org:1", number="MC 12/34")

    token = qr_token(source_key="org:1", number="MC12/34")
    assert url == f"/verify/MC%2012%2F34/?t={token}"
    assert len(token) == 16
    assert verification_url(source_key="org:1", number="MC 12/34", absolute=True).startswith("http")
    assert qr_token(source_key="org:2", number="MC12/34") != token
