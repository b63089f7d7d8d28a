"""One API action for every declared workflow transition of a model.

    class ProcessViewSet(TransitionActionMixin, TenantModelViewSet): ...

adds `POST /api/v1/<app>/<models>/{id}/transitions/{name}/` (URL name
`api:<app>-<model>-transition`) with the body `{reason, password, meaning, version}`
(all optional; which ones a step needs is in its declaration and in the operation's
description). Answers:

- 200 with the read serializer (and the new version as ETag) when the step ran;
- 409 in the error shape (code "transition_refused", the unmet condition in `message`, and
  beside `reason` / `password` / `meaning` in `errors` when it is about one of them), or
  code "stale" when `version` / `If-Match` is not the stored version; nothing is written;
- 400 for malformed input (unknown fields, wrong types);
- 404 for another organization's object and for a step the model does not declare;
- 403 for a member who may see the object but none of whose roles may take the step.

Permission: the action declares `permission_action="view"` for the fail-closed permission
class, which therefore only establishes that the object is visible; the step's own
permission (`Transition.permission`, with object-level conditions through
`has_object_perm`) is checked in `transition()` before anything else happens, and again by
`model_transition`. Every transition is one operation with a `name` path parameter whose
enum lists the model's declared steps, so the schema stays honest without one route each.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.schemas.inspectors import ViewInspector

from ..signatures import Meaning
from ..workflow import Transition, may_transition, model_transition, workflow_for
from .schema import AutoSchema
from .serializers import StrictSerializer
from .viewsets import IF_MATCH, expected_version


class TransitionInputSerializer(StrictSerializer):
    """The actor's input to a transition. Unknown fields are refused (400)."""

    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Why: required by steps that ask for a reason; kept in the audit trail.",
    )
    password = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        trim_whitespace=False,
        max_length=4096,
        help_text="The signer's password, re-entered, for steps that must be signed.",
    )
    meaning = serializers.ChoiceField(
        choices=Meaning.choices,
        required=False,
        help_text="The meaning of the signature; when sent it must be the step's own.",
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="The version the step is based on (or If-Match); a stale one is a 409.",
    )


def _describe(step: Transition, workflow: Any) -> str:
    needs = []
    if step.reason:
        needs.append("`reason`")
    if step.signature:
        needs.append(f"a signature (`password`, meaning `{step.signature}`)")
    sources = ", ".join(f"`{value}`" for value in step.source)
    requirement = f"; needs {' and '.join(needs)}" if needs else ""
    return (
        f"- `{step.name}`: {sources} → `{step.target}`, permission "
        f"`{step.permission}`{requirement}."
    )


class TransitionSchema(AutoSchema):
    """Lists the model's declared steps as the `name` enum and in the description."""

    def _transition_workflow(self) -> Any:
        if getattr(self.view, "action", None) != "transition":
            return None
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        return workflow_for(model) if model is not None else None

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        workflow = self._transition_workflow()
        if workflow is not None:
            parameters.append(
                OpenApiParameter(
                    "name",
                    str,
                    OpenApiParameter.PATH,
                    enum=[step.name for step in workflow.transitions],
                    description="The declared workflow step to take.",
                )
            )
        return parameters

    def get_description(self) -> str:  # type: ignore[override]  # drf-spectacular's own
        description = str(super().get_description() or "")
        workflow = self._transition_workflow()
        if workflow is None:
            return description
        steps = "\n".join(_describe(step, workflow) for step in workflow.transitions)
        return f"{description}\n\nSteps of this resource:\n{steps}".strip()


class TransitionActionMixin:
    """Put it before `TenantModelViewSet` in the bases of a model's viewset."""

    schema: ViewInspector | None = TransitionSchema()

    @extend_schema(request=TransitionInputSerializer, parameters=[IF_MATCH])
    @action(
        detail=True,
        methods=["post"],
        url_path=r"transitions/(?P<name>[a-z][a-z0-9_]*)",
        url_name="transition",
        # Visibility only; the step's own permission is checked first thing below.
        permission_action="view",
    )
    def transition(self, request: Request, pk: str | None = None, name: str = "") -> Response:
        """Take one workflow step: the state changes, the audit event records it (with the
        reason and the signature), or the step is refused with the unmet condition."""
        view: Any = self
        instance = view.get_object()  # 404 for another organization's object
        workflow = workflow_for(type(instance))
        try:
            if workflow is None:
                raise KeyError(name)
            step = workflow.transition(name)
        except KeyError:
            raise exceptions.NotFound(f"This record has no step called {name!r}.") from None
        if not may_transition(user=view.actor, obj=instance, transition=step):
            raise exceptions.PermissionDenied(
                f"Your role in this organization does not allow the step {step.name!r}."
            )
        serializer = TransitionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        instance = model_transition(
            actor=view.actor,
            instance=instance,
            transition=step,
            reason=data.get("reason", ""),
            password=data.get("password") or None,
            meaning=data.get("meaning") or None,
            version=expected_version(request, data.get("version")),
        )
        response: Response = view._read(instance, 200)
        return response
