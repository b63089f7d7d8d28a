"""Personal API tokens: created, revoked and authenticated here; only a hash is stored."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from qms.core.audit import record_event
from qms.core.secret_hash import hash_secret as _hash

if TYPE_CHECKING:
    from qms.organizations.models import Organization

from .. import events
from ..models import ApiToken, Membership, User

TOKEN_PREFIX = "qms_"  # noqa: S105 - a public marker, not a secret


@transaction.atomic
def token_create(
    *, actor: User, user: User, organization: Organization, name: str
) -> tuple[ApiToken, str]:
    """Create a token for `user` acting in `organization`. The secret is returned once only."""
    if not Membership.objects.filter(user=user, organization=organization).exists():
        raise ValidationError(f"{user.email} is not a member of {organization.name}.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        organization=organization,
        name=name.strip(),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
        token_hash=_hash(secret),
    )
    token.full_clean()
    token.save()
    record_event(
        actor=actor,
        event_type=events.TOKEN_CREATED,
        subject=token,
        organization_id=organization.pk,
        after={"name": token.name, "prefix": token.prefix, "user": user.email},
    )
    return token, secret


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    record_event(
        actor=actor,
        event_type=events.TOKEN_REVOKED,
        subject=token,
        organization_id=token.organization_id,
        data={"name": token.name, "prefix": token.prefix},
    )
    return token


def token_authenticate(*, secret: str) -> tuple[ApiToken, Membership | None] | None:
    """The active token for a presented secret and its user's membership in the token's
    organization (None if the user left it), read in one indexed query (`token_hash` is
    unique; the membership comes through its (organization, user) unique index)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    connection = connections[DEFAULT_DB_ALIAS]
    lookup = _lookups.get(connection.alias)
    if lookup is None:
        lookup = _lookups[connection.alias] = _TokenLookup(connection)
    found = lookup.run(connection, _hash(secret))
    if found is None:
        return None
    token, member_id, member_role, member_additional_roles = found
    now = timezone.now()
    # Write last-used at most once a minute, so a busy client does not write per request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    if member_id is None:
        return token, None
    membership = Membership(
        id=member_id,
        organization=token.organization,
        user=token.user,
        role=str(member_role),
        additional_roles=list(member_additional_roles or ()),
    )
    return token, membership


_SENTINEL = "qms-token-hash-placeholder"


class _TokenLookup:
    """The token query, compiled to SQL once per database alias.

    Every API request authenticates, and building and compiling this ORM query (a join to
    the user and the organization, the membership as three subqueries) cost about 2 ms per
    request, several times the query itself. The SQL and its column converters depend on
    nothing but the database's vendor and settings, so they are built once per process from
    the same ORM expression and only the hash changes per request (an ASGI server runs each
    request in a new thread with a new connection object: keying by alias keeps the compiled
    query); the rows become model instances with `from_db`.
    """

    def __init__(self, connection: BaseDatabaseWrapper) -> None:
        member = Membership.objects.filter(
            user_id=OuterRef("user_id"), organization_id=OuterRef("organization_id")
        )
        # The tenant model, without importing its app (accounts does not depend on it).
        organization_model: Any = ApiToken._meta.get_field("organization").related_model
        self.models: tuple[Any, ...] = (ApiToken, User, organization_model)
        self.names = [
            [field.attname for field in model._meta.concrete_fields] for model in self.models
        ]
        columns = [
            *self.names[0],
            *(f"user__{name}" for name in self.names[1]),
            *(f"organization__{name}" for name in self.names[2]),
        ]
        queryset = (
            ApiToken.objects.filter(token_hash=_SENTINEL, revoked_at=None, user__is_active=True)
            .annotate(
                member_id=Subquery(member.values("id")[:1]),
                member_role=Subquery(member.values("role")[:1]),
                member_additional_roles=Subquery(member.values("additional_roles")[:1]),
            )
            .order_by()
            .values_list(*columns, "member_id", "member_role", "member_additional_roles")[:1]
        )
        self.alias = connection.alias
        self.compiler = queryset.query.get_compiler(connection=connection)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.hash_at = self.params.index(_SENTINEL)
        selected = [column for column, _sql, _alias in self.compiler.select]
        converters = self.compiler.get_converters(selected[: self.compiler.col_count])
        self.converters = list(converters.items())

    def run(
        self, connection: BaseDatabaseWrapper, token_hash: str
    ) -> tuple[ApiToken, int | None, str | None, list[str] | None] | None:
        params = list(self.params)
        params[self.hash_at] = token_hash
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows: Any = cursor.fetchmany(1)
        if not rows:
            return None
        row = list(rows[0])
        # What SQLCompiler.apply_converters does, with the calling thread's connection.
        for position, (functions, expression) in self.converters:
            for convert in functions:
                row[position] = convert(row[position], expression, connection)
        instances = []
        start = 0
        for model, names in zip(self.models, self.names, strict=True):
            instances.append(model.from_db(self.alias, names, row[start : start + len(names)]))
            start += len(names)
        token, user, organization = instances
        token.user = user
        token.organization = organization
        return token, row[start], row[start + 1], row[start + 2]


_lookups: dict[str, _TokenLookup] = {}
