"""Pages of the action tracker: declarations over core's generic views, "My actions" and
the origin panel's "Add action"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from qms.core.attachments.selectors import attachment_subject
from qms.core.htmx import wants_partial
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    apply_validation_error,
)

from . import services
from .choices import ActionKind
from .filtersets import ActionFilterSet
from .forms import PanelActionForm
from .models import Action
from .origins import origin_refusal
from .panel import (
    FORM_TEMPLATE,
    PANEL_TEMPLATE,
    form_context,
    form_prefix,
    may_add_actions,
    new_panel_form,
    origin_cycle,
    panel_context,
)
from .selectors import my_actions
from .specs import ACTION


class ActionListView(ObjectListView):
    model = Action
    filterset_class = ActionFilterSet
    columns = ACTION.columns

    def extra_links(self) -> list[tuple[str, str]]:
        return [(_("My actions"), reverse("actions:my_actions"))]


class ActionDetailView(ObjectDetailView):
    spec = ACTION
    template_name = "actions/action_detail.html"

    def get_object(self) -> Any:
        queryset = self.scoped("view").select_related(
            "owner", "completed_by", "created_by", "origin_type"
        )
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        origin = _visible_origin(self.request, obj)
        context["origin"] = origin
        context["origin_url"] = getattr(origin, "get_absolute_url", lambda: "")() if origin else ""
        return context


def _visible_origin(request: HttpRequest, action: Action) -> models.Model | None:
    """The action's origin if the user may see it (a link to it); None otherwise."""
    if action.origin_type_id is None:
        return None
    try:
        return attachment_subject(
            user=request.user,
            organization=request.organization,  # type: ignore[attr-defined]
            subject_type=action.origin_type_label,
            subject_id=action.origin_id,
        )
    except Http404:
        return None


class ActionCreateView(ObjectCreateView):
    spec = ACTION
    create_service = staticmethod(services.action_create)


class ActionUpdateView(ObjectUpdateView):
    spec = ACTION
    update_service = staticmethod(services.action_update)


@login_required
def my_actions_view(request: HttpRequest) -> HttpResponse:
    """The signed-in person's actions in this organization: overdue first, then due this
    week, then later; the last few finished ones below."""
    organization = getattr(request, "organization", None)
    if organization is None:
        return render(request, "core/no_organization.html", status=403)
    mine = my_actions(user=request.user, organization=organization)
    show = request.GET.get("show", "")
    context = {
        "title": _("My actions"),
        "mine": mine,
        "show": show if show in ("overdue", "week") else "",
        "breadcrumbs": [(_("Home"), reverse("core:dashboard")), (_("My actions"), None)],
    }
    return render(request, "actions/my_actions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def action_add_to(request: HttpRequest, origin_type: str, origin_id: int) -> HttpResponse:
    """The origin panel's "Add action": one action of the posted kind for that record, in its
    current cycle. GET shows the empty form (for htmx, the form alone, swapped into the
    panel; otherwise a page that returns to the origin once the action is added). Another
    organization's (or an invisible) record is 404; a role that may not add actions 403."""
    organization = getattr(request, "organization", None)
    if organization is None:
        raise Http404
    origin = attachment_subject(
        user=request.user, organization=organization, subject_type=origin_type, subject_id=origin_id
    )
    if not may_add_actions(request):
        raise PermissionDenied
    refusal = origin_refusal(origin)
    if refusal:
        # The record takes no new action (a closed NC): say so where the form would be.
        if wants_partial(request):
            # htmx swaps the panel's "Add action" slot: the reason takes its place.
            slot = form_context(origin=origin, kind=_panel_kind(request), cycle=None, form=None)
            response = render(
                request,
                "actions/partials/_refusal.html",
                {"slot_id": f"{slot['panel_id']}-add", "refusal": refusal},
            )
            response["Vary"] = "HX-Request"
            return response
        messages.error(request, refusal)
        back = getattr(origin, "get_absolute_url", None)
        return HttpResponseRedirect(back() if callable(back) else reverse("actions:my_actions"))
    params = request.POST if request.method == "POST" else request.GET
    # The panel shows one kind of action, or all of them (no kind): a new action from a panel
    # of all kinds is a plain "action".
    panel_kind = _panel_kind(request)
    cycle = origin_cycle(origin)
    shown_cycle = cycle if params.get("cycle") else None
    if request.method != "POST":
        return _add_form_page(request, origin, panel_kind, shown_cycle)
    form: Any = PanelActionForm(
        request.POST, organization=organization, prefix=form_prefix(panel_kind)
    )
    status = 400
    if form.is_valid():
        try:
            action = services.action_create(
                actor=request.user,  # type: ignore[arg-type]
                organization=organization,
                data=form.cleaned_data,
                origin=origin,
                kind=panel_kind or ActionKind.ACTION,
                cycle=cycle,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            if not wants_partial(request):
                messages.success(request, _("%(action)s added.") % {"action": action})
                back = getattr(origin, "get_absolute_url", None)
                return HttpResponseRedirect(back() if callable(back) else action.get_absolute_url())
            form = None
            status = 200
    context = panel_context(
        request=request, origin=origin, kind=panel_kind, cycle=shown_cycle, form=form
    )
    if wants_partial(request):
        # htmx swaps 2xx answers only: the panel comes back 200 with its errors inside it.
        response = render(request, PANEL_TEMPLATE, context)
        response["Vary"] = "HX-Request"
        return response
    return render(
        request,
        "actions/add_to.html",
        {**context, "title": _("Add an action"), "breadcrumbs": []},
        status=status,
    )


def _panel_kind(request: HttpRequest) -> str | None:
    """The kind of action the panel shows and adds (posted or asked for); None for a panel of
    every kind (or an unknown kind)."""
    params = request.POST if request.method == "POST" else request.GET
    kind = params.get("kind") or ""
    return kind if kind in ActionKind.values else None


def _add_form_page(
    request: HttpRequest, origin: models.Model, kind: str | None, cycle: int | None
) -> HttpResponse:
    """The empty "Add action" form: alone for htmx (it replaces the panel's link), else the
    add page with the origin's panel."""
    form = new_panel_form(request=request, kind=kind)
    if wants_partial(request):
        context = {**form_context(origin=origin, kind=kind, cycle=cycle, form=form)}
        response = render(request, FORM_TEMPLATE, context)
    else:
        context = panel_context(request=request, origin=origin, kind=kind, cycle=cycle, form=form)
        response = render(
            request,
            "actions/add_to.html",
            {**context, "title": _("Add an action"), "breadcrumbs": []},
        )
    response["Vary"] = "HX-Request"
    return response
