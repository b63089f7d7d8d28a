"""`import_sheet`: the import framework for callers that are not a member importing into
their organization (a command line, a machine's API key): the same dry run and
all-or-nothing rules, the caller's options handed to the importer, no ImportRun recorded."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.base import ContentFile

from qms.core.imports import Column, ImportContext, Importer, RowError, register_importer, text
from qms.core.imports.framework import Outcome
from qms.core.imports.models import ImportRun, ImportStatus
from qms.core.imports.registry import unregister_importer
from qms.core.imports.services import import_sheet
from qms.organizations import services as site_services
from qms.organizations.models import Organization, Site


class TaggedSites(Importer):
    """Sites named with the caller's tag (an option), so the test sees the option arrive."""

    kind = "tests.tagged_sites"
    label = "Tagged sites"
    permission = ("organizations.site", "add")
    columns: tuple[Column, ...] = (Column("name", required=True, parse=text(max_length=100)),)
    key_columns: tuple[str, ...] = ("name",)

    def apply_row(self, cleaned: dict[str, Any], *, context: ImportContext) -> Outcome:
        if cleaned["name"] == "refused":
            raise RowError({"name": "This name is refused by the test importer."})
        name = f"{context.options['tag']}-{cleaned['name']}"
        organization = context.options["organization"]
        if Site.objects.for_organization(organization).filter(name=name).exists():
            return "unchanged"
        site_services.site_create(
            actor=context.actor, organization=organization, data={"name": name}
        )
        return "created"


@pytest.fixture(autouse=True)
def _importer() -> Iterator[None]:
    register_importer(TaggedSites)
    yield
    unregister_importer(TaggedSites.kind)


def _csv(*names: str) -> ContentFile[bytes]:
    return ContentFile(("name\n" + "\n".join(names) + "\n").encode(), name="sites.csv")


def _run(organization: Organization, actor: Any, *names: str, dry_run: bool) -> Any:
    return import_sheet(
        importer_kind=TaggedSites.kind,
        upload=_csv(*names),
        dry_run=dry_run,
        actor=actor,
        options={"tag": "cli", "organization": organization},
    )


def test_a_dry_run_reports_and_writes_nothing_and_records_no_run(
    organization: Organization, quality_manager: Any
) -> None:
    report = _run(organization, quality_manager, "north", "south", dry_run=True)

    assert report.status == ImportStatus.DRY_RUN_OK
    assert [row.status for row in report.rows] == ["created", "created"]
    assert not Site.objects.filter(name__startswith="cli-").exists()
    assert not ImportRun.objects.exists()
    assert report.run_id is None


def test_a_real_run_hands_the_options_to_the_importer(
    organization: Organization, quality_manager: Any
) -> None:
    report = _run(organization, quality_manager, "north", "south", dry_run=False)

    assert report.status == ImportStatus.SUCCEEDED
    names = set(Site.objects.filter(name__startswith="cli-").values_list("name", flat=True))
    assert names == {"cli-north", "cli-south"}
    again = _run(organization, quality_manager, "north", "south", dry_run=False)
    assert again.totals["unchanged"] == 2


def test_a_real_run_with_one_bad_row_writes_nothing_and_names_the_row(
    organization: Organization, quality_manager: Any
) -> None:
    report = _run(organization, quality_manager, "north", "refused", "south", dry_run=False)

    assert report.status == ImportStatus.FAILED
    assert [(row.number, row.status) for row in report.error_rows] == [(3, "error")]
    assert report.error_rows[0].errors == {"name": ["This name is refused by the test importer."]}
    assert not Site.objects.filter(name__startswith="cli-").exists()
