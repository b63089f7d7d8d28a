"""Reads of clients and applications: lists and detail pages (a fixed number of queries,
whatever the number of rows), the facts the workflow's guards hand to rules.py, and the
application review's check (competence and accredited scope, from the body's selectors)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse

from qms.organizations.models import Organization

from ..body import selectors as body_selectors
from ..models import (
    Application,
    CertAudit,
    CertificationProgramme,
    Client,
    ClientContact,
    ClientSite,
    TransferReview,
)
from . import rules


def client_list(*, user: Any, organization: Any) -> QuerySet[Client]:
    queryset: QuerySet[Client] = Client.objects.for_user(user, "view", organization=organization)
    return queryset


def client_detail_queryset(*, user: Any, organization: Any) -> QuerySet[Client]:
    """Clients with what their page shows besides sites, contacts and applications."""
    return (
        client_list(user=user, organization=organization)
        .select_related("linked_organization")
        .prefetch_related("iaf_codes", "standards_requested__standard")
    )


def client_sites(*, client: Client) -> list[ClientSite]:
    return list(ClientSite.objects.for_organization(client.organization_id).filter(client=client))


def client_contacts(*, client: Client) -> list[ClientContact]:
    return list(
        ClientContact.objects.for_organization(client.organization_id).filter(client=client)
    )


def client_applications(*, client: Client) -> list[Application]:
    return list(
        Application.objects.for_organization(client.organization_id)
        .filter(client=client)
        .prefetch_related("editions__standard")
    )


def client_programmes(*, client: Client) -> list[CertificationProgramme]:
    return list(
        CertificationProgramme.objects.for_organization(client.organization_id).filter(
            client=client
        )
    )


def programme_url(programme: CertificationProgramme) -> str | None:
    """The programme's page, once the programme area serves it."""
    try:
        return reverse("certification:programme_detail", args=[programme.pk])
    except NoReverseMatch:
        return None


def site_application_numbers(*, site: ClientSite) -> list[str]:
    """The numbers of the applications that name the site (they keep it on record)."""
    through = Application.sites.through
    application_ids = through.objects.filter(clientsite_id=site.pk).values("application_id")
    return list(
        Application.objects.for_organization(site.organization_id)
        .filter(pk__in=application_ids)
        .order_by("number")
        .values_list("number", flat=True)
    )


def site_audit_count(*, site: ClientSite) -> int:
    """How many certification audits name the site."""
    through = CertAudit.sites.through
    return through.objects.filter(clientsite_id=site.pk).count()


def other_central_functions(
    *, client_id: int, organization_id: int, exclude: int | None
) -> list[str]:
    queryset = ClientSite.objects.for_organization(organization_id).filter(
        client_id=client_id, is_central_function=True
    )
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return list(queryset.values_list("name", flat=True))


def application_list(*, user: Any, organization: Any) -> QuerySet[Application]:
    queryset: QuerySet[Application] = Application.objects.for_user(
        user, "view", organization=organization
    )
    return queryset.select_related("client")


def application_detail_queryset(*, user: Any, organization: Any) -> QuerySet[Application]:
    sites = ClientSite.objects.for_organization(organization)
    return (
        application_list(user=user, organization=organization)
        .select_related("reviewer", "client__linked_organization")
        .prefetch_related("editions__standard", "iaf_codes", Prefetch("sites", queryset=sites))
    )


def transfer_review_of(application: Application) -> TransferReview | None:
    review: TransferReview | None = (
        TransferReview.objects.for_organization(application.organization_id)
        .filter(application=application)
        .select_related("reviewer")
        .first()
    )
    return review


def transfer_facts(review: TransferReview | None) -> rules.TransferFacts | None:
    if review is None:
        return None
    return rules.TransferFacts(
        checklist=review.checklist or {},
        certificate_status=review.certificate_status,
        certificate_expiry=review.certificate_expiry,
        mla_signatory=review.issuing_body_mla_signatory,
        open_major_ncs=review.open_major_ncs,
        reviewed_on=review.reviewed_on,
    )


def review_check(*, application: Application, on_date: dt.date) -> dict[str, Any]:
    """The application review's check as stored on the application (JSON): the body's
    competence check (who is qualified per standard, the codes no one covers, the accredited
    scope) for the application's standards and IAF codes on `on_date`."""
    editions = [edition.pk for edition in application.editions.all()]
    codes = [code.pk for code in application.iaf_codes.all()]
    return body_selectors.competence_check(
        organization=application.organization_id,
        editions=editions,
        iaf_codes=codes,
        on_date=on_date,
    )


def competence_problems(check: dict[str, Any]) -> list[str]:
    """The competence messages of a stored check (per standard: no lead auditor, uncovered
    IAF codes); a check with no standard at all is a problem too."""
    standards = check.get("standards") or []
    if not standards:
        return ["No standard is requested: choose the standards of the application."]
    return [str(m) for entry in standards for m in entry.get("messages") or []]


def acceptance_of(
    *, application: Application, check: dict[str, Any], today: dt.date
) -> rules.Acceptance:
    """The acceptance verdict of the application with `check` (fresh or stored)."""
    transfer: list[str] = []
    if application.type == "transfer":
        transfer = rules.transfer_problems(
            transfer_facts(transfer_review_of(application)), today=today
        )
    return rules.acceptance(
        competence_problems=competence_problems(check),
        scope_problems=[str(p) for p in check.get("scope_problems") or []],
        non_accredited=application.non_accredited,
        non_accredited_reason=application.non_accredited_reason,
        transfer=transfer,
    )


def organization_by_slug(slug: str) -> Organization | None:
    """An organization of this installation by its short name (the link's lookup)."""
    return Organization.objects.filter(slug=slug.strip().lower()).first()
