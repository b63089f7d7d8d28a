"""The module navigation. Each app registers its entries in its navigation.py.

An entry shows only to members one of whose roles holds its permission, so the menu never
offers a page that would answer 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.functional import Promise

from .permissions import RolesArg, role_has_perm


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    permission: str | None = None


@dataclass
class MenuGroup:
    label: str | Promise
    weight: int
    items: list[MenuItem] = field(default_factory=list)


_GROUPS: dict[str, MenuGroup] = {}


def register_menu(group: str | Promise, *items: MenuItem, weight: int = 100) -> None:
    key = str(group)
    if key not in _GROUPS:
        _GROUPS[key] = MenuGroup(label=group, weight=weight)
    _GROUPS[key].items.extend(items)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    active: bool


@dataclass(frozen=True)
class NavSection:
    label: str
    links: list[NavLink]


def menu_for(roles: RolesArg, path: str) -> list[NavSection]:
    """The entries the member's roles (a `Membership.roles`, or one role) may open; the one
    whose URL is the longest prefix of `path` is the current page (so /organization/sites/1/
    marks Sites, not the organization page)."""
    visible: list[tuple[MenuGroup, list[tuple[MenuItem, str]]]] = []
    for group in sorted(_GROUPS.values(), key=lambda g: (g.weight, str(g.label))):
        items = [
            (item, reverse(item.url_name))
            for item in group.items
            if not item.permission or role_has_perm(roles, item.permission)
        ]
        if items:
            visible.append((group, items))
    matches = [url for _group, items in visible for _item, url in items if path.startswith(url)]
    current = max(matches, key=len, default=None)
    return [
        NavSection(
            str(group.label),
            [NavLink(str(item.label), url, url == current) for item, url in items],
        )
        for group, items in visible
    ]
