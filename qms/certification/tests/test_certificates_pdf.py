"""The certificate PDF: every §8.2.2 field in words (pdftotext), German on request, the
status in large letters when not active, and the verification address."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from qms.certification.certificates import services
from qms.certification.certificates.pdf import certificate_context, certificate_pdf

from .factories_certificates import PASSWORD, CertWorld, build_cert_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


@pytest.fixture
def certificate(organization: Any) -> Any:
    world: CertWorld = build_cert_world(organization)
    programme = world.audited_programme()
    decision = services.decision_open(actor=world.manager, programme=programme, kind="initial")
    issued = services.decision_grant(
        actor=world.decider,
        decision=decision,
        reasons="Requirements met.",
        password=PASSWORD,
        scope="Design and manufacture of pressure gauges.",
    )
    issued.world = world
    return issued


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603 - a fixed local tool on our own file
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    )
    return " ".join(out.stdout.split())


def test_the_certificate_shows_every_required_field(certificate: Any, tmp_path: Path) -> None:
    text = _text(certificate_pdf(certificate), tmp_path)

    for expected in (
        "Acme Gauges Ltd Certification",
        "1 Audit Street, Leeds",
        "Gauges Client Ltd",
        "Main works",
        "Design and manufacture of pressure gauges.",
        "ISO 9001:2015",
        "17 (Basic metals",
        certificate.number,
        "Revision 1",
        "Initial certification",
        f"Expiry date {certificate.expiry_date:%Y-%m-%d}",
        f"Effective date {certificate.effective_date:%Y-%m-%d}",
        "Current cycle",
        certificate.accreditation.number,
        "/verify/",
    ):
        assert expected in text, expected
    assert "this certificate is not valid" not in text


def test_the_certificate_in_german(certificate: Any, tmp_path: Path) -> None:
    text = _text(certificate_pdf(certificate, language="de"), tmp_path)

    assert "Zertifikat" in text
    assert "GELTUNGSBEREICH DER ZERTIFIZIERUNG" in text.upper()
    assert "Gültig bis" in text


def test_a_suspended_certificate_says_so_in_large_letters(certificate: Any, tmp_path: Path) -> None:
    world = certificate.world
    services.certificate_suspend(
        actor=world.manager, certificate=certificate, reason_code="r3", reason="Asked."
    )

    text = _text(certificate_pdf(certificate), tmp_path)

    assert "SUSPENDED" in text
    assert "this certificate is not valid" in text
    assert certificate_context(certificate)["watermark"] == "SUSPENDED"
