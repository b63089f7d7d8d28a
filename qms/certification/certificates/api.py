from rest_framework.routers import SimpleRouter


def register(router: SimpleRouter) -> None:
    """Registers this area's API viewsets on the certification router."""
