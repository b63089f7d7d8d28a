"""Pages for the organization, its sites and processes: declarations over core's generic views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qms.core.forms import changed_values
from qms.core.permissions import role_has_perm
from qms.core.selectors import subject_history
from qms.core.tables import Column
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    apply_validation_error,
)

from . import services
from .filtersets import ProcessFilterSet, SiteFilterSet
from .forms import OrganizationForm, ProcessForm, SiteForm
from .models import Process, Site

# --- The organization itself ----------------------------------------------------------


def _organization_page(
    request: HttpRequest, form: OrganizationForm | None, status: int = 200
) -> HttpResponse:
    organization = request.organization  # type: ignore[attr-defined]
    role = request.membership.role  # type: ignore[attr-defined]
    context = {
        "object": organization,
        "title": organization.name,
        "form": form,
        "can_change": role_has_perm(role, "organizations.change_organization"),
        "history": subject_history(subject=organization),
        "breadcrumbs": [(_("Home"), reverse("core:dashboard")), (_("Organization"), None)],
    }
    return render(request, "organizations/organization_detail.html", context, status=status)


@login_required
def organization_detail(request: HttpRequest) -> HttpResponse:
    if getattr(request, "organization", None) is None:
        return render(request, "core/no_organization.html", status=403)
    if request.method == "POST":
        if not role_has_perm(request.membership.role, "organizations.change_organization"):  # type: ignore[attr-defined]
            raise PermissionDenied
        form = OrganizationForm(request.POST, instance=request.organization)  # type: ignore[attr-defined]
        if form.is_valid():
            try:
                services.organization_update(
                    actor=request.user,  # type: ignore[arg-type]
                    organization=request.organization,  # type: ignore[attr-defined]
                    data=changed_values(form),
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Organization details saved."))
                return HttpResponseRedirect(reverse("organizations:organization_detail"))
        return _organization_page(request, form, status=400)
    return _organization_page(request, OrganizationForm(instance=request.organization))  # type: ignore[attr-defined]


# --- Sites ------------------------------------------------------------------------------

SITE_COLUMNS = (
    Column("name", link=True),
    Column("country"),
    Column("is_head_office"),
    Column("employees"),
)


class SiteListView(ObjectListView):
    model = Site
    filterset_class = SiteFilterSet
    columns = SITE_COLUMNS


class SiteDetailView(ObjectDetailView):
    model = Site
    fields = (*SITE_COLUMNS[:1], Column("address"), *SITE_COLUMNS[1:], Column("updated_at"))


class SiteCreateView(ObjectCreateView):
    model = Site
    form_class = SiteForm

    def perform_create(self, form: Any) -> Site:
        return services.site_create(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )


class SiteUpdateView(ObjectUpdateView):
    model = Site
    form_class = SiteForm

    def perform_update(self, form: Any, obj: Site) -> Site:
        return services.site_update(
            actor=self.request.user,
            site=obj,
            data=changed_values(form),
        )


class SiteDeleteView(ObjectDeleteView):
    model = Site

    def perform_delete(self, obj: Site) -> None:
        services.site_delete(actor=self.request.user, site=obj)


# --- Processes --------------------------------------------------------------------------

PROCESS_COLUMNS = (
    Column("code"),
    Column("name", link=True),
    Column("owner", sort="owner__email"),
    Column("site", sort="site__name"),
)


class ProcessListView(ObjectListView):
    model = Process
    filterset_class = ProcessFilterSet
    columns = PROCESS_COLUMNS


class ProcessDetailView(ObjectDetailView):
    model = Process
    fields = (*PROCESS_COLUMNS, Column("purpose", gettext_lazy("Purpose")), Column("updated_at"))


class ProcessCreateView(ObjectCreateView):
    model = Process
    form_class = ProcessForm

    def perform_create(self, form: Any) -> Process:
        return services.process_create(
            actor=self.request.user, organization=self.organization, **form.cleaned_data
        )


class ProcessUpdateView(ObjectUpdateView):
    model = Process
    form_class = ProcessForm

    def perform_update(self, form: Any, obj: Process) -> Process:
        return services.process_update(
            actor=self.request.user,
            process=obj,
            data=changed_values(form),
        )


class ProcessDeleteView(ObjectDeleteView):
    model = Process

    def perform_delete(self, obj: Process) -> None:
        services.process_delete(actor=self.request.user, process=obj)
