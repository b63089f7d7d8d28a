"""Placeholder; filled in below."""

from __future__ import annotations

from typing import Any


def event_recorded(event: Any) -> None:
    return None
