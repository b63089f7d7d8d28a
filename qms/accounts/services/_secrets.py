"""Secrets (invitation links, API tokens) are stored only as their SHA-256."""

from __future__ import annotations

import hashlib


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()
