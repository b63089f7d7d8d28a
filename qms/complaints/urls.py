from django.urls import path

from qms.core.views.transitions import ObjectTransitionView

from . import views
from .models import Complaint

app_name = "complaints"

urlpatterns = [
    path("", views.ComplaintListView.as_view(), name="complaint_list"),
    path("add/", views.ComplaintCreateView.as_view(), name="complaint_add"),
    path("<int:pk>/", views.ComplaintDetailView.as_view(), name="complaint_detail"),
    path("<int:pk>/edit/", views.ComplaintUpdateView.as_view(), name="complaint_edit"),
    path("<int:pk>/escalate/", views.ComplaintEscalateView.as_view(), name="complaint_escalate"),
    path(
        "<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Complaint),
        name="complaint_transition",
    ),
]
