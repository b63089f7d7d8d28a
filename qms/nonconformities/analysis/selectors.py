"""Reads of the root-cause analysis, 8D reports and dispositions.

Contract used by the nonconformities workflow (close guard), the register and dashboards:
`root_cause_of(*, nonconformity) -> str`, `root_causes_of_many(*, nonconformities)`,
`root_cause_categories_of_many(*, nonconformities)` and `analyses_of(*, nonconformity)`.
They read for a nonconformity the caller has already read through its own rules, so they
scope by that nonconformity's organization.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Sum

from qms.core.permissions import RolesArg, as_roles, perm_name, roles_with_perm

from .choices import DispositionStatus
from .models import Disposition, EightDReport, RootCauseAnalysis
from .permissions import NC_MANAGER

if TYPE_CHECKING:
    from qms.nonconformities.models import Nonconformity


def current_analysis(*, nonconformity: Nonconformity) -> RootCauseAnalysis | None:
    """The analysis of the nonconformity's current action cycle, if one was started."""
    found: RootCauseAnalysis | None = (
        RootCauseAnalysis.objects.for_organization(nonconformity.organization_id)
        .filter(nonconformity_id=nonconformity.pk, cycle=nonconformity.cycle)
        .select_related("analysed_by")
        .first()
    )
    return found


def root_cause_of(*, nonconformity: Nonconformity) -> str:
    """The root-cause statement recorded for the NC's current cycle ("" if none)."""
    found = (
        RootCauseAnalysis.objects.for_organization(nonconformity.organization_id)
        .filter(nonconformity_id=nonconformity.pk, cycle=nonconformity.cycle)
        .values_list("root_cause", flat=True)
        .first()
    )
    return (found or "").strip()


def _current_values(nonconformities: Iterable[Any], column: str) -> dict[int, str]:
    rows = [nc for nc in nonconformities if getattr(nc, "pk", None) is not None]
    if not rows:
        return {}
    cycles = {nc.pk: nc.cycle for nc in rows}
    organizations = {nc.organization_id for nc in rows}
    found: dict[int, str] = {}
    queryset = RootCauseAnalysis.objects.filter(
        organization_id__in=sorted(organizations), nonconformity_id__in=sorted(cycles)
    ).values_list("nonconformity_id", "cycle", column)
    for nc_id, cycle, value in queryset:
        text = (value or "").strip()
        if cycles.get(nc_id) == cycle and text:
            found[nc_id] = text
    return found


def root_causes_of_many(*, nonconformities: Iterable[Any]) -> dict[int, str]:
    """Root-cause statements of the current cycle, by NC pk (NCs without one are absent).
    One query, whatever the number of nonconformities."""
    return _current_values(nonconformities, "root_cause")


def root_cause_categories_of_many(*, nonconformities: Iterable[Any]) -> dict[int, str]:
    """Cause categories (6M values) of the current cycle, by NC pk (absent when none)."""
    return _current_values(nonconformities, "cause_category")


def analyses_of(*, nonconformity: Nonconformity) -> models.QuerySet[RootCauseAnalysis]:
    """Every cycle's analysis of the nonconformity, the latest cycle first."""
    queryset: models.QuerySet[RootCauseAnalysis] = (
        RootCauseAnalysis.objects.for_organization(nonconformity.organization_id)
        .filter(nonconformity_id=nonconformity.pk)
        .select_related("analysed_by")
        .order_by("-cycle")
    )
    return queryset


def eight_d_report_of(*, nonconformity: Nonconformity) -> EightDReport | None:
    return (
        EightDReport.objects.for_organization(nonconformity.organization_id)
        .filter(nonconformity_id=nonconformity.pk)
        .first()
    )


def dispositions_of(*, nonconformity: Nonconformity) -> models.QuerySet[Disposition]:
    """Every disposition of the nonconformity (voided ones included), latest first."""
    return (
        Disposition.objects.for_organization(nonconformity.organization_id)
        .filter(nonconformity_id=nonconformity.pk)
        .select_related("authorised_by", "recorded_by", "replaces")
        .order_by("-decided_on", "-id")
    )


def dispositioned_quantity(
    *, nonconformity: Nonconformity, excluding: Iterable[int] = ()
) -> Decimal:
    """The quantity with a valid disposition (voided ones do not count)."""
    queryset = Disposition.objects.for_organization(nonconformity.organization_id).filter(
        nonconformity_id=nonconformity.pk, status=DispositionStatus.VALID
    )
    skip = list(excluding)
    if skip:
        queryset = queryset.exclude(pk__in=skip)
    total = queryset.aggregate(total=Sum("quantity"))["total"]
    return Decimal(total or 0)


# --- Lists (pages and API) ---------------------------------------------------------------


def analysis_list(*, user: Any, organization: Any) -> models.QuerySet[RootCauseAnalysis]:
    queryset: models.QuerySet[RootCauseAnalysis] = RootCauseAnalysis.objects.for_user(
        user, "view", organization=organization
    )
    return queryset.select_related("nonconformity", "analysed_by")


def eight_d_report_list(*, user: Any, organization: Any) -> models.QuerySet[EightDReport]:
    queryset = EightDReport.objects.for_user(user, "view", organization=organization)
    return queryset.select_related("nonconformity", "prepared_by")


def disposition_list(*, user: Any, organization: Any) -> models.QuerySet[Disposition]:
    queryset = Disposition.objects.for_user(user, "view", organization=organization)
    return queryset.select_related("nonconformity", "authorised_by")


# --- The nonconformity page's panel ------------------------------------------------------


@dataclass
class AnalysisPanel:
    """What the nonconformity's page shows of its analysis, 8D report and dispositions, and
    who may change them (roles, and for a conditional grant the people it holds for)."""

    nonconformity: Any
    current: RootCauseAnalysis | None
    earlier: list[RootCauseAnalysis]
    eight_d: EightDReport | None
    dispositions: list[Disposition]
    dispositioned: Decimal
    is_open: bool
    analysis_editors: frozenset[str] = field(default_factory=frozenset)
    disposition_adders: frozenset[str] = field(default_factory=frozenset)
    disposition_voiders: frozenset[str] = field(default_factory=frozenset)
    conditional_roles: frozenset[str] = field(default_factory=frozenset)
    managers_of_nc: frozenset[int] = field(default_factory=frozenset)

    def _may(self, holders: frozenset[str], roles: RolesArg, user_id: int | None) -> bool:
        """Whether a member with `roles` (one role, or a `Membership.roles`) holds a grant
        given to `holders`: through a role granted it outright, or through a conditional one
        when the member manages the nonconformity."""
        held = as_roles(roles) & holders
        if not held:
            return False
        return bool(held - self.conditional_roles) or user_id in self.managers_of_nc

    def may_edit(self, roles: RolesArg, user_id: int | None) -> bool:
        """Whether a member with `roles` (user `user_id`) may write the analysis and 8D."""
        return self._may(self.analysis_editors, roles, user_id)

    def may_add_disposition(self, roles: RolesArg, user_id: int | None) -> bool:
        return self._may(self.disposition_adders, roles, user_id)

    def may_void_disposition(self, roles: RolesArg, user_id: int | None) -> bool:
        return self._may(self.disposition_voiders, roles, user_id)

    @property
    def fishbone(self) -> Any:
        from .fishbone import fishbone_for

        if self.current is None:
            return None
        return fishbone_for(analysis=self.current, problem=self.nonconformity.title)

    @property
    def disposition_form(self) -> Any:
        """An empty disposition form for the page (it posts to the disposition page, which
        shows it again with the errors beside the fields when something is wrong)."""
        from .forms import DispositionForm

        return DispositionForm(
            organization=self.nonconformity.organization,
            nonconformity=self.nonconformity,
            auto_id="disposition-%s",
        )

    @property
    def remaining(self) -> Decimal | None:
        affected = self.nonconformity.quantity_affected
        return None if affected is None else max(affected - self.dispositioned, Decimal(0))


def analysis_panel(*, nonconformity: Nonconformity) -> AnalysisPanel:
    """Everything the panel shows, in a fixed number of queries."""
    analyses = list(analyses_of(nonconformity=nonconformity))
    current = next((a for a in analyses if a.cycle == nonconformity.cycle), None)
    for analysis in analyses:
        analysis.nonconformity = nonconformity  # no query per row for its label
    dispositions = list(dispositions_of(nonconformity=nonconformity))
    for disposition in dispositions:
        disposition.nonconformity = nonconformity
    dispositioned = sum(
        (d.quantity for d in dispositions if d.status == DispositionStatus.VALID), Decimal(0)
    )
    eight_d = eight_d_report_of(nonconformity=nonconformity)
    if eight_d is not None:
        eight_d.nonconformity = nonconformity
    managers = {nonconformity.owner_id}
    if nonconformity.process is not None:
        managers.add(nonconformity.process.owner_id)
    return AnalysisPanel(
        nonconformity=nonconformity,
        current=current,
        earlier=[a for a in analyses if a is not current],
        eight_d=eight_d,
        dispositions=dispositions,
        dispositioned=dispositioned,
        is_open=nonconformity.is_open,
        analysis_editors=roles_with_perm(perm_name(RootCauseAnalysis, "change")),
        disposition_adders=roles_with_perm(perm_name(Disposition, "add")),
        disposition_voiders=roles_with_perm(perm_name(Disposition, "void")),
        conditional_roles=frozenset({"process_owner"}),
        managers_of_nc=frozenset(pk for pk in managers if pk is not None),
    )


__all__ = [
    "NC_MANAGER",
    "AnalysisPanel",
    "analyses_of",
    "analysis_list",
    "analysis_panel",
    "current_analysis",
    "disposition_list",
    "dispositioned_quantity",
    "dispositions_of",
    "eight_d_report_list",
    "eight_d_report_of",
    "root_cause_categories_of_many",
    "root_cause_of",
    "root_causes_of_many",
]
