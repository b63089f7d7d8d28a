"""Full-text search for every module: one index table, SQLite FTS5 or PostgreSQL tsvector.

Modules keep the index current from their services, in the same transaction as the change:

    search_index(obj=document, title=document.title, body=revision.body)   # create or update
    search_unindex(obj=document)                                           # delete

and register an indexer so `qms search-reindex` can rebuild their entries from scratch:

    register_search_indexer(Document, lambda d: (d.title, d.text), Document.objects.all)

Lists search through one selector, composable with the caller's filters, ordering and
pagination (it adds `pk IN (matching ids)` to an already tenant-scoped queryset):

    queryset = search_filter(Document.objects.for_user(user, organization=org), request_q)

and `search_ranked_ids(model=..., organization_id=..., query=..., limit=...)` gives the ids of
the best matches first (title matches before body matches).

Semantics, the same on both databases:
- Text and queries go through one Python function (`search_words`): runs of letters and
  digits (`\\w` without `_`) of the text folded to lower case without diacritics. The index
  stores exactly those words separated by spaces (`searchable_text`), so both databases see
  the same words whatever their parser or locale: PostgreSQL's parser would otherwise read
  "QP-07-001" as "qp", "-07", "-001" and "7.5.3" as one word, and its 'simple' configuration
  keeps diacritics. (Folding inside PostgreSQL with translate() over a map of accented
  letters was measured: it made inserting 10,000 entries take minutes.) The entry's title
  and body are therefore search terms, not display text: show the object itself.
- Quotes, `*`, `-`, `:`, parentheses and operators only separate words; AND, OR, NOT or
  NEAR are searched as words. User input never reaches MATCH or to_tsquery unquoted, so no
  input raises.
- Every token is a prefix, all tokens must match (AND), in the title or the body. "ecole"
  finds "École"; "QP-07" or "qp 07 001" find QP-07-001.
- A query with no token left (empty, only punctuation) does not filter: `search_filter`
  returns the queryset unchanged and `search_ranked_ids` returns [].
- At most MAX_TOKENS tokens of at most MAX_TOKEN_LENGTH characters are used.

Backends (created by migration core/0009 through `create_search_backend`):
- SQLite: the FTS5 table `core_searchentry_fts(title, body)` over `core_searchentry`
  (external content), kept in step by AFTER INSERT/UPDATE/DELETE triggers, ranked by bm25
  with the title weighted ten times the body. Prefix indexes for 1-3 characters keep short
  prefixes fast (at 10,000 entries "w"* took 1 s without them, 30 ms with; the index is
  about twice as large). Django rebuilds a SQLite table to alter it, which drops its
  triggers: a later migration that alters `core_searchentry` must call
  `create_search_backend()` again (it is idempotent and rebuilds the FTS table).
- PostgreSQL: a stored generated column `search_vector` (title weight A, body weight B,
  'simple' configuration: numbers and any language) with a GIN index, queried with prefix
  terms (`'tok':* & ...`) and ranked by ts_rank.

SearchEntry is derived data: it is not an audit-logged tenant model (its default manager is
a plain one, so the test audit guard, which watches tenant models, does not ask for an audit
event; the caller's service audits the real change). It is read only here, always narrowed
to the organizations of the caller's scoped queryset or to the organization passed in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.expressions import Col, RawSQL
from django.db.models.lookups import Exact, In
from django.db.models.sql.where import AND
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

M = TypeVar("M", bound=models.Model)

MAX_TOKENS = 12
MAX_TOKEN_LENGTH = 64
TITLE_WEIGHT = 10.0  # SQLite bm25 weight of the title against 1.0 for the body

_TOKEN = re.compile(r"[^\W_]+")


class SearchEntry(models.Model):
    """One searchable object: its title and text, as its module last indexed them."""

    organization = models.ForeignKey(
        settings.TENANT_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the index below starts with it
        verbose_name=_("organization"),
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique constraint starts with it
        verbose_name=_("type"),
    )
    object_id = models.PositiveBigIntegerField(_("object id"))
    title = models.TextField(_("title"), blank=True)
    body = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["organization", "content_type", "object_id"]
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="core_searchentry_unique_object"
            )
        ]
        indexes = [
            models.Index(
                fields=["organization", "content_type", "object_id"],
                name="core_searchentry_org_type",
            )
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} {self.title[:60]}"


# --- Tokens ---------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without diacritics ("École" -> "ecole")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text)
    plain = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return unicodedata.normalize("NFC", plain.lower())


def search_words(text: str) -> list[str]:
    """The words of a text as the index and the queries see them: runs of letters and
    digits of the folded text. One function for both sides, so both databases agree."""
    return _TOKEN.findall(fold(unicodedata.normalize("NFC", text)))


def searchable_text(text: str) -> str:
    """What the index stores: the words of `text`, folded, separated by single spaces."""
    return " ".join(search_words(text or ""))


def search_tokens(query: str) -> list[str]:
    """The search terms of user input: its words (at most MAX_TOKENS, each cut to
    MAX_TOKEN_LENGTH characters), nothing else."""
    if not isinstance(query, str):
        return []
    tokens: list[str] = []
    for word in search_words(query[:2000]):
        token = word[:MAX_TOKEN_LENGTH]
        if token not in tokens:
            tokens.append(token)
        if len(tokens) == MAX_TOKENS:
            break
    return tokens


def _fts5_query(tokens: Sequence[str]) -> str:
    # Each token a quoted string (quotes doubled, though tokens hold none) with a prefix star.
    return " AND ".join('"{}"*'.format(token.replace('"', '""')) for token in tokens)


def _tsquery(tokens: Sequence[str]) -> str:
    # Each token a quoted lexeme (quotes and backslashes escaped, though tokens hold none).
    return " & ".join(
        "'{}':*".format(token.replace("\\", "\\\\").replace("'", "''")) for token in tokens
    )


# --- Writes (derived data: the caller's service audits the real change) ----------------------


def _content_type(model: type[models.Model], using: str) -> ContentType:
    return ContentType.objects.db_manager(using).get_for_model(model)


def search_index(*, obj: models.Model, title: str, body: str) -> None:
    """Create or replace the index entry of `obj` (one upsert statement).

    Call it from the service that changed `obj`, inside its transaction, so the index never
    shows a change that was rolled back.
    """
    organization_id = getattr(obj, "organization_id", None)
    if organization_id is None or obj.pk is None:
        raise ValueError(f"{obj!r}: only saved objects of an organization can be indexed")
    using = obj._state.db or DEFAULT_DB_ALIAS
    entry = SearchEntry(
        organization_id=organization_id,
        content_type=_content_type(type(obj), using),
        object_id=obj.pk,
        title=searchable_text(title),
        body=searchable_text(body),
        updated_at=timezone.now(),
    )
    SearchEntry.objects.using(using).bulk_create(
        [entry],
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=["organization", "title", "body", "updated_at"],
    )


def search_unindex(*, obj: models.Model) -> None:
    """Remove the index entry of `obj`, if any (one DELETE)."""
    using = obj._state.db or DEFAULT_DB_ALIAS
    SearchEntry.objects.using(using).filter(
        content_type=_content_type(type(obj), using), object_id=obj.pk
    ).delete()


# --- Reads -------------------------------------------------------------------------------------


def _organization_ids(queryset: models.QuerySet[Any]) -> list[int] | None:
    """The organization ids a scoped queryset is narrowed to (`organization_id = x` or
    `IN (...)` at its top level, as for_user()/for_organization() write it), else None."""
    query = queryset.query
    where = query.where
    if where.connector != AND or where.negated:
        return None
    base = query.base_table
    for child in where.children:
        if not isinstance(child, Exact | In) or not isinstance(child.lhs, Col):
            continue
        if child.lhs.target.column != "organization_id" or child.lhs.alias != base:
            continue
        values = [child.rhs] if isinstance(child, Exact) else child.rhs
        # Literal ids only: a subquery (organization_id__in=<queryset>) is left to the caller.
        if isinstance(values, list | tuple | set | frozenset) and values:
            if all(isinstance(value, int) for value in values):
                return sorted(set(values))
    return None


# The SQL is fixed text; user input only ever travels as a bound parameter (the quoted terms).
# SQLite: the MATCH runs once as a list subquery and the entries are read by rowid; joining
# the FTS table instead let the planner walk the entries and run the whole MATCH again for
# each one (17 s at 10,000), and the (organization, type) index (the unary + keeps the
# planner off it) would read all of a tenant's entries even when nothing matches.
_SQLITE_MATCHES = (
    "SELECT e.object_id FROM core_searchentry e WHERE e.id IN"
    " (SELECT rowid FROM core_searchentry_fts WHERE core_searchentry_fts MATCH %s)"
    " AND +e.content_type_id = %s"
)
_POSTGRESQL_MATCHES = (
    "SELECT e.object_id FROM core_searchentry e"
    " WHERE e.search_vector @@ to_tsquery('simple', %s) AND e.content_type_id = %s"
)
# CROSS JOIN keeps the FTS table the outer loop (bm25 needs its cursor, see above).
_SQLITE_RANKED = (
    "SELECT e.object_id FROM core_searchentry_fts"
    " CROSS JOIN core_searchentry e ON e.id = core_searchentry_fts.rowid"
    " WHERE core_searchentry_fts MATCH %s AND e.content_type_id = %s AND e.organization_id = %s"
    " ORDER BY bm25(core_searchentry_fts, %s, 1.0), e.updated_at DESC, e.id DESC LIMIT %s"
)
_POSTGRESQL_RANKED = (
    "SELECT e.object_id FROM core_searchentry e, to_tsquery('simple', %s) q"
    " WHERE e.search_vector @@ q AND e.content_type_id = %s AND e.organization_id = %s"
    " ORDER BY ts_rank(e.search_vector, q) DESC, e.updated_at DESC, e.id DESC LIMIT %s"
)


def _terms(vendor: str, tokens: list[str]) -> str:
    if vendor == "sqlite":
        return _fts5_query(tokens)
    if vendor == "postgresql":
        return _tsquery(tokens)
    raise NotImplementedError(f"search: no full-text backend for database vendor {vendor!r}")


def _matches_sql(
    vendor: str, content_type_id: int, organization_ids: Sequence[int] | None, tokens: list[str]
) -> tuple[str, list[Any]]:
    """SELECT object_id of the entries of one type (and organizations) matching all tokens."""
    terms = _terms(vendor, tokens)
    sql = _SQLITE_MATCHES if vendor == "sqlite" else _POSTGRESQL_MATCHES
    params: list[Any] = [terms, content_type_id]
    if organization_ids is not None:
        column = "+e.organization_id" if vendor == "sqlite" else "e.organization_id"
        sql += f" AND {column} IN (" + ", ".join(["%s"] * len(organization_ids)) + ")"
        params += list(organization_ids)
    return sql, params


def search_filter(queryset: models.QuerySet[M], query: str) -> models.QuerySet[M]:
    """`queryset` narrowed to the objects whose index entry matches `query`.

    Adds `pk IN (SELECT object_id FROM the index ...)`, so the caller's filters, ordering,
    slicing and counting still apply. The subquery is limited to the model's type and to
    the organizations the queryset is scoped to. No token in `query`: no filter.
    """
    tokens = search_tokens(query)
    if not tokens:
        return queryset
    vendor = connections[queryset.db].vendor
    content_type = _content_type(queryset.model, queryset.db)
    sql, params = _matches_sql(vendor, content_type.pk, _organization_ids(queryset), tokens)
    return queryset.filter(pk__in=RawSQL(sql, params))  # noqa: S611 - fixed SQL, bound terms


def search_ranked_ids(
    *, model: type[models.Model], organization_id: int, query: str, limit: int = 50
) -> list[int]:
    """Ids of `model`'s objects in one organization matching `query`, best first (title
    matches before body matches, then the most recently indexed). The caller still reads
    the objects through its scoped queryset (`pk__in=ids`), which applies the user's rights.
    """
    tokens = search_tokens(query)
    if not tokens or limit <= 0:
        return []
    connection = connections[DEFAULT_DB_ALIAS]
    terms = _terms(connection.vendor, tokens)
    content_type = _content_type(model, DEFAULT_DB_ALIAS)
    if connection.vendor == "sqlite":
        sql = _SQLITE_RANKED
        params: list[Any] = [terms, content_type.pk, organization_id, TITLE_WEIGHT, limit]
    else:
        sql = _POSTGRESQL_RANKED
        params = [terms, content_type.pk, organization_id, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


# --- Reindexing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchIndexer:
    model: type[models.Model]
    document: Callable[[Any], tuple[str, str]]
    queryset: Callable[[], models.QuerySet[Any]]


_INDEXERS: dict[str, SearchIndexer] = {}


def register_search_indexer(
    model: type[models.Model],
    fn: Callable[[Any], tuple[str, str]],
    queryset: Callable[[], models.QuerySet[Any]],
) -> None:
    """Declare how to rebuild `model`'s entries: `fn(obj) -> (title, body)` for every object
    of `queryset()`. Call it from the app's AppConfig.ready(); registering again replaces."""
    _INDEXERS[model._meta.label_lower] = SearchIndexer(model, fn, queryset)


def search_indexers() -> dict[str, SearchIndexer]:
    """The registered indexers by model label ("documents.document")."""
    return dict(_INDEXERS)


def search_reindex(*, label: str | None = None, batch_size: int = 500) -> dict[str, int]:
    """Rebuild the entries of one registered model (`label`, e.g. "documents.document") or of
    all of them; returns entries written per label. Raises KeyError for an unknown label."""
    if label is not None and label.lower() not in _INDEXERS:
        raise KeyError(label)
    chosen = [_INDEXERS[label.lower()]] if label is not None else list(_INDEXERS.values())
    written: dict[str, int] = {}
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic():
        for indexer in chosen:
            content_type = _content_type(indexer.model, DEFAULT_DB_ALIAS)
            SearchEntry.objects.filter(content_type=content_type).delete()
            count, batch = 0, []
            for obj in indexer.queryset().iterator(chunk_size=batch_size):
                title, body = indexer.document(obj)
                batch.append(
                    SearchEntry(
                        organization_id=obj.organization_id,
                        content_type=content_type,
                        object_id=obj.pk,
                        title=searchable_text(title),
                        body=searchable_text(body),
                    )
                )
                if len(batch) >= batch_size:
                    count += len(SearchEntry.objects.bulk_create(batch))
                    batch = []
            count += len(SearchEntry.objects.bulk_create(batch))
            written[indexer.model._meta.label_lower] = count
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(_SQLITE_REBUILD)
    return written


# --- Backend DDL (migration core/0009) --------------------------------------------------------


_PG_VECTOR = (
    "setweight(to_tsvector('simple'::regconfig, title), 'A')"
    " || setweight(to_tsvector('simple'::regconfig, body), 'B')"
)


_SQLITE_REBUILD = "INSERT INTO core_searchentry_fts(core_searchentry_fts) VALUES ('rebuild')"
_SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS core_searchentry_fts USING fts5(
        title, body, content='core_searchentry', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')""",
    """CREATE TRIGGER IF NOT EXISTS core_searchentry_fts_insert
        AFTER INSERT ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(rowid, title, body)
            VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS core_searchentry_fts_delete
        AFTER DELETE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS core_searchentry_fts_update
        AFTER UPDATE ON core_searchentry BEGIN
        INSERT INTO core_searchentry_fts(core_searchentry_fts, rowid, title, body)
            VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO core_searchentry_fts(rowid, title, body)
            VALUES (new.id, new.title, new.body);
    END""",
    _SQLITE_REBUILD,
]
_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS core_searchentry_fts_insert",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS core_searchentry_fts_update",
    "DROP TABLE IF EXISTS core_searchentry_fts",
]


def _postgresql_create() -> list[str]:
    return [
        "ALTER TABLE core_searchentry ADD COLUMN IF NOT EXISTS search_vector tsvector "
        f"GENERATED ALWAYS AS ({_PG_VECTOR}) STORED",
        "CREATE INDEX IF NOT EXISTS core_searchentry_search_vector"
        " ON core_searchentry USING gin (search_vector)",
    ]


_POSTGRESQL_DROP = [
    "DROP INDEX IF EXISTS core_searchentry_search_vector",
    "ALTER TABLE core_searchentry DROP COLUMN IF EXISTS search_vector",
]


def create_search_backend(connection: Any) -> None:
    """Create the full-text structures of `connection`'s vendor (idempotent)."""
    statements = {"sqlite": _SQLITE_CREATE, "postgresql": _postgresql_create()}.get(
        connection.vendor
    )
    if statements is None:
        raise NotImplementedError(f"search: no full-text backend for {connection.vendor!r}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def drop_search_backend(connection: Any) -> None:
    """Drop what `create_search_backend` made (the reverse of migration core/0009)."""
    statements = {"sqlite": _SQLITE_DROP, "postgresql": _POSTGRESQL_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
