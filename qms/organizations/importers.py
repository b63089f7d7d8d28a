"""Importing sites from a sheet: one row per site, matched by name (case ignored).

Registered from the organizations AppConfig.ready(); the page is /imports/organizations.sites/.
A row whose site exists updates the columns the sheet has; the same sheet again changes
nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from qms.core.imports import (
    Column,
    ImportContext,
    Importer,
    boolean,
    integer,
    register_importer,
    text,
)
from qms.core.imports.framework import Outcome

from . import services
from .models import Site


def country(value: str) -> str:
    code = countries.alpha2(value) or countries.by_name(value)
    if not code:
        raise ValueError(f"“{value}” is not a country (use the ISO code, e.g. GB, or its name).")
    return str(code)


class SiteImporter(Importer):
    kind = "organizations.sites"
    label = _("Sites")
    description = _("One row per site; an existing site (same name) is updated.")
    permission = ("organizations.site", "add")
    columns = (
        Column(
            "name", required=True, help=_("The site's name, unique."), parse=text(max_length=200)
        ),
        Column("address", help=_("Postal address."), default=""),
        Column("country", help=_("ISO 3166 code (GB) or name."), parse=country, default=""),
        Column("is_head_office", help=_("yes or no."), parse=boolean(), default=False),
        Column("employees", help=_("People working at the site."), parse=integer(minimum=0)),
    )
    key_columns = ("name",)

    def apply_row(self, cleaned: dict[str, Any], *, context: ImportContext) -> Outcome:
        site = (
            Site.objects.for_organization(context.organization)
            .filter(name__iexact=cleaned["name"])
            .first()
        )
        if site is None:
            services.site_create(
                actor=context.actor, organization=context.organization, data=cleaned
            )
            return "created"
        changed = {
            name: value
            for name, value in cleaned.items()
            if name != "name" and getattr(site, name) != value
        }
        if not changed:
            return "unchanged"
        services.site_update(actor=context.actor, instance=site, data=changed)
        return "updated"


def register() -> None:
    register_importer(SiteImporter)
