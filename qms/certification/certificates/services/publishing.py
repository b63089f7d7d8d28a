"""A certificate as the public registry and the client see it: the registry's
`PublishedCertificate` built from a revision (published in the caller's transaction) and
the client's mail about a status change (after commit)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from qms.core.notifications import notify

from ...body.selectors import certification_body_of
from ...choices import CertificateChange, CertificateStatus
from ...models import Certificate
from .. import rules, selectors

NOTIFICATION_KIND = "certification.certificate_status"
# The changes after which the client must stop using the certification marks.
STOP_USING_MARKS = frozenset(
    {
        CertificateChange.SUSPENDED,
        CertificateChange.WITHDRAWN,
        CertificateChange.CANCELLED,
        CertificateChange.EXPIRED,
    }
)


def source_key(organization_id: int) -> str:
    """The issuing body's stable key in this installation's registry."""
    return f"org:{organization_id}"


def registry_installed() -> bool:
    return apps.is_installed("qms.registry")


def site_lines(certificate: Certificate) -> list[str]:
    """One line per site as printed: the text typed for the certificate, else the sites."""
    typed = [line.strip() for line in certificate.sites_text.splitlines() if line.strip()]
    if typed:
        return typed
    return [f"{site.name} — {' '.join(site.address.split())}" for site in certificate.sites.all()]


def standards_of(certificate: Certificate) -> list[str]:
    return [
        f"{edition.standard.code}:{edition.edition}"
        for edition in sorted(certificate.editions.all(), key=lambda e: e.standard.code)
    ]


def codes_of(certificate: Certificate) -> list[str]:
    return sorted((code.code for code in certificate.iaf_codes.all()), key=_code_key)


def _code_key(code: str) -> tuple[int, str]:
    return (int(code), code) if code.isdigit() else (999, code)


def published(certificate: Certificate, *, change: str = "", reason_code: str = "") -> Any:
    """The registry's `PublishedCertificate` for this revision."""
    from qms.registry.services import PublishedCertificate

    cert = selectors.certificate_for_output(certificate)
    body = certification_body_of(cert.organization_id)
    organization = cert.organization
    accreditation = cert.accreditation if cert.accredited else None
    country = getattr(organization, "country", "")
    client = cert.client
    return PublishedCertificate(
        source_key=source_key(cert.organization_id),
        source_name=body.name if body is not None else organization.name,
        source_country=str(country.code if hasattr(country, "code") else country or ""),
        accreditation_body=accreditation.accreditation_body if accreditation else "",
        accreditation_number=accreditation.number if accreditation else "",
        recognition="IAF MLA" if accreditation else "",
        accredited=accreditation is not None,
        record_id=f"{cert.organization_id}:{cert.number}",
        number=cert.number,
        revision=cert.revision,
        holder_name=cert.holder_name,
        holder_trading_name=client.trading_name,
        holder_id=f"client:{client.pk}",
        country=str(client.country.code or ""),
        address=" ".join(cert.holder_address.split()),
        sites=tuple(site_lines(cert)),
        scope=cert.scope,
        standards=tuple(standards_of(cert)),
        iaf_codes=tuple(codes_of(cert)),
        original_issue_date=cert.initial_certification_date,
        issue_date=cert.issue_date,
        expiry_date=cert.expiry_date,
        status=rules.PUBLIC_STATUS.get(cert.status, cert.status),
        status_changed_on=cert.status_changed_on or cert.issue_date or timezone.localdate(),
        status_note=rules.status_note(
            status=cert.status, change=change, reason_code=reason_code or cert.suspension_reason
        ),
        listed=bool(client.public_listing_consent),
        confidential=cert.confidential,
    )


def publish(certificate: Certificate, *, change: str = "") -> bool:
    """Publish the revision to the registry in the caller's transaction (drafts and
    superseded revisions are not published: the registry row carries the current one).
    False when the registry is not installed."""
    if certificate.status in (CertificateStatus.DRAFT, CertificateStatus.SUPERSEDED):
        return False
    if not registry_installed():
        return False
    from qms.registry.services import publish_certificate

    publish_certificate(published(certificate, change=change))
    return True


def verification_link(certificate: Certificate) -> str:
    """The absolute address of the public verification page (the QR code's target)."""
    if registry_installed():
        from qms.registry.services import verification_url

        return verification_url(
            source_key=source_key(certificate.organization_id),
            number=certificate.number,
            absolute=True,
        )
    return f"{settings.BASE_URL}/verify/{certificate.number}/"


def tell_client(*, certificate: Certificate, change: str, reason: str) -> None:
    """Mail the client's contacts and notify its portal users (after commit)."""
    emails, users = selectors.client_recipients(certificate)
    label = CertificateChange(change).label if change in CertificateChange.values else change
    context = {
        "certificate": certificate,
        "change": label,
        "status": certificate.get_status_display(),
        "reason": reason,
        "stop_using_marks": change in STOP_USING_MARKS,
        "site_name": getattr(settings, "SITE_NAME", "qms"),
        "verification": verification_link(certificate),
    }
    subject = _("Certificate %(number)s: %(change)s") % {
        "number": certificate.number,
        "change": str(label).lower(),
    }
    body = render_to_string("certification/certificates/email/status_changed.txt", context)
    if users:
        notify(
            recipients=users,
            organization=certificate.organization,
            kind=NOTIFICATION_KIND,
            title=subject,
            body=body,
        )
    if emails:
        transaction.on_commit(
            lambda: send_mail(subject=subject, message=body, from_email=None, recipient_list=emails)
        )


def lookup_counts(certificates: list[Certificate]) -> dict[str, int]:
    """How often each certificate was verified by its number in the public registry this
    month, by number (one query; empty when the registry is not installed)."""
    if not certificates or not registry_installed():
        return {}
    from qms.registry.services import lookup_counts as registry_counts

    by_body: dict[int, list[str]] = {}
    for certificate in certificates:
        by_body.setdefault(certificate.organization_id, []).append(certificate.number)
    counts: dict[str, int] = {}
    for organization_id, numbers in by_body.items():
        counts.update(registry_counts(source_key=source_key(organization_id), numbers=numbers))
    return counts
