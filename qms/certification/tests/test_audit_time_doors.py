"""The audit-time pages: the form (domain spec §10 through a POST), its live preview, the
result page, the list, the PDF; bad input beside its field with nothing stored; who may do
what (anonymous, another organization, a member without the permission, a permitted one)."""

# ruff: noqa: F811  (the shared fixtures are imported by name, then requested as arguments)

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from qms.certification.audit_time import services
from qms.certification.models import AuditTimeCalculation
from qms.certification.tests.factories import (
    ApplicationFactory,
    ClientSiteFactory,
)
from qms.core.audit import AuditEvent
from qms.core.testing.audit_guard import allow_unaudited_writes

from .test_audit_time_doors_fixtures import (  # noqa: F401  (fixtures)
    INTERPRETER,
    MATURE,
    WORKED_FIGURES,
    acme_client,
    cb_auditor,
    cert_manager,
    factor_rows,
    figures,
    iso9001,
    iso14001,
    iso27001,
    md5_tables,
    tech_reviewer,
    their_manager,
    worked_api,
    worked_cli,
    worked_form,
)

pytestmark = pytest.mark.django_db

ADD = reverse("certification:audittime_add")
PREVIEW = reverse("certification:audittime_preview")
LIST = reverse("certification:audittime_list")


def _stored(organization: Any) -> int:
    return AuditTimeCalculation.objects.for_organization(organization).count()


def _calculation(organization: Any, actor: Any, edition: Any, **kwargs: Any) -> Any:
    return services.audit_time_calculation_create(
        actor=actor,
        organization=organization,
        inputs={**worked_api(), "standards": [edition.pk]},
        **kwargs,
    )


# --- The worked example through every page door ---------------------------------------------


def test_worked_example_saved_through_the_form_gives_the_spec_figures(
    client_for: Any, organization: Any, tech_reviewer: Any, iso9001: Any, acme_client: Any
) -> None:
    # when a technical reviewer posts the worked example of domain spec §10
    response = client_for(tech_reviewer).post(ADD, worked_form(iso9001, client=str(acme_client.pk)))

    # then one calculation is stored, numbered, and shown
    calculation = AuditTimeCalculation.objects.for_organization(organization).get()
    assert response.status_code == 302
    assert response["Location"] == calculation.get_absolute_url()
    assert calculation.number.startswith("AT-") and calculation.number.endswith("-0001")
    assert calculation.t_final == Decimal("5.5")
    assert calculation.enp == Decimal("67")
    assert calculation.standards == "ISO 9001:2015"
    assert calculation.client == acme_client
    assert calculation.calculated_by == tech_reviewer
    assert "Table QMS 1" in calculation.table_ref
    for key, value in WORKED_FIGURES.items():
        assert calculation.result[key] == value, key
    assert calculation.inputs["personnel"]["part_time_hours"] == "20"
    assert [f["justification"] for f in calculation.inputs["factors"]] == [INTERPRETER, MATURE]
    # and its creation is in the audit trail
    assert AuditEvent.objects.filter(
        event_type="audit_time.calculated", subject_id=str(calculation.pk)
    ).exists()


def test_form_preview_api_and_cli_agree_on_every_figure(
    client_for: Any, api_client_for: Any, organization: Any, tech_reviewer: Any, iso9001: Any
) -> None:
    # given the worked example through each door
    client = client_for(tech_reviewer)
    client.post(ADD, worked_form(iso9001))
    stored = AuditTimeCalculation.objects.for_organization(organization).get().result
    preview = client.post(PREVIEW, worked_form(iso9001), HTTP_HX_REQUEST="true")
    api = api_client_for(tech_reviewer).post(
        "/api/v1/certification/audit-time/calculate/", worked_api(), format="json"
    )
    cli = worked_cli()

    # then they agree on every figure, and the preview shows the same days
    assert api.status_code == 200, api.json()
    assert figures(stored) == figures(api.json()) == figures(cli)
    assert stored["justification"] == api.json()["justification"] == cli["justification"]
    assert preview.status_code == 200
    assert preview.context["result"]["t_final"] == 5.5
    assert figures(preview.context["result"]) == figures(stored)
    # the preview stores nothing
    assert _stored(organization) == 1


def test_multi_site_variant_samples_4_3_4_on_every_door(
    client_for: Any, api_client_for: Any, organization: Any, cert_manager: Any, iso9001: Any
) -> None:
    client_for(cert_manager).post(ADD, worked_form(iso9001, sites="16"))
    stored = AuditTimeCalculation.objects.for_organization(organization).get().result
    api = (
        api_client_for(cert_manager)
        .post("/api/v1/certification/audit-time/calculate/", worked_api(sites=16), format="json")
        .json()
    )
    cli = worked_cli("--sites", "16")
    for result in (stored, api, cli):
        sampled = result["sites_sampled"]
        assert (sampled["initial"], sampled["surveillance"], sampled["recertification"]) == (
            4,
            3,
            4,
        )
        assert sampled["central_function"] is True
    assert figures(stored) == figures(api) == figures(cli)


def test_preview_without_javascript_shows_the_result_and_stores_nothing(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any
) -> None:
    response = client_for(cert_manager).post(ADD, {**worked_form(iso9001), "preview": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview: not saved" in page and "5.5" in page
    assert _stored(organization) == 0


def test_preview_lists_what_keeps_the_calculation_from_running(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any
) -> None:
    response = client_for(cert_manager).post(
        PREVIEW, worked_form(iso9001, full_time="-3"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "Not calculated yet" in response.content.decode()
    assert "cannot be negative" in response.content.decode()
    assert _stored(organization) == 0


# --- Bad input beside its field, nothing stored ----------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"full_time": "-3"}, "full_time", "cannot be negative"),
        ({"complexity": "extreme"}, "complexity", "valid choice"),
        ({"personnel_mode": "enp", "enp": "12000"}, "manual_days", "enter the audit time by hand"),
        (
            {"personnel_mode": "enp", "enp": "12000", "manual_days": "23"},
            "manual_justification",
            "needs its justification",
        ),
        ({"sites": "0"}, "sites", "at least 1"),
        ({"editions": []}, "editions", "Choose at least one standard"),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_nothing_is_stored(
    client_for: Any,
    organization: Any,
    cert_manager: Any,
    iso9001: Any,
    changes: dict[str, Any],
    field: str,
    words: str,
) -> None:
    response = client_for(cert_manager).post(ADD, worked_form(iso9001, **changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field])
    assert _stored(organization) == 0


def test_a_complexity_the_table_lacks_is_named_beside_the_field(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any, md5_tables: None
) -> None:
    # given ISO 45001 (three categories) in the library
    from .test_audit_time_doors_fixtures import _edition

    iso45001 = _edition("ISO 45001", "urn:qms:iso:45001", "2018")
    response = client_for(cert_manager).post(ADD, worked_form(iso45001, complexity="limited"))
    assert response.status_code == 400
    message = " ".join(response.context["form"].errors["complexity"])
    assert "not a category of Table OH&SMS 1" in message and "high, medium, low" in message
    assert _stored(organization) == 0


def test_a_factor_without_justification_is_refused_in_its_row(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any
) -> None:
    data = worked_form(iso9001, **factor_rows(("interpreter", "5", ""), ("mature", "-10", MATURE)))
    response = client_for(cert_manager).post(ADD, data)
    assert response.status_code == 400
    rows = response.context["formset"].forms
    assert "Say why this factor applies" in rows[0].errors["justification"][0]
    assert _stored(organization) == 0


def test_a_reduction_over_the_cap_needs_the_cap_box(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any
) -> None:
    # given decreases of 35 % in all
    rows = factor_rows(
        ("mature", "-15", MATURE),
        ("low_risk", "-10", "Assembly of gauges only."),
        ("automation", "-10", "Automated calibration lines."),
    )
    client = client_for(cert_manager)

    # when saved without the cap box: refused above the factor rows, nothing stored
    refused = client.post(ADD, worked_form(iso9001, **rows))
    assert refused.status_code == 400
    assert "more than the 30 %" in " ".join(refused.context["formset"].non_form_errors())
    assert "more than the 30 %" in " ".join(refused.context["form"].non_field_errors())
    assert _stored(organization) == 0

    # when saved with it: held at 70 % of the table time, the cap recorded
    saved = client.post(ADD, worked_form(iso9001, apply_reduction_cap="on", **rows))
    assert saved.status_code == 302
    result = AuditTimeCalculation.objects.for_organization(organization).get().result
    assert result["t_adjusted"] == pytest.approx(4.2)
    assert [cap["code"] for cap in result["caps_applied"]] == ["reduction_30"]


def test_a_standard_without_table_cannot_be_chosen(
    client_for: Any, cert_manager: Any, iso9001: Any, iso27001: Any
) -> None:
    page = client_for(cert_manager).get(ADD)
    choices = list(page.context["form"].fields["editions"].queryset)
    assert iso9001 in choices and iso27001 not in choices
    response = client_for(cert_manager).post(ADD, worked_form(iso27001))
    assert response.status_code == 400
    assert "editions" in response.context["form"].errors


# --- Factor rows, prefill ---------------------------------------------------------------------


def test_adding_and_removing_a_factor_row_keeps_what_was_typed(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any
) -> None:
    client = client_for(cert_manager)
    added = client.post(ADD, {**worked_form(iso9001), "factor_action": "add"})
    assert added.status_code == 200
    assert added.context["formset"].total_form_count() == 3
    assert added.context["formset"].forms[0].initial["justification"] == INTERPRETER
    removed = client.post(ADD, {**worked_form(iso9001), "factor_action": "remove-0"})
    assert [row.initial["code"] for row in removed.context["formset"].forms] == ["mature"]
    assert _stored(organization) == 0


def test_the_form_is_prefilled_from_an_application(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any, acme_client: Any
) -> None:
    application = ApplicationFactory(organization=organization, client=acme_client, shifts=2)
    sites = [
        ClientSiteFactory(organization=organization, client=acme_client, personnel=n)
        for n in (40, 27)
    ]
    with allow_unaudited_writes():
        application.editions.set([iso9001])
        application.sites.set(sites)
    response = client_for(cert_manager).get(f"{ADD}?application={application.pk}")
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["client"] == acme_client.pk
    assert initial["editions"] == [iso9001.pk]
    assert (initial["full_time"], initial["part_time_count"], initial["seasonal"]) == (58, 10, 4)
    assert initial["sites"] == 2 and initial["site_enp"] == "40, 27"


def test_another_organizations_application_prefills_nothing(
    client_for: Any, cert_manager: Any, other_organization: Any, iso9001: Any
) -> None:
    theirs = ApplicationFactory(organization=other_organization)
    response = client_for(cert_manager).get(f"{ADD}?application={theirs.pk}")
    assert response.status_code == 200
    assert "client" not in response.context["form"].initial


def test_another_organizations_application_cannot_be_posted(
    client_for: Any, organization: Any, cert_manager: Any, other_organization: Any, iso9001: Any
) -> None:
    theirs = ApplicationFactory(organization=other_organization)
    response = client_for(cert_manager).post(ADD, worked_form(iso9001, application=str(theirs.pk)))
    assert response.status_code == 400
    assert "application" in response.context["form"].errors
    assert "Application: Select a valid choice" in response.content.decode()
    assert _stored(organization) == 0


def test_recalculate_prefills_the_stored_inputs(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any
) -> None:
    calculation = _calculation(organization, cert_manager, iso9001)
    response = client_for(cert_manager).get(f"{ADD}?from={calculation.pk}")
    form = response.context["form"]
    assert form.initial["editions"] == [iso9001.pk]
    assert form.initial["full_time"] == 58
    assert [row.initial["code"] for row in response.context["formset"].forms] == [
        "interpreter",
        "mature",
    ]


# --- Result page, list, PDF ---------------------------------------------------------------------


def test_result_page_explains_every_figure_in_words(
    client_for: Any, organization: Any, cert_manager: Any, cb_auditor: Any, iso9001: Any
) -> None:
    calculation = _calculation(organization, cert_manager, iso9001, client=None)
    page = client_for(cb_auditor).get(calculation.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    for words in (
        "ENP 67 is in the band 66",
        "Interviews on the shop floor",
        "5.7 rounds to 5.5 days",
        "On site: at least 4.5 days",
        "Stage 1: 2.0 days",
        "Surveillance (each year): 2.0 days",
        "Recertification: 3.5 days",
        "One site: no sampling",
        "IAF MD 5:2019 Issue 4 Version 3, Table QMS 1",
        "manager@acme.test",
        "Auditor-days by audit",
    ):
        assert words in html, words
    assert page.context["recalculate_url"] is None  # an auditor may read, not calculate


def test_warnings_are_spelled_out_not_only_coloured(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any
) -> None:
    calculation = services.audit_time_calculation_create(
        actor=cert_manager,
        organization=organization,
        inputs={
            "standards": [iso9001.pk],
            "enp": 12000,
            "manual_days": 23,
            "manual_justification": "Two more bands than the last, by the table's progression.",
        },
    )
    html = client_for(cert_manager).get(calculation.get_absolute_url()).content.decode()
    assert "<strong>Warning:</strong>" in html and "unverified" in html


def test_pdf_is_a_document_an_auditor_accepts(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any, acme_client: Any
) -> None:
    from qms.certification.audit_time import pdf
    from qms.certification.tests.factories import CertificationBodyFactory

    CertificationBodyFactory(organization=organization, name="Meridian Certification Ltd")
    calculation = _calculation(organization, cert_manager, iso9001, client=acme_client)
    context = pdf.calculation_context(calculation=calculation)
    assert context["body_name"] == "Meridian Certification Ltd"
    response = client_for(cert_manager).get(
        reverse("certification:audittime_pdf", args=[calculation.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert body.startswith(b"%PDF")
    text = _pdf_text(body)
    assert "Precision Gauges Ltd" in text
    assert "5.5" in text
    assert "Meridian Certification Ltd" in text
    assert calculation.number in text


def _pdf_text(body: bytes) -> str:
    """The PDF's text, read back by pdftotext when present, else by pypdf, else raw."""
    import shutil
    import subprocess
    import tempfile

    if shutil.which("pdftotext"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(body)
            handle.flush()
            return subprocess.run(  # noqa: S603
                ["pdftotext", "-layout", handle.name, "-"],  # noqa: S607
                capture_output=True,
                text=True,
                check=True,
            ).stdout
    pypdf = pytest.importorskip("pypdf")
    import io

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(body)).pages)


def test_list_filters_by_client_and_standard(
    client_for: Any,
    organization: Any,
    cert_manager: Any,
    iso9001: Any,
    iso14001: Any,
    acme_client: Any,
) -> None:
    ours = _calculation(organization, cert_manager, iso9001, client=acme_client)
    other = _calculation(organization, cert_manager, iso14001)
    client = client_for(cert_manager)
    by_client = client.get(LIST, {"client": acme_client.pk}).content.decode()
    assert ours.number in by_client and other.number not in by_client
    by_standard = client.get(LIST, {"standard": "ISO 14001"}).content.decode()
    assert other.number in by_standard and ours.number not in by_standard


def test_list_exports_as_csv(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any, acme_client: Any
) -> None:
    calculation = _calculation(organization, cert_manager, iso9001, client=acme_client)
    response = client_for(cert_manager).get(LIST, {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert calculation.number in body and "Precision Gauges Ltd" in body


def test_list_costs_the_same_for_2_and_22_calculations(
    client_for: Any,
    organization: Any,
    cert_manager: Any,
    iso9001: Any,
    acme_client: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(cert_manager)
    for _ in range(2):
        _calculation(organization, cert_manager, iso9001, client=acme_client)
    client.get(LIST)  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for _ in range(20):
        _calculation(organization, cert_manager, iso9001, client=acme_client)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count("AT-") >= 22


# --- Who may do what ----------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(
    client_for: Any, organization: Any, cert_manager: Any, iso9001: Any
) -> None:
    calculation = _calculation(organization, cert_manager, iso9001)
    anonymous = client_for(None)
    for url in (
        LIST,
        ADD,
        calculation.get_absolute_url(),
        reverse("certification:audittime_pdf", args=[calculation.pk]),
    ):
        response = anonymous.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    assert anonymous.post(PREVIEW, worked_form(iso9001)).status_code == 302


def test_another_organizations_calculation_is_not_found(
    client_for: Any, organization: Any, cert_manager: Any, their_manager: Any, iso9001: Any
) -> None:
    calculation = _calculation(organization, cert_manager, iso9001)
    outsider = client_for(their_manager)
    for url in (
        calculation.get_absolute_url(),
        reverse("certification:audittime_pdf", args=[calculation.pk]),
    ):
        assert outsider.get(url).status_code == 404, url
    assert calculation.number not in outsider.get(LIST).content.decode()
    recalc = outsider.get(f"{ADD}?from={calculation.pk}")
    assert recalc.status_code == 200 and "editions" not in recalc.context["form"].initial


def test_a_member_without_the_permission_is_refused(
    client_for: Any,
    organization: Any,
    cert_manager: Any,
    cb_auditor: Any,
    quality_manager: Any,
    iso9001: Any,
) -> None:
    calculation = _calculation(organization, cert_manager, iso9001)
    # an auditor of the body reads, but does not calculate
    auditor = client_for(cb_auditor)
    assert auditor.get(calculation.get_absolute_url()).status_code == 200
    assert auditor.get(ADD).status_code == 403
    assert auditor.post(ADD, worked_form(iso9001)).status_code == 403
    assert auditor.post(PREVIEW, worked_form(iso9001)).status_code == 403
    # the organization side's quality manager has no certification permission at all
    quality = client_for(quality_manager)
    assert quality.get(LIST).status_code == 403
    assert quality.get(calculation.get_absolute_url()).status_code == 404
    assert _stored(organization) == 1


def test_managers_and_reviewers_may_calculate(
    client_for: Any, cert_manager: Any, tech_reviewer: Any, iso9001: Any
) -> None:
    for user in (cert_manager, tech_reviewer):
        client = client_for(user)
        assert client.get(ADD).status_code == 200
        assert client.get(LIST).status_code == 200
