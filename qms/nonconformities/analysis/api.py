"""API of the root-cause analysis: registered on the nonconformities router."""

from typing import Any


def register_routes(router: Any) -> None:
    """Add this sub-package's viewsets to the app's API router."""
