"""Services of the analysis: validation vectors, cycles, closed NCs, quantities, concessions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from qms.core.audit import AuditEvent
from qms.core.errors import Conflict, StaleVersion
from qms.nonconformities.analysis import services
from qms.nonconformities.analysis.choices import DispositionStatus
from qms.nonconformities.analysis.models import Disposition, RootCauseAnalysis
from qms.nonconformities.tests.factories import NonconformityFactory

from .factories import WHYS, DispositionFactory, RootCauseAnalysisFactory

pytestmark = pytest.mark.django_db


def _events(event_type: str) -> int:
    return AuditEvent.objects.filter(event_type=event_type).count()


def _create(actor: Any, organization: Any, nc: Any, **data: Any) -> RootCauseAnalysis:
    return services.root_cause_analysis_create(
        actor=actor,
        organization=organization,
        data={"nonconformity": nc, "five_whys": WHYS, **data},
    )


def test_an_analysis_is_started_for_the_current_cycle_audited(
    organization: Any, quality_manager: Any
) -> None:
    nc = NonconformityFactory(organization=organization, cycle=2)
    analysis = _create(
        quality_manager,
        organization,
        nc,
        root_cause="  Tool life not tracked ",
        ishikawa={"machine": [" Worn tool "]},
        cause_category="method",
    )
    assert analysis.cycle == 2
    assert analysis.root_cause == "Tool life not tracked"
    assert analysis.ishikawa["machine"] == ["Worn tool"]
    assert set(analysis.ishikawa) == {
        "man",
        "machine",
        "method",
        "material",
        "measurement",
        "environment",
    }
    assert analysis.analysed_by == quality_manager
    assert analysis.analysed_at is not None
    assert _events("root_cause_analysis.created") == 1


@pytest.mark.parametrize(
    ("whys", "message"),
    [
        ([], "at least one step"),
        ([{"why": "", "answer": "x"}], "Step 1: the why is empty."),
        ([{"why": "Why?", "answer": "  "}], "Step 1: the answer is empty."),
        ([{"why": "Why?"}], "Step 1: the answer is empty."),
        ([{"why": "Why?", "answer": 3}], "Step 1: the answer must be text."),
        ([{"why": "W", "answer": "A", "extra": 1}], "Step 1: unknown key(s) extra."),
        (["why"], "Step 1: must be an object"),
        ([{"why": "W", "answer": "A"}] * 11, "At most 10 steps"),
        ("why?", "must be a list"),
        ({"why": "W"}, "must be a list"),
        ([{"why": "W" * 501, "answer": "A"}], "longer than 500"),
    ],
)
def test_a_bad_5_whys_chain_is_refused_with_a_message_per_step_and_nothing_written(
    organization: Any, quality_manager: Any, whys: Any, message: str
) -> None:
    nc = NonconformityFactory(organization=organization)
    with pytest.raises(ValidationError) as caught:
        _create(quality_manager, organization, nc, five_whys=whys)
    assert any(message in text for text in caught.value.message_dict["five_whys"])
    assert not RootCauseAnalysis.objects.filter(nonconformity=nc).exists()


def test_every_bad_step_is_named_at_once(organization: Any, quality_manager: Any) -> None:
    nc = NonconformityFactory(organization=organization)
    whys = [{"why": "W", "answer": "A"}, {"why": "", "answer": ""}, {"why": "W", "answer": ""}]
    with pytest.raises(ValidationError) as caught:
        _create(quality_manager, organization, nc, five_whys=whys)
    assert caught.value.message_dict["five_whys"] == [
        "Step 2: the why is empty.",
        "Step 2: the answer is empty.",
        "Step 3: the answer is empty.",
    ]


@pytest.mark.parametrize(
    ("ishikawa", "message"),
    [
        ({"money": ["x"]}, "Unknown category 'money'"),
        ({"man": "tired"}, "must be a list of causes"),
        ({"man": [""]}, "cause 1: is empty"),
        ({"man": [4]}, "cause 1: must be text"),
        ({"man": ["x" * 121]}, "longer than 120"),
        ({"man": ["x"] * 9}, "at most 8 causes"),
        (["man"], "must be an object"),
    ],
)
def test_a_bad_ishikawa_is_refused(
    organization: Any, quality_manager: Any, ishikawa: Any, message: str
) -> None:
    nc = NonconformityFactory(organization=organization)
    with pytest.raises(ValidationError) as caught:
        _create(quality_manager, organization, nc, ishikawa=ishikawa)
    assert any(message in text for text in caught.value.message_dict["ishikawa"])


def test_a_bad_cause_category_is_refused(organization: Any, quality_manager: Any) -> None:
    nc = NonconformityFactory(organization=organization)
    with pytest.raises(ValidationError) as caught:
        _create(quality_manager, organization, nc, cause_category="money")
    assert "cause_category" in caught.value.message_dict


def test_one_analysis_per_cycle_and_none_for_a_closed_nc(
    organization: Any, quality_manager: Any
) -> None:
    nc = NonconformityFactory(organization=organization)
    _create(quality_manager, organization, nc)
    with pytest.raises(ValidationError) as caught:
        _create(quality_manager, organization, nc)
    assert "already has a root-cause analysis" in caught.value.message_dict["nonconformity"][0]
    closed = NonconformityFactory(organization=organization, status="closed")
    with pytest.raises(Conflict, match="closed"):
        _create(quality_manager, organization, closed)


def test_an_earlier_cycles_analysis_stays_read_only_and_a_new_cycle_starts_fresh(
    organization: Any, quality_manager: Any
) -> None:
    nc = NonconformityFactory(organization=organization)
    first = _create(quality_manager, organization, nc, root_cause="First idea")
    type(nc)._base_manager.filter(pk=nc.pk).update(cycle=2)  # the workflow's new cycle
    nc.refresh_from_db()

    with pytest.raises(Conflict, match="cycle 1"):
        services.root_cause_analysis_update(
            actor=quality_manager, instance=first, data={"root_cause": "Rewritten"}
        )
    second = services.root_cause_analysis_save(
        actor=quality_manager, nonconformity=nc, data={"five_whys": WHYS, "root_cause": "Real"}
    )
    assert second.pk != first.pk and second.cycle == 2
    first.refresh_from_db()
    assert first.root_cause == "First idea"


def test_an_update_is_audited_follows_the_analyst_and_refuses_a_stale_version(
    organization: Any, quality_manager: Any, owner: Any
) -> None:
    analysis = RootCauseAnalysisFactory(organization=organization)
    updated = services.root_cause_analysis_update(
        actor=owner, instance=analysis, data={"root_cause": "Changed"}, version=1
    )
    assert updated.version == 2 and updated.analysed_by == owner
    assert _events("root_cause_analysis.updated") == 1
    with pytest.raises(StaleVersion):
        services.root_cause_analysis_update(
            actor=owner, instance=analysis, data={"root_cause": "Again"}, version=1
        )
    with pytest.raises(ValidationError):
        services.root_cause_analysis_update(actor=owner, instance=analysis, data={"cycle": 5})


# --- Dispositions ------------------------------------------------------------------------


def _dispose(actor: Any, organization: Any, nc: Any, **data: Any) -> Disposition:
    values = {"nonconformity": nc, "kind": "rework", "quantity": Decimal("2"), **data}
    return services.disposition_create(actor=actor, organization=organization, data=values)


def test_dispositions_may_not_exceed_the_quantity_affected(
    organization: Any, quality_manager: Any
) -> None:
    nc = NonconformityFactory(
        organization=organization, quantity_affected=Decimal("10"), quantity_unit="pcs"
    )
    first = _dispose(quality_manager, organization, nc, quantity=Decimal("7.5"))
    assert first.unit == "pcs"
    with pytest.raises(ValidationError) as caught:
        _dispose(quality_manager, organization, nc, kind="scrap", quantity=Decimal("3"))
    assert caught.value.message_dict["quantity"] == [
        "Only 2.5 pcs of the 10 pcs affected are still without a disposition (7.5 pcs "
        "already have one); 3 pcs is too much."
    ]
    _dispose(quality_manager, organization, nc, kind="scrap", quantity=Decimal("2.5"))
    assert _events("disposition.recorded") == 2


@pytest.mark.parametrize("quantity", [Decimal("0"), Decimal("-1")])
def test_a_quantity_must_be_more_than_zero(
    organization: Any, quality_manager: Any, quantity: Decimal
) -> None:
    nc = NonconformityFactory(organization=organization, quantity_unit="pcs")
    with pytest.raises(ValidationError) as caught:
        _dispose(quality_manager, organization, nc, quantity=quantity)
    assert "quantity" in caught.value.message_dict


def test_a_concession_needs_who_authorised_it(
    organization: Any, quality_manager: Any, owner: Any, outsider: Any
) -> None:
    nc = NonconformityFactory(organization=organization, quantity_unit="pcs")
    with pytest.raises(ValidationError) as caught:
        _dispose(quality_manager, organization, nc, kind="use_as_is")
    assert caught.value.message_dict["authorised_by"] == [
        "A concession needs the person who authorised it."
    ]
    with pytest.raises(ValidationError):
        _dispose(quality_manager, organization, nc, kind="use_as_is", authorised_by=outsider)
    concession = _dispose(
        quality_manager,
        organization,
        nc,
        kind="use_as_is",
        authorised_by=owner,
        concession_reference="CUST-DEV-12",
    )
    assert concession.authorised_by == owner


def test_a_unit_other_than_the_ncs_is_refused(organization: Any, quality_manager: Any) -> None:
    nc = NonconformityFactory(organization=organization, quantity_unit="kg")
    with pytest.raises(ValidationError) as caught:
        _dispose(quality_manager, organization, nc, unit="pcs")
    assert "in kg" in caught.value.message_dict["unit"][0]
    bare = NonconformityFactory(organization=organization)
    with pytest.raises(ValidationError) as caught:
        _dispose(quality_manager, organization, bare)
    assert "unit" in caught.value.message_dict


def test_a_correction_voids_the_earlier_disposition_with_a_reason(
    organization: Any, quality_manager: Any
) -> None:
    nc = NonconformityFactory(
        organization=organization, quantity_affected=Decimal("5"), quantity_unit="pcs"
    )
    wrong = _dispose(quality_manager, organization, nc, quantity=Decimal("5"))
    with pytest.raises(ValidationError) as caught:
        _dispose(
            quality_manager, organization, nc, kind="scrap", quantity=Decimal("5"), replaces=wrong
        )
    assert "replace_reason" in caught.value.message_dict
    right = _dispose(
        quality_manager,
        organization,
        nc,
        kind="scrap",
        quantity=Decimal("5"),
        replaces=wrong,
        replace_reason="The parts could not be reworked.",
    )
    wrong.refresh_from_db()
    assert wrong.status == DispositionStatus.VOIDED
    assert right.replaces == wrong
    assert Disposition.objects.filter(nonconformity=nc).count() == 2  # nothing deleted
    assert _events("disposition.voided") == 1


def test_nothing_is_disposed_of_a_closed_nc(organization: Any, quality_manager: Any) -> None:
    nc = NonconformityFactory(organization=organization, status="closed", quantity_unit="pcs")
    with pytest.raises(Conflict):
        _dispose(quality_manager, organization, nc)
    existing = DispositionFactory(organization=organization, nonconformity=nc)
    assert existing.pk


def test_a_disposition_date_is_neither_in_the_future_nor_before_detection(
    organization: Any, quality_manager: Any
) -> None:
    import datetime as dt

    from django.utils import timezone

    nc = NonconformityFactory(organization=organization, quantity_unit="pcs")
    for day in (timezone.localdate() + dt.timedelta(days=1), nc.detected_on - dt.timedelta(days=1)):
        with pytest.raises(ValidationError) as caught:
            _dispose(quality_manager, organization, nc, decided_on=day)
        assert "decided_on" in caught.value.message_dict


def test_an_8d_team_of_members_is_kept_and_one_outsider_refuses_it(
    organization: Any, quality_manager: Any, employee: Any, outsider: Any
) -> None:
    nc = NonconformityFactory(organization=organization)
    report = services.eight_d_report_create(
        actor=quality_manager,
        organization=organization,
        data={"nonconformity": nc, "d1_team_members": [quality_manager, employee]},
    )
    assert set(report.d1_team_members.all()) == {quality_manager, employee}
    other = NonconformityFactory(organization=organization)
    with pytest.raises(ValidationError) as refused:
        services.eight_d_report_create(
            actor=quality_manager,
            organization=organization,
            data={"nonconformity": other, "d1_team_members": [employee, outsider]},
        )
    assert "d1_team_members" in refused.value.message_dict
