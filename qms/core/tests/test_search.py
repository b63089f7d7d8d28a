"""Full-text search (qms/core/search.py): the same behaviour on SQLite FTS5 and PostgreSQL."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from qms.core.search import (
    _INDEXERS,
    MAX_TOKENS,
    SearchEntry,
    SearchIndexer,
    register_search_indexer,
    search_filter,
    search_index,
    search_indexers,
    search_ranked_ids,
    search_reindex,
    search_tokens,
    search_unindex,
    search_words,
    searchable_text,
)
from qms.organizations.models import Organization, Site
from qms.organizations.tests.factories import ProcessFactory, SiteFactory

HOSTILE = [
    '"',
    "'",
    "*",
    "-",
    ":",
    "AND OR NOT",
    "NEAR(",
    "NEAR(a b, 2)",
    "title:x",
    "^foo",
    "a AND (b OR",
    "'; DROP TABLE core_searchentry; --",
    '"unterminated',
    "\\",
    "!&|<->",
    "x:* & y",
    "\x00nul",
    "\ud800 lone surrogate",
    "ÄÖÜ ß ﬁ ½ ² 北京 مرحبا 🙂",
    "a" * 500,
    "word " * 100,
    "",
    "   ",
]


def sites(organization: Organization, *texts: tuple[str, str]) -> list[Site]:
    made = []
    for title, body in texts:
        site = SiteFactory(organization=organization, name=title[:200])
        search_index(obj=site, title=title, body=body)
        made.append(site)
    return made


def found(organization: Organization, query: str) -> set[int]:
    return set(
        search_filter(Site.objects.for_organization(organization), query).values_list(
            "pk", flat=True
        )
    )


# --- Tokens -----------------------------------------------------------------------------------


def test_tokens_are_folded_runs_of_letters_and_digits() -> None:
    assert search_tokens("QP-07-001") == ["qp", "07", "001"]
    assert search_tokens("  École ÜBER-prüfung  ") == ["ecole", "uber", "prufung"]
    assert search_tokens('AND OR NOT "NEAR(" * - : \'') == ["and", "or", "not", "near"]
    assert search_tokens("foo_bar foo") == ["foo", "bar"]
    assert search_tokens('" * - : ') == []
    assert len(search_tokens(" ".join(f"w{n}" for n in range(50)))) == MAX_TOKENS
    assert search_tokens("a" * 500) == ["a" * 64]


def test_the_index_stores_the_same_words_the_queries_use() -> None:
    text = "QP-07-001: Contrôle des documents (rév. 7.5.3) — e-mail qa@example.com"
    assert searchable_text(text) == (
        "qp 07 001 controle des documents rev 7 5 3 e mail qa example com"
    )
    assert search_words(text) == searchable_text(text).split()
    assert searchable_text("") == ""


@pytest.mark.parametrize("query", HOSTILE)
def test_tokens_never_raise(query: str) -> None:
    for token in search_tokens(query):
        assert token.isalnum()


# --- Matching ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_tokens_are_prefixes_and_all_must_match(organization: Organization) -> None:
    calibration, training = sites(
        organization,
        ("Calibration procedure", "Gauges are checked every month"),
        ("Training records", "Competence of staff is checked yearly"),
    )
    assert found(organization, "calib") == {calibration.pk}
    assert found(organization, "check") == {calibration.pk, training.pk}
    assert found(organization, "checked month") == {calibration.pk}
    assert found(organization, "proc staff") == set()
    assert found(organization, "alibration") == set()  # prefixes, not substrings


@pytest.mark.django_db
def test_document_numbers_are_found_by_their_parts(organization: Organization) -> None:
    procedure, other = sites(
        organization,
        ("QP-07-001 Control of documents", ""),
        ("Quality manual", "See QP-08-002 and clause 7.5.3"),
    )
    for query in ("QP-07", "qp 07 001", "qp-07-001", "QP07"[:2] + " 07", "07-001"):
        assert found(organization, query) == {procedure.pk}, query
    assert found(organization, "QP-08") == {other.pk}
    assert found(organization, "7.5") == {other.pk}
    assert found(organization, "QP-09") == set()
    assert found(organization, "QP") == {procedure.pk, other.pk}


@pytest.mark.django_db
def test_case_and_diacritics_do_not_matter(organization: Organization) -> None:
    (site,) = sites(organization, ("École Überprüfung", "Qualitätssicherung in São Paulo"))
    for query in ("ecole", "ÉCOLE", "uberpruf", "ÜBERPRÜFUNG", "qualitats", "sao paulo", "SÃO"):
        assert found(organization, query) == {site.pk}, query


@pytest.mark.django_db
def test_empty_query_does_not_filter(organization: Organization) -> None:
    made = sites(organization, ("One", ""), ("Two", ""))
    scoped = Site.objects.for_organization(organization)
    for query in ("", "   ", '"*:-'):
        assert search_filter(scoped, query) is scoped
        assert search_ranked_ids(model=Site, organization_id=organization.pk, query=query) == []
    assert found(organization, "") == {site.pk for site in made}


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_never_raises(organization: Organization, query: str) -> None:
    sites(organization, ("Near and not or", "title body " + "a" * 100))
    list(search_filter(Site.objects.for_organization(organization), query))
    search_ranked_ids(model=Site, organization_id=organization.pk, query=query)


@pytest.mark.django_db
def test_operator_words_are_searched_as_words(organization: Organization) -> None:
    near, plain = sites(
        organization, ("Near miss report", "not reported and filed"), ("Plain", "nothing")
    )
    assert found(organization, "NEAR(") == {near.pk}
    assert found(organization, "NOT") == {near.pk, plain.pk}  # "not", "nothing"
    assert found(organization, "near AND NOT") == {near.pk}


# --- Ranking, scoping, composition ------------------------------------------------------------


@pytest.mark.django_db
def test_title_matches_rank_before_body_matches(organization: Organization) -> None:
    in_body, in_title, elsewhere = sites(
        organization,
        ("Maintenance plan", "The supplier audit covers the supplier and supplier sites"),
        ("Supplier evaluation", "Criteria and scores"),
        ("Risk register", "Nothing relevant"),
    )
    ranked = search_ranked_ids(model=Site, organization_id=organization.pk, query="supplier")
    assert ranked == [in_title.pk, in_body.pk]
    assert elsewhere.pk not in ranked
    assert search_ranked_ids(
        model=Site, organization_id=organization.pk, query="supp", limit=1
    ) == [in_title.pk]
    assert search_ranked_ids(model=Site, organization_id=organization.pk, query="x", limit=0) == []


@pytest.mark.django_db
def test_other_organizations_entries_are_never_returned(
    organization: Organization, other_organization: Organization
) -> None:
    (mine,) = sites(organization, ("Shared word alpha", ""))
    (theirs,) = sites(other_organization, ("Shared word alpha", ""))
    assert found(organization, "alpha") == {mine.pk}
    assert found(other_organization, "alpha") == {theirs.pk}
    assert search_ranked_ids(model=Site, organization_id=organization.pk, query="alpha") == [
        mine.pk
    ]
    # A queryset scoped in a way the selector cannot read is still only narrowed, never widened.
    narrowed = Site.objects.for_organization(organization).filter(name__startswith="Shared")
    assert set(search_filter(narrowed, "alpha").values_list("pk", flat=True)) == {mine.pk}


@pytest.mark.django_db
def test_other_models_entries_are_never_returned(organization: Organization) -> None:
    process = ProcessFactory(organization=organization)
    search_index(obj=process, title="Gamma process", body="")
    (site,) = sites(organization, ("Gamma site", ""))
    assert found(organization, "gamma") == {site.pk}
    assert search_ranked_ids(model=Site, organization_id=organization.pk, query="gamma") == [
        site.pk
    ]


@pytest.mark.django_db
def test_composes_with_filters_ordering_slicing_and_count(
    organization: Organization, django_assert_max_num_queries: Any
) -> None:
    made = sites(organization, *[(f"Audit site {n:02d}", "internal audit") for n in range(12)])
    sites(organization, ("Warehouse", "no match here"))
    Site.objects.filter(pk__in=[s.pk for s in made[:4]]).update(is_head_office=True)
    queryset = Site.objects.for_organization(organization).filter(is_head_office=False)
    searched = search_filter(queryset, "audit").order_by("-name")
    with django_assert_max_num_queries(2):
        assert searched.count() == 8
        assert [s.name for s in searched[:2]] == ["Audit site 11", "Audit site 10"]
    assert search_filter(searched, "site 05").count() == 1


@pytest.mark.django_db
def test_one_query_for_a_searched_page(
    organization: Organization, django_assert_num_queries: Any
) -> None:
    sites(organization, ("Delta", ""))
    found(organization, "warm the content type cache")
    with django_assert_num_queries(1):
        assert len(list(search_filter(Site.objects.for_organization(organization), "delta"))) == 1


# --- Keeping the index current ------------------------------------------------------------


@pytest.mark.django_db
def test_update_and_unindex_are_reflected(organization: Organization) -> None:
    (site,) = sites(organization, ("Old title", "old body"))
    search_index(obj=site, title="New title", body="fresh body")
    assert SearchEntry.objects.filter(object_id=site.pk).count() == 1
    assert found(organization, "old") == set()
    assert found(organization, "fresh new") == {site.pk}
    search_unindex(obj=site)
    assert found(organization, "new") == set()
    assert not SearchEntry.objects.filter(object_id=site.pk).exists()
    search_unindex(obj=site)  # nothing left: no error


@pytest.mark.django_db
def test_index_writes_in_a_service_transaction_need_no_audit_event(
    organization: Organization,
) -> None:
    site = SiteFactory(organization=organization)
    with transaction.atomic():  # as a service would: the audit guard must not object
        search_index(obj=site, title="Epsilon", body="")
    with transaction.atomic():
        search_unindex(obj=site)
        search_index(obj=site, title="Epsilon again", body="")


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_the_index_as_it_was(organization: Organization) -> None:
    (site,) = sites(organization, ("Zeta", ""))
    with pytest.raises(RuntimeError), transaction.atomic():
        search_index(obj=site, title="Eta", body="")
        assert found(organization, "eta") == {site.pk}
        raise RuntimeError
    assert found(organization, "eta") == set()
    assert found(organization, "zeta") == {site.pk}


@pytest.mark.django_db
def test_only_saved_objects_of_an_organization_are_indexed(organization: Organization) -> None:
    with pytest.raises(ValueError, match="only saved objects"):
        search_index(obj=Site(organization=organization, name="unsaved"), title="x", body="")
    with pytest.raises(ValueError, match="only saved objects"):
        search_index(obj=organization, title="x", body="")


# --- Reindexing -----------------------------------------------------------------------------


@pytest.fixture
def site_indexer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("qms.core.search._INDEXERS", dict(_INDEXERS))
    register_search_indexer(
        Site, lambda site: (site.name, site.address), lambda: Site.objects.order_by("pk")
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("site_indexer")
def test_reindex_rebuilds_entries_from_the_registered_indexer(
    organization: Organization, other_organization: Organization
) -> None:
    first = SiteFactory(organization=organization, name="Theta works", address="Harbour road")
    second = SiteFactory(organization=other_organization, name="Iota works", address="")
    stale = SiteFactory(organization=organization, name="Lambda depot")
    search_index(obj=stale, title="Stale entry", body="")
    assert found(organization, "theta") == set()

    assert search_reindex(label="organizations.site", batch_size=2) == {"organizations.site": 3}
    assert found(organization, "theta harbour") == {first.pk}
    assert found(other_organization, "iota") == {second.pk}
    assert found(organization, "stale") == set()
    assert found(organization, "lambda") == {stale.pk}
    with pytest.raises(KeyError):
        search_reindex(label="organizations.nothing")


@pytest.mark.django_db
@pytest.mark.usefixtures("site_indexer")
def test_reindex_command(organization: Organization) -> None:
    site = SiteFactory(organization=organization, name="Kappa plant")
    out = StringIO()
    call_command("search_reindex", "--model", "organizations.Site", stdout=out)
    assert out.getvalue().strip() == "organizations.site: 1 entries"
    assert found(organization, "kappa") == {site.pk}

    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert "organizations.site: 1 entries" in out.getvalue()

    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("search_reindex", "--model", "nope.model", stderr=err)
    assert exit_info.value.code == 2
    assert err.getvalue().count("\n") == 1
    assert "'nope.model' has no registered search indexer" in err.getvalue()


@pytest.mark.django_db
def test_reindex_command_without_indexers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("qms.core.search._INDEXERS", {})
    out = StringIO()
    call_command("search_reindex", stdout=out)
    assert out.getvalue().strip() == "No search indexers are registered."


def test_register_replaces_and_exposes_indexers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("qms.core.search._INDEXERS", {})
    register_search_indexer(Site, lambda s: ("a", "b"), Site.objects.none)
    register_search_indexer(Site, lambda s: ("c", "d"), Site.objects.none)
    indexers = search_indexers()
    assert list(indexers) == ["organizations.site"]
    assert isinstance(indexers["organizations.site"], SearchIndexer)
    assert indexers["organizations.site"].document(None) == ("c", "d")


@pytest.mark.django_db
def test_backend_structures_exist() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'core_searchentry_fts%%'"
                " AND type IN ('table', 'trigger')"
            )
            names = {row[0] for row in cursor.fetchall()}
            assert {
                "core_searchentry_fts",
                "core_searchentry_fts_insert",
                "core_searchentry_fts_update",
                "core_searchentry_fts_delete",
            } <= names
        else:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'core_searchentry_search_vector'"
            )
            assert "gin (search_vector)" in cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_match_runs_once_through_the_full_text_index(organization: Organization) -> None:
    sites(organization, ("Omicron", "plan check"))
    queryset = search_filter(Site.objects.for_organization(organization), "omicron plan")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
            assert "LIST SUBQUERY" in plan, plan
            assert "VIRTUAL TABLE INDEX 0:M" in plan, plan  # MATCH alone, not per rowid
            assert "INTEGER PRIMARY KEY" in plan, plan  # matching entries read by rowid
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " | ".join(row[0] for row in cursor.fetchall())
            # tiny tables go through the (organization, type) index, larger ones the GIN one
            assert "search_vector @@" in plan, plan
            assert "Seq Scan on core_searchentry" not in plan, plan


@pytest.mark.django_db
def test_querysets_scoped_in_other_ways_are_only_narrowed(
    organization: Organization, other_organization: Organization
) -> None:
    (mine,) = sites(organization, ("Sigma yard", ""))
    (theirs,) = sites(other_organization, ("Sigma yard", ""))
    by_slug = Site.objects.filter(organization__slug=organization.slug)
    assert set(search_filter(by_slug, "sigma").values_list("pk", flat=True)) == {mine.pk}
    both = Site.objects.filter(organization_id__in=[organization.pk, other_organization.pk])
    assert set(search_filter(both, "sigma").values_list("pk", flat=True)) == {mine.pk, theirs.pk}
    by_subquery = Site.objects.filter(
        organization_id__in=Organization.objects.filter(pk=other_organization.pk).values("pk")
    )
    assert set(search_filter(by_subquery, "sigma").values_list("pk", flat=True)) == {theirs.pk}
