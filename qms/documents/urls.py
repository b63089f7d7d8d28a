"""Pages of the documents app (`documents:` namespace): the register, revisions, numbering
schemes, and the reading pages of urls_reading.py."""

from django.urls import path

from qms.core.views.transitions import ObjectTransitionView

from . import urls_reading
from .models import Document, DocumentRevision
from .views import register, revisions, schemes

app_name = "documents"

urlpatterns = [
    path("", register.DocumentListView.as_view(), name="document_list"),
    path("add/", register.DocumentCreateView.as_view(), name="document_add"),
    path("<int:pk>/", register.DocumentDetailView.as_view(), name="document_detail"),
    path("<int:pk>/edit/", register.DocumentUpdateView.as_view(), name="document_edit"),
    path(
        "<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(Document),
        name="document_transition",
    ),
    path("<int:pk>/revisions/new/", revisions.RevisionStartView.as_view(), name="revision_start"),
    path("revisions/", revisions.RevisionListView.as_view(), name="documentrevision_list"),
    path(
        "revisions/<int:pk>/",
        revisions.RevisionDetailView.as_view(),
        name="documentrevision_detail",
    ),
    path(
        "revisions/<int:pk>/edit/",
        revisions.RevisionUpdateView.as_view(),
        name="documentrevision_edit",
    ),
    path(
        "revisions/<int:pk>/file/",
        revisions.RevisionFileView.as_view(),
        name="documentrevision_file",
    ),
    path(
        "revisions/<int:pk>/sign-review/",
        revisions.RevisionSignReviewView.as_view(),
        name="documentrevision_sign_review",
    ),
    path(
        "revisions/<int:pk>/compare/",
        revisions.RevisionDiffView.as_view(),
        name="documentrevision_diff",
    ),
    path(
        "revisions/<int:pk>/transition/<slug:name>/",
        ObjectTransitionView.for_model(DocumentRevision),
        name="documentrevision_transition",
    ),
    path("numbering/", schemes.NumberingSchemeListView.as_view(), name="numberingscheme_list"),
    path("numbering/add/", schemes.NumberingSchemeCreateView.as_view(), name="numberingscheme_add"),
    path(
        "numbering/<int:pk>/",
        schemes.NumberingSchemeDetailView.as_view(),
        name="numberingscheme_detail",
    ),
    path(
        "numbering/<int:pk>/edit/",
        schemes.NumberingSchemeUpdateView.as_view(),
        name="numberingscheme_edit",
    ),
    path(
        "numbering/<int:pk>/delete/",
        schemes.NumberingSchemeDeleteView.as_view(),
        name="numberingscheme_delete",
    ),
    *urls_reading.urlpatterns,
]
