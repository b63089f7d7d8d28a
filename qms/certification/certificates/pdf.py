"""The certificate as PDF (core.pdf, WeasyPrint): what ISO/IEC 17021-1 §8.2.2 asks a
certificate to show, in English or German (`language`, Django's translations):

the certification body's name and address; the certified organization and its sites; the
scope; each standard with its edition; the IAF codes; the initial certification date, the
current cycle, the effective date and the issue date of this revision, the expiry date; the
certificate number and revision; the accreditation body and number when issued under
accreditation; the status in large letters when it is not active (suspended, withdrawn, …);
and a QR code to the public verification page, with its address in words.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from qms.core.pdf import pdf_response, render_pdf
from qms.core.qr import qr_svg

from ..body.selectors import certification_body_of
from ..choices import CertificateStatus
from ..models import Certificate
from . import selectors
from .services import publishing

TEMPLATE = "certification/certificates/pdf/certificate.html"
LANGUAGES = ("en", "de")


def certificate_context(certificate: Certificate) -> dict[str, Any]:
    """What the template shows (tests read it without WeasyPrint)."""
    cert = selectors.certificate_for_output(certificate)
    body = certification_body_of(cert.organization_id)
    url = publishing.verification_link(cert)
    editions = sorted(cert.editions.all(), key=lambda e: e.standard.code)
    return {
        "certificate": cert,
        "body_name": body.name if body is not None else cert.organization.name,
        "body_address": body.address if body is not None else "",
        "sites": publishing.site_lines(cert),
        "standards": [f"{e.standard.code}:{e.edition}" for e in editions],
        "standard_titles": [e.standard.title for e in editions],
        "iaf_codes": sorted(cert.iaf_codes.all(), key=lambda c: (c.position, c.code)),
        "accreditation": cert.accreditation if cert.accredited else None,
        "watermark": ""
        if cert.status == CertificateStatus.ACTIVE
        else str(cert.get_status_display()).upper(),
        "verification_url": url,
        "qr": qr_svg(url, scale=3, title=_("Verify this certificate")),
    }


def certificate_pdf(certificate: Certificate, *, language: str = "en") -> bytes:
    """The certificate in `language` ("en" or "de"; another falls back to English)."""
    language = language if language in LANGUAGES else "en"
    with translation.override(language):
        context = certificate_context(certificate)
        cert = context["certificate"]
        label = _("Certificate %(number)s rev. %(revision)s") % {
            "number": cert.number,
            "revision": cert.revision,
        }
        return render_pdf(
            template_name=TEMPLATE,
            context={**context, "language": language},
            title=_("Certificate"),
            organization_name=context["body_name"],
            header_right=label,
            footer_note=_("Verify at %(url)s") % {"url": context["verification_url"]},
        )


def certificate_response(certificate: Certificate, *, language: str = "en") -> HttpResponse:
    return pdf_response(
        pdf=certificate_pdf(certificate, language=language),
        filename=f"certificate-{certificate.number}-rev{certificate.revision}-{language}.pdf",
    )
