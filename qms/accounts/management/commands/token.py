"""`qms token create --user EMAIL [--name N] [--organization SLUG]` prints a new token only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from qms.accounts import selectors, services
from qms.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Create, list or revoke personal API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it (and nothing else).")
        create.add_argument("--user", required=True, help="E-mail address of the token's user.")
        create.add_argument("--name", default="CLI token", help="What the token is for.")
        create.add_argument(
            "--organization",
            help="Slug of the organization the token acts in (default: the user's first).",
        )
        listing = sub.add_parser("list", help="List a user's tokens.")
        listing.add_argument("--user", required=True)
        revoke = sub.add_parser("revoke", help="Revoke a token by its prefix (e.g. qms_AbC123).")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options["user"], options["name"], options.get("organization"))
        elif action == "list":
            for token in selectors.token_list(user=self._user(options["user"])):
                state = "revoked" if token.revoked_at else "active"
                used = token.last_used_at.isoformat() if token.last_used_at else "never"
                self.stdout.write(
                    f"{token.prefix}\t{token.organization.slug}\t{state}\t{used}\t{token.name}"
                )
        else:
            self._revoke(options["prefix"])

    def _user(self, email: str) -> User:
        user = User.objects.filter(email=email.strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with e-mail {email!r}.")
        return user

    def _create(self, email: str, name: str, slug: str | None) -> None:
        user = self._user(email)
        memberships = selectors.memberships_of(user=user)
        if slug:
            memberships = memberships.filter(organization__slug=slug)
        membership = memberships.order_by("created_at", "id").first()
        if membership is None:
            where = f"organization {slug!r}" if slug else "any organization"
            raise CommandError(f"{user.email} is not a member of {where}.")
        if not name.strip():
            raise CommandError("--name must not be empty.")
        try:
            _token, secret = services.token_create(
                actor=user, user=user, organization=membership.organization, name=name
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(secret)

    def _revoke(self, prefix: str) -> None:
        tokens = list(
            ApiToken.objects.filter(prefix=prefix, revoked_at=None).select_related("user")
        )
        if not tokens:
            raise CommandError(f"No active token with prefix {prefix!r}.")
        if len(tokens) > 1:
            raise CommandError(f"{len(tokens)} tokens share prefix {prefix!r}; revoke in the UI.")
        services.token_revoke(actor=tokens[0].user, token=tokens[0])
        self.stderr.write(f"Revoked {prefix}.")
