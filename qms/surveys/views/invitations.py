"""Invitations (list, detail, withdraw, invite customers) and responses (read-only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from qms.core.errors import Conflict
from qms.core.tables import Column
from qms.core.views.generic import (
    ObjectDetailView,
    ObjectListView,
    TenantViewMixin,
)

from .. import services
from ..choices import SurveyStatus
from ..filtersets import SurveyInvitationFilterSet, SurveyResponseFilterSet
from ..forms import InviteForm
from ..models import SurveyInvitation, SurveyResponse
from ..selectors import answers_of, survey_list
from ..specs import INVITATION, RESPONSE
from .refusals import RefusableDeleteView


class SurveyInvitationListView(ObjectListView):
    model = SurveyInvitation
    filterset_class = SurveyInvitationFilterSet
    columns = INVITATION.columns
    title = "Survey invitations"


class SurveyInvitationDetailView(ObjectDetailView):
    spec = INVITATION
    fields = (*INVITATION.columns, Column("contact"), Column("created_at"))


class SurveyInvitationDeleteView(RefusableDeleteView):
    spec = INVITATION
    delete_service = staticmethod(services.invitation_delete)


class SurveyInvitationCreateView(TenantViewMixin, View):
    """Invite customers to an open survey: several rows, or a pasted list."""

    model = SurveyInvitation
    template_name = "surveys/invite.html"

    def _form(self, data: Any = None) -> InviteForm:
        surveys = survey_list(user=self.request.user, organization=self.organization).filter(
            status=SurveyStatus.OPEN
        )
        initial = {}
        chosen = self.request.GET.get("survey", "")
        if chosen.isdigit():
            initial["survey"] = int(chosen)
        return InviteForm(data, initial=initial, surveys=surveys)

    def _render(self, form: InviteForm, status: int = 200) -> HttpResponse:
        context = {
            "form": form,
            "title": _("Invite customers"),
            "cancel_url": reverse("surveys:survey_list"),
            "breadcrumbs": [*self.base_breadcrumbs(), (_("Invite"), None)],
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        return self._render(self._form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("add")
        form = self._form(request.POST)
        if not form.is_valid():
            return self._render(form, status=400)
        survey = form.cleaned_data["survey"]
        try:
            created = services.invitations_send(
                actor=request.user,  # type: ignore[arg-type]
                survey=survey,
                invitees=form.cleaned_data["invitees"],
            )
        except Conflict as error:
            form.add_error("survey", error.message)
            return self._render(form, status=409)
        except ValidationError as error:
            for problem in error.message_dict.get("invitees", error.messages):
                form.add_error(None, problem)
            return self._render(form, status=400)
        messages.success(
            request,
            _("%(count)s customer(s) invited; the links are being e-mailed.")
            % {"count": len(created)},
        )
        return HttpResponseRedirect(survey.get_absolute_url())


class SurveyResponseListView(ObjectListView):
    model = SurveyResponse
    filterset_class = SurveyResponseFilterSet
    columns = RESPONSE.columns
    title = "Survey responses"


class SurveyResponseDetailView(ObjectDetailView):
    spec = RESPONSE
    fields = RESPONSE.columns
    template_name = "surveys/response_detail.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["answers"] = answers_of(response=obj)
        return context
