"""API of this area: `register(router)` adds its viewsets (qms/certification/api/urls.py)."""

from rest_framework.routers import SimpleRouter


def register(router: SimpleRouter) -> None:
    pass
