"""Pages of an audit's work, included by qms/certification/urls.py (app "certification").

The workspace and the plan page hang off the audit (its pk); every record also has its
list and detail page under the model's conventional name (core's walkers find them)."""

from django.urls import URLPattern, URLResolver, path

from . import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "audits/<int:pk>/workspace/",
        views.WorkspaceView.as_view(),
        name="certaudit_workspace",
    ),
    path("audits/<int:pk>/audit-plan/", views.PlanDetailView.as_view(), name="auditplan_of_audit"),
    path("audit-plans/<int:pk>/", views.plan_by_pk, name="auditplan_detail"),
    path("audit-plans/", views.PlanListView.as_view(), name="auditplan_list"),
    path("audit-plan-slots/", views.SlotListView.as_view(), name="auditplanslot_list"),
    path("audit-plan-slots/<int:pk>/", views.SlotDetailView.as_view(), name="auditplanslot_detail"),
    path(
        "audit-plan-slots/<int:pk>/remove/",
        views.SlotRemoveView.as_view(),
        name="auditplanslot_remove",
    ),
    path("audit-plan-versions/", views.IssueListView.as_view(), name="auditplanissue_list"),
    path(
        "audit-plan-versions/<int:pk>/",
        views.IssueDetailView.as_view(),
        name="auditplanissue_detail",
    ),
    path(
        "audit-plan-versions/<int:pk>/pdf/",
        views.IssuePdfView.as_view(),
        name="auditplanissue_pdf",
    ),
    path("audit-team/", views.MemberListView.as_view(), name="auditteammember_list"),
    path("audit-team/<int:pk>/", views.MemberDetailView.as_view(), name="auditteammember_detail"),
    path(
        "audit-team/<int:pk>/remove/",
        views.MemberRemoveView.as_view(),
        name="auditteammember_remove",
    ),
    path("audit-checklist/", views.ChecklistItemListView.as_view(), name="certchecklistitem_list"),
    path(
        "audit-checklist/<int:pk>/",
        views.ChecklistItemDetailView.as_view(),
        name="certchecklistitem_detail",
    ),
    path("audit-findings/", views.FindingListView.as_view(), name="certfinding_list"),
    path("audit-findings/<int:pk>/", views.FindingDetailView.as_view(), name="certfinding_detail"),
]
