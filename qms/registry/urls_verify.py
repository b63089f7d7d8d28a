"""`/verify/<number>/`: a certificate's public page, the QR codes' target (mounted by
qms/urls.py). A number may hold a slash, so the converter is `path`."""

from django.urls import path

from . import views

app_name = "registry_verify"

urlpatterns = [
    path("<path:number>/", views.verify, name="verify"),
]
