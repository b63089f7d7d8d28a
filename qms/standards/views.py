"""Pages of the standards library: the library, our standards, clause trees, clause pages,
the edition transition. Every page is inside the current organization; the library is
readable by every member, the organization's data goes through the selectors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from qms.core.errors import StaleVersion
from qms.core.permissions import has_object_perm, role_has_perm
from qms.core.tables import Column
from qms.core.views.generic import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    apply_validation_error,
)

from . import selectors, services
from .filtersets import EvidenceFilterSet
from .forms import AdoptForm, ApplicabilityForm
from .models import (
    AuditTimeTable,
    Clause,
    ClauseApplicability,
    ClauseEvidence,
    IafCode,
    StandardEdition,
)
from .specs import APPLICABILITY, EVIDENCE, ORGANIZATION_STANDARD, ORGANIZATION_STANDARD_CHANGE

View = Callable[..., HttpResponse]


def member_page(view: View) -> View:
    """Login required, and a current organization (else the "no organization" page)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if getattr(request, "organization", None) is None:
            if kwargs:
                raise Http404
            return render(request, "core/no_organization.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


def _can(request: HttpRequest, perm: str) -> bool:
    return role_has_perm(request.membership.roles, perm)  # type: ignore[attr-defined]


def _require(request: HttpRequest, perm: str) -> None:
    if not _can(request, perm):
        raise PermissionDenied


def _crumbs(*items: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("Home"), reverse("core:dashboard")), *items]


def _adopted_edition(request: HttpRequest, pk: int) -> StandardEdition:
    """An edition the organization adopted (404 otherwise: its tree does not exist here)."""
    organization = request.organization  # type: ignore[attr-defined]
    if pk not in selectors.adopted_edition_ids(organization=organization):
        raise Http404
    return get_object_or_404(selectors.edition_list(), pk=pk)


# --- Library and adoption ---------------------------------------------------------------


@member_page
def library(request: HttpRequest) -> HttpResponse:
    _require(request, "standards.view_standard")
    adopted = set(selectors.adopted_edition_ids(organization=request.organization))  # type: ignore[attr-defined]
    context = {
        "title": _("Standards library"),
        "standards": selectors.standard_list(),
        "adopted": adopted,
        "rules": selectors.transition_rules(),
        "breadcrumbs": _crumbs((_("Standards library"), None)),
    }
    return render(request, "standards/library.html", context)


def _adopted_page(request: HttpRequest, form: AdoptForm | None, status: int = 200) -> HttpResponse:
    organization = request.organization  # type: ignore[attr-defined]
    context = {
        "title": _("Our standards"),
        "adopted": selectors.adopted_list(user=request.user, organization=organization),
        "form": form,
        "can_remove": _can(request, "standards.delete_organizationstandard"),
        "rules": selectors.transition_rules(),
        "breadcrumbs": _crumbs((_("Our standards"), None)),
    }
    return render(request, "standards/adopted_list.html", context, status=status)


@member_page
def adopted_list(request: HttpRequest) -> HttpResponse:
    _require(request, "standards.view_organizationstandard")
    organization = request.organization  # type: ignore[attr-defined]
    can_add = _can(request, "standards.add_organizationstandard")
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        form = AdoptForm(request.POST, organization=organization)
        if form.is_valid():
            try:
                adopted = services.organization_standard_adopt(
                    actor=request.user,  # type: ignore[arg-type]
                    organization=organization,
                    data=form.cleaned_data,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("%(edition)s adopted.") % {"edition": adopted})
                return HttpResponseRedirect(reverse("standards:organizationstandard_list"))
        return _adopted_page(request, form, status=400)
    return _adopted_page(request, AdoptForm(organization=organization) if can_add else None)


@member_page
@require_POST
def adopted_remove(request: HttpRequest, pk: int) -> HttpResponse:
    queryset = selectors.adopted_list(user=request.user, organization=request.organization)  # type: ignore[attr-defined]
    adopted = get_object_or_404(queryset, pk=pk)
    _require(request, "standards.delete_organizationstandard")
    version = request.POST.get("version", "")
    try:
        services.organization_standard_remove(
            actor=request.user,  # type: ignore[arg-type]
            instance=adopted,
            version=int(version) if version.isdigit() else None,
        )
    except StaleVersion as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(edition)s removed from your standards.") % {"edition": adopted}
        )
    return HttpResponseRedirect(reverse("standards:organizationstandard_list"))


# --- Clause tree and clause page --------------------------------------------------------


@member_page
def clause_tree(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "standards.view_clause")
    edition = _adopted_edition(request, pk)
    groups = selectors.clause_tree(organization=request.organization, edition=edition)  # type: ignore[attr-defined]
    context = {
        "title": str(edition),
        "edition": edition,
        "groups": groups,
        "breadcrumbs": _crumbs(
            (_("Our standards"), reverse("standards:organizationstandard_list")),
            (str(edition), None),
        ),
    }
    return render(request, "standards/clause_tree.html", context)


def _clause_page(
    request: HttpRequest, pk: int, form: ApplicabilityForm | None = None, status: int = 200
) -> HttpResponse:
    organization = request.organization  # type: ignore[attr-defined]
    try:
        clause = selectors.clause_get(urn_or_pk=pk)
    except Clause.DoesNotExist:
        raise Http404 from None
    adopted = clause.edition_id in selectors.adopted_edition_ids(organization=organization)
    rows = selectors.clause_section(organization=organization, clause=clause) if adopted else []
    excluded = next((row for row in rows if row.clause.pk == clause.pk), None)
    can_exclude = adopted and _can(request, "standards.add_clauseapplicability")
    if form is None and can_exclude and clause.may_be_not_applicable:
        initial = {}
        if excluded is not None and excluded.status == "not_applicable":
            initial = {"not_applicable": True, "justification": excluded.justification}
        form = ApplicabilityForm(initial=initial)
    edition = clause.edition
    context = {
        "title": f"{clause.reference} {clause.display_title}",
        "clause": clause,
        "adopted": adopted,
        "rows": rows,
        "equivalents": selectors.clause_equivalents(clause=clause),
        "form": form,
        "can_review": _can(request, "standards.review_clauseevidence"),
        "can_unlink": _can(request, "standards.delete_clauseevidence"),
        "breadcrumbs": _crumbs(
            (_("Our standards"), reverse("standards:organizationstandard_list")),
            (
                str(edition),
                reverse("standards:clause_tree", args=[edition.pk]) if adopted else None,
            ),
            (clause.number, None),
        ),
    }
    return render(request, "standards/clause_detail.html", context, status=status)


@member_page
def clause_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "standards.view_clause")
    return _clause_page(request, pk)


@member_page
@require_POST
def clause_applicability(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        clause = selectors.clause_get(urn_or_pk=pk)
    except Clause.DoesNotExist:
        raise Http404 from None
    _require(request, "standards.add_clauseapplicability")
    form = ApplicabilityForm(request.POST)
    if form.is_valid():
        try:
            services.clause_applicability_set(
                actor=request.user,  # type: ignore[arg-type]
                organization=request.organization,  # type: ignore[attr-defined]
                clause=clause,
                applicable=not form.cleaned_data["not_applicable"],
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("Applicability of %(number)s saved.") % {"number": clause.number}
            )
            return HttpResponseRedirect(clause.get_absolute_url())
    return _clause_page(request, pk, form, status=400)


def _errors_to_form(form: ApplicabilityForm, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        target = "not_applicable" if field == "applicable" else field
        for message in errors:
            form.add_error(target if target in form.fields else None, message)


def _evidence(request: HttpRequest, pk: int) -> Any:
    queryset = selectors.evidence_list(user=request.user, organization=request.organization)  # type: ignore[attr-defined]
    return get_object_or_404(queryset.select_related("clause"), pk=pk)


@member_page
@require_POST
def evidence_review(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(request, pk)
    if not has_object_perm(request.user, evidence, "review", organization=request.organization):  # type: ignore[attr-defined]
        raise PermissionDenied
    services.evidence_review(actor=request.user, evidence=evidence)  # type: ignore[arg-type]
    messages.success(request, _("Evidence marked as reviewed."))
    return HttpResponseRedirect(evidence.clause.get_absolute_url())


@member_page
@require_POST
def evidence_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence(request, pk)
    if not has_object_perm(request.user, evidence, "delete", organization=request.organization):  # type: ignore[attr-defined]
        raise PermissionDenied
    clause = evidence.clause
    services.evidence_unlink(actor=request.user, evidence=evidence)  # type: ignore[arg-type]
    messages.success(request, _("Evidence unlinked from %(number)s.") % {"number": clause.number})
    return HttpResponseRedirect(clause.get_absolute_url())


# --- Edition transition -----------------------------------------------------------------


@member_page
def transition(request: HttpRequest, old: int, new: int) -> HttpResponse:
    _require(request, "standards.view_transitionrule")
    editions = {
        edition.pk: edition for edition in selectors.edition_list().filter(pk__in=[old, new])
    }
    if old not in editions or new not in editions:
        raise Http404
    diff = selectors.edition_transition(
        organization=request.organization,  # type: ignore[attr-defined]
        old=editions[old],
        new=editions[new],
    )
    if diff.rule is None and not any(diff.changes.values()):
        raise Http404
    title = _("From %(old)s to %(new)s") % {"old": editions[old], "new": editions[new]}
    context = {
        "title": title,
        "diff": diff,
        "breadcrumbs": _crumbs(
            (_("Standards library"), reverse("standards:library")), (title, None)
        ),
    }
    return render(request, "standards/transition.html", context)


# --- Certification reference data: IAF codes and audit-time tables ----------------------


@member_page
def iaf_codes(request: HttpRequest) -> HttpResponse:
    _require(request, "standards.view_iafcode")
    title = _("IAF codes")
    context = {
        "title": title,
        "codes": IafCode.objects.order_by("position", "code"),
        "breadcrumbs": _crumbs(
            (_("Standards library"), reverse("standards:library")), (title, None)
        ),
    }
    return render(request, "standards/iaf_codes.html", context)


@member_page
def audit_time_tables(request: HttpRequest) -> HttpResponse:
    _require(request, "standards.view_audittimetable")
    title = _("Audit-time tables")
    tables = []
    for table in AuditTimeTable.objects.order_by("name", "-valid_from", "id"):
        rows = [
            {
                "min": row["min"],
                "max": row["max"],
                "cells": [
                    (category, (row["days"] or {}).get(category)) for category in table.categories
                ],
            }
            for row in table.rows
        ]
        tables.append({"table": table, "rows": rows})
    context = {
        "title": title,
        "tables": tables,
        "breadcrumbs": _crumbs(
            (_("Standards library"), reverse("standards:library")), (title, None)
        ),
    }
    return render(request, "standards/audit_time_tables.html", context)


# --- The organization's records, through core's generic views -----------------------------


class OrganizationStandardDetailView(ObjectDetailView):
    spec = ORGANIZATION_STANDARD


class OrganizationStandardUpdateView(ObjectUpdateView):
    spec = ORGANIZATION_STANDARD
    form_class = ORGANIZATION_STANDARD_CHANGE.form_class()
    update_service = staticmethod(services.organization_standard_update)


class OrganizationStandardDeleteView(ObjectDeleteView):
    spec = ORGANIZATION_STANDARD
    delete_service = staticmethod(services.organization_standard_remove)


class ApplicabilityListView(ObjectListView):
    model = ClauseApplicability
    columns = APPLICABILITY.columns
    title = str(_l("Clauses declared not applicable"))


class ApplicabilityDetailView(ObjectDetailView):
    spec = APPLICABILITY
    fields = (Column("clause"), Column("applicable"), Column("justification"))


class ApplicabilityUpdateView(ObjectUpdateView):
    spec = APPLICABILITY
    update_service = staticmethod(services.clause_applicability_update)


class ApplicabilityDeleteView(ObjectDeleteView):
    spec = APPLICABILITY
    delete_service = staticmethod(services.clause_applicability_delete)


class EvidenceListView(ObjectListView):
    model = ClauseEvidence
    filterset_class = EvidenceFilterSet
    columns = EVIDENCE.columns
    title = str(_l("Clause evidence"))


class EvidenceDetailView(ObjectDetailView):
    spec = EVIDENCE
    fields = (
        Column("clause"),
        Column("content_type", _l("Record type")),
        Column("object_id", _l("Record id")),
        Column("note"),
        Column("reviewed_at"),
        Column("reviewed_by"),
        Column("created_by", _l("Linked by")),
    )


class EvidenceUpdateView(ObjectUpdateView):
    spec = EVIDENCE
    update_service = staticmethod(services.evidence_update)


class EvidenceDeleteView(ObjectDeleteView):
    spec = EVIDENCE
    delete_service = staticmethod(services.evidence_delete)
