"""Dashboard cards and dashboard pages.

Modules register a card: a template and a function giving its context. The function
receives the request (with `request.organization` and `request.membership`) and must use
selectors, so each card costs a bounded number of queries.

A card belongs to a page: "home" (the dashboard at `/`) unless it names another one, which
a module declares with `register_dashboard_page`; such a page is served at
`/dashboard/<slug>/` (URL name `core:dashboard_page`) to members one of whose roles holds
its permission.

    register_dashboard_page(DashboardPage(slug="improvement", title=_("Improvement"),
                                          permission="nonconformities.view_nonconformity"))
    register_card(Card("nonconformities.by_age", _("Open NCs by age"),
                       "nonconformities/cards/by_age.html", _by_age,
                       permission="nonconformities.view_nonconformity", page="improvement"))
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise

from .permissions import role_has_perm

HOME = "home"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Card:
    key: str
    title: str | Promise
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]
    permission: str | None = None
    weight: int = 100
    page: str = HOME


@dataclass(frozen=True)
class DashboardPage:
    """A page of cards beside the home dashboard, e.g. "improvement"."""

    slug: str
    title: str | Promise
    permission: str | None = None
    weight: int = 100

    def __post_init__(self) -> None:
        if not _SLUG.match(self.slug) or self.slug == HOME:
            raise ValueError(f"Dashboard page slug {self.slug!r} is not a lower-case slug.")


_CARDS: dict[str, Card] = {}
_PAGES: dict[str, DashboardPage] = {}


def register_card(card: Card) -> Card:
    if card.key in _CARDS:
        raise ValueError(f"Dashboard card {card.key!r} is registered twice.")
    _CARDS[card.key] = card
    return card


def register_dashboard_page(page: DashboardPage) -> DashboardPage:
    """Declare a dashboard page; declaring the same page again (same fields) is harmless."""
    known = _PAGES.get(page.slug)
    if known is not None and known != page:
        raise ValueError(f"Dashboard page {page.slug!r} is registered twice, differently.")
    _PAGES[page.slug] = page
    return page


def _roles(request: HttpRequest) -> frozenset[str]:
    """Every role the request's member holds (none outside an organization)."""
    membership = getattr(request, "membership", None)
    return membership.roles if membership else frozenset()


def _allowed(roles: frozenset[str], permission: str | None) -> bool:
    return not permission or role_has_perm(roles, permission)


def dashboard_page(slug: str) -> DashboardPage | None:
    return _PAGES.get(slug)


def pages_for(request: HttpRequest) -> list[DashboardPage]:
    """The dashboard pages the request's roles may open, in order."""
    roles = _roles(request)
    return [
        page
        for page in sorted(_PAGES.values(), key=lambda p: (p.weight, p.slug))
        if _allowed(roles, page.permission)
    ]


def page_allowed(request: HttpRequest, page: DashboardPage) -> bool:
    return _allowed(_roles(request), page.permission)


def cards_for(request: HttpRequest, page: str = HOME) -> list[dict[str, Any]]:
    """The cards of `page` the request's roles may see, each with its context."""
    roles = _roles(request)
    shown = []
    for card in sorted(_CARDS.values(), key=lambda c: (c.weight, c.key)):
        if card.page != page or not _allowed(roles, card.permission):
            continue
        shown.append({"card": card, "template": card.template, **card.context(request)})
    return shown
