from django.urls import path

from qms.core.views.transitions import ObjectTransitionView

from . import views
from .models import ManagementReview

app_name = "management_reviews"

urlpatterns = [
    path("", views.ReviewListView.as_view(), name="managementreview_list"),
    path("add/", views.ReviewCreateView.as_view(), name="managementreview_add"),
    path("<int:pk>/", views.ReviewDetailView.as_view(), name="managementreview_detail"),
    path("<int:pk>/edit/", views.ReviewUpdateView.as_view(), name="managementreview_edit"),
    path("<int:pk>/compile/", views.CompileView.as_view(), name="managementreview_compile"),
    path("<int:pk>/minutes/", views.MinutesView.as_view(), name="managementreview_minutes"),
    path(
        "<int:pk>/attendance/add/",
        views.AttendanceAddView.as_view(),
        name="managementreview_attend",
    ),
    path("<int:pk>/outputs/add/", views.OutputAddView.as_view(), name="managementreview_decide"),
    path("<int:pk>/pack.pdf", views.ReviewPdfView.as_view(), name="managementreview_pdf"),
    path(
        "<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(ManagementReview),
        name="managementreview_transition",
    ),
    path("attendance/", views.AttendanceListView.as_view(), name="attendance_list"),
    path("attendance/<int:pk>/", views.AttendanceDetailView.as_view(), name="attendance_detail"),
    path("sections/", views.SectionListView.as_view(), name="inputsection_list"),
    path("sections/<int:pk>/", views.SectionDetailView.as_view(), name="inputsection_detail"),
    path("decisions/", views.OutputListView.as_view(), name="output_list"),
    path("decisions/<int:pk>/", views.OutputDetailView.as_view(), name="output_detail"),
    path(
        "attendance/<int:pk>/edit/",
        views.AttendanceChangeView.as_view(),
        name="attendance_edit",
    ),
    path("sections/<int:pk>/edit/", views.SectionTextView.as_view(), name="inputsection_edit"),
]
