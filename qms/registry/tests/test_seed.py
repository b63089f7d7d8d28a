"""`qms registry seed`: realistic synthetic certificates, reproducible, appended with distinct
numbers, with the search keys and history publish_certificate would write."""

from __future__ import annotations

import datetime
import random
from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from qms.registry import seed
from qms.registry.models import NameWord, PublicCertificate, Source, StatusChange
from qms.registry.normalize import name_key, name_words, number_key, standards_key
from qms.registry.selectors import SearchFilters, certificate_search

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 28)


def test_the_same_seed_gives_the_same_certificates() -> None:
    sources = seed.seed_sources()
    first = seed._batch(random.Random("1:1"), sources, 1, 50, TODAY)
    second = seed._batch(random.Random("1:1"), sources, 1, 50, TODAY)
    other = seed._batch(random.Random("2:1"), sources, 1, 50, TODAY)

    assert first == second
    assert first[0] != other[0]


def test_seeding_writes_consistent_rows_and_appends_distinct_numbers(capsys: Any) -> None:
    call_command("registry", "seed", "--count", "400", "--batch", "150")
    call_command("registry", "seed", "--count", "100")

    rows = list(PublicCertificate.objects.select_related("source"))
    assert len(rows) == 500
    assert len({row.number_key for row in rows}) == 500
    assert Source.objects.filter(key__startswith="seed:").count() == len(seed.BODIES)
    err = capsys.readouterr().err
    assert "400 seeded certificates already there" in err
    assert "Added 100 certificates" in err
    for row in rows[:50]:
        assert row.number_key == number_key(row.number)
        assert row.name_key == name_key(row.holder_name)
        assert row.standards_key == standards_key(row.standards)
        assert row.issue_date <= row.expiry_date
        assert row.original_issue_date <= row.issue_date
        assert set(row.standards) <= set(seed.STANDARDS)
        assert 1 <= len(row.sites) <= 3
        words = set(row.name_words.values_list("word", flat=True))
        assert words == set(name_words(row.holder_name, row.holder_trading_name))
        history = list(row.history.order_by("id"))
        assert 1 <= len(history) <= 3
        assert history[-1].status == row.status
        assert history[-1].on == row.status_changed_on
        if row.source.accreditation_body:
            assert row.source.accredited


def test_the_mix_of_statuses_is_realistic() -> None:
    seed.seed(count=2000, today=TODAY)

    statuses = Counter(PublicCertificate.objects.values_list("status", flat=True))
    assert 0.70 < statuses["active"] / 2000 < 0.86
    assert {"suspended", "withdrawn", "cancelled", "expired", "draft"} <= set(statuses)
    expired = PublicCertificate.objects.filter(status="expired")
    assert all(row.expiry_date < TODAY for row in expired)
    active = PublicCertificate.objects.filter(status="active")
    assert all(row.expiry_date >= TODAY for row in active)
    assert NameWord.objects.count() >= 2000 * 3
    assert StatusChange.objects.count() >= 2000


def test_a_bulk_seed_rebuilds_its_indexes_and_the_search_finds_names(settings: Any) -> None:
    before = sorted(seed._secondary_indexes(["registry_publiccertificate", "registry_nameword"]))
    seed.seed(count=300, today=TODAY, batch=100)
    with seed._secondary_indexes_dropped(["registry_nameword"], when=True):
        pass

    after = sorted(seed._secondary_indexes(["registry_publiccertificate", "registry_nameword"]))
    assert after == before
    row = PublicCertificate.objects.filter(listed=True, confidential=False, status="active")[0]
    page = certificate_search(query=row.holder_name, filters=SearchFilters(), today=TODAY)
    assert row.pk in {found.pk for found in page.results}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('registry_nameword', 'id'))")
            (next_id,) = cursor.fetchone()
        assert next_id > NameWord.objects.latest("id").pk


def test_the_count_must_be_positive() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("registry", "seed", "--count", "0")
