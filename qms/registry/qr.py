"""QR tokens: proof that the certification body with a given source key made a QR code.

The token of a certificate number is HMAC-SHA256 of its number key under a per-body secret,
base64url without padding, cut to 16 characters (96 bits). The secret is derived from
settings.AUDIT_KEY with HKDF-SHA256, info = "qms-registry-qr|<source key>|<generation>"; no
secret is stored, and raising `Source.qr_generation` invalidates a body's earlier tokens.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from qms.core.audit_keys import audit_key

from .normalize import number_key

TOKEN_LENGTH = 16


def source_secret(source_key: str, generation: int = 1) -> bytes:
    info = f"qms-registry-qr|{source_key}|{generation}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(audit_key())


def qr_token(*, source_key: str, number: str, generation: int = 1) -> str:
    mac = hmac.new(
        source_secret(source_key, generation), number_key(number).encode(), hashlib.sha256
    )
    return base64.urlsafe_b64encode(mac.digest()).decode("ascii").rstrip("=")[:TOKEN_LENGTH]


def qr_token_matches(*, source_key: str, number: str, generation: int, token: str) -> bool:
    expected = qr_token(source_key=source_key, number=number, generation=generation)
    return hmac.compare_digest(expected.encode(), (token or "").encode())
