"""/api/v1/: every app's api/urls.py, the API root, the OpenAPI schema and Swagger UI."""

from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from qms.core.api.schema_view import SchemaView
from qms.core.api.views import ApiRootView

app_name = "api"

urlpatterns = [
    # The public registry first (its lookups are the hot path, resolved before the app
    # routers): signed lookups (no auth) and other bodies' publishing (API key).
    path("public/", include("qms.registry.api_urls")),
    path("public/", include("qms.registry.api_publish_urls")),
    path("", ApiRootView.as_view(), name="root"),
    path("schema/", SchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's initialiser as a script file (`?script`), so the
    # page runs under the Content-Security-Policy without inline scripts or styles.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("", include("qms.core.api.urls")),
    path("", include("qms.accounts.api.urls")),
    path("", include("qms.organizations.api.urls")),
    path("", include("qms.documents.api.urls")),
    path("", include("qms.standards.api.urls")),
    path("", include("qms.nonconformities.api.urls")),
    path("", include("qms.actions.api.urls")),
    path("", include("qms.complaints.api.urls")),
    path("", include("qms.surveys.api.urls")),
    path("", include("qms.context.api.urls")),
    path("", include("qms.risks.api.urls")),
    path("", include("qms.objectives.api.urls")),
    path("", include("qms.internal_audits.api.urls")),
    path("", include("qms.management_reviews.api.urls")),
    path("", include("qms.readiness.api.urls")),
    path("", include("qms.access_grants.api.urls")),
    path("certification/", include("qms.certification.api.urls")),
]
