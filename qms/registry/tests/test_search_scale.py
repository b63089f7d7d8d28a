"""Name search at scale: the distinct-word table for typos, the rarest driving word."""

from __future__ import annotations

import pytest
from django.db import connection

from qms.registry import selectors
from qms.registry.models import NameTerm, PublicCertificate
from qms.registry.seed import seed
from qms.registry.selectors import SearchFilters, certificate_search
from qms.registry.services import publish_certificate, publish_certificates

from .factories import published

pytestmark = pytest.mark.django_db


def _names(rows: list[PublicCertificate]) -> list[str]:
    return [row.holder_name for row in rows]


def test_publishing_keeps_the_distinct_words() -> None:
    publish_certificate(published(holder_name="Acme Widgets Ltd", holder_trading_name="Acme"))
    publish_certificate(
        published(number="MC-2", holder_name="Acme Gadgets Ltd", holder_trading_name="")
    )
    assert sorted(NameTerm.objects.values_list("word", flat=True)) == [
        "acme",
        "gadgets",
        "ltd",
        "widgets",
    ]
    # renamed: the new words are added; the old one stays and simply finds nothing
    publish_certificate(published(holder_name="Zenith Widgets Ltd", holder_trading_name=""))
    assert NameTerm.objects.filter(word="zenith").exists()
    assert NameTerm.objects.filter(word="acme").exists()


def test_the_seed_adds_its_words() -> None:
    seed(count=30, random_seed=5)
    assert NameTerm.objects.count() > 10
    assert not selectors.NameWord.objects.exclude(word__in=NameTerm.objects.values("word")).exists()


def test_the_search_walks_the_rarest_word() -> None:
    publish_certificates(
        [
            published(number=f"MC-{index}", holder_name=f"Name{index} Mouldings Ltd")
            for index in range(30)
        ]
        + [published(number="MC-X", holder_name="Bridgelo Mouldings Ltd")]
    )
    assert selectors._driving_word(["mouldings", "bridgelo"], None) == "bridgelo"
    page = certificate_search(query="Mouldings Bridgelo", filters=SearchFilters())
    assert _names(page.results) == ["Bridgelo Mouldings Ltd"]
    page = certificate_search(query="Mould", filters=SearchFilters())
    assert len(page.results) == 20 and page.next_cursor
    # a later page keeps walking the word its cursor was walking
    second = certificate_search(query="Mould", filters=SearchFilters(), cursor=page.next_cursor)
    assert len(second.results) == 11
    assert not {row.pk for row in second.results} & {row.pk for row in page.results}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance needs pg_trgm")
def test_a_typo_finds_the_name_through_the_corrected_words() -> None:
    publish_certificate(published(holder_name="Acme Widgets Ltd", holder_trading_name=""))
    publish_certificate(
        published(number="MC-2", holder_name="Corona Castings SA", holder_trading_name="")
    )
    page = certificate_search(query="Acme Widgest", filters=SearchFilters())
    assert page.results == []
    assert _names(page.similar) == ["Acme Widgets Ltd"]
    page = certificate_search(query="corna castings", filters=SearchFilters())
    assert _names(page.similar) == ["Corona Castings SA"]
    # filters apply to the similar names too
    page = certificate_search(query="corna", filters=SearchFilters(country="FR"))
    assert page.similar == []


def test_sqlite_and_postgresql_both_answer_a_typo_without_error() -> None:
    publish_certificate(published(holder_name="Acme Widgets Ltd", holder_trading_name=""))
    page = certificate_search(query="Acmx Widgets", filters=SearchFilters())
    assert page.results == []
