"""Secrets handed out in links (invitations, API tokens, calendar feeds, survey answer
links) are stored only as their SHA-256: a database reader cannot use them."""

from __future__ import annotations

import hashlib


def hash_secret(secret: str) -> str:
    """The stored form of a secret: its SHA-256 as 64 hexadecimal characters."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
