"""The analysis selectors the nonconformities workflow and register rely on."""

from __future__ import annotations

from typing import Any

import pytest

from qms.nonconformities.analysis import selectors
from qms.nonconformities.tests.factories import NonconformityFactory

from .factories import RootCauseAnalysisFactory

pytestmark = pytest.mark.django_db


def test_root_cause_of_answers_the_current_cycles_statement_or_nothing(organization: Any) -> None:
    # given an NC in its second cycle with an analysis of each cycle, and an NC without any
    nc = NonconformityFactory(organization=organization, cycle=2)
    RootCauseAnalysisFactory(organization=organization, nonconformity=nc, cycle=1, root_cause="Old")
    RootCauseAnalysisFactory(
        organization=organization, nonconformity=nc, cycle=2, root_cause="  New cause  "
    )
    bare = NonconformityFactory(organization=organization)

    # then the current cycle's statement is the root cause, trimmed; none is ""
    assert selectors.root_cause_of(nonconformity=nc) == "New cause"
    assert selectors.root_cause_of(nonconformity=bare) == ""


def test_a_blank_statement_or_an_earlier_cycles_counts_as_no_root_cause(organization: Any) -> None:
    # given an NC whose only analysis is of an earlier cycle, and one whose statement is blank
    moved_on = NonconformityFactory(organization=organization, cycle=2)
    RootCauseAnalysisFactory(organization=organization, nonconformity=moved_on, cycle=1)
    blank = NonconformityFactory(organization=organization)
    RootCauseAnalysisFactory(organization=organization, nonconformity=blank, root_cause="   ")

    # then neither has a root cause
    assert selectors.root_cause_of(nonconformity=moved_on) == ""
    assert selectors.root_cause_of(nonconformity=blank) == ""
    assert selectors.root_causes_of_many(nonconformities=[moved_on, blank]) == {}


def test_root_causes_and_categories_of_many_cost_one_query_each(
    organization: Any, django_assert_num_queries: Any
) -> None:
    # given ten NCs, each with an analysis, and one without
    ncs = [NonconformityFactory(organization=organization) for _ in range(10)]
    for nc in ncs:
        RootCauseAnalysisFactory(organization=organization, nonconformity=nc)
    ncs.append(NonconformityFactory(organization=organization))

    # when they are read for all of them
    with django_assert_num_queries(1):
        causes = selectors.root_causes_of_many(nonconformities=ncs)
    with django_assert_num_queries(1):
        categories = selectors.root_cause_categories_of_many(nonconformities=ncs)

    # then each analysed NC has its statement and category, the other none
    assert set(causes) == {nc.pk for nc in ncs[:10]}
    assert set(categories.values()) == {"method"}
    assert selectors.root_causes_of_many(nonconformities=[]) == {}


def test_analyses_of_lists_every_cycle_latest_first(organization: Any) -> None:
    nc = NonconformityFactory(organization=organization, cycle=3)
    for cycle in (1, 2, 3):
        RootCauseAnalysisFactory(organization=organization, nonconformity=nc, cycle=cycle)
    assert [a.cycle for a in selectors.analyses_of(nonconformity=nc)] == [3, 2, 1]
