"""The number lookup's hot path: one query, lookup counts batched per process."""

from __future__ import annotations

import time
from typing import Any

import pytest

from qms.registry import services
from qms.registry.models import LookupCount
from qms.registry.selectors import certificates_by_number, forget_lookups, lookups_this_month
from qms.registry.services import lookups_flush, lookups_record, publish_certificate

from .factories import published

pytestmark = pytest.mark.django_db


def _forget_pending() -> None:
    services._pending.clear()
    services._pending_since = None


def test_a_lookup_reads_certificate_body_and_history_in_one_query(
    django_assert_num_queries: Any,
) -> None:
    publish_certificate(published())
    publish_certificate(published(status="suspended", status_note="Audit overdue"))
    publish_certificate(published(number="OTHER-1", holder_name="Other Ltd"))
    with django_assert_num_queries(1):
        (row,) = certificates_by_number(number=" mc-2026-0001 ")
        assert row.source.name == "Meridian Certification Ltd"
        assert [entry.status for entry in row.public_history] == ["suspended", "active"]
        assert row.public_history[0].words
    assert certificates_by_number(number="MC-2026-0001", source_key="org:9") == []
    (again,) = certificates_by_number(number="MC-2026-0001", source_key="org:1")
    assert again.sites == ["Head office — Hauptstraße 1, 70173 Stuttgart"]
    assert again.issue_date is not None and again.issue_date.year == 2026


def test_lookup_counts_wait_in_the_process_and_add_up(settings: Any) -> None:
    settings.REGISTRY_LOOKUP_FLUSH_SECONDS = 3600
    publish_certificate(published())
    (row,) = certificates_by_number(number="MC-2026-0001")
    _forget_pending()  # left by tests outside the registry's (flush setting unset)
    try:
        for _ in range(3):
            lookups_record(certificate_ids=[row.pk])
        assert not LookupCount.objects.exists()
        assert lookups_flush() == 1
        assert lookups_this_month("org:1", "MC-2026-0001") == 3
        # another process's deltas add to the same row
        lookups_record(certificate_ids=[row.pk, row.pk])
        lookups_flush()
        assert LookupCount.objects.get().count == 4
        # the first lookup after the flush interval writes what is pending
        settings.REGISTRY_LOOKUP_FLUSH_SECONDS = 0.001
        lookups_record(certificate_ids=[row.pk])
        time.sleep(0.002)
        lookups_record(certificate_ids=[row.pk])
        assert LookupCount.objects.get().count == 6
    finally:
        _forget_pending()


def test_many_pending_counters_flush_from_the_request(settings: Any, monkeypatch: Any) -> None:
    settings.REGISTRY_LOOKUP_FLUSH_SECONDS = 3600
    monkeypatch.setattr(services, "LOOKUP_FLUSH_ROWS", 2)
    publish_certificate(published())
    publish_certificate(published(number="MC-2"))
    ids = [row.pk for row in certificates_by_number(number="MC-2026-0001")]
    ids += [row.pk for row in certificates_by_number(number="MC-2")]
    _forget_pending()
    try:
        lookups_record(certificate_ids=ids)
        assert sorted(LookupCount.objects.values_list("count", flat=True)) == [1, 1]
    finally:
        _forget_pending()


def test_a_process_remembers_a_number_until_a_publication(
    settings: Any, django_assert_num_queries: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.REGISTRY_LOOKUP_CACHE_SECONDS = 60
    forget_lookups()
    publish_certificate(published())
    try:
        certificates_by_number(number="MC-2026-0001")
        with django_assert_num_queries(0):
            (again,) = certificates_by_number(number="mc-2026-0001")
        assert again.status == "active"
        with django_capture_on_commit_callbacks(execute=True):
            publish_certificate(published(status="suspended"))
        (fresh,) = certificates_by_number(number="MC-2026-0001")
        assert fresh.status == "suspended"
        settings.REGISTRY_LOOKUP_CACHE_SECONDS = 0  # off: every lookup reads
        with django_assert_num_queries(1):
            certificates_by_number(number="MC-2026-0001")
    finally:
        forget_lookups()


def test_a_bulk_publication_refreshes_the_statistics(
    monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    monkeypatch.setattr(services, "OPTIMIZE_AFTER", 2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.publish_certificates([published(number=f"MC-{index}") for index in range(3)])
    assert services.refresh_statistics in callbacks
    assert len(certificates_by_number(number="MC-2")) == 1


def test_a_process_renders_a_verification_page_once_until_a_publication(
    client: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.REGISTRY_LOOKUP_CACHE_SECONDS = 60
    settings.REGISTRY_LOOKUP_FLUSH_SECONDS = 3600
    forget_lookups()
    _forget_pending()
    publish_certificate(published())
    try:
        first = client.get("/verify/MC-2026-0001/")
        again = client.get("/verify/MC-2026-0001/")
        # the second answer is the remembered page: no template rendered
        assert first.templates and not again.templates
        assert again.content == first.content and again.status_code == 200
        # each answer still counts as a lookup
        lookups_flush()
        assert lookups_this_month("org:1", "MC-2026-0001") == 2
        # another language, QR token or number as typed is another page
        german = client.get("/verify/MC-2026-0001/", {"lang": "de"})
        assert german.templates and german.content != first.content
        assert client.get("/verify/mc-2026-0001/", {"t": "forged"}).templates
        # a number not found is remembered too, with its 404
        assert client.get("/verify/NOPE-1/").status_code == 404
        assert client.get("/verify/NOPE-1/").status_code == 404
        # a publication in this process forgets the pages
        with django_capture_on_commit_callbacks(execute=True):
            publish_certificate(published(status="suspended"))
        fresh = client.get("/verify/MC-2026-0001/")
        assert fresh.templates and b"uspended" in fresh.content
    finally:
        forget_lookups()
        _forget_pending()
