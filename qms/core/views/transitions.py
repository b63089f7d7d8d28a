"""One page for every declared workflow transition, and the workflow panel of a detail page.

URL `<app>/<models>/<pk>/transition/<name>/`, named `<app>:<model>_transition` (args pk and
name), wired per model with `ObjectTransitionView.for_model(Model)`. GET shows a small form
(a reason when the step asks for one; the password and the meaning of the signature when it
must be signed; the version the user saw, hidden); POST calls `model_transition`. Another
organization's object is 404, a role without the step's permission 403; a refusal shows the
form again with the unmet condition (409) and nothing changed. An htmx request that succeeds
gets `HX-Redirect` to the record instead of a redirect.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_htmx.http import HttpResponseClientRedirect

from ..audit import AuditEvent
from ..errors import Conflict, StaleVersion
from ..forms import StoredVersionMixin
from ..htmx import render_page
from ..signatures import Meaning, signatures_of
from ..workflow import (
    Transition,
    Workflow,
    available_transitions,
    blocked_reason,
    may_transition,
    model_transition,
    workflow_for,
)
from .generic import TenantViewMixin, apply_validation_error


class TransitionForm(StoredVersionMixin, forms.Form):
    """The actor's input to one transition; which fields show depends on the declaration."""

    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Kept in the audit trail with the change."),
    )
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        required=False,
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    meaning = forms.ChoiceField(choices=Meaning.choices, required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, transition: Transition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.transition = transition
        if transition.reason:
            # Checked by the service (one message for pages and API); marked for people and
            # assistive technology here.
            self.fields["reason"].widget.attrs["aria-required"] = "true"
            self.fields["reason"].label = _("Reason (required)")
        else:
            del self.fields["reason"]
        if transition.signature is None:
            del self.fields["password"]
            del self.fields["meaning"]
        else:
            meaning = Meaning(transition.signature)
            self.fields["password"].help_text = _(
                "Re-enter your password to sign this record electronically as “%(meaning)s”."
            ) % {"meaning": meaning.label}
            self.fields["meaning"].initial = meaning.value


class ObjectTransitionView(TenantViewMixin, View):
    """The one transition page. Wire it per model: `ObjectTransitionView.for_model(Process)`."""

    template_name = "core/transition_form.html"
    partial_template_name = "core/partials/_transition_form.html"

    @classmethod
    def for_model(cls, model: type[models.Model]) -> Any:
        view: Any = type(f"{model.__name__}TransitionView", (cls,), {"model": model})
        return view.as_view()

    def setup_transition(self) -> tuple[Any, Workflow, Transition]:
        # Visible objects first (404 for outsiders), then the step (404 when undeclared),
        # then the step's own permission (403).
        obj = get_object_or_404(self.scoped("view"), pk=self.kwargs["pk"])
        workflow = workflow_for(self.model)
        if workflow is None:
            raise Http404
        try:
            step = workflow.transition(self.kwargs["name"])
        except KeyError:
            raise Http404 from None
        if not may_transition(user=self.request.user, obj=obj, transition=step):
            raise PermissionDenied
        return obj, workflow, step

    def render_form(
        self,
        form: TransitionForm,
        obj: Any,
        workflow: Workflow,
        step: Transition,
        *,
        status: int = 200,
        changes: dict[str, Any] | None = None,
    ) -> HttpResponse:
        title = _("%(action)s %(name)s") % {"action": step.title, "name": obj}
        signing = Meaning(step.signature) if step.signature else None
        context = {
            "form": form,
            "object": obj,
            "transition": step,
            "title": title,
            "model_name": self.model._meta.verbose_name,
            "current_state": workflow.state_label(getattr(obj, workflow.field)),
            "target_state": workflow.state_label(step.target),
            "blocked": blocked_reason(workflow, step, obj=obj, actor=self.request.user),
            "signing": signing,
            "signer": self.request.user,
            "changes": changes or {},
            "action_url": self.request.path,
            "cancel_url": obj.get_absolute_url(),
            "breadcrumbs": [
                *self.base_breadcrumbs(),
                (str(obj), obj.get_absolute_url()),
                (step.title, None),
            ],
        }
        return render_page(
            self.request,
            full=self.template_name,
            partial=self.partial_template_name,
            context=context,
            status=status,
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj, workflow, step = self.setup_transition()
        form = TransitionForm(transition=step, initial={"version": getattr(obj, "version", None)})
        return self.render_form(form, obj, workflow, step)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj, workflow, step = self.setup_transition()
        form = TransitionForm(data=request.POST, transition=step)
        if not form.is_valid():
            return self.render_form(form, obj, workflow, step, status=400)
        data = form.cleaned_data
        try:
            obj = model_transition(
                actor=request.user,
                instance=obj,
                transition=step,
                reason=data.get("reason") or "",
                password=data.get("password") or None,
                meaning=data.get("meaning") or None,
                version=data.get("version"),
            )
        except StaleVersion as error:
            form.add_error(None, error.message)
            form.show_stored_version(error.current)
            fresh = get_object_or_404(self.scoped("view"), pk=obj.pk)
            return self.render_form(form, fresh, workflow, step, status=409, changes=error.changes)
        except Conflict as error:
            for name, problems in error.errors.items():
                for problem in problems:
                    form.add_error(name if name in form.fields else None, problem)
            if not any(name in form.fields for name in error.errors):
                form.add_error(None, error.message)
            fresh = get_object_or_404(self.scoped("view"), pk=obj.pk)
            return self.render_form(form, fresh, workflow, step, status=409)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.render_form(form, obj, workflow, step, status=400)
        messages.success(
            request,
            _("%(name)s: %(state)s.")
            % {"name": capfirst(str(obj)), "state": workflow.state_label(step.target)},
        )
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(obj.get_absolute_url())
        return HttpResponseRedirect(obj.get_absolute_url())


def transition_url(obj: models.Model, name: str) -> str | None:
    opts = obj._meta
    try:
        return reverse(f"{opts.app_label}:{opts.model_name}_transition", args=[obj.pk, name])
    except NoReverseMatch:
        return None


def workflow_context(*, user: Any, obj: models.Model) -> dict[str, Any]:
    """What a detail page shows of the record's workflow: its state, one button per step the
    user may take from it (disabled, with the guard's reason, when a guard blocks it) and
    the record's electronic signatures. Empty for a model without a workflow."""
    workflow = workflow_for(type(obj))
    if workflow is None:
        return {}
    buttons = [
        {
            "name": item.name,
            "label": item.label,
            "blocked": item.blocked,
            "url": transition_url(obj, item.name),
        }
        for item in available_transitions(user=user, obj=obj)
    ]
    return {
        "workflow_state": workflow.state_label(getattr(obj, workflow.field)),
        "workflow_transitions": [button for button in buttons if button["url"]],
        "workflow_last_step": _last_step(workflow, obj),
        "signatures": signatures_of(subject=obj) if workflow.signs else [],
    }


def _last_step(workflow: Workflow, obj: models.Model) -> AuditEvent | None:
    """The event of the record's latest workflow step, for "who, when and why" (one query
    on the events' subject index)."""
    kinds = {step.event_type.name for step in workflow.transitions}
    queryset = AuditEvent.objects.for_subject(obj).filter(event_type__in=kinds)
    organization_id = getattr(obj, "organization_id", None)
    if organization_id is not None:
        queryset = queryset.filter(organization_id=organization_id)
    return queryset.order_by("-id").first()
