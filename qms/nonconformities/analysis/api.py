"""API of the root-cause analysis, registered on the nonconformities router:

- `/api/v1/nonconformities/analyses/`: list (filter `nonconformity`, `cause_category`, `q`),
  read, create (the nonconformity's current cycle), update (PATCH/PUT; only the current
  cycle of an open nonconformity); the 5 whys as `[{"why", "answer"}]` (1-10 steps) and the
  Ishikawa as `{"man": [...], "machine": [...], ...}`; a bad shape is a 400 naming the step
  or category;
- `/api/v1/nonconformities/eight-d-reports/`: list, read, create (prefilled from the
  nonconformity, its analysis and actions), update;
- `/api/v1/nonconformities/dispositions/`: list, read, create (with `replaces` and
  `replace_reason` to correct an earlier one) and the `void` transition; never updated or
  deleted.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from qms.core.api.serializers import StrictModelSerializer, TenantPrimaryKeyRelatedField
from qms.core.api.transitions import TransitionActionMixin
from qms.core.api.viewsets import TenantModelViewSet
from qms.core.permissions import has_object_perm
from qms.core.specs import VERSION_HELP, SpecReadSerializer
from qms.nonconformities.models import Nonconformity

from . import selectors, services
from .filtersets import DispositionFilterSet, EightDReportFilterSet, RootCauseAnalysisFilterSet
from .models import Disposition, EightDReport, RootCauseAnalysis
from .specs import ANALYSIS, DISPOSITION, EIGHT_D

_WHYS_HELP = (
    'The chain of whys, 1 to 10 steps: [{"why": "...", "answer": "..."}], each non-empty '
    "(at most 500 characters)."
)
_ISHIKAWA_HELP = (
    "Causes by 6M category: an object with any of the keys man, machine, method, material, "
    "measurement, environment, each a list of at most 8 short causes (120 characters)."
)


def _create_for_nonconformity(
    view: Any, request: Request, serializer_class: Any, service: Any, nc_permission: str
) -> Response:
    """Validate, check that the user may manage that nonconformity (a process owner: only
    those of their processes or in their charge; else 403), then call the service."""
    serializer = serializer_class(data=request.data, context=view.get_serializer_context())
    serializer.is_valid(raise_exception=True)
    data = dict(serializer.validated_data)
    nonconformity = data["nonconformity"]
    if not has_object_perm(
        view.actor, nonconformity, nc_permission, organization=view.organization
    ):
        raise exceptions.PermissionDenied()
    instance = service(actor=view.actor, organization=view.organization, data=data)
    response: Response = view._read(instance, status.HTTP_201_CREATED)
    return response


def _nonconformity_field() -> TenantPrimaryKeyRelatedField:
    return TenantPrimaryKeyRelatedField(
        queryset=Nonconformity.objects.all(), help_text="The nonconformity (its id)."
    )


# --- Root-cause analyses -----------------------------------------------------------------


class RootCauseAnalysisSerializer(SpecReadSerializer):
    spec = ANALYSIS
    nonconformity_number = serializers.CharField(source="nonconformity.number", read_only=True)
    analysed_by_email = serializers.EmailField(
        source="analysed_by.email", read_only=True, allow_null=True
    )


class RootCauseAnalysisWriteSerializer(StrictModelSerializer):
    """Changes to an analysis; send its `version` to be refused if someone changed it first."""

    five_whys = serializers.JSONField(required=False, help_text=_WHYS_HELP)
    ishikawa = serializers.JSONField(required=False, help_text=_ISHIKAWA_HELP)
    version = serializers.IntegerField(
        required=False, min_value=1, write_only=True, help_text=VERSION_HELP
    )

    class Meta:
        model = RootCauseAnalysis
        fields = ["five_whys", "ishikawa", "root_cause", "cause_category", "version"]


class RootCauseAnalysisCreateSerializer(StrictModelSerializer):
    """A new analysis of the nonconformity's current action cycle."""

    nonconformity = _nonconformity_field()
    five_whys = serializers.JSONField(help_text=_WHYS_HELP)
    ishikawa = serializers.JSONField(required=False, help_text=_ISHIKAWA_HELP)

    class Meta:
        model = RootCauseAnalysis
        fields = ["nonconformity", "five_whys", "ishikawa", "root_cause", "cause_category"]
        validators: list[Any] = []


class RootCauseAnalysisViewSet(TenantModelViewSet):
    """Root-cause analyses, one per nonconformity and action cycle."""

    spec = ANALYSIS
    serializer_class = RootCauseAnalysisSerializer
    write_serializer_class = RootCauseAnalysisWriteSerializer
    filterset_class = RootCauseAnalysisFilterSet
    ordering_fields = ["created_at", "cycle", "analysed_at"]
    ordering = ["-created_at", "-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = staticmethod(services.root_cause_analysis_create)
    update_service = staticmethod(services.root_cause_analysis_update)

    def get_queryset(self) -> Any:
        return selectors.analysis_list(user=self.request.user, organization=self.organization)

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return RootCauseAnalysisCreateSerializer
        return super().get_serializer_class()

    @extend_schema(
        request=RootCauseAnalysisCreateSerializer,
        responses={201: RootCauseAnalysisSerializer},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return _create_for_nonconformity(
            self,
            request,
            RootCauseAnalysisCreateSerializer,
            services.root_cause_analysis_create,
            "analyse",
        )


# --- 8D reports --------------------------------------------------------------------------


class EightDReportSerializer(SpecReadSerializer):
    spec = EIGHT_D
    nonconformity_number = serializers.CharField(source="nonconformity.number", read_only=True)


class EightDReportWriteSerializer(StrictModelSerializer):
    """Changes to an 8D report; send its `version` to be refused if someone changed it."""

    version = serializers.IntegerField(
        required=False, min_value=1, write_only=True, help_text=VERSION_HELP
    )

    class Meta:
        model = EightDReport
        fields = [*services.EIGHT_D_FIELDS, "version"]


class EightDReportCreateSerializer(StrictModelSerializer):
    """A new 8D report: what is left out is prefilled from the nonconformity, its analysis
    and its actions."""

    nonconformity = _nonconformity_field()

    class Meta:
        model = EightDReport
        fields = ["nonconformity", *services.EIGHT_D_FIELDS]
        validators: list[Any] = []


class EightDReportViewSet(TenantModelViewSet):
    """8D reports (one per nonconformity, optional); the PDF is at
    /nonconformities/eight-d-reports/{id}/report.pdf in the product."""

    spec = EIGHT_D
    serializer_class = EightDReportSerializer
    write_serializer_class = EightDReportWriteSerializer
    filterset_class = EightDReportFilterSet
    ordering_fields = ["created_at", "updated_at"]
    ordering = ["-created_at", "-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    create_service = staticmethod(services.eight_d_report_create)
    update_service = staticmethod(services.eight_d_report_update)

    def get_queryset(self) -> Any:
        return selectors.eight_d_report_list(
            user=self.request.user, organization=self.organization
        ).prefetch_related("d1_team_members")

    def get_serializer_class(self) -> Any:
        if self.action == "create":
            return EightDReportCreateSerializer
        return super().get_serializer_class()

    @extend_schema(request=EightDReportCreateSerializer, responses={201: EightDReportSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return _create_for_nonconformity(
            self, request, EightDReportCreateSerializer, services.eight_d_report_create, "analyse"
        )


# --- Dispositions ------------------------------------------------------------------------


class DispositionSerializer(SpecReadSerializer):
    spec = DISPOSITION
    nonconformity_number = serializers.CharField(source="nonconformity.number", read_only=True)
    authorised_by_email = serializers.EmailField(
        source="authorised_by.email", read_only=True, allow_null=True
    )


class DispositionCreateSerializer(StrictModelSerializer):
    """A disposition of (part of) a nonconformity's output. To correct an earlier one, name
    it in `replaces` with a `replace_reason`: it is voided in the same step."""

    nonconformity = _nonconformity_field()
    quantity = serializers.DecimalField(max_digits=14, decimal_places=3)
    replaces = TenantPrimaryKeyRelatedField(
        queryset=Disposition.objects.all(),
        required=False,
        allow_null=True,
        help_text="The earlier disposition this one corrects (it is voided).",
    )
    replace_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text="Why it is corrected."
    )

    class Meta:
        model = Disposition
        fields = ["nonconformity", *services.DISPOSITION_FIELDS, "replaces", "replace_reason"]
        validators: list[Any] = []


class DispositionViewSet(TransitionActionMixin, TenantModelViewSet):
    """Dispositions of nonconforming output (§8.7). Never changed or deleted: a correction
    is a new disposition that voids the earlier one, or the `void` transition (a reason)."""

    spec = DISPOSITION
    serializer_class = DispositionSerializer
    write_serializer_class = DispositionCreateSerializer
    filterset_class = DispositionFilterSet
    ordering_fields = ["decided_on", "created_at", "quantity"]
    ordering = ["-decided_on", "-id"]
    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "head", "options"]
    create_service = staticmethod(services.disposition_create)

    def get_queryset(self) -> Any:
        return selectors.disposition_list(user=self.request.user, organization=self.organization)

    @extend_schema(request=DispositionCreateSerializer, responses={201: DispositionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return _create_for_nonconformity(
            self, request, DispositionCreateSerializer, services.disposition_create, "change"
        )


def register_routes(router: Any) -> None:
    """Add this sub-package's viewsets to the app's API router."""
    router.register(
        "nonconformities/analyses",
        RootCauseAnalysisViewSet,
        basename="nonconformities-rootcauseanalysis",
    )
    router.register(
        "nonconformities/eight-d-reports",
        EightDReportViewSet,
        basename="nonconformities-eightdreport",
    )
    router.register(
        "nonconformities/dispositions",
        DispositionViewSet,
        basename="nonconformities-disposition",
    )
