"""Dashboard cards. Modules register a card: a template and a function giving its context.

The function receives the request (with `request.organization` and `request.membership`)
and must use selectors, so each card costs a bounded number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.functional import Promise

from .permissions import role_has_perm


@dataclass(frozen=True)
class Card:
    key: str
    title: str | Promise
    template: str
    context: Callable[[HttpRequest], dict[str, Any]]
    permission: str | None = None
    weight: int = 100


_CARDS: dict[str, Card] = {}


def register_card(card: Card) -> Card:
    if card.key in _CARDS:
        raise ValueError(f"Dashboard card {card.key!r} is registered twice.")
    _CARDS[card.key] = card
    return card


def cards_for(request: HttpRequest) -> list[dict[str, Any]]:
    membership = getattr(request, "membership", None)
    role = membership.role if membership else None
    shown = []
    for card in sorted(_CARDS.values(), key=lambda c: (c.weight, c.key)):
        if card.permission and not (role and role_has_perm(role, card.permission)):
            continue
        shown.append({"card": card, "template": card.template, **card.context(request)})
    return shown
