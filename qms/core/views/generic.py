"""Generic list, detail, create, update and delete views for organization-scoped models.

A model's views are declarations: the model, its columns, filterset and form, plus one
method that calls the model's service. Every query starts from `for_user()`, so another
organization's object answers 404; a member whose role lacks the permission gets 403.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import ProtectedError
from django.forms import BaseForm
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from ..permissions import perm_name, role_has_perm
from ..selectors import subject_history
from ..tables import Column, Table, related_paths


def apply_validation_error(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: beside the field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message if target else f"{capfirst(field)}: {message}")
    else:
        for message in error.messages:
            form.add_error(None, message)


class TenantViewMixin(LoginRequiredMixin):
    """A page inside the current organization (`request.organization`)."""

    model: ClassVar[type[models.Model]]
    request: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and getattr(request, "organization", None) is None:
            if "pk" in kwargs:
                raise Http404  # no organization: no object exists for this user (404, not 403)
            return render(request, "core/no_organization.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    @property
    def organization(self) -> Any:
        return self.request.organization

    def can(self, action: str, model: type[models.Model] | None = None) -> bool:
        membership = self.request.membership
        return role_has_perm(membership.role, perm_name(model or self.model, action))

    def require(self, action: str) -> None:
        if not self.can(action):
            raise PermissionDenied

    def scoped(self, action: str = "view") -> models.QuerySet[Any]:
        manager: Any = self.model._default_manager
        queryset: models.QuerySet[Any] = manager.for_user(
            self.request.user, action, organization=self.organization
        )
        return queryset

    def url_for(self, action: str, obj: models.Model | None = None) -> str | None:
        opts = self.model._meta
        try:
            return reverse(
                f"{opts.app_label}:{opts.model_name}_{action}",
                args=[obj.pk] if obj is not None else [],
            )
        except NoReverseMatch:
            return None

    def base_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [
            (_("Home"), reverse("core:dashboard")),
            (capfirst(str(self.model._meta.verbose_name_plural)), self.url_for("list")),
        ]


class ObjectDetailView(TenantViewMixin, View):
    fields: ClassVar[Sequence[Column]]
    template_name = "core/object_detail.html"
    history_limit = 50

    def get_object(self) -> Any:
        queryset = self.scoped("view")
        related = related_paths(self.model, self.fields)
        if related:
            queryset = queryset.select_related(*related)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        table = Table(
            model=self.model, columns=self.fields, rows=[obj], params=self.request.GET, sort=""
        )
        rows = list(zip((h.label for h in table.headers), table.rows[0], strict=True))
        return {
            "object": obj,
            "title": str(obj),
            "model_name": self.model._meta.verbose_name,
            "field_rows": rows,
            "history": subject_history(subject=obj, limit=self.history_limit),
            "edit_url": self.url_for("edit", obj) if self.can("change") else None,
            "delete_url": self.url_for("delete", obj) if self.can("delete") else None,
            "breadcrumbs": [*self.base_breadcrumbs(), (str(obj), None)],
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()  # first: an object the user may not view is 404, never 403
        self.require("view")
        return render(request, self.template_name, self.get_context_data(obj))


class _ObjectFormView(TenantViewMixin, View):
    form_class: ClassVar[type[Any]]
    template_name = "core/object_form.html"
    action: ClassVar[str]

    def form_kwargs(self) -> dict[str, Any]:
        return {"organization": self.organization}

    def render_form(self, form: BaseForm, obj: Any = None, status: int = 200) -> HttpResponse:
        name = self.model._meta.verbose_name
        if obj is None:
            title = _("New %(name)s") % {"name": name}
            crumbs = [*self.base_breadcrumbs(), (_("New"), None)]
            cancel = self.url_for("list")
        else:
            title = _("Edit %(name)s") % {"name": obj}
            crumbs = [
                *self.base_breadcrumbs(),
                (str(obj), obj.get_absolute_url()),
                (_("Edit"), None),
            ]
            cancel = obj.get_absolute_url()
        context = {
            "form": form,
            "object": obj,
            "title": title,
            "breadcrumbs": crumbs,
            "cancel_url": cancel,
            "model_name": name,
        }
        return render(self.request, self.template_name, context, status=status)


class ObjectCreateView(_ObjectFormView):
    """Subclasses implement `perform_create(form)`, one call to the model's create service."""

    def perform_create(self, form: Any) -> Any:
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        return self.render_form(self.form_class(**self.form_kwargs()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        form = self.form_class(data=request.POST, files=request.FILES, **self.form_kwargs())
        if form.is_valid():
            try:
                obj = self.perform_create(form)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("%(name)s created.") % {"name": capfirst(str(obj))})
                return HttpResponseRedirect(obj.get_absolute_url())
        return self.render_form(form, status=400)


class ObjectUpdateView(_ObjectFormView):
    """Subclasses implement `perform_update(form, obj)`, one call to the update service."""

    def perform_update(self, form: Any, obj: Any) -> Any:
        raise NotImplementedError

    def get_object(self) -> Any:
        # Visible objects first (404 for outsiders), then the change permission (403).
        obj = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        self.require("change")
        return obj

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render_form(self.form_class(instance=obj, **self.form_kwargs()), obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.form_class(
            data=request.POST, files=request.FILES, instance=obj, **self.form_kwargs()
        )
        if form.is_valid():
            try:
                # The form validated on a copy (core.forms.ModelForm): `obj` still holds the
                # stored values the service compares against.
                obj = self.perform_update(form, obj)
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("%(name)s saved.") % {"name": capfirst(str(obj))})
                return HttpResponseRedirect(obj.get_absolute_url())
        return self.render_form(form, obj, status=400)


class ObjectDeleteView(TenantViewMixin, View):
    """Subclasses implement `perform_delete(obj)`, one call to the delete service."""

    template_name = "core/object_confirm_delete.html"

    def perform_delete(self, obj: Any) -> None:
        raise NotImplementedError

    def get_object(self) -> Any:
        obj = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        self.require("delete")
        return obj

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        context = {
            "object": obj,
            "title": _("Delete %(name)s") % {"name": obj},
            "cancel_url": obj.get_absolute_url(),
            "breadcrumbs": [
                *self.base_breadcrumbs(),
                (str(obj), obj.get_absolute_url()),
                (_("Delete"), None),
            ],
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        label = capfirst(str(obj))
        try:
            self.perform_delete(obj)
        except ProtectedError:
            messages.error(
                request,
                _("%(name)s is still referenced by other records and was not deleted.")
                % {"name": label},
            )
            return HttpResponseRedirect(obj.get_absolute_url())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(obj.get_absolute_url())
        messages.success(request, _("%(name)s deleted.") % {"name": label})
        return HttpResponseRedirect(self.url_for("list") or reverse("core:dashboard"))


# ObjectListView lives in .listing (the list path has its own performance budget).
from .listing import PER_PAGE_CHOICES, ObjectListView  # noqa: E402

__all__ = [
    "PER_PAGE_CHOICES",
    "ObjectCreateView",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectListView",
    "ObjectUpdateView",
    "TenantViewMixin",
    "apply_validation_error",
]
