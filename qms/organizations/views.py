"""Pages for the organization, its sites and processes: declarations over core's generic views."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from qms.core.errors import StaleVersion
from qms.core.forms import changed_values
from qms.core.permissions import role_has_perm
from qms.core.selectors import subject_history
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    apply_stale_version,
    apply_validation_error,
)

from . import services
from .filtersets import ProcessFilterSet, SiteFilterSet
from .forms import OrganizationForm, ProcessForm
from .models import Process, Site
from .specs import PROCESS, SITE

# --- The organization itself ----------------------------------------------------------


def _organization_page(
    request: HttpRequest, form: OrganizationForm | None, status: int = 200
) -> HttpResponse:
    organization = request.organization  # type: ignore[attr-defined]
    roles = request.membership.roles  # type: ignore[attr-defined]
    context = {
        "object": organization,
        "title": organization.name,
        "form": form,
        "can_change": role_has_perm(roles, "organizations.change_organization"),
        "default_action_reminder_days": settings.ACTIONS_REMINDER_DAYS,
        "history": subject_history(subject=organization),
        "breadcrumbs": [(_("Home"), reverse("core:dashboard")), (_("Organization"), None)],
    }
    return render(request, "organizations/organization_detail.html", context, status=status)


@login_required
def organization_detail(request: HttpRequest) -> HttpResponse:
    if getattr(request, "organization", None) is None:
        return render(request, "core/no_organization.html", status=403)
    if request.method == "POST":
        if not role_has_perm(request.membership.roles, "organizations.change_organization"):  # type: ignore[attr-defined]
            raise PermissionDenied
        form = OrganizationForm(request.POST, instance=request.organization)  # type: ignore[attr-defined]
        status = 400
        if form.is_valid():
            try:
                services.organization_update(
                    actor=request.user,  # type: ignore[arg-type]
                    instance=request.organization,  # type: ignore[attr-defined]
                    data=changed_values(form),
                    version=form.edited_version,
                )
            except StaleVersion as error:
                apply_stale_version(form, error)
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Organization details saved."))
                return HttpResponseRedirect(reverse("organizations:organization_detail"))
        return _organization_page(request, form, status=status)
    return _organization_page(request, OrganizationForm(instance=request.organization))  # type: ignore[attr-defined]


# --- Sites ------------------------------------------------------------------------------


class SiteListView(ObjectListView):
    model = Site
    filterset_class = SiteFilterSet
    columns = SITE.columns


class SiteDetailView(ObjectDetailView):
    spec = SITE


class SiteCreateView(ObjectCreateView):
    spec = SITE
    create_service = staticmethod(services.site_create)


class SiteUpdateView(ObjectUpdateView):
    spec = SITE
    update_service = staticmethod(services.site_update)


class SiteDeleteView(ObjectDeleteView):
    spec = SITE
    delete_service = staticmethod(services.site_delete)


# --- Processes --------------------------------------------------------------------------


class ProcessListView(ObjectListView):
    model = Process
    filterset_class = ProcessFilterSet
    columns = PROCESS.columns

    def extra_links(self) -> list[tuple[str, str]]:
        return [(_("Process map"), reverse("organizations:process_map"))]


class ProcessDetailView(ObjectDetailView):
    spec = PROCESS
    template_name = "organizations/process_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        """The details, and the process's interactions (the arrows of the process map)."""
        from .models import ProcessInteraction

        context = super().get_context_data(obj)
        links = list(
            ProcessInteraction.objects.for_organization(obj.organization_id)
            .filter(Q(from_process=obj) | Q(to_process=obj))
            .select_related("from_process", "to_process")
        )
        context.update(
            {
                "interactions_out": [i for i in links if i.from_process_id == obj.pk],
                "interactions_in": [i for i in links if i.to_process_id == obj.pk],
                "can_add_interactions": self.can("add", model=ProcessInteraction),
                "can_change_interactions": self.can("change", model=ProcessInteraction),
            }
        )
        return context


class ProcessCreateView(ObjectCreateView):
    spec = PROCESS
    form_class = ProcessForm
    create_service = staticmethod(services.process_create)


class ProcessUpdateView(ObjectUpdateView):
    spec = PROCESS
    form_class = ProcessForm
    update_service = staticmethod(services.process_update)


class ProcessDeleteView(ObjectDeleteView):
    spec = PROCESS
    delete_service = staticmethod(services.process_delete)
