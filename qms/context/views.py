"""Pages of the context of the organization: the overview, issues, interested parties and
their requirements, the climate-change decisions, the QMS scope, and the context and scope
document (PDF preview, and publishing it into the document register)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from qms.core.errors import Conflict, TransitionRefused
from qms.core.forms import submitted_values
from qms.core.pdf import pdf_response
from qms.core.signatures import signatures_of
from qms.core.views.generic import (
    ObjectCreateView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    TenantViewMixin,
    apply_validation_error,
)
from qms.organizations.process_map import process_map

from . import rules, selectors, services
from .filtersets import IssueFilterSet, PartyFilterSet, RequirementFilterSet
from .models import (
    ClimateDecision,
    ContextIssue,
    InterestedParty,
    InterestedPartyRequirement,
    QmsScope,
)
from .pdf import TITLE, context_pdf
from .specs import CLIMATE, ISSUE, PARTY, REQUIREMENT, SCOPE


def _review_window() -> int:
    return int(settings.CONTEXT_REVIEW_REMINDER_DAYS)


# --- Overview ------------------------------------------------------------------------------------


class ContextOverviewView(TenantViewMixin, View):
    """Clause 4 on one page: climate decision, issues, parties, scope, process map, reviews."""

    model = ContextIssue

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("view")
        organization = self.organization
        today = timezone.localdate()
        scope = selectors.scope_of(organization=organization)
        exclusions = selectors.exclusions(organization=organization)
        context = {
            "title": _("Context and scope"),
            "climate": selectors.latest_climate_decision(organization=organization),
            "counts": selectors.counts(organization=organization),
            "latest_issues": list(
                selectors.issues_for_overview(organization=organization).order_by(
                    "-updated_at", "-id"
                )[:6]
            ),
            "parties": list(selectors.parties_with_requirements(organization=organization)[:8]),
            "scope": scope,
            "exclusions": exclusions,
            "unjustified": [item for item in exclusions if not item.justified],
            "map": process_map(organization=organization, title=_("Process map")),
            "reviews_due": selectors.reviews_due(
                organization=organization, today=today, within_days=_review_window()
            ),
            "today": today,
            "can_decide": self.can("add", model=ClimateDecision),
            "can_add_issue": self.can("add"),
            "can_add_party": self.can("add", model=InterestedParty),
            "can_scope": self.can("change", model=QmsScope) and self.can("add", model=QmsScope),
            "can_publish": self.can("publish", model=QmsScope),
            "breadcrumbs": [(_("Home"), reverse("core:dashboard")), (_("Context and scope"), None)],
        }
        return render(request, "context/overview.html", context)


# --- Issues --------------------------------------------------------------------------------------


class IssueListView(ObjectListView):
    model = ContextIssue
    filterset_class = IssueFilterSet
    columns = ISSUE.columns
    title = "Context issues"


class ReviewedDetailView(ObjectDetailView):
    template_name = "context/reviewed_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        """The "Review due" badge follows the list filter and the reminders of that name:
        a current record whose review falls within the reminder window."""
        context = super().get_context_data(obj)
        context["review_due"] = obj.is_current and rules.review_due(
            next_review_on=obj.next_review_on,
            today=timezone.localdate(),
            within_days=_review_window(),
        )
        return context


class IssueDetailView(ReviewedDetailView):
    spec = ISSUE


class OwnedCreateView(ObjectCreateView):
    """A new issue or interested party is offered to its author as owner."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        form = self.form_class(initial={"owner": request.user.pk}, **self.form_kwargs())
        return self.render_form(form)


class IssueCreateView(OwnedCreateView):
    spec = ISSUE
    create_service = staticmethod(services.issue_create)


class IssueUpdateView(ObjectUpdateView):
    spec = ISSUE
    update_service = staticmethod(services.issue_update)


# --- Interested parties and their requirements ------------------------------------------------


class PartyListView(ObjectListView):
    model = InterestedParty
    filterset_class = PartyFilterSet
    columns = PARTY.columns
    title = "Interested parties"


class PartyDetailView(ReviewedDetailView):
    spec = PARTY
    template_name = "context/party_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["requirements"] = list(
            InterestedPartyRequirement.objects.for_organization(obj.organization_id)
            .filter(party=obj)
            .order_by("id")
        )
        context["add_requirement_url"] = (
            reverse("context:interestedpartyrequirement_add", args=[obj.pk])
            if obj.is_current and self.can("add", model=InterestedPartyRequirement)
            else None
        )
        context["can_change_requirements"] = self.can("change", model=InterestedPartyRequirement)
        return context


class PartyCreateView(OwnedCreateView):
    spec = PARTY
    create_service = staticmethod(services.party_create)


class PartyUpdateView(ObjectUpdateView):
    spec = PARTY
    update_service = staticmethod(services.party_update)


class RequirementListView(ObjectListView):
    model = InterestedPartyRequirement
    filterset_class = RequirementFilterSet
    columns = REQUIREMENT.columns
    title = "Requirements of interested parties"


class RequirementDetailView(ObjectDetailView):
    spec = REQUIREMENT


class RequirementCreateView(ObjectCreateView):
    """A requirement is added from its party's page (`parties/<pk>/requirements/add/`)."""

    spec = REQUIREMENT

    def party(self) -> InterestedParty:
        """The party of the URL, read once per request (404 for one the user cannot see)."""
        if not hasattr(self, "_party"):
            self._party: InterestedParty = get_object_or_404(
                InterestedParty.objects.for_user(
                    self.request.user, "view", organization=self.organization
                ),
                pk=self.kwargs["pk"],
            )
        return self._party

    def perform_create(self, form: Any) -> Any:
        try:
            return services.requirement_create(
                actor=self.request.user, party=self.party(), data=submitted_values(form)
            )
        except Conflict as error:
            raise ValidationError(error.message) from None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.party()  # 404 first
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.party()
        return super().post(request, *args, **kwargs)


class RequirementUpdateView(ObjectUpdateView):
    spec = REQUIREMENT
    update_service = staticmethod(services.requirement_update)


# --- Climate change -------------------------------------------------------------------------------


class ClimateListView(ObjectListView):
    model = ClimateDecision
    columns = CLIMATE.columns
    title = "Climate change decisions"


class ClimateDetailView(ObjectDetailView):
    spec = CLIMATE
    template_name = "context/climate_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["signatures"] = signatures_of(subject=obj)
        latest = selectors.latest_climate_decision(organization=obj.organization_id)
        context["is_current"] = latest is not None and latest.pk == obj.pk
        return context


class ClimateDecisionForm(forms.Form):
    relevant = forms.TypedChoiceField(
        label=gettext_lazy("Is climate change a relevant issue for the organization?"),
        choices=[("yes", gettext_lazy("Yes, it is relevant")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(
        label=gettext_lazy("Rationale"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Why: how climate change could (or could not) affect what the QMS must achieve."
        ),
    )
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy('Re-enter it to sign the decision (meaning: "Decided").'),
    )


class ClimateDecideView(TenantViewMixin, View):
    """Record a new signed decision on climate change (the older ones are kept)."""

    model = ClimateDecision

    def _render(self, form: ClimateDecisionForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": _("Decide whether climate change is a relevant issue"),
            "current": selectors.latest_climate_decision(organization=self.organization),
            "cancel_url": reverse("context:overview"),
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Context and scope"), reverse("context:overview")),
                (_("Climate change"), None),
            ],
        }
        return render(self.request, "context/climate_form.html", context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        return self._render(ClimateDecisionForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        form = ClimateDecisionForm(request.POST)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            decision = services.climate_decide(
                actor=request.user,  # type: ignore[arg-type]
                organization=self.organization,
                data={
                    "relevant": form.cleaned_data["relevant"],
                    "rationale": form.cleaned_data["rationale"],
                },
                password=form.cleaned_data["password"],
            )
        except TransitionRefused as error:
            form.add_error("password", error.message)
            return self._render(form, status=409)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._render(form, status=400)
        messages.success(request, _("Decision recorded and signed."))
        return HttpResponseRedirect(decision.get_absolute_url())


# --- Scope ----------------------------------------------------------------------------------------


class ScopeListView(ObjectListView):
    model = QmsScope
    columns = SCOPE.columns
    title = "QMS scope"


class ScopeDetailView(ObjectDetailView):
    spec = SCOPE
    template_name = "context/scope_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        exclusions = selectors.exclusions(organization=obj.organization_id)
        context.update(
            {
                "scope": obj,
                "sites": list(obj.sites.all()),
                "exclusions": exclusions,
                "unjustified": [item for item in exclusions if not item.justified],
                "can_publish": self.can("publish", model=QmsScope),
            }
        )
        return context


class ScopeCreateView(ObjectCreateView):
    spec = SCOPE
    create_service = staticmethod(services.scope_create)

    def perform_create(self, form: Any) -> Any:
        try:
            return super().perform_create(form)
        except Conflict as error:
            raise ValidationError(error.message) from None


class ScopeUpdateView(ObjectUpdateView):
    spec = SCOPE
    update_service = staticmethod(services.scope_update)


# --- The context and scope document --------------------------------------------------------------


class ContextPdfView(TenantViewMixin, View):
    """The PDF preview (not controlled: the controlled copy is the document's revision)."""

    model = QmsScope

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("view")
        pdf = context_pdf(organization=self.organization)
        stamp = timezone.localdate().isoformat()
        return pdf_response(pdf=pdf, filename=f"{TITLE} {stamp}.pdf")


class PublishForm(forms.Form):
    change_summary = forms.CharField(
        label=gettext_lazy("What changed"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Becomes the change summary of the document's new revision."),
    )


class ContextPublishView(TenantViewMixin, View):
    """Generate the PDF and put it into the document register as a draft revision."""

    model = QmsScope

    def _render(self, form: PublishForm, status: int = 200) -> HttpResponse:
        scope = selectors.scope_of(organization=self.organization)
        context = {
            "form": form,
            "scope": scope,
            "title": _("Generate the context and scope document"),
            "cancel_url": reverse("context:overview"),
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Context and scope"), reverse("context:overview")),
                (_("Generate the document"), None),
            ],
        }
        return render(self.request, "context/publish.html", context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("publish")
        return self._render(PublishForm())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("publish")
        form = PublishForm(request.POST)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            revision = services.context_document_publish(
                actor=request.user,  # type: ignore[arg-type]
                organization=self.organization,
                change_summary=form.cleaned_data["change_summary"],
            )
        except Conflict as error:
            form.add_error(None, error.message)
            return self._render(form, status=409)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self._render(form, status=400)
        messages.success(
            request,
            _(
                "Revision %(number)s of %(document)s now holds the new PDF. Send it for review "
                "and approval in the document register to make it effective."
            )
            % {"number": revision.number, "document": revision.document.number},
        )
        return HttpResponseRedirect(revision.document.get_absolute_url())
