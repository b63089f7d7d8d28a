"""Pages of the audit programme, included by qms/certification/urls.py (app "certification").

Each programme page has its short name (`programme_list`, `programme_detail`, ...) and the
model's conventional name (`certificationprogramme_list`, ...) that core's walkers and
generic views look up; both reverse to the same address. The "complete" step has its own
page (it records the audit's last day) in front of the generic step page.
"""

from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import URLPattern, URLResolver, path

from qms.core.views.transitions import ObjectTransitionView

from ..models import CertAudit, CertificationProgramme
from . import views


def _both(route: str, view: Callable[..., HttpResponseBase], name: str) -> list[URLPattern]:
    """The pattern under its short name and under the model's conventional name."""
    return [
        path(route, view, name=f"programme_{name}"),
        path(route, view, name=f"certificationprogramme_{name}"),
    ]


urlpatterns: list[URLPattern | URLResolver] = [
    *_both("programmes/", views.ProgrammeListView.as_view(), "list"),
    *_both("programmes/add/", views.ProgrammeCreateView.as_view(), "add"),
    *_both("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), "detail"),
    *_both("programmes/<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), "edit"),
    *_both(
        "programmes/<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(CertificationProgramme),
        "transition",
    ),
    path(
        "programmes/<int:pk>/decision/",
        views.ProgrammeDecisionView.as_view(),
        name="programme_decision",
    ),
    path(
        "programmes/<int:pk>/special-audit/",
        views.SpecialAuditView.as_view(),
        name="programme_special_audit",
    ),
    path("calendar/", views.CalendarView.as_view(), name="programme_calendar"),
    path("audits/", views.CertAuditListView.as_view(), name="certaudit_list"),
    path("audits/<int:pk>/", views.CertAuditDetailView.as_view(), name="certaudit_detail"),
    path("audits/<int:pk>/plan/", views.CertAuditPlanView.as_view(), name="certaudit_plan"),
    path("audits/<int:pk>/plan/", views.CertAuditPlanView.as_view(), name="certaudit_edit"),
    path(
        "audits/<int:pk>/transition/complete/",
        views.CertAuditCompleteView.as_view(),
        name="certaudit_complete",
    ),
    path(
        "audits/<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(CertAudit),
        name="certaudit_transition",
    ),
]
