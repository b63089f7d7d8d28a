"""The only settings module of qms. Every value comes from a QMS_* environment variable.

Production differs from a laptop only by environment; see .env.example for each variable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

from qms.env import (
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
    parse_database_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("QMS_DATA_DIR") or BASE_DIR / "var").resolve()

DEBUG = env_bool("QMS_DEBUG", False)

_DEV_SECRET_KEY = "qms-insecure-development-key-never-use-in-production-0000"  # noqa: S105
SECRET_KEY = env_secret("QMS_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "QMS_SECRET_KEY (or QMS_SECRET_KEY_FILE) is required when QMS_DEBUG=false "
            "(generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'). "
            "On a development checkout, export QMS_DEBUG=true instead."
        )
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("QMS_SECRET_KEY must be at least 32 characters long.")

# Signs the audit chain heads and checkpoints (qms/core/audit_keys.py). Kept outside the
# database, so someone who can write the database cannot re-sign a rewritten trail.
AUDIT_KEY = env_secret("QMS_AUDIT_KEY")
if not AUDIT_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "QMS_AUDIT_KEY (or QMS_AUDIT_KEY_FILE) is required when QMS_DEBUG=false "
            "(generate one with: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    AUDIT_KEY = "qms-development-audit-key|" + SECRET_KEY
elif len(AUDIT_KEY) < 32:
    raise ImproperlyConfigured("QMS_AUDIT_KEY must be at least 32 characters long.")

PORT = env_int("QMS_PORT", 8000, minimum=1)
ALLOWED_HOSTS = env_list("QMS_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("QMS_CSRF_TRUSTED_ORIGINS")
BASE_URL = env_str("QMS_BASE_URL", f"http://127.0.0.1:{PORT}").rstrip("/")
SITE_NAME = env_str("QMS_SITE_NAME", "qms")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.admin",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "qms.core",
    "qms.accounts",
    "qms.organizations",
    "qms.standards",
    "qms.documents",
    "qms.actions",
    "qms.context",
    "qms.risks",
    "qms.nonconformities",
    "qms.complaints",
    "qms.surveys",
    "qms.objectives",
    "qms.internal_audits",
    "qms.management_reviews",
    "qms.readiness",
    "qms.access_grants",
    "qms.certification",
    "qms.registry",
]

MIDDLEWARE = [
    "qms.core.middleware.RequestContextMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "qms.accounts.middleware.CurrentOrganizationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

FORM_RENDERER = "qms.core.forms.FormRenderer"
FILTERS_EMPTY_CHOICE_LABEL = "Any"  # the blank choice of list filters
ROOT_URLCONF = "qms.urls"
WSGI_APPLICATION = "qms.wsgi.application"
ASGI_APPLICATION = "qms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "qms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qms.core.context_processors.shell",
                "qms.core.views.notifications.unread_notifications",
            ],
        },
    }
]

# --- Database: embedded SQLite under QMS_DATA_DIR unless QMS_DATABASE_URL says otherwise.
_database_url = env_str("QMS_DATABASE_URL")
# Seconds each server thread keeps its database connection (0: one per request). Kept
# connections save SQLite ~0.7 ms and PostgreSQL several ms per request; `qms serve` runs
# Django in a fixed pool of threads (qms.serving), so they are reused. Never serve through
# Django's ASGI handler with a non-zero value: it runs each request in a new thread, and
# the kept connections pile up until garbage collection (PostgreSQL runs out of them).
_conn_max_age = env_int("QMS_DATABASE_CONN_MAX_AGE", 60, minimum=0)
if _database_url:
    _db = parse_database_url("QMS_DATABASE_URL", _database_url)
    DATABASES: dict[str, dict[str, Any]] = {
        "default": {
            "ENGINE": _db.engine,
            "NAME": _db.name,
            "USER": _db.user,
            "PASSWORD": env_secret("QMS_DATABASE_PASSWORD") or _db.password,
            "HOST": _db.host,
            "PORT": _db.port,
            "OPTIONS": dict(_db.options),
            "CONN_MAX_AGE": _conn_max_age,
            "CONN_HEALTH_CHECKS": True,
        }
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "qms.sqlite3"),
            "CONN_MAX_AGE": _conn_max_age,  # safe with WAL; nothing to health-check
        }
    }

# Our thin backends add a pre-commit hook that appends the queued audit events
# (qms/core/db/audit_hook.py); otherwise they are Django's own.
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.sqlite3": "qms.core.db.sqlite3",
    "django.db.backends.postgresql": "qms.core.db.postgresql",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])

if str(DATABASES["default"]["ENGINE"]).endswith("sqlite3"):
    # WAL lets readers run beside the writer; IMMEDIATE transactions take the write lock at
    # BEGIN, so concurrent writers queue on the busy timeout instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": env_int("QMS_SQLITE_BUSY_TIMEOUT", 20, minimum=1),
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }

# Scale-out of the public certificate registry: a read replica of the primary (PostgreSQL
# streaming replication) the registry's public lookups and searches read from; writes and
# reads inside a transaction stay on the primary (qms/registry/db_router.py).
_registry_read_url = env_str("QMS_REGISTRY_DATABASE_URL")
if _registry_read_url:
    _replica = parse_database_url("QMS_REGISTRY_DATABASE_URL", _registry_read_url)
    if not _database_url or _replica.engine != DATABASES["default"]["ENGINE"].replace(
        "qms.core.db.", "django.db.backends."
    ):
        raise ImproperlyConfigured(
            "QMS_REGISTRY_DATABASE_URL must be a replica of QMS_DATABASE_URL (same engine)."
        )
    DATABASES["registry_read"] = {
        "ENGINE": DATABASES["default"]["ENGINE"],
        "NAME": _replica.name,
        "USER": _replica.user,
        "PASSWORD": env_secret("QMS_REGISTRY_DATABASE_PASSWORD") or _replica.password,
        "HOST": _replica.host,
        "PORT": _replica.port,
        "OPTIONS": dict(_replica.options),
        "CONN_MAX_AGE": _conn_max_age,
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["qms.registry.db_router.RegistryReadRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sessions.
AUTH_USER_MODEL = "accounts.User"
# The tenant: core reads it through get_tenant_model() and never imports a domain app.
TENANT_MODEL = "organizations.Organization"
AUTHENTICATION_BACKENDS = ["qms.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("QMS_PASSWORD_RESET_HOURS", 24, minimum=1) * 3600
LOGIN_MAX_FAILURES = env_int("QMS_LOGIN_MAX_FAILURES", 5, minimum=1)
# Failures from one client address across all accounts (password spraying); 0 turns it off.
# Behind a proxy, set QMS_TRUSTED_PROXIES or every user shares the proxy's address.
LOGIN_MAX_FAILURES_PER_IP = env_int("QMS_LOGIN_MAX_FAILURES_PER_IP", 50, minimum=0)
# Password-reset requests per account and per client address within an hour; 0 turns the
# limit off. Counted in the database, so every app server shares the count.
PASSWORD_RESET_MAX_PER_HOUR = env_int("QMS_PASSWORD_RESET_MAX_PER_HOUR", 3, minimum=0)
PASSWORD_RESET_MAX_PER_HOUR_PER_IP = env_int(
    "QMS_PASSWORD_RESET_MAX_PER_HOUR_PER_IP", 20, minimum=0
)
LOGIN_LOCKOUT_MINUTES = env_int("QMS_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
INVITATION_DAYS = env_int("QMS_INVITATION_DAYS", 14, minimum=1)
# The longest window one external-auditor access grant may span (access_grants); a longer
# engagement takes a new grant, so access is re-decided at least this often.
ACCESS_GRANTS_MAX_DAYS = env_int("QMS_ACCESS_GRANTS_MAX_DAYS", 90, minimum=1)
# A certification body's reminders (certification): days before an auditor qualification
# ends that its holder and the certification managers are reminded, and the same for the
# body's accreditation.
CERTIFICATION_QUALIFICATION_REMINDER_DAYS = env_int(
    "QMS_CERTIFICATION_QUALIFICATION_REMINDER_DAYS", 60, minimum=1
)
CERTIFICATION_ACCREDITATION_REMINDER_DAYS = env_int(
    "QMS_CERTIFICATION_ACCREDITATION_REMINDER_DAYS", 90, minimum=1
)
# Public certificate registry (qms/registry): requests a minute one client address may make
# to its public pages and API (429 with Retry-After above it); 0 turns the limit off. Counted
# in the database, so several app servers share the count.
REGISTRY_RATE_LIMIT = env_int("QMS_REGISTRY_RATE_LIMIT", 60, minimum=0)
# Seconds an app process remembers a looked-up certificate (a status change published on
# another server shows there within this time) and keeps lookup counts before adding them
# to the database (a crash loses at most these seconds of counts); 0: none.
REGISTRY_LOOKUP_CACHE_SECONDS = env_int("QMS_REGISTRY_LOOKUP_CACHE_SECONDS", 5, minimum=0)
REGISTRY_LOOKUP_FLUSH_SECONDS = env_int("QMS_REGISTRY_LOOKUP_FLUSH_SECONDS", 5, minimum=0)
# Electronic signatures (qms/core/signatures.py): wrong passwords per signer within the
# window before signing is locked for that signer until the window has passed.
SIGNATURE_MAX_FAILURES = env_int("QMS_SIGNATURE_MAX_FAILURES", 5, minimum=1)
SIGNATURE_LOCKOUT_MINUTES = env_int("QMS_SIGNATURE_LOCKOUT_MINUTES", 15, minimum=1)

SESSION_COOKIE_AGE = env_int("QMS_SESSION_HOURS", 12, minimum=1) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("QMS_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("QMS_SSL_REDIRECT", False)
# One year by default in production; Django's SecurityMiddleware sends it over HTTPS only.
SECURE_HSTS_SECONDS = env_int("QMS_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("QMS_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies of ours stand in front of the app: the client address (audit trail,
# log-in and password-reset limits) is the N-th X-Forwarded-For entry from the right; 0
# ignores the header. See qms.core.middleware.client_ip.
TRUSTED_PROXIES = env_int("QMS_TRUSTED_PROXIES", 0, minimum=0)
if env_str("QMS_USE_X_FORWARDED_FOR"):
    raise ImproperlyConfigured(
        "QMS_USE_X_FORWARDED_FOR was replaced by QMS_TRUSTED_PROXIES (the number of proxies "
        "of yours in front of qms, e.g. 1); remove it."
    )
# No inline script or style anywhere: every script and style sheet is a file we serve.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Internationalisation.
LANGUAGE_CODE = "en"
TIME_ZONE = env_str("QMS_TIME_ZONE", "UTC")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"QMS_TIME_ZONE {TIME_ZONE!r} is not a known time zone.") from None
USE_I18N = True
# The languages pages may be shown in. The product is written in English; the public
# certificate registry and the certificates also ship German (qms/registry/locale,
# qms/certification/locale), chosen per request on those pages only.
LANGUAGES = [("en", "English"), ("de", "Deutsch")]
USE_TZ = True

# --- Static files (served by the product itself through WhiteNoise) and uploaded files.
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# The layout's shared assets (qms/static/qms/qms.css, qms.js): not inside an app.
STATICFILES_DIRS = [BASE_DIR / "qms" / "static"]
# In development WhiteNoise serves straight from the apps' static folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Attachments (qms/core/attachments): the largest file accepted, and the accepted types
# (keys of qms.core.attachments.validation.KINDS; empty: all of them).
ATTACHMENT_MAX_BYTES = env_int("QMS_ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024, minimum=1)
ATTACHMENT_TYPES = [item.lower() for item in env_list("QMS_ATTACHMENT_TYPES")]
_ATTACHMENT_KINDS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "png", "jpeg", "gif", "webp")
_unknown_types = sorted(set(ATTACHMENT_TYPES) - {*_ATTACHMENT_KINDS, "txt", "csv", "md"})
if _unknown_types:
    raise ImproperlyConfigured(
        f"QMS_ATTACHMENT_TYPES names unknown types {_unknown_types}; known: "
        f"{', '.join((*_ATTACHMENT_KINDS, 'txt', 'csv', 'md'))}."
    )
# Imports (qms/core/imports): limits on what one upload may hold, and how long the file of a
# clean dry run is kept for "Import for real".
IMPORT_MAX_UPLOAD_BYTES = env_int("QMS_IMPORT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024, minimum=1)
IMPORT_MAX_ROWS = env_int("QMS_IMPORT_MAX_ROWS", 20_000, minimum=1)
IMPORT_MAX_ZIP_MEMBERS = env_int("QMS_IMPORT_MAX_ZIP_MEMBERS", 2_000, minimum=1)
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int(
    "QMS_IMPORT_MAX_UNCOMPRESSED_BYTES", 500 * 1024 * 1024, minimum=1
)
IMPORT_MAX_COMPRESSION_RATIO = env_int("QMS_IMPORT_MAX_COMPRESSION_RATIO", 200, minimum=1)
IMPORT_PENDING_HOURS = env_int("QMS_IMPORT_PENDING_HOURS", 24, minimum=1)
# Documents: days a reader has to acknowledge a newly effective revision.
DOCUMENTS_ACKNOWLEDGEMENT_DAYS = env_int("QMS_DOCUMENTS_ACKNOWLEDGEMENT_DAYS", 14, minimum=1)
# Actions: default days before the due date that the owner is reminded (an organization may
# set its own), and the weekday (0 = Monday) the weekly digest e-mail goes out.
ACTIONS_REMINDER_DAYS = env_int("QMS_ACTIONS_REMINDER_DAYS", 3, minimum=0)
DIGEST_WEEKDAY = env_int("QMS_DIGEST_WEEKDAY", 0, minimum=0)
# Complaints: default days to acknowledge a complaint after it is received.
COMPLAINTS_ACKNOWLEDGEMENT_DAYS = env_int("QMS_COMPLAINTS_ACKNOWLEDGEMENT_DAYS", 5, minimum=1)
# Customer surveys: days a survey answer link stays open after it is sent.
SURVEYS_LINK_DAYS = env_int("QMS_SURVEYS_LINK_DAYS", 60, minimum=1)
# Nonconformities: an NC counts as closed on time (the objectives' indicator) when it is
# closed at most this many days after its planned effectiveness check.
NONCONFORMITIES_CLOSE_GRACE_DAYS = env_int("QMS_NONCONFORMITIES_CLOSE_GRACE_DAYS", 30, minimum=0)
# Risks: days before a risk's review date that its owner is reminded, and the window (months)
# in which a second nonconformity pointing at the same risk counts as recurring and prompts a
# review of that risk.
RISKS_REVIEW_REMINDER_DAYS = env_int("QMS_RISKS_REVIEW_REMINDER_DAYS", 14, minimum=0)
RISKS_RECURRENCE_MONTHS = env_int("QMS_RISKS_RECURRENCE_MONTHS", 12, minimum=1)
# Context: days before an issue's or interested party's review date that its owner is reminded.
CONTEXT_REVIEW_REMINDER_DAYS = env_int("QMS_CONTEXT_REVIEW_REMINDER_DAYS", 14, minimum=0)
# Management reviews: days before a planned review that its chair is reminded to compile the
# input pack (while it is not compiled).
MANAGEMENT_REVIEWS_PACK_REMINDER_DAYS = env_int(
    "QMS_MANAGEMENT_REVIEWS_PACK_REMINDER_DAYS", 14, minimum=0
)
# Internal audits: the programme's clause-coverage page looks back over this many calendar
# years (the programme year and the years before it), the usual certification cycle.
INTERNAL_AUDITS_CYCLE_YEARS = env_int("QMS_INTERNAL_AUDITS_CYCLE_YEARS", 3, minimum=1)
# Stage 1 readiness ([CB] values a certification body may set differently): a clause counts
# as audited when a completed internal audit covered it within the last AUDIT_CYCLE months;
# a management review must have been held within the last REVIEW_MONTHS months.
READINESS_AUDIT_CYCLE_MONTHS = env_int("QMS_READINESS_AUDIT_CYCLE_MONTHS", 12, minimum=1)
READINESS_REVIEW_MONTHS = env_int("QMS_READINESS_REVIEW_MONTHS", 12, minimum=1)
_storage = env_choice("QMS_STORAGE", "file", ("file", "s3"))
if _storage == "s3":
    _default_storage: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("QMS_S3_BUCKET"),
            "endpoint_url": env_str("QMS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("QMS_S3_REGION") or None,
            "access_key": env_secret("QMS_S3_ACCESS_KEY_ID") or None,
            "secret_key": env_secret("QMS_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if not env_str("QMS_S3_BUCKET"):
        raise ImproperlyConfigured("QMS_S3_BUCKET is required when QMS_STORAGE=s3.")
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- E-mail: printed to the console unless SMTP is configured.
_email = env_choice("QMS_EMAIL_BACKEND", "console", ("console", "smtp"))
EMAIL_BACKEND = f"django.core.mail.backends.{_email}.EmailBackend"
EMAIL_HOST = env_str("QMS_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("QMS_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("QMS_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("QMS_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("QMS_EMAIL_STARTTLS", True)
EMAIL_USE_SSL = env_bool("QMS_EMAIL_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("QMS_EMAIL_STARTTLS and QMS_EMAIL_SSL cannot both be true.")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("QMS_DEFAULT_FROM_EMAIL", "qms <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background tasks: the database is the queue, so a SQLite install needs no broker.
_tasks = env_choice("QMS_TASKS_BACKEND", "database", ("database", "immediate"))
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if _tasks == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}

# --- REST API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "qms.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["qms.core.api.permissions.TenantPermission"],
    "DEFAULT_PAGINATION_CLASS": "qms.core.api.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "qms.core.api.ordering.OrderingFilter",
    ],
    # orjson: faster, and a too deeply nested body is a 400 instead of a RecursionError.
    "DEFAULT_PARSER_CLASSES": ["qms.core.api.parsers.ORJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["qms.core.api.renderers.ORJSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "qms.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "qms.core.api.exceptions.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "PAGE_SIZE": 50,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "qms API",
    "DESCRIPTION": (
        "REST API of qms. Authenticate with a personal API token "
        "(`Authorization: Bearer <token>`); each token acts in one organization."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No online validator badge: the docs page must not call any outside host.
    "SWAGGER_UI_SETTINGS": {
        "validatorUrl": None,
        "deepLinking": True,
        "persistAuthorization": True,
    },
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "RoleEnum": "qms.core.permissions.role_choices",
        "CertificationProgrammeStatusEnum": "qms.certification.choices.ProgrammeStatus",
        "CertificationProgrammeKindEnum": "qms.certification.choices.ProgrammeKind",
        "CertAuditStatusEnum": "qms.certification.choices.CertAuditStatus",
        "CertAuditKindEnum": "qms.certification.choices.AuditKind",
        "ApplicationStatusEnum": "qms.certification.choices.ApplicationStatus",
        "ApplicationTypeEnum": "qms.certification.choices.ApplicationType",
        "AccreditationStatusEnum": "qms.certification.choices.AccreditationStatus",
        "AuditorGradeEnum": "qms.certification.choices.AuditorGrade",
        "ClientStatusEnum": "qms.certification.choices.ClientStatus",
        "ComplexityEnum": "qms.certification.choices.Complexity",
        "AuditTimeTypeEnum": "qms.certification.choices.AuditTimeType",
        "TeamRoleEnum": "qms.certification.choices.TeamRole",
        "AuditPlanStatusEnum": "qms.certification.choices.PlanStatus",
        "ChecklistResultEnum": "qms.certification.choices.ChecklistResult",
        "CertFindingGradeEnum": "qms.certification.choices.FindingGrade",
        "CertFindingStatusEnum": "qms.certification.choices.FindingStatus",
        "ResponseReviewEnum": "qms.certification.choices.ResponseReview",
        "Stage1ConclusionEnum": "qms.certification.choices.Stage1Conclusion",
        "RecommendationEnum": "qms.certification.choices.Recommendation",
        "DecisionKindEnum": "qms.certification.choices.DecisionKind",
        "DecisionStatusEnum": "qms.certification.choices.DecisionStatus",
        "CertificateStatusEnum": "qms.certification.choices.CertificateStatus",
        # A transfer review's "certificate_status" (the other body's certificate) would
        # take the same name.
        "TransferCertificateStatusEnum": "qms.certification.choices.TransferCertificateStatus",
        "SuspensionReasonEnum": "qms.certification.choices.SuspensionReason",
        "CertificateChangeEnum": "qms.certification.choices.CertificateChange",
        # Two "status" fields with different choices: name each set.
        "ProcessStatusEnum": "qms.organizations.choices.ProcessStatus",
        "SignatureStatusEnum": "qms.core.signatures.SignatureStatus",
        "EditionStatusEnum": "qms.standards.choices.EditionStatus",
        "ClauseKindEnum": "qms.standards.choices.ClauseKind",
        "DocumentStatusEnum": "qms.documents.choices.DocumentStatus",
        "RevisionStatusEnum": "qms.documents.choices.RevisionStatus",
        "DistributionKindEnum": "qms.documents.choices.DistributionKind",
        "ActionStatusEnum": "qms.actions.choices.ActionStatus",
        "ActionKindEnum": "qms.actions.choices.ActionKind",
        "ActionPriorityEnum": "qms.actions.choices.ActionPriority",
        "NonconformityStatusEnum": "qms.nonconformities.choices.NonconformityStatus",
        "NonconformitySourceEnum": "qms.nonconformities.choices.NonconformitySource",
        "SeverityEnum": "qms.nonconformities.choices.Severity",
        "CauseCategoryEnum": "qms.nonconformities.analysis.choices.CauseCategory",
        "DispositionKindEnum": "qms.nonconformities.analysis.choices.DispositionKind",
        "DispositionStatusEnum": "qms.nonconformities.analysis.choices.DispositionStatus",
        "ComplaintStatusEnum": "qms.complaints.choices.ComplaintStatus",
        "ComplaintChannelEnum": "qms.complaints.choices.ComplaintChannel",
        "SurveyStatusEnum": "qms.surveys.choices.SurveyStatus",
        "SurveyQuestionKindEnum": "qms.surveys.choices.QuestionKind",
        "ObjectiveStatusEnum": "qms.objectives.choices.ObjectiveStatus",
        "ObjectiveSourceEnum": "qms.objectives.choices.SourceKind",
        "MeasurementSourceEnum": "qms.objectives.choices.MeasurementSource",
        "ObjectiveDirectionEnum": "qms.objectives.choices.Direction",
        "ObjectiveFrequencyEnum": "qms.objectives.choices.Frequency",
        "ObjectiveToleranceKindEnum": "qms.objectives.choices.ToleranceKind",
        "ContextStatusEnum": "qms.context.choices.ContextStatus",
        "RequirementStatusEnum": "qms.context.choices.RequirementStatus",
        "IssueOriginEnum": "qms.context.choices.IssueOrigin",
        "IssueCategoryEnum": "qms.context.choices.IssueCategory",
        "PestleFactorEnum": "qms.context.choices.PestleFactor",
        "PartyTypeEnum": "qms.context.choices.PartyType",
        "InfluenceEnum": "qms.context.choices.Influence",
        "ProcessTypeEnum": "qms.organizations.choices.ProcessType",
        "RiskKindEnum": "qms.risks.choices.RiskKind",
        "RiskStatusEnum": "qms.risks.choices.RiskStatus",
        "RiskTreatmentEnum": "qms.risks.choices.Treatment",
        "RiskDecisionEnum": "qms.risks.choices.Decision",
        "RiskReviewOutcomeEnum": "qms.risks.choices.ReviewOutcome",
        "AccessGrantStatusEnum": "qms.access_grants.choices.GrantStatus",
        "GranteeRoleEnum": "qms.access_grants.choices.GranteeRole",
        "EvidenceRequestStatusEnum": "qms.access_grants.choices.RequestStatus",
        "ManagementReviewStatusEnum": "qms.management_reviews.choices.ReviewStatus",
        "ManagementReviewFormatEnum": "qms.management_reviews.choices.ReviewFormat",
        "ReviewAttendanceStatusEnum": "qms.management_reviews.choices.AttendanceStatus",
        "ReviewOutputKindEnum": "qms.management_reviews.choices.OutputKind",
        "AuditProgrammeStatusEnum": "qms.internal_audits.choices.ProgrammeStatus",
        "InternalAuditStatusEnum": "qms.internal_audits.choices.AuditStatus",
        "AuditRiskLevelEnum": "qms.internal_audits.choices.RiskLevel",
        "AuditPreviousResultEnum": "qms.internal_audits.choices.PreviousResult",
        "ChecklistAnswerEnum": "qms.internal_audits.choices.ChecklistAnswer",
        "FindingGradeEnum": "qms.internal_audits.choices.FindingGrade",
        "AuditFindingStatusEnum": "qms.internal_audits.choices.FindingStatus",
    },
}

# --- Logging: one line per record on stderr, with the request id when there is one.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "qms.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("QMS_LOG_LEVEL", "INFO").upper()},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Serving (`qms serve`).
GUNICORN_WORKERS = env_int("QMS_WORKERS", 2, minimum=1)
# Threads per worker that run Django (qms/serving.py); each keeps its own database connection.
SERVE_THREADS = env_int("QMS_THREADS", 2, minimum=1)
GUNICORN_BIND = env_str("QMS_BIND", f"127.0.0.1:{PORT}")
GUNICORN_ACCESS_LOG = env_bool("QMS_ACCESS_LOG", True)
GUNICORN_MAX_REQUESTS = env_int("QMS_MAX_REQUESTS", 0, minimum=0)  # 0: never recycle workers
