"""Generic list, detail, create, update and delete views for organization-scoped models.

A model's views are declarations: its field spec (or model and columns), filterset and
form, and the service each write calls (`create_service`, `update_service`,
`delete_service`, with the calling convention of `qms.organizations.services`). Every query
starts from `for_user()`, so another organization's object answers 404; a member whose role
lacks the permission gets 403. An edit or delete based on an old version of the record is
refused with 409 and shows what changed (optimistic locking, `qms.core.errors.StaleVersion`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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

from ..errors import StaleVersion
from ..forms import changed_values, submitted_values
from ..permissions import has_object_perm, perm_name, role_has_perm
from ..selectors import subject_history
from ..specs import ModelSpec
from ..tables import Column, Table, related_paths, text_value


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


def apply_stale_version(form: BaseForm, error: StaleVersion) -> None:
    """Show a refused stale edit: the message at the top, and beside each field someone else
    changed, its stored value now. The user's input stays in the form, and the hidden
    version moves to the stored one, so saving again deliberately applies it on top."""
    form.add_error(
        None,
        _(
            "Someone else saved this %(label)s while you were editing it (version %(current)s; "
            "you started from version %(expected)s). Nothing was saved. What they changed is "
            "shown beside each field; your input is kept: save again to apply it over theirs."
        )
        % {"label": _model_label(form), "current": error.current, "expected": error.expected},
    )
    for name, value in error.changes.items():
        if name in form.fields:
            shown = _stored_display(form, name, value)
            form.add_error(name, _("Changed by someone else to: %(value)s") % {"value": shown})
    show = getattr(form, "show_stored_version", None)
    if show is not None:
        show(error.current)


def _model_label(form: BaseForm) -> str:
    meta = getattr(form, "_meta", None)
    model = getattr(meta, "model", None)
    return str(model._meta.verbose_name) if model is not None else _("record")


def _stored_display(form: BaseForm, name: str, value: Any) -> str:
    """A stored value as the user knows it: the related record's name, a choice's label."""
    field: Any = form.fields[name]
    if value in (None, "", []):
        return _("(empty)")
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        ids = value if isinstance(value, list) else [value]
        return ", ".join(str(obj) for obj in queryset.model._base_manager.filter(pk__in=ids))
    choices = dict(getattr(field, "choices", None) or ())
    return str(choices.get(value, text_value(value)))


def _posted_version(request: HttpRequest) -> int | None:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None


class TenantViewMixin(LoginRequiredMixin):
    """A page inside the current organization (`request.organization`).

    A view declares `spec` (a `qms.core.specs.ModelSpec`) or `model`; with a spec the
    model, the detail rows and the default form come from it.
    """

    model: ClassVar[type[models.Model]]
    spec: ClassVar[ModelSpec[Any] | None] = None
    request: Any

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = cls.__dict__.get("spec")
        if spec is not None and "model" not in cls.__dict__:
            cls.model = spec.model

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and getattr(request, "organization", None) is None:
            if "pk" in kwargs:
                raise Http404  # no organization: no object exists for this user (404, not 403)
            return render(request, "core/no_organization.html", status=403)
        return super().dispatch(request, *args, **kwargs)

    @property
    def organization(self) -> Any:
        return self.request.organization

    def can(self, action: str, model: type[models.Model] | None = None, obj: Any = None) -> bool:
        """Whether the member's roles (any of them) may `action` the model; given `obj`, that
        object (a grant may hold only for some objects, e.g. the processes the user owns)."""
        if obj is not None:
            return has_object_perm(self.request.user, obj, action, organization=self.organization)
        membership = self.request.membership
        return role_has_perm(membership.roles, perm_name(model or self.model, action))

    def require(self, action: str, obj: Any = None) -> None:
        if not self.can(action, obj=obj):
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
    """Declare `spec` (its `detail` rows are shown) or `model` and `fields`."""

    fields: ClassVar[Sequence[Column]]
    template_name = "core/object_detail.html"
    history_limit = 50

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = cls.__dict__.get("spec")
        if spec is not None and "fields" not in cls.__dict__:
            cls.fields = spec.detail

    def get_object(self) -> Any:
        queryset = self.scoped("view")
        related = related_paths(self.model, self.fields)
        if related:
            queryset = queryset.select_related(*related)
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        from .transitions import workflow_context  # it builds on this module

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
            "edit_url": self.url_for("edit", obj) if self.can("change", obj=obj) else None,
            "delete_url": self.url_for("delete", obj) if self.can("delete", obj=obj) else None,
            "breadcrumbs": [*self.base_breadcrumbs(), (str(obj), None)],
            # The declared workflow: state, the steps open to the user, signatures.
            **workflow_context(user=self.request.user, obj=obj),
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()  # first: an object the user may not view is 404, never 403
        self.require("view")
        return render(request, self.template_name, self.get_context_data(obj))


class _ObjectFormView(TenantViewMixin, View):
    form_class: ClassVar[type[Any]]
    template_name = "core/object_form.html"
    action: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = cls.__dict__.get("spec")
        if spec is not None and not hasattr(cls, "form_class"):
            cls.form_class = spec.form_class()

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
    """Declare `create_service`, called as `(*, actor, organization, data)`:
    `create_service = staticmethod(services.site_create)`."""

    create_service: ClassVar[Callable[..., Any]]

    def perform_create(self, form: Any) -> Any:
        return self.create_service(
            actor=self.request.user, organization=self.organization, data=submitted_values(form)
        )

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
    """Declare `update_service`, called as `(*, actor, instance, data, version)`:
    `update_service = staticmethod(services.site_update)`. `data` holds only the fields
    the user changed; `version` is the one the form was rendered from."""

    update_service: ClassVar[Callable[..., Any]]

    def perform_update(self, form: Any, obj: Any) -> Any:
        return self.update_service(
            actor=self.request.user,
            instance=obj,
            data=changed_values(form),
            version=getattr(form, "edited_version", None),
        )

    def get_object(self) -> Any:
        # Visible objects first (404 for outsiders), then the change permission (403).
        obj = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        self.require("change", obj)
        return obj

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        return self.render_form(self.form_class(instance=obj, **self.form_kwargs()), obj)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.form_class(
            data=request.POST, files=request.FILES, instance=obj, **self.form_kwargs()
        )
        status = 400
        if form.is_valid():
            try:
                # The form validated on a copy (core.forms.ModelForm); the service re-reads
                # the stored row under a lock and compares against that.
                obj = self.perform_update(form, obj)
            except StaleVersion as error:
                apply_stale_version(form, error)
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("%(name)s saved.") % {"name": capfirst(str(obj))})
                return HttpResponseRedirect(obj.get_absolute_url())
        return self.render_form(form, obj, status=status)


class ObjectDeleteView(TenantViewMixin, View):
    """Declare `delete_service`, called as `(*, actor, instance, version)`:
    `delete_service = staticmethod(services.site_delete)`. The confirmation page carries
    the version it showed; a record changed since is not deleted (409)."""

    template_name = "core/object_confirm_delete.html"
    delete_service: ClassVar[Callable[..., Any]]

    def perform_delete(self, obj: Any, version: int | None = None) -> None:
        self.delete_service(actor=self.request.user, instance=obj, version=version)

    def get_object(self) -> Any:
        obj = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        self.require("delete", obj)
        return obj

    def render_confirm(
        self, obj: Any, *, error: str | None = None, status: int = 200
    ) -> HttpResponse:
        context = {
            "object": obj,
            "version": getattr(obj, "version", None),
            "error": error,
            "title": _("Delete %(name)s") % {"name": obj},
            "cancel_url": obj.get_absolute_url(),
            "breadcrumbs": [
                *self.base_breadcrumbs(),
                (str(obj), obj.get_absolute_url()),
                (_("Delete"), None),
            ],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_confirm(self.get_object())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        label = capfirst(str(obj))
        try:
            self.perform_delete(obj, version=_posted_version(request))
        except StaleVersion as error:
            # Show the record as it is now; confirming again deletes that version.
            message = _(
                "Someone else changed this %(label)s after you opened this page (it is now at "
                "version %(current)s). It was not deleted: check it and confirm again to delete "
                "it as it is now."
            ) % {"label": self.model._meta.verbose_name, "current": error.current}
            return self.render_confirm(self.get_object(), error=message, status=409)
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
    "apply_stale_version",
    "apply_validation_error",
]
