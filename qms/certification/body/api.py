"""API of the certification body (routes under /api/v1/certification/):

- `body/`: the organization's own body, `GET` its profile and policies, `PATCH` them (404
  when the organization is not a certification body); `body/{id}/` is the same record by id;
- `accreditations/` with their scope lines (read, nested) and the status steps as
  `accreditations/{id}/transitions/{suspend|reinstate|withdraw}/`;
- `accreditation-scopes/`: the scope lines themselves (create and change);
- `qualifications/` (`?expiring_within=<days>`, `?expired=true`, `?person=`, `?standard=`,
  `?grade=`).

Nothing is deleted: an accreditation is withdrawn, a qualification ends on its date.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.routers import SimpleRouter

from qms.core.api.schema import AutoSchema
from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet
from qms.core.specs import SpecReadSerializer, SpecWriteSerializer

from ..models import AccreditationScope
from . import selectors, services
from .filtersets import AccreditationFilterSet, QualificationFilterSet, ScopeFilterSet
from .specs import ACCREDITATION, BODY, QUALIFICATION, SCOPE

# --- Serializers ---------------------------------------------------------------------------


class CertificationBodySerializer(SpecReadSerializer):
    """The certification body: profile, programme-date and audit-time policies, certificate
    numbering. Send its `version` back with a change to have it refused if someone else
    changed it first."""

    spec = BODY


class CertificationBodyWriteSerializer(SpecWriteSerializer):
    """The body's fields a certification manager may change (any subset with PATCH)."""

    spec = BODY


class AccreditationScopeSerializer(SpecReadSerializer):
    """A line of a schedule of accreditation: a standard edition and its IAF codes."""

    spec = SCOPE
    standard = serializers.CharField(source="edition.standard.code", read_only=True)
    edition_name = serializers.CharField(source="edition.edition", read_only=True)
    iaf_code_values: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="iaf_codes", slug_field="code", many=True, read_only=True
    )


AccreditationScopeSerializer.Meta.list_fields = [
    "id",
    "accreditation",
    "edition",
    "standard",
    "edition_name",
    "exclusions",
    "valid_from",
    "valid_until",
    "version",
]


class AccreditationScopeWriteSerializer(SpecWriteSerializer):
    """A scope line: `iaf_codes` are ids of /standards/iaf-codes/ (at least one); the
    accreditation cannot change once the line exists."""

    spec = SCOPE
    valid_from = serializers.DateField(
        required=False, help_text="First day of the line; defaults to the accreditation's."
    )
    valid_until = serializers.DateField(
        required=False, help_text="Last day of the line; defaults to the accreditation's."
    )

    def get_validators(self) -> list[Any]:
        # One line per edition on an accreditation: the service's model validation says so
        # (DRF's own unique-together check would read every organization's lines).
        return []


class AccreditationSerializer(SpecReadSerializer):
    """An accreditation with its scope lines."""

    spec = ACCREDITATION
    scopes = AccreditationScopeSerializer(many=True, read_only=True)


AccreditationSerializer.Meta.list_fields = [
    "id",
    "accreditation_body",
    "number",
    "standard_basis",
    "status",
    "valid_from",
    "valid_until",
    "version",
]


class AccreditationWriteSerializer(SpecWriteSerializer):
    spec = ACCREDITATION


class AuditorQualificationSerializer(SpecReadSerializer):
    """What one person of the body may audit: a standard, IAF codes, a grade, dates."""

    spec = QUALIFICATION
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    person_email = serializers.EmailField(source="person.email", read_only=True)
    standard_code = serializers.CharField(source="standard.code", read_only=True)
    iaf_code_values: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        source="iaf_codes", slug_field="code", many=True, read_only=True
    )
    validity = serializers.CharField(
        read_only=True,
        help_text="Expired, Not yet valid, Expiring (within the reminder days) or Valid.",
    )


AuditorQualificationSerializer.Meta.list_fields = [
    "id",
    "person",
    "person_name",
    "person_email",
    "standard",
    "standard_code",
    "grade",
    "valid_from",
    "valid_until",
    "version",
]


class AuditorQualificationWriteSerializer(SpecWriteSerializer):
    """`person` must be a member holding a certification-body role."""

    spec = QUALIFICATION


# --- Viewsets ------------------------------------------------------------------------------


class BodySchema(AutoSchema):
    """Names the organization's-own-body operations apart from the by-id ones."""

    def get_operation_id(self) -> str:
        operation_id: str = super().get_operation_id()
        if "{" not in self.path:
            operation_id = operation_id.replace("certification_body_", "certification_body_own_", 1)
        return operation_id


class BodyViewSet(TenantModelViewSet):
    """The organization's certification body. `GET`/`PATCH` on `body/` act on the
    organization's own body (404 when it is not a certification body); `body/{id}/` is the
    same record by id. Setting an organization up as a body is done on the page."""

    spec = BODY
    serializer_class = CertificationBodySerializer
    write_serializer_class = CertificationBodyWriteSerializer
    http_method_names = ["get", "patch", "head", "options"]
    lookup_value_regex = r"[0-9]+"
    update_service = staticmethod(services.certification_body_update)
    schema = BodySchema()

    @classmethod
    def as_view(cls, actions: dict[str, Any] | None = None, **initkwargs: Any) -> Any:
        # The router's list route (`body/`) serves the one body: read and change it.
        if actions and actions.get("get") == "list":
            actions = {"get": "retrieve", "patch": "partial_update"}
        return super().as_view(actions, **initkwargs)

    def get_object(self) -> Any:
        if self.lookup_field in self.kwargs:
            return super().get_object()
        body = self.get_queryset().first()
        if body is None:
            raise NotFound("This organization is not a certification body.")
        self.check_object_permissions(self.request, body)
        return body


class AccreditationViewSet(TransitionActionMixin, TenantModelViewSet):
    """Accreditations of the body, each with its scope lines. Status changes are the
    transitions suspend (active), reinstate (suspended) and withdraw, each with a reason."""

    spec = ACCREDITATION
    serializer_class = AccreditationSerializer
    write_serializer_class = AccreditationWriteSerializer
    filterset_class = AccreditationFilterSet
    ordering_fields = ["accreditation_body", "number", "valid_until", "created_at"]
    ordering = ["accreditation_body", "number", "id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = staticmethod(services.accreditation_create)
    update_service = staticmethod(services.accreditation_update)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = selectors.accreditation_list(
            user=self.request.user, organization=self.organization
        )
        if getattr(self, "action", None) != "list":
            lines = AccreditationScope.objects.for_organization(self.organization)
            queryset = queryset.prefetch_related(
                Prefetch(
                    "scopes",
                    queryset=lines.select_related("edition__standard").prefetch_related(
                        "iaf_codes"
                    ),
                )
            )
        return queryset


class ScopeViewSet(TenantModelViewSet):
    """The scope lines of the body's accreditations (standards by IAF codes, with dates)."""

    spec = SCOPE
    serializer_class = AccreditationScopeSerializer
    write_serializer_class = AccreditationScopeWriteSerializer
    filterset_class = ScopeFilterSet
    ordering_fields = ["valid_until", "created_at"]
    ordering = ["accreditation_id", "edition__standard__code", "id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = staticmethod(services.accreditation_scope_create)
    update_service = staticmethod(services.accreditation_scope_update)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = super().get_queryset().select_related("edition__standard")
        if getattr(self, "action", None) != "list":
            queryset = queryset.prefetch_related("iaf_codes")
        return queryset


class QualificationViewSet(TenantModelViewSet):
    """Auditor qualifications. `expiring_within=<days>` lists those still valid that end
    within that many days, `expired=true` those that ended."""

    spec = QUALIFICATION
    serializer_class = AuditorQualificationSerializer
    write_serializer_class = AuditorQualificationWriteSerializer
    filterset_class = QualificationFilterSet
    ordering_fields = ["valid_until", "created_at"]
    ordering = ["person__full_name", "person__email", "standard__code", "id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    create_service = staticmethod(services.qualification_create)
    update_service = staticmethod(services.qualification_update)

    def get_queryset(self) -> QuerySet[Any]:
        queryset = selectors.qualification_list(
            user=self.request.user,
            organization=self.organization,
            today=timezone.localdate(),
            within_days=selectors.qualification_reminder_days(),
        )
        if getattr(self, "action", None) != "list":
            queryset = queryset.prefetch_related("iaf_codes")
        return queryset


def register(router: SimpleRouter) -> None:
    router.register("body", BodyViewSet, basename="certification-certificationbody")
    router.register("accreditations", AccreditationViewSet, basename="certification-accreditation")
    router.register(
        "accreditation-scopes", ScopeViewSet, basename="certification-accreditationscope"
    )
    router.register(
        "qualifications", QualificationViewSet, basename="certification-auditorqualification"
    )
