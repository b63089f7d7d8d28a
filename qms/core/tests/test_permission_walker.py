"""The permission walker: every registered model, action and role, on pages and in the API.

Nothing here is a table of expected answers. The cases come from the permission registry
(`registered_permissions()`), the roles from `role_choices()`, the transitions from the
workflow registry (`qms.core.workflow.workflows()`, when there is one), the pages and API
routes from the URL-name conventions, and the objects from the models' factories. For each
case the expectation is what the registry says about that role and that object:

- a role that may not even view the object gets 404 on the object's routes (403 on lists);
- a role that may view it but not take the action gets 403 (pages and API alike);
- a role that may take it is not refused: 200, 201, 204, 302, 400 or 409 (a write is made
  with a stale version, or without its required input, so the object stays as it is).

A model added by a later issue, a role registered by another app and a new transition are
walked without new test code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from rest_framework.test import APIClient

from qms.accounts import services as account_services
from qms.accounts.tests.factories import MembershipFactory, UserFactory
from qms.core.checks import tenant_models
from qms.core.permissions import (
    has_object_perm,
    perm_name,
    registered_permissions,
    role_choices,
    role_has_perm,
)
from qms.core.testing.registry import factory_for

NOT_REFUSED = {200, 201, 204, 302, 400, 409}
STALE = {"HTTP_IF_MATCH": '"999999"'}  # a version no record has: a permitted write is a 409


def _walked_labels() -> list[str]:
    registry = registered_permissions()
    return sorted(m._meta.label_lower for m in tenant_models() if m._meta.label_lower in registry)


def _model(label: str) -> Any:
    return next(m for m in tenant_models() if m._meta.label_lower == label)


def _transitions(model: Any) -> dict[str, list[str]]:
    """permission action → names of the model's transitions that need it (none without the
    workflow registry)."""
    try:
        from qms.core.workflow import workflows
    except ImportError:
        return {}
    workflow = workflows().get(model)
    found: dict[str, list[str]] = {}
    for step in getattr(workflow, "transitions", ()):
        found.setdefault(step.permission, []).append(step.name)
    return found


def _make(model: Any, organization: Any) -> Any:
    """One object of the model in the organization, made by the model's factory (a factory
    that takes a subject, like the audit event's, gets one of the organization's sites)."""
    make = factory_for(model)
    if "subject" in make._meta.declarations:
        from qms.organizations.tests.factories import SiteFactory

        return make(subject=SiteFactory(organization=organization))
    return make(organization=organization)


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


@dataclass
class Persona:
    role: str
    user: Any
    page: Client
    api: APIClient


@dataclass(frozen=True)
class Case:
    """One request, and whether the role is judged on the model or on the object."""

    channel: str  # "page" or "api"
    method: str
    url: str
    action: str
    on_object: bool
    data: dict[str, Any] | None = None


def _cases(model: Any, action: str, obj: Any) -> Iterator[Case]:
    opts = model._meta
    page, api = f"{opts.app_label}:{opts.model_name}", f"api:{opts.app_label}-{opts.model_name}"
    pk = obj.pk
    simple: dict[str, list[tuple[str, str, str | None, bool, dict[str, Any] | None]]] = {
        "view": [
            ("page", "get", _url(f"{page}_list"), False, None),
            ("page", "get", _url(f"{page}_detail", pk), True, None),
            ("api", "get", _url(f"{api}-list"), False, None),
            ("api", "get", _url(f"{api}-detail", pk), True, None),
        ],
        "add": [
            ("page", "get", _url(f"{page}_add"), False, None),
            ("api", "post", _url(f"{api}-list"), False, {}),
        ],
        "change": [
            ("page", "get", _url(f"{page}_edit", pk), True, None),
            ("api", "patch", _url(f"{api}-detail", pk), True, {}),
        ],
        "delete": [
            ("page", "get", _url(f"{page}_delete", pk), True, None),
            ("api", "delete", _url(f"{api}-detail", pk), True, None),
        ],
        "export": [
            ("page", "get", (_url(f"{page}_list") or "") + "?export=csv", False, None),
        ],
    }
    for channel, method, url, on_object, data in simple.get(action, []):
        if url and not url.startswith("?"):
            yield Case(channel, method, url, action, on_object, data)
    for name in _transitions(model).get(action, []):
        for channel, url in (
            ("page", _url(f"{page}_transition", pk, name)),
            ("api", _url(f"{api}-transition", pk, name)),
        ):
            if url:
                yield Case(channel, "post", url, action, True, {})


def _send(persona: Persona, case: Case) -> Any:
    if case.channel == "page":
        return getattr(persona.page, case.method)(case.url, case.data or {})
    extra = STALE if case.method in ("patch", "delete") else {}
    return getattr(persona.api, case.method)(case.url, case.data, format="json", **extra)


def _expected(persona: Persona, case: Case, obj: Any, organization: Any) -> set[int]:
    if case.on_object:
        if not has_object_perm(persona.user, obj, "view", organization=organization):
            return {404}
        allowed = has_object_perm(persona.user, obj, case.action, organization=organization)
    else:
        allowed = role_has_perm(persona.role, perm_name(obj._meta.label_lower, case.action))
    return NOT_REFUSED if allowed else {403}


@pytest.fixture
def personas(organization: Any) -> dict[str, Persona]:
    """One member of Acme per role (registered roles included), logged in and with a token."""
    found = {}
    for role, _label in role_choices():
        user = MembershipFactory(
            organization=organization, role=role, user=UserFactory(email=f"{role}@acme.test")
        ).user
        page = Client()
        page.force_login(user)
        _token, secret = account_services.token_create(
            actor=user, user=user, organization=organization, name="walker"
        )
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
        found[role] = Persona(role, user, page, api)
    return found


def _fresh(model: Any, obj: Any, organization: Any, make: Callable[[], Any]) -> Any:
    """The object, or a new one if a permitted request deleted it."""
    return obj if model._default_manager.filter(pk=obj.pk).exists() else make()


@pytest.mark.parametrize("model_label", _walked_labels())
def test_every_role_gets_what_the_registry_grants_on_every_action(
    model_label: str, organization: Any, other_organization: Any, personas: dict[str, Persona]
) -> None:
    # given one object of the model in Acme, one in Northwind, and a member per role
    model = _model(model_label)
    obj = _make(model, organization)
    theirs = _make(model, other_organization)
    actions = registered_permissions()[model_label]
    walked = 0
    mismatches = []

    # when every role takes every registered action on every route that offers it
    for persona in personas.values():
        for action in actions:
            for case in _cases(model, action, obj):
                response = _send(persona, case)
                if response.status_code == 405:
                    continue  # the route does not offer the method to anyone
                walked += 1
                expected = _expected(persona, case, obj, organization)
                # then the answer is the registry's
                if response.status_code not in expected:
                    mismatches.append(
                        f"{persona.role} {case.action}: {case.method.upper()} {case.url} → "
                        f"{response.status_code}, expected {sorted(expected)}"
                    )
                obj = _fresh(model, obj, organization, lambda: _make(model, organization))

        # and another organization's object does not exist for anyone
        detail = _url(f"api:{model._meta.app_label}-{model._meta.model_name}-detail", theirs.pk)
        if detail and persona.api.get(detail).status_code != 404:
            mismatches.append(f"{persona.role}: {detail} of Northwind is not 404")

    assert walked, f"no route of {model_label} was walked"
    assert mismatches == []


def test_the_walk_covers_the_foundations_models_and_the_process_transitions() -> None:
    # given
    labels = set(_walked_labels())
    # then the walk is not vacuous
    assert {"organizations.site", "organizations.process", "accounts.membership"} <= labels
    process = _model("organizations.process")
    transitions = _transitions(process)
    if transitions:  # the workflow registry is there: activate and retire are walked
        assert {"activate", "retire"} <= set(transitions)
