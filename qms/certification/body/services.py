"""Writes of the certification body: setting an organization up as a body and changing its
profile and policies, accreditations (suspend, reinstate, withdraw as declared transitions)
and their scope lines, and auditor qualifications.

Each service is one transaction through core's helpers (row, audit event, version check
together) with the actor; the rules (policy bounds, dates in order, a scope line's codes, a
qualified person's role) are checked first and reported beside the field they concern.
Nothing is deleted: an accreditation is withdrawn, a qualification ends on its date.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from qms.core.errors import Conflict
from qms.core.services import lock_for_change, model_create, model_update
from qms.core.workflow import model_transition

from ..models import Accreditation, AccreditationScope, AuditorQualification, CertificationBody
from . import events, rules, selectors
from .specs import ACCREDITATION, BODY, QUALIFICATION, SCOPE, SCOPE_CHANGE_FIELDS, dates_message

if TYPE_CHECKING:
    from qms.accounts.models import User
    from qms.organizations.models import Organization


def _merged(
    instance: models.Model | None, data: Mapping[str, Any], names: tuple[str, ...]
) -> dict[str, Any]:
    """The values a write will leave: `data` over the stored ones."""
    stored = {name: getattr(instance, name) for name in names} if instance is not None else {}
    return {**stored, **{name: data[name] for name in names if name in data}}


def _check_dates(model: type[models.Model], values: Mapping[str, Any]) -> None:
    if not rules.dates_in_order(
        valid_from=values.get("valid_from"), valid_until=values.get("valid_until")
    ):
        raise ValidationError({"valid_until": dates_message(model)})


# --- The body --------------------------------------------------------------------------------


def _check_body(values: Mapping[str, Any]) -> None:
    """The policies make a valid programme policy (ISO/IEC 17021-1 limits), the complexity
    adjustments and the certificate-number pattern are well formed."""
    from qms.certification.programme.policy import PolicyError

    errors: dict[str, str] = {}
    try:
        selectors.policy_from_values(values)
    except PolicyError as error:
        field: Any = CertificationBody._meta.get_field(error.field)
        label = field.verbose_name
        errors[error.field] = f"{str(label).capitalize()} {error.reason}"
    if "qms_complexity_adjustments" in values:
        problem = rules.complexity_adjustments_problem(values["qms_complexity_adjustments"])
        if problem:
            errors["qms_complexity_adjustments"] = problem
    if values.get("certificate_number_pattern"):
        problem = rules.certificate_pattern_problem(values["certificate_number_pattern"])
        if problem:
            errors["certificate_number_pattern"] = problem
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def certification_body_setup(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> CertificationBody:
    """Make `organization` a certification body with its profile and policies (defaults for
    what `data` leaves out). An organization is one body at most."""
    if CertificationBody.objects.for_organization(organization).exists():
        raise Conflict("This organization is already a certification body.")
    _check_body(_merged(None, data, BODY.fields))
    body: CertificationBody = model_create(
        actor=actor,
        model=CertificationBody,
        organization=organization,
        data=data,
        fields=BODY.fields,
        event_type=events.BODY_SET_UP,
    )
    return body


@transaction.atomic
def certification_body_update(
    *,
    actor: User,
    instance: CertificationBody,
    data: Mapping[str, Any],
    version: int | None = None,
) -> CertificationBody:
    """Change the body's profile or policies."""
    locked = lock_for_change(instance, version=version)
    _check_body(_merged(locked, data, BODY.fields))
    body, _changed = model_update(
        actor=actor,
        instance=locked,
        data=data,
        fields=BODY.fields,
        event_type=events.BODY_UPDATED,
        version=version,
    )
    return body


# --- Accreditations --------------------------------------------------------------------------


@transaction.atomic
def accreditation_create(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> Accreditation:
    """Record an accreditation (active from the start)."""
    _check_dates(Accreditation, data)
    accreditation: Accreditation = model_create(
        actor=actor,
        model=Accreditation,
        organization=organization,
        data=data,
        fields=ACCREDITATION.fields,
        event_type=events.ACCREDITATION_CREATED,
    )
    return accreditation


@transaction.atomic
def accreditation_update(
    *,
    actor: User,
    instance: Accreditation,
    data: Mapping[str, Any],
    version: int | None = None,
) -> Accreditation:
    locked = lock_for_change(instance, version=version)
    _check_dates(Accreditation, _merged(locked, data, ("valid_from", "valid_until")))
    accreditation, _changed = model_update(
        actor=actor,
        instance=locked,
        data=data,
        fields=ACCREDITATION.fields,
        event_type=events.ACCREDITATION_UPDATED,
        version=version,
    )
    return accreditation


def accreditation_suspend(
    *, actor: User, instance: Accreditation, reason: str, version: int | None = None
) -> Accreditation:
    """Active → suspended (the declared transition, a reason required): work in its scope is
    no longer accredited until it is reinstated."""
    return model_transition(
        actor=actor, instance=instance, transition="suspend", reason=reason, version=version
    )


def accreditation_reinstate(
    *, actor: User, instance: Accreditation, reason: str, version: int | None = None
) -> Accreditation:
    """Suspended → active (a reason required; refused once its validity has ended)."""
    return model_transition(
        actor=actor, instance=instance, transition="reinstate", reason=reason, version=version
    )


def accreditation_withdraw(
    *, actor: User, instance: Accreditation, reason: str, version: int | None = None
) -> Accreditation:
    """Active or suspended → withdrawn, for good (a reason required)."""
    return model_transition(
        actor=actor, instance=instance, transition="withdraw", reason=reason, version=version
    )


# --- Scope lines -----------------------------------------------------------------------------


def _check_scope(values: Mapping[str, Any]) -> None:
    if "iaf_codes" in values and not list(values["iaf_codes"] or []):
        raise ValidationError({"iaf_codes": "Choose at least one IAF code for this scope line."})
    _check_dates(AccreditationScope, values)


@transaction.atomic
def accreditation_scope_create(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> AccreditationScope:
    """Add a line (a standard edition and its IAF codes, with dates) to an accreditation of
    the organization. Its dates default to the accreditation's."""
    values = dict(data)
    accreditation = values.get("accreditation")
    if isinstance(accreditation, Accreditation):
        values.setdefault("valid_from", accreditation.valid_from)
        values.setdefault("valid_until", accreditation.valid_until)
    values.setdefault("iaf_codes", [])
    _check_scope(values)
    line: AccreditationScope = model_create(
        actor=actor,
        model=AccreditationScope,
        organization=organization,
        data=values,
        fields=SCOPE.fields,
        event_type=events.SCOPE_CREATED,
    )
    return line


@transaction.atomic
def accreditation_scope_update(
    *,
    actor: User,
    instance: AccreditationScope,
    data: Mapping[str, Any],
    version: int | None = None,
) -> AccreditationScope:
    """Change a scope line (its edition, codes, exclusions or dates); it stays on its
    accreditation."""
    values = dict(data)
    accreditation = values.pop("accreditation", None)
    if accreditation is not None and getattr(accreditation, "pk", accreditation) != (
        instance.accreditation_id
    ):
        raise ValidationError(
            {"accreditation": "A scope line stays on its accreditation: add a line to the other."}
        )
    locked = lock_for_change(instance, version=version)
    _check_scope(_merged(locked, values, ("valid_from", "valid_until")) | values)
    line, _changed = model_update(
        actor=actor,
        instance=locked,
        data=values,
        fields=SCOPE_CHANGE_FIELDS,
        event_type=events.SCOPE_UPDATED,
        version=version,
    )
    return line


# --- Qualifications --------------------------------------------------------------------------


def _check_qualification(organization: Any, values: Mapping[str, Any]) -> None:
    person = values.get("person")
    if person is not None and person.pk not in selectors.cb_member_ids(organization=organization):
        raise ValidationError(
            {
                "person": (
                    f"{person} is not a member of this organization with a certification-body "
                    "role (certification manager, auditor, technical reviewer or "
                    "decision-maker): give them one under Members first."
                )
            }
        )
    _check_dates(AuditorQualification, values)


@transaction.atomic
def qualification_create(
    *, actor: User, organization: Organization, data: Mapping[str, Any]
) -> AuditorQualification:
    """Record what a person of the body is qualified to audit: a standard, IAF codes, a
    grade, from and until a date."""
    _check_qualification(organization, data)
    qualification: AuditorQualification = model_create(
        actor=actor,
        model=AuditorQualification,
        organization=organization,
        data=data,
        fields=QUALIFICATION.fields,
        event_type=events.QUALIFICATION_CREATED,
    )
    return qualification


@transaction.atomic
def qualification_update(
    *,
    actor: User,
    instance: AuditorQualification,
    data: Mapping[str, Any],
    version: int | None = None,
) -> AuditorQualification:
    locked = lock_for_change(instance, version=version)
    _check_qualification(
        locked.organization, _merged(locked, data, ("valid_from", "valid_until")) | dict(data)
    )
    qualification, _changed = model_update(
        actor=actor,
        instance=locked,
        data=data,
        fields=QUALIFICATION.fields,
        event_type=events.QUALIFICATION_UPDATED,
        version=version,
    )
    return qualification
