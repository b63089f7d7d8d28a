"""Writes of clients, their sites and contacts, applications (and their review workflow's
effects) and pre-transfer reviews.

Each service is one transaction through core's helpers (row, audit event and version check
together). Nothing disappears silently: a client becomes a former client; a site or contact
is removed with an audit event holding its last state, and a site named by an application
or a certification audit is refused removal; an application is declined or withdrawn with a
reason through its workflow (workflows.py), never deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qms.core.errors import Conflict
from qms.core.services import (
    lock_for_change,
    model_create,
    model_delete,
    model_update,
    sequence_next,
)
from qms.core.workflow import model_transition

from ..choices import ApplicationType
from ..models import Application, Client, ClientContact, ClientSite, TransferReview
from . import events, personnel, rules, selectors
from .specs import APPLICATION, CLIENT, CLIENT_CONTACT, CLIENT_SITE, TRANSFER_REVIEW

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.organizations.models import Organization


def _only(data: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """`data`, refusing any name outside `fields` (as model_create would, before the service
    adds its own values)."""
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field cannot be set here."))
    return dict(data)


def _next_number(
    organization: Organization, model: type[Any], *, key: str, pattern: str, yearly: bool
) -> str:
    """The next number of the body's counter that no record holds yet (records loaded with
    their numbers, e.g. clients taken over from another system, are skipped)."""
    taken = model.objects.for_organization(organization)
    while True:
        number = pattern.format(
            n=sequence_next(organization_id=organization.pk, key=key, yearly=yearly)
        )
        if not taken.filter(number=number).exists():
            return number


# --- Clients -----------------------------------------------------------------------------


@transaction.atomic
def client_create(*, actor: User, organization: Organization, data: Mapping[str, Any]) -> Client:
    """A new client, numbered CL-0001, CL-0002, … (one counter per body)."""
    values = _only(data, CLIENT.fields)
    number = _next_number(
        organization, Client, key="certification.client", pattern="CL-{n:04d}", yearly=False
    )
    client: Client = model_create(
        actor=actor,
        model=Client,
        organization=organization,
        data={**values, "number": number},
        fields=(*CLIENT.fields, "number"),
        event_type=events.CLIENT_CREATED,
    )
    return client


@transaction.atomic
def client_update(
    *, actor: User, instance: Client, data: Mapping[str, Any], version: int | None = None
) -> Client:
    client, _changed = model_update(
        actor=actor,
        instance=instance,
        data=data,
        fields=CLIENT.fields,
        event_type=events.CLIENT_UPDATED,
        version=version,
    )
    return client


@transaction.atomic
def client_set_consent(
    *, actor: User, instance: Client, consent: bool, version: int | None = None
) -> Client:
    """Record the client's consent to public listing (or its withdrawal) and the day it was
    recorded; the audit event keeps every earlier answer. The same answer again changes
    nothing."""
    locked = lock_for_change(instance, version=version)
    if locked.public_listing_consent == consent:
        return locked
    client, _changed = model_update(
        actor=actor,
        instance=locked,
        data={"public_listing_consent": consent, "public_listing_consent_on": timezone.localdate()},
        fields=("public_listing_consent", "public_listing_consent_on"),
        event_type=events.CLIENT_CONSENT_CHANGED,
    )
    return client


LINK_REFUSED = (
    "No organization of this installation has this short name and one of the client's names "
    "(legal or trading name)."
)


@transaction.atomic
def client_link_organization(
    *, actor: User, instance: Client, slug: str, version: int | None = None
) -> Client:
    """Record that the client also runs its management system in this installation, as the
    organization with short name `slug` (blank: remove the link).

    The rule, so that the link never exposes another tenant: the organization's name or
    legal name must be one of the client's names (so the certification manager learns
    nothing they did not type, and every refusal reads the same), and the link grants
    nothing: the client's page shows the organization's name only, and no data of that
    organization is read through it.
    """
    organization = None
    if slug.strip():
        found = selectors.organization_by_slug(slug)
        if found is not None and found.pk == instance.organization_id:
            raise ValidationError(
                {"linked_organization": "A client cannot be the certification body itself."}
            )
        if found is None or not rules.link_matches(
            client_names=(instance.legal_name, instance.trading_name),
            organization_names=(found.name, found.legal_name),
        ):
            raise ValidationError({"linked_organization": LINK_REFUSED})
        organization = found
    client, _changed = model_update(
        actor=actor,
        instance=instance,
        data={"linked_organization": organization},
        fields=("linked_organization",),
        event_type=events.CLIENT_LINK_CHANGED,
        version=version,
    )
    return client


# --- Sites and contacts ------------------------------------------------------------------


def _check_central_function(site: ClientSite) -> None:
    if not site.is_central_function:
        return
    problem = rules.central_function_problem(
        others=selectors.other_central_functions(
            client_id=site.client_id, organization_id=site.organization_id, exclude=site.pk
        )
    )
    if problem:
        raise ValidationError({"is_central_function": problem})


def _check_same_client(instance: Any, data: Mapping[str, Any]) -> None:
    client = data.get("client")
    if client is not None and client.pk != instance.client_id:
        raise ValidationError({"client": "A site or contact stays with its client."})


@transaction.atomic
def client_site_create(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> ClientSite:
    site: ClientSite = model_create(
        actor=actor,
        model=ClientSite,
        organization=organization,
        data=data,
        fields=CLIENT_SITE.fields,
        event_type=events.SITE_CREATED,
    )
    _check_central_function(site)
    return site


@transaction.atomic
def client_site_update(
    *, actor: User, instance: ClientSite, data: Mapping[str, Any], version: int | None = None
) -> ClientSite:
    _check_same_client(instance, data)
    site, _changed = model_update(
        actor=actor,
        instance=instance,
        data={k: v for k, v in data.items() if k != "client"},
        fields=CLIENT_SITE.fields,
        event_type=events.SITE_UPDATED,
        version=version,
    )
    _check_central_function(site)
    return site


@transaction.atomic
def client_site_remove(*, actor: User, instance: ClientSite, version: int | None = None) -> None:
    """Remove a site recorded by mistake or closed before any application named it. A site
    named by an application or a certification audit is part of that record: refused
    (Conflict), nothing written."""
    locked = lock_for_change(instance, version=version)
    problem = rules.site_removal_problem(
        application_numbers=selectors.site_application_numbers(site=locked),
        audits=selectors.site_audit_count(site=locked),
    )
    if problem:
        raise Conflict(problem)
    model_delete(actor=actor, instance=locked, event_type=events.SITE_REMOVED)


@transaction.atomic
def client_contact_create(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> ClientContact:
    contact: ClientContact = model_create(
        actor=actor,
        model=ClientContact,
        organization=organization,
        data=data,
        fields=CLIENT_CONTACT.fields,
        event_type=events.CONTACT_CREATED,
    )
    return contact


@transaction.atomic
def client_contact_update(
    *, actor: User, instance: ClientContact, data: Mapping[str, Any], version: int | None = None
) -> ClientContact:
    _check_same_client(instance, data)
    contact, _changed = model_update(
        actor=actor,
        instance=instance,
        data={k: v for k, v in data.items() if k != "client"},
        fields=CLIENT_CONTACT.fields,
        event_type=events.CONTACT_UPDATED,
        version=version,
    )
    return contact


@transaction.atomic
def client_contact_remove(
    *, actor: User, instance: ClientContact, version: int | None = None
) -> None:
    """Remove a contact (the audit event keeps its last details)."""
    model_delete(actor=actor, instance=instance, event_type=events.CONTACT_REMOVED, version=version)


# --- Applications ------------------------------------------------------------------------


def _site_facts(sites: Iterable[ClientSite]) -> list[rules.SiteFacts]:
    return [rules.SiteFacts(pk=s.pk, name=s.name, client_id=s.client_id) for s in sites]


def _check_application(values: Mapping[str, Any]) -> None:
    """The rules of a whole application (stored values overlaid with the change)."""
    problems: dict[str, str] = {}
    problems.update(personnel.effective_personnel(values).problems)
    problems.update(
        rules.non_accredited_problems(
            non_accredited=bool(values.get("non_accredited")),
            reason=str(values.get("non_accredited_reason") or ""),
        )
    )
    client = values.get("client")
    site_problem = rules.sites_problem(
        client_id=client.pk if client is not None else None,
        sites=_site_facts(values.get("sites") or ()),
    )
    if site_problem:
        problems["sites"] = site_problem
    for name in ("editions", "iaf_codes"):
        if name in values and not list(values[name] or ()):
            problems[name] = (
                "Choose at least one standard."
                if name == "editions"
                else "Choose at least one IAF code."
            )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def application_create(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> Application:
    """A received application, numbered APP-2026-0001 (one counter per body and year)."""
    values = _only(data, APPLICATION.fields)
    _check_application({"editions": [], "iaf_codes": [], **values})
    year = timezone.localdate().year
    number = _next_number(
        organization,
        Application,
        key="certification.application",
        pattern=f"APP-{year}-{{n:04d}}",
        yearly=True,
    )
    application: Application = model_create(
        actor=actor,
        model=Application,
        organization=organization,
        data={**values, "number": number},
        fields=(*APPLICATION.fields, "number"),
        event_type=events.APPLICATION_CREATED,
    )
    return application


@transaction.atomic
def application_update(
    *, actor: User, instance: Application, data: Mapping[str, Any], version: int | None = None
) -> Application:
    """Change an application while it is received or under review."""
    locked = lock_for_change(instance, version=version)
    problem = rules.edit_problem(status=locked.status)
    if problem:
        raise Conflict(problem)
    stored: dict[str, Any] = {name: getattr(locked, name) for name in APPLICATION.fields}
    for name in ("editions", "iaf_codes", "sites"):
        stored[name] = list(getattr(locked, name).all())
    _check_application({**stored, **_only(data, APPLICATION.fields)})
    application, _changed = model_update(
        actor=actor,
        instance=locked,
        data=data,
        fields=APPLICATION.fields,
        event_type=events.APPLICATION_UPDATED,
    )
    return application


def _keep(obj: Application, saved: Application, fields: Iterable[str]) -> None:
    """Copy what an effect saved onto the transition's instance (which the transition
    returns, and the API answers with)."""
    for name in (*fields, "version", "updated_at"):
        setattr(obj, name, getattr(saved, name))


def application_record_review(*, obj: Application, actor: Any, reason: str, signature: Any) -> None:
    """Effect of the review step: the reviewer, the day and the competence and scope check
    as they are now, stored on the application."""
    today = timezone.localdate()
    fields = ("reviewer", "reviewed_on", "competence_check")
    saved, _changed = model_update(
        actor=actor,
        instance=obj,
        data={
            "reviewer": actor,
            "reviewed_on": today,
            "competence_check": selectors.review_check(application=obj, on_date=today),
        },
        fields=fields,
        event_type=events.APPLICATION_CHECKED,
    )
    _keep(obj, saved, fields)


def application_record_decision(
    *, obj: Application, actor: Any, reason: str, signature: Any
) -> None:
    """Effect of accept and decline: the reasons for the decision (shown to the applicant);
    on acceptance also the check as it stood when accepted."""
    data: dict[str, Any] = {"decision_reason": reason}
    if obj.status == "accepted":
        data["competence_check"] = selectors.review_check(
            application=obj, on_date=timezone.localdate()
        )
    saved, _changed = model_update(
        actor=actor,
        instance=obj,
        data=data,
        fields=tuple(data),
        event_type=events.APPLICATION_DECISION_RECORDED,
    )
    _keep(obj, saved, data)


@transaction.atomic
def application_recheck(*, actor: User, instance: Application) -> Application:
    """Repeat the review's check (after a qualification or the accreditation changed)."""
    locked = lock_for_change(instance, version=None)
    if locked.status != "under_review":
        raise Conflict("Only an application under review is checked again.")
    application, _changed = model_update(
        actor=actor,
        instance=locked,
        data={
            "competence_check": selectors.review_check(
                application=locked, on_date=timezone.localdate()
            )
        },
        fields=("competence_check",),
        event_type=events.APPLICATION_CHECKED,
    )
    return application


def application_review(
    *, actor: User, instance: Application, version: int | None = None
) -> Application:
    """Start the review (received → under review): the competence and scope check, the
    reviewer and the day are recorded (`application_record_review`)."""
    return model_transition(actor=actor, instance=instance, transition="review", version=version)


def application_accept(
    *, actor: User, instance: Application, reason: str = "", version: int | None = None
) -> Application:
    """Accept (under review → accepted): refused unless the body is competent and the request
    is inside the accredited scope (or marked non-accredited with a reason); a transfer also
    needs its completed pre-transfer review (workflows.py)."""
    return model_transition(
        actor=actor, instance=instance, transition="accept", reason=reason, version=version
    )


def application_decline(
    *, actor: User, instance: Application, reason: str, version: int | None = None
) -> Application:
    """Decline (under review → declined) with the reasons told to the applicant."""
    return model_transition(
        actor=actor, instance=instance, transition="decline", reason=reason, version=version
    )


def application_withdraw(
    *, actor: User, instance: Application, reason: str, version: int | None = None
) -> Application:
    """Record that the applicant withdrew the application (received or under review)."""
    return model_transition(
        actor=actor, instance=instance, transition="withdraw", reason=reason, version=version
    )


# --- Pre-transfer review -----------------------------------------------------------------


def _normal_checklist(checklist: Any) -> dict[str, dict[str, Any]]:
    problems = rules.checklist_problems(checklist)
    if problems:
        raise ValidationError({"checklist": problems})
    return {
        row.key: {"done": row.done, "finding": row.finding.strip()}
        for row in rules.checklist_rows(checklist)
    }


def _transfer_application(application: Application) -> None:
    if application.type != ApplicationType.TRANSFER:
        raise ValidationError(
            {"application": "Only a transfer application has a pre-transfer review."}
        )
    problem = rules.edit_problem(status=application.status)
    if problem:
        raise Conflict(problem)


@transaction.atomic
def transfer_review_save(
    *,
    actor: User,
    application: Application,
    data: Mapping[str, Any],
    version: int | None = None,
) -> TransferReview:
    """Record or change the pre-transfer review of a transfer application (IAF MD 2): the
    issuing body, the certificate, the checklist items (done, finding). The actor is recorded
    as the reviewer; the review date defaults to today."""
    locked = lock_for_change(application, version=None)
    _transfer_application(locked)
    values = {k: v for k, v in _only(data, TRANSFER_REVIEW.fields).items() if k != "application"}
    if "checklist" in values:
        values["checklist"] = _normal_checklist(values["checklist"])
    values["reviewer"] = actor
    if not values.get("reviewed_on"):
        values["reviewed_on"] = timezone.localdate()
    existing = selectors.transfer_review_of(locked)
    fields = (*TRANSFER_REVIEW.fields, "reviewer")
    if existing is None:
        review: TransferReview = model_create(
            actor=actor,
            model=TransferReview,
            organization=locked.organization,
            data={**values, "application": locked},
            fields=fields,
            event_type=events.TRANSFER_REVIEW_RECORDED,
        )
        return review
    review, _changed = model_update(
        actor=actor,
        instance=existing,
        data=values,
        fields=fields,
        event_type=events.TRANSFER_REVIEW_UPDATED,
        version=version,
    )
    return review


@transaction.atomic
def transfer_review_create(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> TransferReview:
    """The API's create: `data["application"]` names the transfer application."""
    application = data.get("application")
    if not isinstance(application, Application) or application.organization_id != organization.pk:
        raise ValidationError({"application": "Choose one of your transfer applications."})
    if selectors.transfer_review_of(application) is not None:
        raise ValidationError(
            {"application": "This application has its pre-transfer review already: change it."}
        )
    return transfer_review_save(actor=actor, application=application, data=data)


@transaction.atomic
def transfer_review_update(
    *, actor: User, instance: TransferReview, data: Mapping[str, Any], version: int | None = None
) -> TransferReview:
    application = data.get("application")
    if application is not None and application.pk != instance.application_id:
        raise ValidationError({"application": "A review stays with its application."})
    lock_for_change(instance, version=version)
    return transfer_review_save(
        actor=actor, application=instance.application, data=data, version=version
    )
