"""`qms registry seed --count N`: realistic synthetic certificates for load tests and demos.

Twelve fictitious certification bodies (sources keyed `seed:<n>`, each with its
accreditation body, plus one unaccredited body) publish certificates of made-up companies
(names from syllable lists, some with accents, each with the legal form of its country),
in ISO 9001:2015, 14001:2015, 45001:2018 and 27001:2022, with a realistic mix of statuses
(about 78 % active, 8 % expired, 5 % cancelled, 4 % suspended, 4 % withdrawn, 1 % draft),
a public history of one to three entries, one to three sites, IAF codes and scopes that fit
the company's trade, 3 % not listed and 2 % confidential.

Rows are written directly in batches (`COPY` on PostgreSQL, `executemany` on SQLite), with
the same search keys `qms.registry.normalize` gives every published row; a million
certificates take minutes. The same `--seed` gives the same certificates. Seeding again
appends: serial numbers continue after the seeded certificates already there, so numbers
never collide. This bypasses `publish_certificate` on purpose (it checks and compares each
row, which is what a million synthetic rows do not need); the rows are what it would write.
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import json
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from .choices import HistoryKind, Status
from .models import NameTerm, NameWord, PublicCertificate, Source, StatusChange
from .normalize import name_key, name_words, number_key, standards_key

SEED_PREFIX = "seed:"
BATCH = 5_000
BULK_INDEX_THRESHOLD = 50_000  # from this many rows, indexes are built once after the load

# key suffix, name, country, accreditation body, number, recognition, number prefix
BODIES: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("1", "Meridian Certification Ltd", "GB", "UKAS", "0123", "IAF MLA", "MC"),
    ("2", "Alpenland Zertifizierung GmbH", "DE", "DAkkS", "D-ZM-14021-01-00", "IAF MLA", "AZ"),
    ("3", "Bureau Qualité Atlantique SAS", "FR", "COFRAC", "4-0587", "IAF MLA", "BQA"),
    ("4", "Iberia Certificación S.L.", "ES", "ENAC", "CGM-118/C", "IAF MLA", "ICE"),
    ("5", "Nordic Assurance AB", "SE", "SWEDAC", "10221", "IAF MLA", "NA"),
    ("6", "Tulip Certificatie B.V.", "NL", "RvA", "C 612", "IAF MLA", "TC"),
    ("7", "Lone Star Registrar LLC", "US", "ANAB", "0455", "IAF MLA", "LSR"),
    ("8", "Maple Leaf Registrar Inc.", "CA", "SCC", "11-338", "IAF MLA", "MLR"),
    ("9", "Sakura Certification K.K.", "JP", "JAB", "CM047", "IAF MLA", "SC"),
    ("10", "Southern Cross Certification Pty Ltd", "AU", "JAS-ANZ", "Z5210116AB", "IAF MLA", "SXC"),
    ("11", "Ganges Quality Certification Pvt Ltd", "IN", "NABCB", "MSCB-212", "IAF MLA", "GQC"),
    ("12", "Independent Audit Services Ltd", "GB", "", "", "", "IAS"),
)
# Share of the certificates each body issues (the big ones issue more).
BODY_WEIGHTS = (18, 14, 10, 8, 6, 6, 12, 6, 6, 5, 6, 3)

# The holder's country: mostly where the body sits, sometimes abroad.
ABROAD = ("PL", "IT", "CZ", "AT", "CH", "BE", "PT", "IE", "DK", "FI", "NO", "CN", "BR", "MX")
LEGAL_FORMS: dict[str, tuple[str, ...]] = {
    "GB": ("Ltd", "Limited", "plc", "LLP"),
    "IE": ("Ltd", "Limited", "DAC"),
    "DE": ("GmbH", "AG", "GmbH & Co. KG", "KG"),
    "AT": ("GmbH", "AG"),
    "CH": ("AG", "GmbH", "SA"),
    "FR": ("SAS", "SA", "SARL", "SASU"),
    "BE": ("SA", "NV", "BV"),
    "ES": ("S.L.", "S.A.", "S.L.U."),
    "PT": ("Lda.", "S.A."),
    "IT": ("S.r.l.", "S.p.A."),
    "SE": ("AB",),
    "NO": ("AS", "ASA"),
    "DK": ("A/S", "ApS"),
    "FI": ("Oy", "Oyj"),
    "NL": ("B.V.", "N.V."),
    "PL": ("Sp. z o.o.", "S.A."),
    "CZ": ("s.r.o.", "a.s."),
    "US": ("Inc.", "LLC", "Corp."),
    "CA": ("Inc.", "Ltd.", "Corp."),
    "MX": ("S.A. de C.V.",),
    "BR": ("Ltda.", "S.A."),
    "JP": ("K.K.", "Co., Ltd."),
    "CN": ("Co., Ltd.",),
    "AU": ("Pty Ltd",),
    "IN": ("Pvt Ltd", "Ltd"),
}
SYLLABLES = (
    "ka ra to mi ne lo su va ri de an bel cor dan el fer gar hal in jor kel lin mar nor "
    "ost per quin ros sel tor ul ven wes zan ber gen hof lund berg dal mü ö å é ç ñ ø "
    "stra vik holm ton ford ley bridge wood brook field"
).split()
ACCENTED = ("mü", "ö", "å", "é", "ç", "ñ", "ø")
# trade: (words in names, IAF codes, scope wording)
TRADES: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (("Precision", "Engineering", "Machining"), ("17", "18"), "Design and machining of {x}"),
    (("Plastics", "Polymers", "Mouldings"), ("14",), "Injection moulding of {x}"),
    (("Logistics", "Transport", "Freight"), ("31",), "Warehousing and distribution of {x}"),
    (("Software", "Digital", "Systems"), ("33",), "Development and support of {x}"),
    (("Construction", "Builders", "Civil"), ("28",), "Construction and maintenance of {x}"),
    (("Foods", "Bakery", "Dairy"), ("3",), "Production and packing of {x}"),
    (("Chemicals", "Coatings", "Laboratories"), ("12",), "Formulation and blending of {x}"),
    (("Electronics", "Controls", "Instruments"), ("19",), "Assembly and testing of {x}"),
    (("Consulting", "Services", "Partners"), ("35",), "Provision of {x}"),
    (("Metals", "Castings", "Steel"), ("17",), "Casting and finishing of {x}"),
    (("Printing", "Packaging", "Labels"), ("9",), "Printing and converting of {x}"),
    (("Healthcare", "Medical", "Care"), ("38",), "Provision of {x}"),
)
PRODUCTS = (
    "precision components",
    "industrial equipment",
    "consumer products",
    "automotive parts",
    "technical services",
    "food products",
    "medical devices",
    "packaging materials",
    "software products",
    "building services",
    "electrical assemblies",
    "laboratory services",
)
STREETS = ("High Street", "Station Road", "Industrial Estate", "Park Avenue", "Mill Lane")
STANDARDS = ("ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018", "ISO 27001:2022")
STANDARD_WEIGHTS = (60, 20, 12, 8)
STATUSES = (
    Status.ACTIVE,
    Status.EXPIRED,
    Status.CANCELLED,
    Status.SUSPENDED,
    Status.WITHDRAWN,
    Status.DRAFT,
)
STATUS_WEIGHTS = (78, 8, 5, 4, 4, 1)
_BODY_CUM = tuple(itertools.accumulate(BODY_WEIGHTS))
_STANDARD_CUM = tuple(itertools.accumulate(STANDARD_WEIGHTS))
_STATUS_CUM = tuple(itertools.accumulate(STATUS_WEIGHTS))
NOTES = {
    Status.SUSPENDED: (
        "Suspended: surveillance audit not allowed on time (R2)",
        "Suspended: client requested (R3)",
        "Suspended: major nonconformities not closed (R1)",
    ),
    Status.WITHDRAWN: (
        "Withdrawn: suspension not resolved within six months",
        "Withdrawn: misuse of the certification mark",
    ),
    Status.CANCELLED: (
        "Cancelled at the client's request",
        "Cancelled: transferred to another body",
    ),
    Status.EXPIRED: ("Expired: no recertification decision before the expiry date",),
}


@dataclass
class SeedResult:
    created: int
    first_serial: int
    seconds: float
    sources: int


def seed_sources() -> list[Source]:
    """The seed's certification bodies, created when missing (idempotent)."""
    sources = []
    for suffix, name, country, body, number, recognition, _prefix in BODIES:
        source, _created = Source.objects.get_or_create(
            key=f"{SEED_PREFIX}{suffix}",
            defaults={
                "name": name,
                "country": country,
                "accreditation_body": body,
                "accreditation_number": number,
                "recognition": recognition,
                "accredited": bool(body),
            },
        )
        sources.append(source)
    return sources


def seeded_count() -> int:
    return PublicCertificate.objects.filter(source__key__startswith=SEED_PREFIX).count()


def seed(
    *,
    count: int,
    random_seed: int = 1,
    today: datetime.date | None = None,
    progress: Callable[[int, int, float], None] | None = None,
    batch: int = BATCH,
) -> SeedResult:
    """Add `count` synthetic certificates (with their name words and history), appending
    after the seeded certificates already there. Each batch is its own transaction."""
    started = time.monotonic()
    today = today or timezone.localdate()
    with transaction.atomic():
        sources = seed_sources()
    first_serial = seeded_count() + 1
    # The seed and the starting serial decide the rows: the same command gives the same rows.
    rng = random.Random(f"{random_seed}:{first_serial}")  # noqa: S311 - synthetic data
    writer = _Writer()
    done = 0
    tables = [model._meta.db_table for model in (PublicCertificate, NameWord, StatusChange)]
    analyzed = [*tables, NameTerm._meta.db_table]
    with _secondary_indexes_dropped(tables, when=count >= BULK_INDEX_THRESHOLD):
        while done < count:
            size = min(batch, count - done)
            certificates, words, history = _batch(rng, sources, first_serial + done, size, today)
            with transaction.atomic():
                writer.write(certificates, words, history)
            done += size
            if progress is not None:
                progress(done, count, time.monotonic() - started)
    writer.finish()
    writer.add_terms()
    # Fresh statistics, or the planners guess: without them SQLite drives a name search
    # from the status index through every certificate instead of from the name words.
    with connection.cursor() as cursor:
        for table in analyzed:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return SeedResult(
        created=count,
        first_serial=first_serial,
        seconds=time.monotonic() - started,
        sources=len(sources),
    )


# --- Generating rows ---------------------------------------------------------------------------


def _company(rng: random.Random, country: str) -> tuple[str, str, int]:
    """(legal name, trading name or "", trade index)."""
    trade = rng.randrange(len(TRADES))
    syllables = rng.randint(2, 3)
    stem = "".join(rng.choice(SYLLABLES) for _ in range(syllables))
    if stem[-1] in "aeiouåéöøü" and rng.random() < 0.4:
        stem += rng.choice(("n", "s", "x", "r"))
    stem = stem.capitalize()
    words = [stem]
    if rng.random() < 0.35:
        words.append("".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize())
    words.append(rng.choice(TRADES[trade][0]))
    legal = rng.choice(LEGAL_FORMS.get(country, ("Ltd",)))
    name = " ".join(words) + " " + legal
    trading = f"{stem} {TRADES[trade][0][0]}" if rng.random() < 0.25 else ""
    return name, trading, trade


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _certificate(
    rng: random.Random, sources: Sequence[Source], serial: int, today: datetime.date
) -> tuple[dict[str, Any], list[tuple[str, str, datetime.date, str, int]]]:
    body_index = rng.choices(range(len(sources)), cum_weights=_BODY_CUM)[0]
    source = sources[body_index]
    prefix = BODIES[body_index][6]
    country = source.country if rng.random() < 0.8 else rng.choice(ABROAD)
    name, trading, trade = _company(rng, country)
    standards = [rng.choices(STANDARDS, cum_weights=_STANDARD_CUM)[0]]
    if rng.random() < 0.18:
        other = rng.choice([s for s in STANDARDS if s not in standards])
        standards.append(other)
    status = rng.choices(STATUSES, cum_weights=_STATUS_CUM)[0]
    original = today - datetime.timedelta(days=rng.randint(30, 11 * 365))
    cycles = max((today - original).days // 1095, 0)
    if status in (Status.EXPIRED, Status.CANCELLED, Status.WITHDRAWN) and cycles:
        cycles = rng.randint(0, cycles - 1) if cycles > 1 else 0
    issue = _add_years(original, 3 * cycles)
    expiry = _add_years(issue, 3) - datetime.timedelta(days=1)
    if status == Status.EXPIRED:
        expiry = min(expiry, today - datetime.timedelta(days=rng.randint(1, 400)))
        issue = min(issue, _add_years(expiry, -3) + datetime.timedelta(days=1))
        original = min(original, issue)
    elif status == Status.ACTIVE and expiry < today:
        issue = _add_years(issue, 3)
        expiry = _add_years(issue, 3) - datetime.timedelta(days=1)
    revision = 1 + cycles + (1 if rng.random() < 0.1 else 0)
    history: list[tuple[str, str, datetime.date, str, int]] = []
    if status == Status.DRAFT:
        history.append((HistoryKind.STATUS, Status.DRAFT, issue, "", revision))
        changed_on, note = issue, ""
    else:
        history.append((HistoryKind.STATUS, Status.ACTIVE, original, "", 1))
        if revision > 1:
            history.append((HistoryKind.REVISION, Status.ACTIVE, issue, "", revision))
        changed_on, note = original if revision == 1 else issue, ""
        if status != Status.ACTIVE:
            start = max(issue, original) + datetime.timedelta(days=30)
            end = min(today, expiry)  # suspended, withdrawn or cancelled while valid
            if status == Status.EXPIRED:
                changed_on = expiry + datetime.timedelta(days=1)
            else:
                span = max((end - start).days, 1)
                changed_on = min(start + datetime.timedelta(days=rng.randrange(span)), end)
            note = rng.choice(NOTES[status])
            if status == Status.WITHDRAWN and rng.random() < 0.5 and len(history) < 3:
                suspended = changed_on - datetime.timedelta(days=rng.randint(60, 180))
                if suspended > history[-1][2]:
                    history.append(
                        (
                            HistoryKind.STATUS,
                            Status.SUSPENDED,
                            suspended,
                            NOTES[Status.SUSPENDED][0],
                            revision,
                        )
                    )
            history.append((HistoryKind.STATUS, status, changed_on, note, revision))
    city = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
    post_code = f"{rng.randint(1000, 99999)}"
    address = f"{rng.randint(1, 250)} {rng.choice(STREETS)}, {post_code} {city}"
    sites = [f"Head office — {address}"]
    for site in range(rng.choices((0, 1, 2), cum_weights=(70, 92, 100))[0]):
        town = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
        sites.append(f"Site {site + 2} — {rng.randint(1, 99)} {rng.choice(STREETS)}, {town}")
    product = rng.choice(PRODUCTS)
    year = issue.year
    number = f"{prefix}-{year}-{serial:07d}"
    row = {
        "source_id": source.pk,
        "record_id": f"R{serial:08d}",
        "number": number,
        "number_key": number_key(number),
        "revision": revision,
        "holder_name": name,
        "holder_trading_name": trading,
        "holder_id": f"E{serial:08d}",
        "name_key": name_key(name),
        "country": country,
        "address": address,
        "sites": sites,
        "scope": TRADES[trade][2].format(x=product),
        "standards": standards,
        "standards_key": standards_key(standards),
        "iaf_codes": list(TRADES[trade][1]),
        "original_issue_date": original,
        "issue_date": issue,
        "expiry_date": expiry,
        "status": status,
        "status_changed_on": changed_on,
        "status_note": note,
        "listed": rng.random() >= 0.03,
        "confidential": rng.random() < 0.02,
    }
    return row, history[-3:]


def _batch(
    rng: random.Random, sources: Sequence[Source], first: int, size: int, today: datetime.date
) -> tuple[list[dict[str, Any]], list[tuple[int, str]], list[tuple[int, Any]]]:
    certificates: list[dict[str, Any]] = []
    words: list[tuple[int, str]] = []
    history: list[tuple[int, Any]] = []
    for offset in range(size):
        row, entries = _certificate(rng, sources, first + offset, today)
        index = len(certificates)
        certificates.append(row)
        words += [
            (index, word) for word in name_words(row["holder_name"], row["holder_trading_name"])
        ]
        history += [(index, entry) for entry in entries]
    return certificates, words, history


@contextlib.contextmanager
def _secondary_indexes_dropped(tables: list[str], *, when: bool) -> Iterator[None]:
    """For a bulk load: drop the tables' secondary indexes (not the primary keys, not the
    unique constraints) and build them again afterwards, from their own stored definitions.
    Building an index once is several times faster than updating it row by row (the
    trigram GIN index on PostgreSQL most of all). They are rebuilt even if the load fails."""
    if not when:
        yield
        return
    definitions = _secondary_indexes(tables)
    with connection.cursor() as cursor:
        for name, _sql in definitions:
            cursor.execute(f"DROP INDEX IF EXISTS {connection.ops.quote_name(name)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and connection.in_atomic_block:
                # deferred foreign-key checks pending in this transaction block CREATE INDEX
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, sql in definitions:
                cursor.execute(sql)


def _secondary_indexes(tables: list[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the indexes that back no constraint."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "WHERE i.tablename = ANY(%s) AND i.schemaname = current_schema() "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                [tables],
            )
        elif connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "  # noqa: S608
                f"AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%%' AND tbl_name IN ({marks})",
                tables,
            )
        else:
            return []
        return [(str(name), str(sql)) for name, sql in cursor.fetchall()]


# --- Writing rows -----------------------------------------------------------------------------


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [field for field in model._meta.concrete_fields if not field.primary_key]


class _Writer:
    """Inserts prepared rows with explicit ids: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self.next_ids: dict[type[models.Model], int] = {
            model: (model.objects.aggregate(top=models.Max("pk"))["top"] or 0) + 1
            for model in (PublicCertificate, NameWord, StatusChange)
        }
        self.first_ids = dict(self.next_ids)

    def write(
        self,
        certificates: list[dict[str, Any]],
        words: list[tuple[int, str]],
        history: list[tuple[int, Any]],
    ) -> None:
        base = self.next_ids[PublicCertificate]
        for row in certificates:
            row.update(created_at=self.now, updated_at=self.now, version=1)
        self._insert(PublicCertificate, certificates)
        self._insert(NameWord, [{"certificate_id": base + i, "word": w} for i, w in words])
        self._insert(
            StatusChange,
            [
                {
                    "certificate_id": base + i,
                    "kind": kind,
                    "status": status,
                    "on": on,
                    "note": note,
                    "revision": revision,
                    "recorded_at": self.now,
                }
                for i, (kind, status, on, note, revision) in history
            ],
        )

    def _insert(self, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        fields = _columns(model)
        first = self.next_ids[model]
        self.next_ids[model] = first + len(rows)
        table = connection.ops.quote_name(model._meta.db_table)
        names = [
            connection.ops.quote_name(model._meta.pk.column),
            *(connection.ops.quote_name(f.column) for f in fields),
        ]
        plan = [(field.attname, _converter(field)) for field in fields]
        values = (
            [
                first + index,
                *(
                    None if (value := row.get(name)) is None else convert(value)
                    for name, convert in plan
                ),
            ]
            for index, row in enumerate(rows)
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                    for value in values:
                        copy.write_row(value)
            else:
                marks = ", ".join(["%s"] * len(names))
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(names)}) VALUES ({marks})",  # noqa: S608
                    list(values),
                )

    def add_terms(self) -> None:
        """The distinct words of the names written here, into `NameTerm` (one statement)."""
        first = self.first_ids[NameWord]
        if self.next_ids[NameWord] == first:
            return
        term = connection.ops.quote_name(NameTerm._meta.db_table)
        word = connection.ops.quote_name(NameWord._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {term} (word) SELECT DISTINCT word FROM {word} "  # noqa: S608
                "WHERE id >= %s ON CONFLICT (word) DO NOTHING",
                [first],
            )

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids written here."""
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            for model in self.next_ids:
                table = model._meta.db_table
                column = model._meta.pk.column
                top = connection.ops.quote_name(column)
                name = connection.ops.quote_name(table)
                # quoted names of our own tables
                sql = f"SELECT setval(pg_get_serial_sequence(%s, %s), (SELECT COALESCE(MAX({top}), 1) FROM {name}))"  # noqa: S608, E501
                cursor.execute(sql, [table, column])


def _identity(value: Any) -> Any:
    return value


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """How a Python value of `field` is written (looked up once per batch, not per value)."""
    ops = connection.ops
    if isinstance(field, models.JSONField):
        return _dumps
    if isinstance(field, models.DateTimeField):
        memo: dict[Any, Any] = {}  # every row of a run has the same timestamps

        def adapt(value: Any) -> Any:
            if value not in memo:
                memo[value] = ops.adapt_datetimefield_value(value)
            return memo[value]

        return adapt
    if isinstance(field, models.DateField):
        return _identity if connection.vendor == "postgresql" else datetime.date.isoformat
    return _identity


def progress_lines(
    write: Callable[[str], Any], every: int = 50_000
) -> Callable[[int, int, float], None]:
    """A progress callback writing a line every `every` certificates (for the command)."""
    state = {"next": every}

    def report(done: int, total: int, seconds: float) -> None:
        if done >= state["next"] or done == total:
            rate = done / seconds if seconds else 0.0
            write(f"  {done:>10,} / {total:,} certificates, {seconds:6.1f} s ({rate:,.0f}/s)")
            while state["next"] <= done:
                state["next"] += every

    return report


def iter_seeded_numbers(limit: int) -> Iterator[str]:
    """Numbers of listed, public seeded certificates (for the benchmark's lookups)."""
    yield from (
        PublicCertificate.objects.filter(
            source__key__startswith=SEED_PREFIX,
            listed=True,
            confidential=False,
        )
        .exclude(status=Status.DRAFT)
        .values_list("number", flat=True)[:limit]
        .iterator()
    )
