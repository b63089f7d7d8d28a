"""Answer-link tokens: derived, never stored.

A token is HMAC-SHA256(SECRET_KEY, "surveys.invitation:<nonce>"), URL-safe base64 (43
characters, 256 bits). The invitation keeps only the token's SHA-256 (to find the
invitation when the link is opened) and the random nonce (so the e-mail task can rebuild the
link without the token ever being written anywhere, task queue included). A copy of the
database alone gives no working link.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from django.conf import settings

from qms.core.secret_hash import hash_secret

_SHAPE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_nonce() -> str:
    return secrets.token_hex(16)


def token_for(nonce: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"surveys.invitation:{nonce}".encode(), hashlib.sha256
    ).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def token_hash(token: str) -> str:
    return hash_secret(token)


def well_formed(token: str) -> bool:
    return bool(_SHAPE.match(token or ""))
