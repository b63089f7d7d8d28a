"""Pages of the action tracker: list (filters, export), my actions, detail, edit, the
origin panel, and their query budgets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qms.actions.models import Action
from qms.core.audit import AuditEvent
from qms.organizations.tests.factories import ProcessFactory

LIST = "/actions/"
MINE = "/actions/mine/"


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_my_actions_groups_overdue_this_week_and_later_in_words(
    client_for: Any, employee: Any, quality_manager: Any, make_action: Callable[..., Action]
) -> None:
    late = make_action(owner=employee, days=-2, title="Late one")
    soon = make_action(owner=employee, days=3, title="Soon one")
    later = make_action(owner=employee, days=30, title="Later one")
    make_action(owner=quality_manager, days=-5, title="Not mine")

    response = client_for(employee).get(MINE)

    assert response.status_code == 200
    mine = response.context["mine"]
    assert mine.overdue == [late]
    assert mine.this_week == [soon]
    assert mine.later == [later]
    body = response.content.decode()
    assert "Not mine" not in body
    assert "Overdue" in body  # a word, not only a colour
    assert body.index("Late one") < body.index("Soon one") < body.index("Later one")

    week = client_for(employee).get(MINE, {"show": "week"}).content.decode()
    assert "Soon one" in week and "Late one" not in week and "Later one" not in week


def test_the_list_filters_by_overdue_owner_and_due_dates(
    client_for: Any, employee: Any, quality_manager: Any, make_action: Callable[..., Action]
) -> None:
    late = make_action(owner=employee, days=-2)
    make_action(owner=employee, days=3)
    theirs = make_action(owner=quality_manager, days=20)
    client = client_for(quality_manager)

    overdue = client.get(LIST, {"overdue": "true"}).context["page"].object_list
    mine = client.get(LIST, {"owner": "me"}).context["page"].object_list
    after = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    due_after = client.get(LIST, {"due_after": after}).context["page"].object_list

    assert overdue == [late]
    assert mine == [theirs]
    assert due_after == [theirs]


def test_the_list_exports_csv_and_xlsx(
    client_for: Any, quality_manager: Any, employee: Any, make_action: Callable[..., Action]
) -> None:
    make_action(owner=employee, days=-1, title="Exported")
    client = client_for(quality_manager)

    csv = b"".join(client.get(LIST, {"export": "csv"}).streaming_content).decode("utf-8-sig")
    xlsx = client.get(LIST, {"export": "xlsx"})

    assert "Exported" in csv and "Overdue" in csv
    assert xlsx.status_code == 200
    assert client_for(employee).get(LIST, {"export": "csv"}).status_code == 403


def test_the_detail_links_the_origin_and_offers_the_steps_the_user_may_take(
    client_for: Any,
    organization: Any,
    employee: Any,
    viewer: Any,
    make_action: Callable[..., Action],
) -> None:
    process = ProcessFactory(organization=organization, name="Calibration")
    action = make_action(owner=employee, origin=process, days=-1)

    page = client_for(employee).get(action.get_absolute_url())
    seen = client_for(viewer).get(action.get_absolute_url())

    assert page.status_code == 200
    assert process.get_absolute_url() in page.content.decode()
    names = {step["name"] for step in page.context["workflow_transitions"]}
    assert {"start", "complete"} <= names
    assert "cancel" not in names
    assert b"Overdue" in page.content
    assert seen.status_code == 200
    assert not seen.context["workflow_transitions"]
    assert seen.context["edit_url"] is None


def test_the_owner_completes_through_the_page_with_a_note(
    client_for: Any, employee: Any, make_action: Callable[..., Action]
) -> None:
    action = make_action(owner=employee)
    url = f"/actions/{action.pk}/transition/complete/"

    refused = client_for(employee).post(url, {"reason": "", "version": action.version})
    done = client_for(employee).post(url, {"reason": "Wrench recalibrated", "version": 1})

    assert refused.status_code in (400, 409)
    assert done.status_code == 302
    action.refresh_from_db()
    assert action.status == "done"
    assert action.completion_note == "Wrench recalibrated"


def test_an_edit_giving_a_deactivated_owner_shows_the_error_beside_the_field(
    client_for: Any,
    quality_manager: Any,
    employee: Any,
    viewer: Any,
    make_action: Callable[..., Action],
) -> None:
    action = make_action(owner=employee)
    viewer.is_active = False
    viewer.save()
    events = AuditEvent.objects.count()

    response = client_for(quality_manager).post(
        f"/actions/{action.pk}/edit/",
        {
            "title": "Changed",
            "kind": "action",
            "priority": "high",
            "owner": viewer.pk,
            "due_date": action.due_date.isoformat(),
            "version": action.version,
        },
    )

    assert response.status_code == 400
    assert "owner" in response.context["form"].errors
    assert AuditEvent.objects.count() == events


def test_a_manager_adds_a_free_standing_action(
    client_for: Any, quality_manager: Any, employee: Any, organization: Any
) -> None:
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client_for(quality_manager).post(
        "/actions/add/",
        {
            "title": "Tidy the lab",
            "kind": "improvement",
            "priority": "low",
            "owner": employee.pk,
            "due_date": due,
        },
    )

    assert response.status_code == 302
    action = Action.objects.for_organization(organization).get()
    assert action.kind == "improvement"
    assert action.origin_type is None


# --- The origin panel ------------------------------------------------------------------------


def _panel_url(origin: Any) -> str:
    return f"/actions/for/{origin._meta.label_lower}/{origin.pk}/add/"


def _panel_post(owner: Any) -> dict[str, Any]:
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    return {
        "kind": "corrective",
        "new-corrective-title": "Retrain the operators",
        "new-corrective-owner": owner.pk,
        "new-corrective-due_date": due,
        "new-corrective-priority": "high",
    }


def test_the_panel_adds_an_action_to_its_origin_with_htmx(
    client_for: Any, quality_manager: Any, employee: Any, organization: Any
) -> None:
    process = ProcessFactory(organization=organization)

    response = client_for(quality_manager).post(
        _panel_url(process), _panel_post(employee), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    action = Action.objects.for_organization(organization).get()
    assert action.origin == process
    assert action.kind == "corrective"
    assert action.number in response.content.decode()


def test_the_panel_shows_errors_inside_itself_and_writes_nothing(
    client_for: Any, quality_manager: Any, organization: Any
) -> None:
    process = ProcessFactory(organization=organization)
    bad = {
        "kind": "corrective",
        "new-corrective-title": "",
        "new-corrective-due_date": "not a date",
    }

    response = client_for(quality_manager).post(_panel_url(process), bad, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.context["panel_form"].errors
    assert not Action.objects.for_organization(organization).exists()


@pytest.mark.parametrize(
    ("persona", "expected"), [("outsider", 404), ("viewer", 403), ("employee", 403)]
)
def test_the_panel_refuses_other_organizations_and_roles_that_may_not_add(
    request: Any, client_for: Any, organization: Any, employee: Any, persona: str, expected: int
) -> None:
    process = ProcessFactory(organization=organization)
    user = request.getfixturevalue(persona)

    response = client_for(user).post(_panel_url(process), _panel_post(employee))

    assert response.status_code == expected
    assert not Action.objects.for_organization(organization).exists()


def test_the_panel_tag_lists_the_origins_actions(
    rf: Any,
    quality_manager: Any,
    employee: Any,
    organization: Any,
    make_action: Callable[..., Action],
) -> None:
    from django.template import Context, Template

    from qms.accounts.models import Membership

    process = ProcessFactory(organization=organization)
    corrective = make_action(owner=employee, origin=process, kind="corrective")
    make_action(owner=employee, origin=process, kind="correction", title="Other kind")
    request = rf.get("/")
    request.user = quality_manager
    request.organization = organization
    request.membership = Membership.objects.for_organization(organization).get(user=quality_manager)

    html = Template(
        '{% load qms_actions %}{% actions_panel obj kind="corrective" cycle=1 %}'
    ).render(Context({"obj": process, "request": request}))

    assert corrective.number in html
    assert "Other kind" not in html
    assert "Add action" in html


# --- Query budgets ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST, MINE, f"{LIST}?overdue=true&owner=me"])
def test_the_pages_issue_no_query_per_row(
    url: str,
    client_for: Any,
    employee: Any,
    make_action: Callable[..., Action],
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(employee)
    for days in (-1, 2, 20):
        make_action(owner=employee, days=days)
    client.get(url)
    budget = _count(client, url)

    for days in range(-10, 20):
        make_action(owner=employee, days=days)

    with django_assert_max_num_queries(budget):
        client.get(url)


def test_the_panel_issues_no_query_per_row(
    client_for: Any,
    quality_manager: Any,
    employee: Any,
    organization: Any,
    make_action: Callable[..., Action],
    django_assert_max_num_queries: Any,
) -> None:
    process = ProcessFactory(organization=organization)
    client = client_for(quality_manager)
    url = _panel_url(process)
    payload = {"kind": "corrective", "new-corrective-title": ""}  # invalid: only renders the panel
    make_action(owner=employee, origin=process, kind="corrective")
    client.post(url, payload, HTTP_HX_REQUEST="true")
    with CaptureQueriesContext(connection) as first:
        client.post(url, payload, HTTP_HX_REQUEST="true")

    for _ in range(20):
        make_action(owner=employee, origin=process, kind="corrective")

    with django_assert_max_num_queries(len(first)):
        response = client.post(url, payload, HTTP_HX_REQUEST="true")
    assert len(response.context["panel_actions"]) == 21


def test_two_panels_on_one_page_load_forms_with_their_own_field_ids(
    rf: Any, client_for: Any, quality_manager: Any, organization: Any
) -> None:
    """The panels carry an "Add action" link, not the form: each link loads its own form
    (its own field ids) into its own panel."""
    from django.template import Context, Template

    from qms.accounts.models import Membership

    process = ProcessFactory(organization=organization)
    request = rf.get("/")
    request.user = quality_manager
    request.organization = organization
    request.membership = Membership.objects.for_organization(organization).get(user=quality_manager)

    html = Template(
        "{% load qms_actions %}"
        '{% actions_panel obj kind="correction" %}{% actions_panel obj kind="corrective" %}'
    ).render(Context({"obj": process, "request": request}))

    assert "<form" not in html  # no form (nor its owner choices) until it is asked for
    assert html.count(">Add action</a>") == 2
    client = client_for(quality_manager)
    for kind in ("correction", "corrective"):
        url = f"{_panel_url(process)}?kind={kind}"
        assert f'hx-get="{url}"'.replace("&", "&amp;") in html
        fragment = client.get(url, HTTP_HX_REQUEST="true")
        assert fragment.status_code == 200
        body = fragment.content.decode()
        assert body.count(f'id="id_new-{kind}-title"') == 1
        panel_id = f"actions-organizations-process-{process.pk}-{kind}"
        assert f'hx-target="#{panel_id}"' in body
        assert "<html" not in body


def test_without_javascript_the_add_link_opens_a_page_that_returns_to_the_origin(
    client_for: Any, quality_manager: Any, employee: Any, organization: Any
) -> None:
    process = ProcessFactory(organization=organization)
    client = client_for(quality_manager)

    page = client.get(f"{_panel_url(process)}?kind=corrective&cycle=1")

    assert page.status_code == 200
    body = page.content.decode()
    assert "<html" in body
    assert 'id="id_new-corrective-title"' in body
    assert 'name="cycle" value="1"' in body
    response = client.post(_panel_url(process), _panel_post(employee))
    assert response.status_code == 302
    assert response["Location"] == process.get_absolute_url()
    assert Action.objects.for_organization(organization).get().kind == "corrective"


@pytest.mark.parametrize(
    ("persona", "expected"), [("outsider", 404), ("viewer", 403), ("employee", 403)]
)
def test_the_add_form_is_refused_to_other_organizations_and_roles_that_may_not_add(
    request: Any, client_for: Any, organization: Any, persona: str, expected: int
) -> None:
    process = ProcessFactory(organization=organization)
    user = request.getfixturevalue(persona)

    response = client_for(user).get(f"{_panel_url(process)}?kind=corrective")

    assert response.status_code == expected


def test_a_panel_of_every_kind_loads_a_form_that_targets_itself_and_adds_an_action(
    rf: Any, client_for: Any, quality_manager: Any, employee: Any, organization: Any
) -> None:
    """`{% actions_panel obj %}` without a kind: its form swaps back into the same panel
    (the form once targeted a panel "-action" that was not on the page, so htmx posted
    nothing), and what it adds is a plain action."""
    from django.template import Context, Template

    from qms.accounts.models import Membership

    process = ProcessFactory(organization=organization)
    request = rf.get("/")
    request.user = quality_manager
    request.organization = organization
    request.membership = Membership.objects.for_organization(organization).get(user=quality_manager)
    panel_id = f"actions-organizations-process-{process.pk}-all"

    html = Template("{% load qms_actions %}{% actions_panel obj %}").render(
        Context({"obj": process, "request": request})
    )
    assert f'id="{panel_id}"' in html
    assert f'hx-get="{_panel_url(process)}"' in html

    client = client_for(quality_manager)
    fragment = client.get(_panel_url(process), HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-target="#{panel_id}"' in fragment
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client.post(
        _panel_url(process),
        {
            "kind": "",
            "new-action-title": "Label the gauge cabinet",
            "new-action-owner": employee.pk,
            "new-action-due_date": due,
            "new-action-priority": "normal",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="{panel_id}"' in response.content.decode()
    assert Action.objects.for_organization(organization).get().kind == "action"
