"""Pages of the process map: the map itself and the interactions (its arrows), which are
also added and edited from a process's page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectUpdateView,
    TenantViewMixin,
)
from qms.core.views.listing import ObjectListView

from .interactions import (
    INTERACTION,
    InteractionFilterSet,
    interaction_create,
    interaction_delete,
    interaction_update,
)
from .models import Process, ProcessInteraction
from .process_map import process_map


class InteractionListView(ObjectListView):
    model = ProcessInteraction
    filterset_class = InteractionFilterSet
    columns = INTERACTION.columns
    title = "Process interactions"


class InteractionDetailView(ObjectDetailView):
    spec = INTERACTION


class InteractionCreateView(ObjectCreateView):
    """`?from=<process id>` (or `?to=`) preselects a process: the "add" link of a process page."""

    spec = INTERACTION
    create_service = staticmethod(interaction_create)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        initial = {
            name: request.GET[key]
            for key, name in (("from", "from_process"), ("to", "to_process"))
            if request.GET.get(key, "").isdigit()
        }
        return self.render_form(self.form_class(initial=initial, **self.form_kwargs()))


class InteractionUpdateView(ObjectUpdateView):
    spec = INTERACTION
    update_service = staticmethod(interaction_update)


class InteractionDeleteView(ObjectDeleteView):
    spec = INTERACTION
    delete_service = staticmethod(interaction_delete)


class ProcessMapView(TenantViewMixin, View):
    """The process map of the organization (SVG, with the same content as a table)."""

    model = Process

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("view")
        drawn = process_map(organization=self.organization, title=_("Process map"))
        context = {
            "title": _("Process map"),
            "map": drawn,
            "can_add_interaction": self.can("add", model=ProcessInteraction),
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Processes"), reverse("organizations:process_list")),
                (_("Process map"), None),
            ],
        }
        return render(request, "organizations/process_map.html", context)
