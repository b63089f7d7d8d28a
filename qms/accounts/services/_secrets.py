"""Secrets (invitation links, API tokens) are stored only as their SHA-256 (core's helper)."""

from __future__ import annotations

from qms.core.secret_hash import hash_secret

__all__ = ["hash_secret"]
