"""The distinct words of the published names (`NameTerm`), for typo tolerance.

Typo-tolerant search compared the query with every name (`name_key % 'query'` over a
trigram GIN index on the certificates): at a million certificates common trigrams made that
recheck hundreds of thousands of rows (0.4–3.5 s). It now compares the query's words with the
distinct words of the names (about 221,000 at a million certificates) and feeds the
corrections through the indexed word-prefix search, so:

- `NameTerm` is created and filled from the existing `NameWord` rows;
- on PostgreSQL its `word` gets the "C" collation (as `NameWord.word`) and a trigram GIN
  index, and the trigram index on the certificates' `name_key` is dropped (nothing reads it
  any more; it slowed every write). Reversing recreates it.
"""

from typing import Any

from django.db import migrations, models

_FILL = (
    "INSERT INTO registry_nameterm (word) SELECT DISTINCT word FROM registry_nameword "
    "WHERE word <> '' ORDER BY word"
)
_CREATE_PG = (
    'ALTER TABLE registry_nameterm ALTER COLUMN word TYPE varchar(64) COLLATE "C"',
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS registry_nameterm_word_trgm "
    "ON registry_nameterm USING gin (word gin_trgm_ops)",
    "DROP INDEX IF EXISTS registry_pubcert_name_trgm",
)
_DROP_PG = (
    "CREATE INDEX IF NOT EXISTS registry_pubcert_name_trgm "
    "ON registry_publiccertificate USING gin (name_key gin_trgm_ops)",
    "DROP INDEX IF EXISTS registry_nameterm_word_trgm",
)


def fill_terms(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in _CREATE_PG:
            schema_editor.execute(statement)
    schema_editor.execute(_FILL)
    if schema_editor.connection.vendor in {"postgresql", "sqlite"}:
        schema_editor.execute("ANALYZE registry_nameterm")


def drop_terms(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in _DROP_PG:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_add_exchange_keys_and_addresses"),
    ]

    operations = [
        migrations.CreateModel(
            name="NameTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("word", models.CharField(max_length=64, unique=True, verbose_name="word")),
            ],
            options={
                "verbose_name": "name term",
                "verbose_name_plural": "name terms",
                "ordering": ["word"],
            },
        ),
        migrations.RunPython(fill_terms, drop_terms),
    ]
