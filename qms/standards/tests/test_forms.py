"""The reusable "linked clauses" field, and the demo adoption."""

from __future__ import annotations

import io
from typing import Any

import pytest

from qms.organizations.models import Organization
from qms.organizations.tests.factories import OrganizationFactory
from qms.standards import demo
from qms.standards.forms import ClauseMultipleChoiceField
from qms.standards.models import ClauseApplicability, OrganizationStandard
from qms.standards.selectors import clause_tree

from .conftest import E2015, Q2015, adopt, clause, edition

pytestmark = pytest.mark.django_db


def test_the_linked_clauses_field_groups_the_adopted_clauses_by_edition(
    library: None, organization: Organization, other_organization: Organization
) -> None:
    adopt(organization, Q2015)
    adopt(organization, E2015)
    field = ClauseMultipleChoiceField(organization=organization)
    groups = list(field.choices)
    assert [label for label, _options in groups] == ["ISO 14001:2015", "ISO 9001:2015"]
    options = dict(groups)["ISO 9001:2015"]
    assert (clause(Q2015, "4.4.1").pk, "4.4.1 [process determination]") in options
    assert not field.required
    chosen = field.clean([str(clause(Q2015, "7.5.1").pk), str(clause(E2015, "8.2").pk)])
    assert {c.number for c in chosen} == {"7.5.1", "8.2"}
    html = field.widget.render("clauses", [])
    assert '<optgroup label="ISO 9001:2015">' in html
    theirs = ClauseMultipleChoiceField(organization=other_organization)
    assert list(theirs.choices) == []


def test_excluding_a_clause_excludes_its_sub_clauses_in_the_tree(
    library: None, organization: Organization
) -> None:
    adopt(organization, Q2015)
    with_design = clause(Q2015, "8.3")
    from qms.core.testing.audit_guard import allow_unaudited_writes

    with allow_unaudited_writes():
        ClauseApplicability.objects.create(
            organization=organization, clause=with_design, justification="No design."
        )
    groups = clause_tree(organization=organization, edition=edition(Q2015))
    operation = next(group for group in groups if group.clause.number == "8")
    statuses = {row.clause.number: row.status for row in operation.rows}
    assert statuses["8.3"] == statuses["8.3.4"] == "not_applicable"
    assert statuses["8.4.1"] == "none"
    leaves = [row for row in operation.rows if row.is_leaf]
    assert operation.total == len(leaves) - 6
    assert operation.percent == 0


def test_the_demo_adopts_the_editions_once(debug_settings: Any) -> None:
    OrganizationFactory(slug="acme", name="Acme Gauges Ltd")
    OrganizationFactory(slug="northwind", name="Northwind Castings")
    first = io.StringIO()
    demo.load(stdout=first)
    assert "Northwind Castings adopted ISO 14001:2015" in first.getvalue()
    adopted = sorted(
        str(row) for row in OrganizationStandard.objects.filter(organization__slug="northwind")
    )
    assert adopted == ["ISO 14001:2015", "ISO 9001:2015"]
    second = io.StringIO()
    demo.load(stdout=second)
    assert second.getvalue() == ""
    assert OrganizationStandard.objects.filter(organization__slug="acme").count() == 1


@pytest.fixture
def debug_settings(settings: Any, db: Any) -> Any:
    settings.DEBUG = True
    return settings
