"""API test helpers."""

from __future__ import annotations

from rest_framework.test import APIClient


def bearer_client(secret: str) -> APIClient:
    """An API client that sends `Authorization: Bearer <secret>` with every request."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client
