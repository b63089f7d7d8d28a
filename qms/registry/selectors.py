"""Reads of the public registry: exact number lookup, name search, keys, counters.

Only certificates that are public (`rules.is_public`: listed, not a draft) are ever read.
Confidential ones answer an exact number lookup only. Name search is driven by the
`NameWord` index in (word, certificate) order, so a page costs an index range scan and no
sort whatever the table's size; results are paginated by keyset and capped.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, router
from django.db.models import Exists, Lookup, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from .choices import Status
from .models import (
    LookupCount,
    NameTerm,
    NameWord,
    PublicCertificate,
    SigningKey,
    Source,
    StatusChange,
)
from .normalize import name_key, number_key, standard_key
from .rules import PUBLIC_STATUSES, STATUS_WORDS

PAGE_SIZE = 20
MAX_RESULTS = 200  # no more than this many results for one search, whatever the pages
MIN_QUERY = 2
SIMILAR_LIMIT = 10
SIMILAR_MIN_WORD = 3  # shorter words are not corrected (too many near neighbours)
SIMILAR_RARE = 20  # a word starting this many names is taken as meant, not corrected
SIMILAR_TERMS = 3  # corrections tried per query word
SIMILAR_QUERIES = 4  # corrected queries tried, closest first
MAX_NUMBER_MATCHES = 10  # certificates answered for one number (bodies sharing a numbering)
MAX_NUMBER_ROWS = 200  # their rows with history, read at most
DRIVER_CAP = 500  # a word's index range is counted up to this many names
_TOP = "\U0010ffff"


class TrigramSimilar(Lookup):  # type: ignore[type-arg]
    """`word__registry_similar=text`: pg_trgm's `%` operator (served by the GIN index)."""

    lookup_name = "registry_similar"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} %% {rhs}", [*lhs_params, *rhs_params]


NameTerm._meta.get_field("word").register_lookup(TrigramSimilar)


@dataclass(frozen=True)
class SearchFilters:
    country: str = ""
    standard: str = ""
    source: str = ""  # a source key
    status: str = ""


@dataclass
class SearchPage:
    number_matches: list[PublicCertificate] = field(default_factory=list)
    results: list[PublicCertificate] = field(default_factory=list)
    similar: list[PublicCertificate] = field(default_factory=list)
    next_cursor: str = ""
    capped: bool = False
    served: int = 0  # results shown on earlier pages and this one


def public_certificates() -> QuerySet[PublicCertificate]:
    return PublicCertificate.objects.filter(listed=True, status__in=list(PUBLIC_STATUSES))


def certificates_by_number(
    *, number: str, source_key: str = "", with_history: bool = True
) -> list[PublicCertificate]:
    """The public certificates carrying this exact number (usually one; several when bodies
    share a numbering), with their body and, if asked, their history: one query, compiled
    once per process (`_NumberLookup`)."""
    key = number_key(number)
    if not key:
        return []
    ttl = lookup_cache_seconds()
    cached = (key, source_key, with_history)
    if ttl > 0:
        hit = _lookup_cache.get(cached)
        if hit is not None and hit[0] > time.monotonic():
            return list(hit[1])
    rows = _number_lookup(by_source=bool(source_key), with_history=with_history).run(
        key, source_key
    )
    if ttl > 0:
        with _lookup_cache_lock:
            while len(_lookup_cache) >= LOOKUP_CACHE_SIZE:
                _lookup_cache.pop(next(iter(_lookup_cache)))
            _lookup_cache[cached] = (time.monotonic() + ttl, rows)
    return list(rows)


LOOKUP_CACHE_SECONDS = 5.0  # default of settings.REGISTRY_LOOKUP_CACHE_SECONDS
LOOKUP_CACHE_SIZE = 2_000  # about 5 MB of certificates with their history
_lookup_cache: dict[tuple[str, str, bool], tuple[float, list[PublicCertificate]]] = {}
_lookup_cache_lock = threading.Lock()


def lookup_cache_seconds() -> float:
    """How long a process answers a number from its own memory (0 = never).

    Each app process keeps what it read for a number (found or not) for this many seconds:
    a certificate looked up again and again (a QR code on a poster, a tender portal polling)
    costs no query. A publication in this process forgets everything at once; the other
    processes and servers see a change within this many seconds (default 5). The signature
    and `answered_at` are made per answer, never cached."""
    return float(getattr(settings, "REGISTRY_LOOKUP_CACHE_SECONDS", LOOKUP_CACHE_SECONDS))


def forget_lookups() -> None:
    """Drop this process's remembered number lookups and verification pages (after a
    publication commits)."""
    with _lookup_cache_lock:
        _lookup_cache.clear()
        _page_cache.clear()


@dataclass(frozen=True)
class RememberedPage:
    """A rendered verification page: its status, body and the certificates it showed (each
    answer still counts as a lookup of them)."""

    status: int
    body: str
    certificate_ids: tuple[int, ...]


PAGE_CACHE_SIZE = 1_000  # about 8 MB of rendered pages
_page_cache: dict[tuple[Any, ...], tuple[float, RememberedPage]] = {}


def remembered_page(key: tuple[Any, ...]) -> RememberedPage | None:
    """The page this process rendered for `key` within the lookup memory's seconds, if any.

    Rendering the verification page costs more than reading its certificate (about 80 % of
    the answer's time was the template), so the same answer is kept for as long as the
    certificate itself (`lookup_cache_seconds`); a publication in this process forgets both.
    The key holds everything the request chooses that the page shows: the number as typed,
    the query string (body, QR token), the language and the day (a status can be "expired"
    from a date)."""
    if lookup_cache_seconds() <= 0:
        return None
    hit = _page_cache.get(key)
    if hit is None or hit[0] <= time.monotonic():
        return None
    return hit[1]


def remember_page(key: tuple[Any, ...], page: RememberedPage) -> None:
    ttl = lookup_cache_seconds()
    if ttl <= 0:
        return
    with _lookup_cache_lock:
        while len(_page_cache) >= PAGE_CACHE_SIZE:
            _page_cache.pop(next(iter(_page_cache)))
        _page_cache[key] = (time.monotonic() + ttl, page)


_NUMBER = "qms-registry-number-placeholder"
_SOURCE = "qms-registry-source-placeholder"
_HISTORY_FIELDS = (
    "id",
    "certificate_id",
    "kind",
    "status",
    "on",
    "note",
    "revision",
    "recorded_at",
)


class _NumberLookup:
    """The number lookup (certificate, body and history in one LEFT JOIN), compiled to SQL
    once per database alias and variant.

    Every verification page and API lookup runs it; building and compiling the ORM queries
    cost more than running them (a third of an API lookup). Only the number (and the body's
    key) change per request; the rows become model instances with `from_db`, as
    `accounts.services.tokens` does for the token lookup."""

    def __init__(self, alias: str, *, by_source: bool, with_history: bool) -> None:
        self.alias = alias
        self.with_history = with_history
        self.names = [
            [field.attname for field in model._meta.concrete_fields]
            for model in (PublicCertificate, Source)
        ]
        columns = [*self.names[0], *(f"source__{name}" for name in self.names[1])]
        if with_history:
            columns += [f"history__{name}" for name in _HISTORY_FIELDS]
        rows = public_certificates().filter(number_key=_NUMBER)
        if by_source:
            rows = rows.filter(source__key=_SOURCE)
        ordering = (
            ["source__name", "id", "-history__id"] if with_history else ["source__name", "id"]
        )
        queryset = rows.order_by(*ordering).values_list(*columns)[:MAX_NUMBER_ROWS]
        compiler = queryset.query.get_compiler(using=alias)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        self.number_at = self.params.index(_NUMBER)
        self.source_at = self.params.index(_SOURCE) if by_source else -1
        selected = [column for column, _sql, _alias in compiler.select]
        self.converters = list(compiler.get_converters(selected[: compiler.col_count]).items())

    def run(self, key: str, source_key: str) -> list[PublicCertificate]:
        params = list(self.params)
        params[self.number_at] = key
        if self.source_at >= 0:
            params[self.source_at] = source_key
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            fetched: Any = cursor.fetchall()
        found: dict[int, PublicCertificate] = {}
        width = [len(names) for names in self.names]
        for raw in fetched:
            values = list(raw)
            # What SQLCompiler.apply_converters does, with this thread's connection.
            for position, (functions, expression) in self.converters:
                for convert in functions:
                    values[position] = convert(values[position], expression, connection)
            pk = values[0]
            row = found.get(pk)
            if row is None:
                if len(found) >= MAX_NUMBER_MATCHES:
                    break
                row = PublicCertificate.from_db(self.alias, self.names[0], values[: width[0]])
                row.source = Source.from_db(
                    self.alias, self.names[1], values[width[0] : width[0] + width[1]]
                )
                row.public_history = []  # type: ignore[attr-defined]
                found[pk] = row
            if self.with_history:
                entry = values[width[0] + width[1] :]
                if entry[0] is not None and entry[3] != Status.DRAFT:
                    change = StatusChange.from_db(self.alias, list(_HISTORY_FIELDS), entry)
                    change.words = STATUS_WORDS.get(change.status, change.status)  # type: ignore[attr-defined]
                    row.public_history.append(change)  # type: ignore[attr-defined]
        return list(found.values())


_number_lookups: dict[tuple[str, bool, bool], _NumberLookup] = {}


def _number_lookup(*, by_source: bool, with_history: bool) -> _NumberLookup:
    alias = router.db_for_read(PublicCertificate) or DEFAULT_DB_ALIAS
    key = (alias, by_source, with_history)
    lookup = _number_lookups.get(key)
    if lookup is None:
        lookup = _number_lookups[key] = _NumberLookup(
            alias, by_source=by_source, with_history=with_history
        )
    return lookup


def certificate_search(
    *, query: str, filters: SearchFilters, cursor: str = "", today: date | None = None
) -> SearchPage:
    """Search by certificate number (exact) and company name (word prefixes, every word of
    the query must start a word of the name; on PostgreSQL also similar names for typos)."""
    today = today or timezone.localdate()
    page = SearchPage()
    words = list(dict.fromkeys(name_key(query).split()))
    position = _decode_cursor(cursor)
    if not position:
        page.number_matches = [
            row
            for row in certificates_by_number(number=query, with_history=False)
            if _matches(row, filters, today)
        ]
    if not words or len(name_key(query)) < MIN_QUERY:
        return page
    served = position[2] if position else 0
    if served >= MAX_RESULTS:
        page.capped = True
        page.served = served
        return page
    limit = min(PAGE_SIZE, MAX_RESULTS - served)
    keys = _word_hits(words, filters, today, limit=limit + 1, position=position)
    more = len(keys) > limit
    keys = keys[:limit]
    rows = PublicCertificate.objects.select_related("source").in_bulk([pk for _, pk in keys])
    seen: set[int] = {row.pk for row in page.number_matches}
    for _, pk in keys:
        if pk not in seen and pk in rows:
            seen.add(pk)
            page.results.append(rows[pk])
    page.served = served + len(keys)
    if more and page.served < MAX_RESULTS:
        page.next_cursor = _encode_cursor(keys[-1][0], keys[-1][1], page.served)
    page.capped = more and page.served >= MAX_RESULTS
    if not position and len(page.results) < PAGE_SIZE and connection.vendor == "postgresql":
        page.similar = _similar_names(words, filters, today, exclude=seen)
    return page


def _word_count(word: str, memo: dict[str, int] | None = None) -> int:
    """How many name words start with `word`, counted up to DRIVER_CAP (an index-only range
    scan in index order: unordered, PostgreSQL builds a bitmap of the whole range first)."""
    if memo is not None and word in memo:
        return memo[word]
    found = (
        NameWord.objects.filter(word__gte=word, word__lt=word + _TOP)
        .order_by("word")
        .values_list("word")[:DRIVER_CAP]
        .count()
    )
    if memo is not None:
        memo[word] = found
    return found


def _driving_word(
    words: list[str], position: tuple[str, int, int] | None, memo: dict[str, int] | None = None
) -> str:
    """The word whose index range the search walks: the rarest one (each word's prefix range
    counted up to DRIVER_CAP, a few index-only range scans), or on a later page the word the
    cursor was walking. A common trade word ("mouldings": 80,000 names) would otherwise
    check every one of its names for the other words."""
    if position:
        walking = [word for word in words if position[0].startswith(word)]
        if walking:
            return max(walking, key=len)
    if len(words) == 1:
        return words[0]
    counts = {word: _word_count(word, memo) for word in words}
    return min(words, key=lambda word: (counts[word], -len(word)))


def _word_hits(
    words: list[str],
    filters: SearchFilters,
    today: date,
    *,
    limit: int,
    position: tuple[str, int, int] | None = None,
    exclude: set[int] | None = None,
    memo: dict[str, int] | None = None,
) -> list[tuple[str, int]]:
    """(word, certificate id) of the public names having a word starting with each of the
    `words`, in the driving word's index order (keyset pagination, no sort)."""
    driver = _driving_word(words, position, memo)
    hits = NameWord.objects.filter(word__gte=driver, word__lt=driver + _TOP)
    if position:
        hits = hits.filter(
            Q(word__gt=position[0]) | Q(word=position[0], certificate_id__gt=position[1])
        )
    hits = hits.filter(
        certificate__listed=True,
        certificate__confidential=False,
        certificate__status__in=list(PUBLIC_STATUSES),
    )
    hits = hits.filter(_filters_q(filters, today, prefix="certificate__"))
    if exclude:
        hits = hits.exclude(certificate_id__in=exclude)
    for other in words:
        if other != driver:
            hits = hits.filter(
                Exists(
                    NameWord.objects.filter(
                        certificate_id=OuterRef("certificate_id"),
                        word__gte=other,
                        word__lt=other + _TOP,
                    )
                )
            )
    return list(
        hits.order_by("word", "certificate_id").values_list("word", "certificate_id")[:limit]
    )


def _similar_names(
    words: list[str], filters: SearchFilters, today: date, *, exclude: set[int]
) -> list[PublicCertificate]:
    """Names whose words are within trigram similarity of the query's words (PostgreSQL).

    Each rare query word (starting fewer than SIMILAR_RARE names) of at least
    SIMILAR_MIN_WORD letters is matched against the distinct
    name words (`NameTerm`, pg_trgm's `%` operator and its GIN index: a few hundred thousand
    words instead of every name), the closest SIMILAR_TERMS kept; the corrected queries,
    closest first, then go through the word-prefix search until SIMILAR_LIMIT names."""
    choices: list[list[tuple[str, float]]] = []
    memo: dict[str, int] = {}
    for word in words:
        options = [(word, 1.0)]
        if len(word) >= SIMILAR_MIN_WORD and _word_count(word, memo) < SIMILAR_RARE:
            options += [
                (term, float(score))
                for term, score in NameTerm.objects.filter(word__registry_similar=word)
                .exclude(word=word)
                .annotate(score=RawSQL("similarity(word, %s)", (word,)))
                .order_by("-score", "word")
                .values_list("word", "score")[:SIMILAR_TERMS]
            ]
        choices.append(options)
    corrected = sorted(
        (
            (sum(score for _, score in combination), [term for term, _ in combination])
            for combination in itertools.product(*choices)
        ),
        key=lambda item: -item[0],
    )
    found: list[int] = []
    skip = set(exclude)
    for _score, terms in corrected[1 : SIMILAR_QUERIES + 1]:  # [0]: the query as typed
        for _, pk in _word_hits(
            terms, filters, today, limit=SIMILAR_LIMIT - len(found), exclude=skip, memo=memo
        ):
            if pk not in skip:
                skip.add(pk)
                found.append(pk)
        if len(found) >= SIMILAR_LIMIT:
            break
    rows = PublicCertificate.objects.select_related("source").in_bulk(found)
    return [rows[pk] for pk in found if pk in rows]


def _filters_q(filters: SearchFilters, today: date, *, prefix: str) -> Q:
    q = Q()
    if filters.country:
        q &= Q(**{f"{prefix}country": filters.country.upper()})
    if filters.standard:
        q &= Q(**{f"{prefix}standards_key__contains": "|" + standard_key(filters.standard)})
    if filters.source:
        q &= Q(**{f"{prefix}source__key": filters.source})
    if filters.status == Status.ACTIVE:
        q &= Q(**{f"{prefix}status": Status.ACTIVE}) & (
            Q(**{f"{prefix}expiry_date__isnull": True}) | Q(**{f"{prefix}expiry_date__gte": today})
        )
    elif filters.status == Status.EXPIRED:
        q &= Q(**{f"{prefix}status": Status.EXPIRED}) | Q(
            **{f"{prefix}status": Status.ACTIVE, f"{prefix}expiry_date__lt": today}
        )
    elif filters.status:
        q &= Q(**{f"{prefix}status": filters.status})
    return q


def _matches(row: PublicCertificate, filters: SearchFilters, today: date) -> bool:
    """The filters applied to a row already read (the number matches)."""
    from .rules import effective_status

    if filters.country and row.country != filters.country.upper():
        return False
    if filters.standard and "|" + standard_key(filters.standard) not in row.standards_key:
        return False
    if filters.source and row.source.key != filters.source:
        return False
    status = effective_status(row.status, row.expiry_date, today)
    return not filters.status or status == filters.status


def _encode_cursor(word: str, pk: int, served: int) -> str:
    raw = f"{word}\x00{pk}\x00{served}".encode()
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _decode_cursor(cursor: str) -> tuple[str, int, int] | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        word, pk, served = raw.split("\x00")
        return word, int(pk), max(0, int(served))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None


def sources_for_filter() -> list[Source]:
    """The bodies to filter by (a short list: one row per publishing body)."""
    return list(Source.objects.order_by("name", "id")[:500])


def signing_keys() -> list[SigningKey]:
    return list(SigningKey.objects.order_by("sequence"))


def lookups_this_month(source_key: str, number: str, *, today: date | None = None) -> int:
    """How often the certificate was looked up by its number this month ("verified 37 times
    this month"), for its body and holder on the certification side."""
    month = (today or timezone.localdate()).replace(day=1)
    found = (
        LookupCount.objects.filter(
            certificate__source__key=source_key,
            certificate__number_key=number_key(number),
            month=month,
        )
        .values_list("count", flat=True)
        .first()
    )
    return int(found or 0)


def lookups_of(
    source_key: str, numbers: Iterable[str], *, today: date | None = None
) -> dict[str, int]:
    """`lookups_this_month` for several certificates of one body in one query, by number."""
    month = (today or timezone.localdate()).replace(day=1)
    keys = {number_key(number): number for number in numbers}
    rows = LookupCount.objects.filter(
        certificate__source__key=source_key,
        certificate__number_key__in=list(keys),
        month=month,
    ).values_list("certificate__number_key", "count")
    found = {keys[key]: int(count) for key, count in rows if key in keys}
    return {number: found.get(number, 0) for number in keys.values()}


def search_arguments(data: Any) -> tuple[str, SearchFilters, str]:
    """The query, filters and cursor of a search request's GET parameters."""
    status = str(data.get("status", "") or "")
    return (
        str(data.get("q", "") or "").strip()[:200],
        SearchFilters(
            country=str(data.get("country", "") or "").strip()[:2],
            standard=str(data.get("standard", "") or "").strip()[:60],
            source=str(data.get("cb", "") or "").strip()[:64],
            status=status if status in PUBLIC_STATUSES else "",
        ),
        str(data.get("after", "") or "")[:400],
    )
