"""`Authorization: Bearer <token>` for the REST API."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from . import services
from .middleware import attach_tenant
from .models import ApiToken, User


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _sep, secret = header.partition(" ")
        if scheme.lower() != "bearer":
            return None
        secret = secret.strip()
        if not secret or " " in secret:
            raise exceptions.AuthenticationFailed(_("Malformed Bearer token header."))
        found = services.token_authenticate(secret=secret)
        if found is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API token."))
        token, membership = found
        if membership is None:
            raise exceptions.AuthenticationFailed(_("The token's user left its organization."))
        # A token acts in its own organization only.
        attach_tenant(request._request, token.user, [membership], membership)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'
