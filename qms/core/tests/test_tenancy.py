"""The tenancy walker: another organization's object answers 404, never 403, never its data.

The walk is generic. It takes every tenant-scoped model from `qms.core.checks.tenant_models()`,
makes one object of the model in Northwind (the other tenant) with the model's factory, and
acts in Acme as each role, from the fully permitted owner and quality manager down to the
viewer (a role that may not even view the model must still get 404, not 403), and as a
stranger without any organization. Pages are found by the URL-name convention
`<app_label>:<model_name>_<action>`, API routes by `api:<app_label>-<model_name>-list|detail`,
so a model added by a later issue is walked without new test code.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from qms.core.audit import AuditEvent
from qms.core.checks import tenant_models
from qms.core.permissions import has_object_perm, perm_name, role_has_perm
from qms.core.testing.registry import factory_for
from qms.organizations.tests.factories import SiteFactory

# Every persona of Acme (one per role), and a stranger without any organization.
ACTORS = (
    "owner",
    "quality_manager",
    "process_owner",
    "auditor",
    "employee",
    "viewer",
    "stranger",
)

# Tenant models allowed to lack a list or detail page, or an API list or detail route.
# Each entry needs a comment saying why. Keep it empty unless a model truly has no such page.
EXEMPT_FROM_REQUIRED_ROUTES: dict[str, set[str]] = {}

# Edit and delete pages are optional (append-only records have none); the walk records which
# models lack them so a reader of the test report sees it, and asserts this list below.
EXPECTED_MISSING_OPTIONAL_PAGES = {
    "core.auditevent": {"edit", "delete"},  # append-only: no update or delete anywhere
    # kept as calculated; a recalculation is a new record
    "certification.audittimecalculation": {"edit", "delete"},
    "certification.certificationprogramme": {"delete"},  # closed with a reason, never deleted
    "certification.certaudit": {"delete"},  # cancelled with a reason, never deleted
    "certification.client": {"delete"},  # becomes a former client, never deleted
    "certification.application": {"delete"},  # declined or withdrawn with a reason, never deleted
    "certification.transferreview": {"delete"},  # part of the application's record
    "certification.certificationbody": {"delete"},  # one per organization, never deleted
    "certification.accreditation": {"delete"},  # suspended or withdrawn with a reason
    "certification.accreditationscope": {"delete"},  # part of the accreditation; dates end it
    "certification.auditorqualification": {"delete"},  # ends on its date; competence evidence
    # written through the audit workspace's services (added, declared, removed with a reason;
    # a plan edited and sent as versions; a checklist answered; findings raised and answered)
    "certification.auditteammember": {"edit", "delete"},
    "certification.auditplan": {"edit", "delete"},
    "certification.auditplanslot": {"edit", "delete"},
    "certification.auditplanissue": {"edit", "delete"},  # a version as sent: never edited
    "certification.certchecklistitem": {"edit", "delete"},
    "certification.certfinding": {"edit", "delete"},
    # the client's answer and the auditor's review: one round each, never edited or deleted
    "certification.findingresponse": {"edit", "delete"},
    "certification.portalaccess": {"edit", "delete"},  # granted and revoked with a reason
    # reviewed, granted or refused through its workflow; never edited in place or deleted
    "certification.certificationdecision": {"edit", "delete"},
    # changed only by its declared steps (suspend, restore, reissue…), never deleted
    "certification.certificate": {"edit", "delete"},
    "certification.certificatestatuschange": {"edit", "delete"},  # append-only history
    "accounts.invitation": {"edit"},  # an invitation is revoked (deleted), never edited
    "core.signature": {"edit", "delete"},  # append-only, like the audit trail
    "core.attachment": {"edit", "delete"},  # removed with a reason (own page), never edited
    "core.importrun": {"edit", "delete"},  # the record of an import: written once
    "documents.document": {"delete"},  # made obsolete or disposed of, never deleted
    "documents.documentrevision": {"delete"},  # superseded or withdrawn, never deleted
    # added and removed (POST) on the document's page, never edited
    "documents.documentdistribution": {"edit", "delete"},
    "documents.acknowledgement": {"edit", "delete"},  # signed evidence: never edited or deleted
    "documents.documentreview": {"edit", "delete"},  # a record: never edited or deleted
    "actions.action": {"delete"},  # cancelled or reopened with a reason, never deleted
    "nonconformities.nonconformity": {"delete"},  # closed and reopened, never deleted
    # written by the verify steps only, never edited or deleted
    "nonconformities.effectivenesscheck": {"edit", "delete"},
    # one per NC and cycle; earlier cycles are kept, never deleted
    "nonconformities.rootcauseanalysis": {"delete"},
    "nonconformities.eightdreport": {"delete"},  # part of the NC's record, never deleted
    "nonconformities.disposition": {"edit", "delete"},  # voided with a reason instead
    "complaints.complaint": {"delete"},  # closed, never deleted
    "risks.risk": {"delete"},  # closed and reopened with a reason, never deleted
    "surveys.surveyinvitation": {"edit"},  # withdrawn while unanswered, never edited
    "surveys.surveyresponse": {"edit", "delete"},  # the customer's answers: read-only
    "context.contextissue": {"delete"},  # retired with a reason, never deleted
    "context.interestedparty": {"delete"},  # retired with a reason, never deleted
    # its status becomes "no longer relevant" instead; the party's history keeps it
    "context.interestedpartyrequirement": {"delete"},
    # signed decisions: a newer one supersedes it, none is edited or deleted
    "context.climatedecision": {"edit", "delete"},
    "context.qmsscope": {"delete"},  # one per organization, edited, never deleted
    "objectives.qualityobjective": {"delete"},  # cancelled with a reason, never deleted
    # corrected or voided with a reason (own pages), never edited in place or deleted
    "objectives.measurement": {"edit", "delete"},
    "access_grants.accessgrant": {"delete"},  # revoked with a reason, never deleted
    # a frozen copy of the readiness report: saved once, never edited or deleted
    "readiness.readinesssnapshot": {"edit", "delete"},
    # cancelled with a reason or frozen by the signed minutes, never deleted
    "management_reviews.managementreview": {"delete"},
    "management_reviews.attendance": {"delete"},  # part of the review's record
    "management_reviews.inputsection": {"delete"},  # the pack's snapshot, recompiled in place
    # a decision followed up as its action (cancelled there with a reason), never edited
    "management_reviews.output": {"edit", "delete"},
    # raised by the external person, answered/closed through its workflow, never deleted
    "access_grants.evidencerequest": {"edit", "delete"},
    "internal_audits.audit": {"delete"},  # cancelled with a reason, never deleted
    "internal_audits.auditprogramme": {"delete"},  # revised (revision number), never deleted
    "internal_audits.programmeprocess": {"delete"},  # part of the programme's record
    "internal_audits.checklistitem": {"delete"},  # generated from the criteria; answered only
    # raised, re-graded or withdrawn through its checklist answer, never edited or deleted here
    "internal_audits.finding": {"edit", "delete"},
}


def _model_ids() -> list[str]:
    return [model._meta.label_lower for model in tenant_models()]


def _make(model: type[Any], organization: Any) -> Any:
    """One object of `model` in `organization`, made by the model's own factory."""
    if model is AuditEvent:
        # Events are only appended through record_event(): the factory takes a subject.
        return factory_for(model)(subject=SiteFactory(organization=organization))
    return factory_for(model)(organization=organization)


def _page_url(model: type[Any], action: str, pk: int | None = None) -> str | None:
    opts = model._meta
    try:
        return reverse(
            f"{opts.app_label}:{opts.model_name}_{action}",
            args=[pk] if action != "list" else [],
        )
    except NoReverseMatch:
        return None


def _api_url(model: type[Any], route: str, pk: int | None = None) -> str | None:
    opts = model._meta
    try:
        return reverse(
            f"api:{opts.app_label}-{opts.model_name}-{route}",
            args=[pk] if route == "detail" else [],
        )
    except NoReverseMatch:
        return None


def _state(model: type[Any], pk: int) -> dict[str, Any]:
    """Every stored column of the row, as the database holds it."""
    return model._default_manager.filter(pk=pk).values().get()


def _events_about(obj: Any) -> int:
    return AuditEvent.objects.filter(
        subject_type=obj._meta.label_lower, subject_id=str(obj.pk)
    ).count()


def _missing_pk(model: type[Any]) -> int:
    """A primary key no row of the model has: the baseline for "does not exist"."""
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
    return last + 10_000


def _write_payload(model: type[Any]) -> dict[str, Any]:
    """Values a form or serializer of the model would accept, were the object ours."""
    names = {field.name for field in model._meta.get_fields()}
    payload: dict[str, Any] = {}
    if "name" in names:
        payload["name"] = "Taken over"
    if "role" in names:
        payload["role"] = "owner"
    if "email" in names:
        payload["email"] = "taken.over@example.test"
    return payload


def _assert_api_not_found(response: Any, baseline: Any, what: str) -> None:
    """404 in the API's error shape; 405 only where the route has no such method at all, and
    then exactly as for an object that does not exist."""
    assert response.status_code == baseline.status_code, (
        f"{what}: {response.status_code}, but {baseline.status_code} for a missing object"
    )
    assert response.status_code in (404, 405), f"{what}: {response.status_code}"
    body = response.json()
    if response.status_code == 404:
        assert body["status"] == 404, what
        assert body["code"] == "not_found", what
        assert "message" in body, what
    assert body == baseline.json(), what


def _may_view(actor: Any, model: type[Any]) -> bool:
    """Whether the actor's role in Acme may view the model (the stranger has no role)."""
    membership = actor.memberships.first()
    return membership is not None and role_has_perm(membership.role, perm_name(model, "view"))


def _may_view_object(actor: Any, obj: Any) -> bool:
    """Whether the actor may view this object of Acme: a grant may hold only for some objects
    (e.g. one's own acknowledgements), and a list shows only those."""
    membership = actor.memberships.first()
    return membership is not None and has_object_perm(
        actor, obj, "view", organization=membership.organization
    )


@pytest.mark.parametrize("model_label", _model_ids())
def test_every_tenant_model_has_list_and_detail_pages_and_api_routes(model_label: str) -> None:
    # given a tenant-scoped model of the project
    model = next(m for m in tenant_models() if m._meta.label_lower == model_label)
    exempt = EXEMPT_FROM_REQUIRED_ROUTES.get(model_label, set())

    # when its routes are looked up by the naming convention
    found = {
        "page:list": _page_url(model, "list") is not None,
        "page:detail": _page_url(model, "detail", 1) is not None,
        "api:list": _api_url(model, "list") is not None,
        "api:detail": _api_url(model, "detail", 1) is not None,
    }

    # then each exists, so the walker below really walks the model
    missing = {name for name, ok in found.items() if not ok} - exempt
    assert not missing, f"{model_label} lacks {sorted(missing)}"


@pytest.mark.parametrize("model_label", _model_ids())
def test_optional_pages_a_tenant_model_lacks_are_the_expected_ones(model_label: str) -> None:
    # given a tenant-scoped model
    model = next(m for m in tenant_models() if m._meta.label_lower == model_label)

    # when its edit and delete pages are looked up
    missing = {action for action in ("edit", "delete") if _page_url(model, action, 1) is None}

    # then only the recorded ones are absent (a model without them is listed above, with why)
    assert missing == EXPECTED_MISSING_OPTIONAL_PAGES.get(model_label, set())


def test_the_walk_covers_every_model_of_the_project_read_through_for_user() -> None:
    # given the models the tenancy check finds
    labels = set(_model_ids())

    # then the foundation's tenant models are among them (the walk is not vacuous)
    assert {
        "organizations.site",
        "organizations.process",
        "accounts.membership",
        "accounts.invitation",
        "core.auditevent",
    } <= labels


@pytest.mark.parametrize("actor_name", ACTORS)
@pytest.mark.parametrize("model_label", _model_ids())
def test_another_organizations_object_is_not_found_in_pages(
    model_label: str,
    actor_name: str,
    request: pytest.FixtureRequest,
    organization: Any,
    other_organization: Any,
    client_for: Any,
) -> None:
    # given an object of the model in Northwind, one of our own in Acme, and a client acting
    # in Acme (or without any organization)
    model = next(m for m in tenant_models() if m._meta.label_lower == model_label)
    theirs = _make(model, other_organization)
    ours = _make(model, organization)
    actor = request.getfixturevalue(actor_name)
    client = client_for(actor)
    before_state = _state(model, theirs.pk)
    before_events = _events_about(theirs)
    before_total = AuditEvent.objects.count()
    missing_pk = _missing_pk(model)
    payload = _write_payload(model)

    # when every page of the object is requested, read and write
    for action in ("detail", "edit", "delete"):
        url = _page_url(model, action, theirs.pk)
        if url is None:
            continue
        methods = ("get",) if action == "detail" else ("get", "post")
        for method in methods:
            response = getattr(client, method)(url, payload if method == "post" else None)
            baseline = getattr(client, method)(
                _page_url(model, action, missing_pk), payload if method == "post" else None
            )
            # then it answers 404, as for an object that does not exist, without its data
            assert response.status_code == 404, f"{method.upper()} {url}"
            assert baseline.status_code == 404, f"{method.upper()} missing {action}"
            assert str(theirs).encode() not in response.content

    # and the list page does not show it (while it shows our own object to our members)
    list_url = _page_url(model, "list")
    assert list_url is not None
    listing = client.get(list_url)
    assert theirs.get_absolute_url().encode() not in listing.content
    assert str(theirs).encode() not in listing.content
    if _may_view(actor, model):
        assert listing.status_code == 200
        if _may_view_object(actor, ours):
            assert ours.get_absolute_url().encode() in listing.content
        else:
            assert ours.get_absolute_url().encode() not in listing.content
    else:
        assert listing.status_code == 403

    # and the object is unchanged, with no audit event written anywhere
    assert _state(model, theirs.pk) == before_state
    assert _events_about(theirs) == before_events
    assert AuditEvent.objects.count() == before_total


@pytest.mark.parametrize("actor_name", ACTORS)
@pytest.mark.parametrize("model_label", _model_ids())
def test_another_organizations_object_is_not_found_in_the_api(
    model_label: str,
    actor_name: str,
    request: pytest.FixtureRequest,
    organization: Any,
    other_organization: Any,
    api_client_for: Any,
) -> None:
    # given an object of the model in Northwind, one of our own in Acme, and an API client of
    # Acme (a Bearer token) or of a stranger (a session: a token needs an organization)
    model = next(m for m in tenant_models() if m._meta.label_lower == model_label)
    theirs = _make(model, other_organization)
    ours = _make(model, organization)
    actor = request.getfixturevalue(actor_name)
    if actor_name == "stranger":
        client = api_client_for(None)
        client.force_login(actor)
    else:
        client = api_client_for(actor)
    before_state = _state(model, theirs.pk)
    before_events = _events_about(theirs)
    before_total = AuditEvent.objects.count()
    detail = _api_url(model, "detail", theirs.pk)
    missing = _api_url(model, "detail", _missing_pk(model))
    assert detail is not None
    assert missing is not None
    payload = _write_payload(model)

    # when the object is read, replaced, patched and deleted
    for method in ("get", "put", "patch", "delete"):
        data = payload if method in ("put", "patch") else None
        response = getattr(client, method)(detail, data, format="json")
        baseline = getattr(client, method)(missing, data, format="json")

        # then each answers 404 in the API's error shape, exactly as for a missing object
        _assert_api_not_found(response, baseline, f"{method.upper()} {detail}")
        assert str(theirs).encode() not in response.content

    # and the list does not contain it (while it contains our own object for our members)
    list_url = _api_url(model, "list")
    assert list_url is not None
    listing = client.get(list_url, {"page_size": 500})
    assert str(theirs).encode() not in listing.content
    if not _may_view(actor, model):
        assert listing.status_code == 403
    else:
        assert listing.status_code == 200
        ids = [row["id"] for row in listing.json()["results"]]
        assert theirs.pk not in ids
        assert (ours.pk in ids) == _may_view_object(actor, ours)

    # and the object is unchanged, with no audit event written anywhere
    assert _state(model, theirs.pk) == before_state
    assert _events_about(theirs) == before_events
    assert AuditEvent.objects.count() == before_total
