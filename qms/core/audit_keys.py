"""Keys of the audit trail, all derived from one secret held outside the database.

`QMS_AUDIT_KEY` (settings.AUDIT_KEY) signs every chain head with HMAC-SHA256, so someone who
can write the database but not read the server's environment cannot roll a head back or
recompute a rewritten chain without `qms audit-verify` noticing. The checkpoint printed by
`qms audit-anchor` is signed with Ed25519; its private key is derived from the same secret
with HKDF (no second secret to manage), and its public key travels with the checkpoint so
an auditor can check the signature without any secret.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_HEAD_DOMAIN = "qms-audit-head"
_ANCHOR_INFO = b"qms-audit-anchor-ed25519-v1"


def audit_key() -> bytes:
    key = str(getattr(settings, "AUDIT_KEY", "") or "")
    if not key:
        raise RuntimeError("settings.AUDIT_KEY is empty: set QMS_AUDIT_KEY.")
    return key.encode("utf-8")


def head_mac(chain: str, sequence: int, last_hash: str, *, key: bytes | None = None) -> str:
    """HMAC-SHA256 over "qms-audit-head|<chain>|<sequence>|<hash>", hex."""
    message = f"{_HEAD_DOMAIN}|{chain}|{sequence}|{last_hash}".encode()
    return hmac.new(key or audit_key(), message, hashlib.sha256).hexdigest()


def head_mac_matches(chain: str, sequence: int, last_hash: str, mac: str) -> bool:
    return hmac.compare_digest(head_mac(chain, sequence, last_hash), mac or "")


def anchor_signing_key() -> Ed25519PrivateKey:
    """The Ed25519 key of checkpoints: HKDF-SHA256 of the audit key, domain-separated."""
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_ANCHOR_INFO).derive(
        audit_key()
    )
    return Ed25519PrivateKey.from_private_bytes(seed)
