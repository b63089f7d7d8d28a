"""`qms tenancy-verify` finds rows that point at another organization's rows."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from qms.core.management.commands.tenancy_verify import cross_references
from qms.organizations.models import Process
from qms.organizations.tests.factories import ProcessFactory, SiteFactory


def _run() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("tenancy_verify", stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def _plant(process: Process, site_id: int) -> None:
    """What a hand-made SQL fix could do: bypass every service and point across tenants."""
    table = connection.ops.quote_name(Process._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET site_id = %s WHERE id = %s", [site_id, process.pk])  # noqa: S608


def test_a_clean_database_is_reported_ok(organization, other_organization):
    # given processes on their own organization's sites
    ProcessFactory(organization=organization, site=SiteFactory(organization=organization))
    ProcessFactory(organization=other_organization, site=None)
    # when
    code, output = _run()
    # then
    assert code == 0
    assert output.startswith("OK: ")
    assert "relations checked" in output


def test_a_process_pointing_at_another_organizations_site_is_reported(
    organization, other_organization
):
    # given two of our processes planted on Northwind's site, one clean
    theirs = SiteFactory(organization=other_organization)
    planted = [ProcessFactory(organization=organization) for _ in range(2)]
    ProcessFactory(organization=organization, site=SiteFactory(organization=organization))
    for process in planted:
        _plant(process, theirs.pk)
    # when
    code, output = _run()
    # then one line names the relation, the count and the ids
    assert code == 1
    lines = output.strip().splitlines()
    assert lines == [
        "CROSS-TENANT: organizations.process.site → organizations.site: 2 row(s) point at "
        f"another organization (ids {planted[0].pk}, {planted[1].pk})"
    ]


@pytest.mark.django_db
def test_each_relation_costs_one_query_when_clean(django_assert_num_queries):
    # given
    ProcessFactory(site=None)
    checked, _problems = cross_references()
    # then
    with django_assert_num_queries(checked):
        assert cross_references()[1] == []
