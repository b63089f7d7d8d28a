"""Pages of clients: list (search, filters, CSV/XLSX), add/edit, the client's page (sites
with personnel and the central function, contacts, IAF codes, standards, consent to public
listing, the linked organization, applications and programmes), consent and link forms,
and the sites and contacts added, edited and removed from it."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import Conflict, StaleVersion
from qms.core.forms import submitted_values
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
    apply_validation_error,
)

from .. import models as cert_models
from . import selectors, services
from .filtersets import ClientContactFilterSet, ClientFilterSet, ClientSiteFilterSet
from .forms import ClientContactForm, ClientForm, ClientSiteForm, ConsentForm, LinkForm
from .specs import CLIENT, CLIENT_CONTACT, CLIENT_SITE

Client = cert_models.Client
ClientSite = cert_models.ClientSite
ClientContact = cert_models.ClientContact
Application = cert_models.Application


def _actor(request: HttpRequest) -> Any:
    """The signed-in user (the views require a login), as the services' actor."""
    return request.user


def _posted_version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


# --- Clients -----------------------------------------------------------------------------


class ClientListView(ObjectListView):
    model = Client
    columns = CLIENT.columns
    filterset_class = ClientFilterSet
    title = "Clients"

    def get_queryset(self) -> models.QuerySet[Any]:
        return selectors.client_list(user=self.request.user, organization=self.organization)

    def extra_links(self) -> list[tuple[str, str]]:
        return [
            (_("Applications"), reverse("certification:application_list")),
            (_("Sites"), reverse("certification:clientsite_list")),
            (_("Contacts"), reverse("certification:clientcontact_list")),
        ]


class ClientCreateView(ObjectCreateView):
    spec = CLIENT
    form_class = ClientForm
    create_service = staticmethod(services.client_create)


class ClientUpdateView(ObjectUpdateView):
    spec = CLIENT
    form_class = ClientForm
    update_service = staticmethod(services.client_update)


class ClientDetailView(ObjectDetailView):
    spec = CLIENT
    template_name = "certification/clients/client_detail.html"

    def get_object(self) -> Any:
        queryset = selectors.client_detail_queryset(
            user=self.request.user, organization=self.organization
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        may_change = self.can("change", obj=obj)
        sites = selectors.client_sites(client=obj)
        contacts = selectors.client_contacts(client=obj)
        context.update(
            {
                "client": obj,
                "sites": sites,
                "contacts": contacts,
                "applications": selectors.client_applications(client=obj),
                "programmes": [
                    (programme, selectors.programme_url(programme))
                    for programme in selectors.client_programmes(client=obj)
                ],
                "total_personnel": sum(site.personnel for site in sites),
                "may_change": may_change,
                "may_add_site": self.can("add", ClientSite),
                "may_change_site": self.can("change", ClientSite),
                "may_remove_site": self.can("delete", ClientSite),
                "may_add_contact": self.can("add", ClientContact),
                "may_change_contact": self.can("change", ClientContact),
                "may_remove_contact": self.can("delete", ClientContact),
                "may_add_application": self.can("add", Application),
                "consent_form": ConsentForm(initial={"consent": not obj.public_listing_consent}),
                "link_form": LinkForm(
                    initial={"slug": getattr(obj.linked_organization, "slug", "")}
                ),
            }
        )
        return context


class _ClientActionView(TenantViewMixin, View):
    """POST on a client: its consent or its link (the client's change permission)."""

    model = Client

    def client(self) -> Any:
        client = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        self.require("change", client)
        return client


class ClientConsentView(_ClientActionView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        client = self.client()
        form = ConsentForm(data=request.POST)
        form.is_valid()
        consent = bool(form.cleaned_data.get("consent"))
        try:
            services.client_set_consent(
                actor=_actor(request),
                instance=client,
                consent=consent,
                version=_posted_version(request),
            )
        except Conflict as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Consent to public listing recorded.")
                if consent
                else _("Withdrawal of the consent to public listing recorded."),
            )
        return HttpResponseRedirect(client.get_absolute_url())


class ClientLinkView(_ClientActionView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        client = self.client()
        form = LinkForm(data=request.POST)
        if not form.is_valid():
            for problem in form.errors.get("slug", []):
                messages.error(request, str(problem))
            return HttpResponseRedirect(client.get_absolute_url())
        try:
            saved = services.client_link_organization(
                actor=_actor(request), instance=client, slug=form.cleaned_data["slug"] or ""
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if saved.linked_organization_id:
                messages.success(request, _("Linked organization recorded."))
            else:
                messages.success(request, _("No linked organization."))
        return HttpResponseRedirect(client.get_absolute_url())


# --- Sites and contacts ------------------------------------------------------------------


class _ClientPartCreateView(TenantViewMixin, View):
    """Add a site or contact to the client named in the URL (not a field of the form)."""

    form_class: ClassVar[Any]
    create_service: ClassVar[Any]

    def setup_client(self) -> Any:
        client = get_object_or_404(
            Client.objects.for_user(self.request.user, "view", organization=self.organization),
            pk=self.kwargs["pk"],
        )
        self.require("add")
        return client

    def render_form(self, form: BaseForm, client: Any, status: int = 200) -> HttpResponse:
        name = self.model._meta.verbose_name
        context = {
            "form": form,
            "title": _("New %(name)s for %(client)s") % {"name": name, "client": client},
            "model_name": name,
            "cancel_url": client.get_absolute_url(),
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Clients"), reverse("certification:client_list")),
                (str(client), client.get_absolute_url()),
                (_("New"), None),
            ],
        }
        return render(self.request, "core/object_form.html", context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        client = self.setup_client()
        return self.render_form(self.form_class(organization=self.organization), client)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        client = self.setup_client()
        form: Any = self.form_class(data=request.POST, organization=self.organization)
        if form.is_valid():
            try:
                obj = self.create_service(
                    actor=_actor(request),
                    organization=self.organization,
                    data={**submitted_values(form), "client": client},
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("%(name)s added.") % {"name": capfirst(str(obj))})
                return HttpResponseRedirect(client.get_absolute_url())
        return self.render_form(form, client, status=400)


class _ClientPartRemoveView(ObjectDeleteView):
    """Remove a site or contact; the client's page afterwards. A refusal (a site named by
    an application) is shown there, nothing removed."""

    template_name = "certification/clients/remove_confirm.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        back = obj.get_absolute_url()
        label = capfirst(str(obj))
        try:
            self.delete_service(
                actor=_actor(request), instance=obj, version=_posted_version(request)
            )
        except StaleVersion as error:
            message = _(
                "Someone else changed %(name)s after you opened this page (it is now at version "
                "%(current)s). It was not removed: check it and confirm again."
            ) % {"name": obj, "current": error.current}
            return self.render_confirm(self.get_object(), error=message, status=409)
        except Conflict as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(back)
        messages.success(request, _("%(name)s removed.") % {"name": label})
        return HttpResponseRedirect(back)


class ClientSiteListView(ObjectListView):
    model = ClientSite
    columns = CLIENT_SITE.columns
    filterset_class = ClientSiteFilterSet
    title = "Client sites"


class ClientSiteDetailView(ObjectDetailView):
    spec = CLIENT_SITE


class ClientSiteCreateView(_ClientPartCreateView):
    model = ClientSite
    form_class = ClientSiteForm
    create_service = staticmethod(services.client_site_create)


class ClientSiteUpdateView(ObjectUpdateView):
    spec = CLIENT_SITE
    form_class = ClientSiteForm
    update_service = staticmethod(services.client_site_update)


class ClientSiteRemoveView(_ClientPartRemoveView):
    model = ClientSite
    delete_service = staticmethod(services.client_site_remove)


class ClientContactListView(ObjectListView):
    model = ClientContact
    columns = CLIENT_CONTACT.columns
    filterset_class = ClientContactFilterSet
    title = "Client contacts"


class ClientContactDetailView(ObjectDetailView):
    spec = CLIENT_CONTACT


class ClientContactCreateView(_ClientPartCreateView):
    model = ClientContact
    form_class = ClientContactForm
    create_service = staticmethod(services.client_contact_create)


class ClientContactUpdateView(ObjectUpdateView):
    spec = CLIENT_CONTACT
    form_class = ClientContactForm
    update_service = staticmethod(services.client_contact_update)


class ClientContactRemoveView(_ClientPartRemoveView):
    model = ClientContact
    delete_service = staticmethod(services.client_contact_remove)
