"""Migration 0003: the free-text risk register entry becomes a link to the risk register
where the text is the number of a risk of the same organization. The text itself is never
changed (signatures made before cover it). Backwards, a link made since becomes the text."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from qms.core.testing.audit_guard import allow_unaudited_writes
from qms.nonconformities.models import Nonconformity

from .test_risk_link import RiskFactory

BEFORE = [("nonconformities", "0002_create_root_cause_analysis")]
AFTER = [("nonconformities", "0003_risk_register_link")]


def migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    """Every app at its latest migration again: going back to BEFORE also unapplied the
    migrations of other apps that depend on 0003 (internal audits), which AFTER alone would
    leave unapplied for the tests that run next."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_numbers_become_links_and_other_texts_are_kept(
    organization, other_organization, quality_manager, outsider
):
    ours = RiskFactory(organization=organization, owner=quality_manager, number="RSK-2026-0007")
    RiskFactory(organization=other_organization, owner=outsider, number="RSK-2026-0009")
    try:
        old = migrate(BEFORE).get_model("nonconformities", "Nonconformity")

        def nc(number: str, text: str) -> int:
            with allow_unaudited_writes():
                return int(
                    old.objects.create(
                        organization_id=organization.pk,
                        number=number,
                        title="Gauge past due",
                        description="Found in production.",
                        source="process_monitoring",
                        severity="minor",
                        risk_reference=text,
                    ).pk
                )

        linked = nc("NC-2026-0001", " rsk-2026-0007 ")  # ours: becomes the link
        foreign = nc("NC-2026-0002", "RSK-2026-0009")  # another organization's number: kept
        free = nc("NC-2026-0003", "R-2019-7 (old sheet)")  # not a number: kept
        empty = nc("NC-2026-0004", "")

        migrate(AFTER)
        rows = {
            row.pk: (row.risk_id, row.risk_reference)
            for row in Nonconformity.objects.for_organization(organization)
        }
        assert rows[linked] == (ours.pk, " rsk-2026-0007 ")
        assert rows[foreign] == (None, "RSK-2026-0009")
        assert rows[free] == (None, "R-2019-7 (old sheet)")
        assert rows[empty] == (None, "")

        with allow_unaudited_writes():
            Nonconformity.objects.filter(pk=empty).update(risk=ours)  # a link made since
        old = migrate(BEFORE).get_model("nonconformities", "Nonconformity")
        texts = dict(old.objects.values_list("pk", "risk_reference"))
        assert texts == {
            linked: " rsk-2026-0007 ",
            foreign: "RSK-2026-0009",
            free: "R-2019-7 (old sheet)",
            empty: "RSK-2026-0007",
        }
    finally:
        migrate_to_latest()


def test_a_signature_covers_the_earlier_text_not_the_link() -> None:
    # The text a signature made before the migration covered is still signed, unchanged; the
    # link to the risk register is a cross-reference that may be set after verification.
    assert "risk_reference" in Nonconformity.signature_fields
    assert "risk" not in Nonconformity.signature_fields


@pytest.mark.django_db(transaction=True)
def test_the_other_apps_tables_are_back_after_the_round_trip() -> None:
    # runs after the round trip above: the tables of apps depending on 0003 exist again
    from qms.internal_audits.models import Audit

    assert Audit.objects.count() == 0
