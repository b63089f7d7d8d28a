from django.urls import path

from . import views

app_name = "standards"

urlpatterns = [
    path("", views.adopted_list, name="organizationstandard_list"),
    path("adopted/<int:pk>/remove/", views.adopted_remove, name="adopted_remove"),
    path(
        "adopted/<int:pk>/",
        views.OrganizationStandardDetailView.as_view(),
        name="organizationstandard_detail",
    ),
    path(
        "adopted/<int:pk>/edit/",
        views.OrganizationStandardUpdateView.as_view(),
        name="organizationstandard_edit",
    ),
    path(
        "adopted/<int:pk>/delete/",
        views.OrganizationStandardDeleteView.as_view(),
        name="organizationstandard_delete",
    ),
    path("not-applicable/", views.ApplicabilityListView.as_view(), name="clauseapplicability_list"),
    path(
        "not-applicable/<int:pk>/",
        views.ApplicabilityDetailView.as_view(),
        name="clauseapplicability_detail",
    ),
    path(
        "not-applicable/<int:pk>/edit/",
        views.ApplicabilityUpdateView.as_view(),
        name="clauseapplicability_edit",
    ),
    path(
        "not-applicable/<int:pk>/delete/",
        views.ApplicabilityDeleteView.as_view(),
        name="clauseapplicability_delete",
    ),
    path("evidence/", views.EvidenceListView.as_view(), name="clauseevidence_list"),
    path("evidence/<int:pk>/", views.EvidenceDetailView.as_view(), name="clauseevidence_detail"),
    path("evidence/<int:pk>/edit/", views.EvidenceUpdateView.as_view(), name="clauseevidence_edit"),
    path(
        "evidence/<int:pk>/delete/",
        views.EvidenceDeleteView.as_view(),
        name="clauseevidence_delete",
    ),
    path("library/", views.library, name="library"),
    path("library/iaf-codes/", views.iaf_codes, name="iaf_codes"),
    path("library/audit-time-tables/", views.audit_time_tables, name="audit_time_tables"),
    path("editions/<int:pk>/", views.clause_tree, name="clause_tree"),
    path("clauses/<int:pk>/", views.clause_detail, name="clause_detail"),
    path(
        "clauses/<int:pk>/applicability/",
        views.clause_applicability,
        name="clause_applicability",
    ),
    path("evidence/<int:pk>/review/", views.evidence_review, name="evidence_review"),
    path("evidence/<int:pk>/unlink/", views.evidence_unlink, name="evidence_unlink"),
    path("transition/<int:old>/<int:new>/", views.transition, name="transition"),
]
