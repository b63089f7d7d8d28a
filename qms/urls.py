from django.contrib import admin
from django.urls import include, path

from qms.accounts.views import admin_login
from qms.core.views import pages
from qms.registry import views as registry_views

urlpatterns = [
    # The public certificate registry first (the hot path of anonymous traffic): a
    # certificate's page (the QR codes' target), the keys its signed answers verify with and
    # search; no log-in (qms.registry).
    path("verify/", include("qms.registry.urls_verify")),
    # The API next (its first routes are the registry's public lookups).
    path("api/v1/", include("qms.api_urls")),
    path("registry/exchange/", include("qms.registry.exchange_urls")),
    path("registry/", include("qms.registry.urls")),
    path(
        ".well-known/qms-registry-keys.json",
        registry_views.keys_document,
        name="registry_keys",
    ),
    path("", include("qms.core.urls")),
    path("accounts/", include("qms.accounts.urls")),
    path("organization/", include("qms.organizations.urls")),
    path("documents/", include("qms.documents.urls")),
    path("standards/", include("qms.standards.urls")),
    path("actions/", include("qms.actions.urls")),
    path("context/", include("qms.context.urls")),
    path("risks/", include("qms.risks.urls")),
    path("objectives/", include("qms.objectives.urls")),
    path("nonconformities/", include("qms.nonconformities.urls")),
    path("complaints/", include("qms.complaints.urls")),
    path("surveys/", include("qms.surveys.urls")),
    path("internal-audits/", include("qms.internal_audits.urls")),
    path("management-reviews/", include("qms.management_reviews.urls")),
    path("readiness/", include("qms.readiness.urls")),
    path("access-grants/", include("qms.access_grants.urls")),
    path("certification/", include("qms.certification.urls")),
    # What an external auditor opens through an access grant (qms.access_grants).
    path("external/", include("qms.access_grants.urls_external")),
    # The certification body's client portal (qms.certification.portal).
    path("portal/", include("qms.certification.portal.urls_portal")),
    # The customers' public survey answer link (no log-in; qms.surveys.views.public).
    path("s/", include("qms.surveys.urls_public")),
    path("healthz", pages.healthz, name="healthz"),
    path("livez", pages.livez, name="livez"),
    # Before the admin's own URLs: its log-in form would bypass the product's lockout.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
]

handler400 = "qms.core.views.errors.bad_request"
handler403 = "qms.core.views.errors.permission_denied"
handler404 = "qms.core.views.errors.page_not_found"
handler500 = "qms.core.views.errors.server_error"
