"""Preparing a certificate revision (ISO/IEC 17021-1 §8.2.2): its number from the body's
pattern, the holder and sites, scope, standards, IAF codes, the accreditation it is issued
under, and the dates of the cycle. Used by the decision (new certificates and revisions) and
by the reissue of a corrected revision."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from qms.core.services import model_create, sequence_next

from ...body.selectors import certification_body_of
from ...choices import AccreditationStatus
from ...models import Accreditation, Certificate, ClientSite
from .. import events, rules, selectors

NUMBER_KEY = "certification.certificate"
MAX_NUMBER_TRIES = 50
CREATE_FIELDS = (
    "number",
    "revision",
    "client",
    "programme",
    "decision",
    "previous",
    "holder_name",
    "holder_address",
    "sites",
    "sites_text",
    "scope",
    "editions",
    "iaf_codes",
    "accredited",
    "accreditation",
    "initial_certification_date",
    "cycle_start",
    "effective_date",
    "issue_date",
    "expiry_date",
    "languages",
    "confidential",
)


@dataclass
class CertificateContent:
    """What a revision prints; the services fill it from the programme, the decision or the
    previous revision."""

    holder_name: str
    holder_address: str
    scope: str
    editions: list[Any]
    iaf_codes: list[Any]
    sites: list[ClientSite] = field(default_factory=list)
    sites_text: str = ""
    accredited: bool = True
    languages: list[str] = field(default_factory=list)
    confidential: bool = False


def site_line(site: ClientSite) -> str:
    line = f"{site.name} — {' '.join(site.address.split())}"
    activities = " ".join(site.activities.split())
    return f"{line} ({activities})" if activities else line


def sites_text(sites: Sequence[ClientSite]) -> str:
    return "\n".join(site_line(site) for site in sites)


def covering_accreditation(
    *, organization: Any, editions: Sequence[Any], on_date: dt.date
) -> Accreditation | None:
    """The active accreditation whose scope lists the certificate's standards on the day."""
    edition_ids = [edition.pk for edition in editions]
    candidates = (
        Accreditation.objects.filter(
            organization=organization,
            status=AccreditationStatus.ACTIVE,
            valid_from__lte=on_date,
            valid_until__gte=on_date,
            scopes__edition_id__in=edition_ids,
            scopes__valid_from__lte=on_date,
            scopes__valid_until__gte=on_date,
        )
        .distinct()
        .order_by("accreditation_body", "number", "id")
    )
    return candidates.first()


def next_number(*, organization: Any, editions: Sequence[Any], on_date: dt.date) -> str:
    """A new certificate number from the body's pattern, never one already used."""
    body = certification_body_of(organization)
    pattern = body.certificate_number_pattern if body else "{prefix}-{year}-{seq:04d}"
    prefix = body.certificate_prefix if body else "CERT"
    standard = editions[0].standard.code if editions else ""
    yearly = "{year" in pattern
    for _attempt in range(MAX_NUMBER_TRIES):
        seq = sequence_next(
            organization_id=organization.pk, key=NUMBER_KEY, year=on_date.year, yearly=yearly
        )
        try:
            number = rules.certificate_number(
                pattern=pattern, prefix=prefix, year=on_date.year, standard=standard, seq=seq
            )
        except (ValueError, KeyError, IndexError) as error:
            raise ValidationError({"number": str(error)}) from error
        if not selectors.number_taken(organization_id=organization.pk, number=number):
            return number
    raise ValidationError(
        {"number": _("No free certificate number: check the body's number pattern.")}
    )


def create_revision(
    *,
    actor: Any,
    programme: Any,
    decision: Any,
    content: CertificateContent,
    number: str,
    revision: int,
    previous: Certificate | None,
    initial_certification_date: dt.date,
    cycle_start: dt.date | None,
    effective_date: dt.date,
    issue_date: dt.date,
    expiry_date: dt.date | None,
) -> Certificate:
    """A draft revision with every §8.2.2 field (the workflow's "grant" makes it active)."""
    organization = programme.organization
    accreditation = (
        covering_accreditation(
            organization=organization, editions=content.editions, on_date=effective_date
        )
        if content.accredited
        else None
    )
    certificate: Certificate = model_create(
        actor=actor,
        model=Certificate,
        organization=organization,
        data={
            "number": number,
            "revision": revision,
            "client": programme.client,
            "programme": programme,
            "decision": decision,
            "previous": previous,
            "holder_name": content.holder_name,
            "holder_address": content.holder_address,
            "sites": content.sites,
            "sites_text": content.sites_text or sites_text(content.sites),
            "scope": content.scope,
            "editions": content.editions,
            "iaf_codes": content.iaf_codes,
            "accredited": accreditation is not None,
            "accreditation": accreditation,
            "initial_certification_date": initial_certification_date,
            "cycle_start": cycle_start,
            "effective_date": effective_date,
            "issue_date": issue_date,
            "expiry_date": expiry_date,
            "languages": content.languages,
            "confidential": content.confidential,
        },
        fields=CREATE_FIELDS,
        event_type=events.CERTIFICATE_CREATED,
    )
    return certificate


def content_of(certificate: Certificate) -> CertificateContent:
    """A revision's printed content, as the start of the next revision."""
    return CertificateContent(
        holder_name=certificate.holder_name,
        holder_address=certificate.holder_address,
        scope=certificate.scope,
        editions=list(certificate.editions.all()),
        iaf_codes=list(certificate.iaf_codes.all()),
        sites=list(certificate.sites.all()),
        sites_text=certificate.sites_text,
        accredited=certificate.accredited,
        languages=list(certificate.languages or []),
        confidential=certificate.confidential,
    )


def ids(items: Iterable[Any]) -> set[int]:
    return {item.pk for item in items}
