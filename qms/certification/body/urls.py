"""Pages of the certification body, included by qms/certification/urls.py (namespace
"certification"). The names the issue uses (body_detail, qualification_list, …) and the
model-named ones the tenancy and permission walkers look for (certificationbody_list,
auditorqualification_detail, …) both resolve."""

from django.urls import URLPattern, URLResolver, path

from qms.core.views.transitions import ObjectTransitionView

from ..models import Accreditation
from . import views

body = views.BodyDetailView.as_view()
body_setup = views.BodySetupView.as_view()
body_edit = views.BodyUpdateView.as_view()
qualifications = views.QualificationListView.as_view()
qualification_add = views.QualificationCreateView.as_view()
qualification = views.QualificationDetailView.as_view()
qualification_edit = views.QualificationUpdateView.as_view()

urlpatterns: list[URLPattern | URLResolver] = [
    path("body/", body, name="body_detail"),
    path("body/setup/", body_setup, name="body_setup"),
    path("body/edit/", body_edit, name="body_edit"),
    path("body/", body, name="certificationbody_list"),
    path("body/setup/", body_setup, name="certificationbody_add"),
    path("body/<int:pk>/", body, name="certificationbody_detail"),
    path("body/<int:pk>/edit/", body_edit, name="certificationbody_edit"),
    path("accreditations/", views.AccreditationListView.as_view(), name="accreditation_list"),
    path(
        "accreditations/add/",
        views.AccreditationCreateView.as_view(),
        name="accreditation_add",
    ),
    path(
        "accreditations/<int:pk>/",
        views.AccreditationDetailView.as_view(),
        name="accreditation_detail",
    ),
    path(
        "accreditations/<int:pk>/edit/",
        views.AccreditationUpdateView.as_view(),
        name="accreditation_edit",
    ),
    path(
        "accreditations/<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Accreditation),
        name="accreditation_transition",
    ),
    path("accreditations/scope/", views.ScopeListView.as_view(), name="accreditationscope_list"),
    path(
        "accreditations/scope/add/",
        views.ScopeCreateView.as_view(),
        name="accreditationscope_add",
    ),
    path(
        "accreditations/scope/<int:pk>/",
        views.ScopeDetailView.as_view(),
        name="accreditationscope_detail",
    ),
    path(
        "accreditations/scope/<int:pk>/edit/",
        views.ScopeUpdateView.as_view(),
        name="accreditationscope_edit",
    ),
    path("qualifications/", qualifications, name="qualification_list"),
    path(
        "qualifications/matrix/",
        views.QualificationMatrixView.as_view(),
        name="qualification_matrix",
    ),
    path("qualifications/add/", qualification_add, name="qualification_add"),
    path("qualifications/<int:pk>/", qualification, name="qualification_detail"),
    path("qualifications/<int:pk>/edit/", qualification_edit, name="qualification_edit"),
    path("qualifications/", qualifications, name="auditorqualification_list"),
    path("qualifications/add/", qualification_add, name="auditorqualification_add"),
    path("qualifications/<int:pk>/", qualification, name="auditorqualification_detail"),
    path("qualifications/<int:pk>/edit/", qualification_edit, name="auditorqualification_edit"),
]
