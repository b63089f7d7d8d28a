from django.urls import path

from . import views

app_name = "standards"

urlpatterns = [
    path("", views.adopted_list, name="adopted_list"),
    path("adopted/<int:pk>/remove/", views.adopted_remove, name="adopted_remove"),
    path("library/", views.library, name="library"),
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
