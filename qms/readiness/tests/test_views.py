"""Pages, exports and API of the readiness report; snapshots; permissions; tenancy."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from qms.core.audit import AuditEvent
from qms.readiness.models import ReadinessSnapshot

from .factories import ReadinessSnapshotFactory
from .records import effective_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(organization: Any, library: Any, no_audits: Any, reviews: Any) -> Any:
    """5.2 backed by a policy in force; everything else lacking; one review long ago."""
    library.link(organization, "5.2", effective_document(organization, document_type="policy"))
    return library


def test_report_page_lists_the_clauses_still_lacking_evidence(
    linked: Any, quality_manager: Any, client_for: Any
) -> None:
    response = client_for(quality_manager).get("/readiness/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stage 1 readiness" in html
    assert 'data-clause="5.2" data-state="effective"' in html
    assert 'data-clause="4.3" data-state="none"' in html
    assert 'data-lacking-clause="4.3"' in html  # the what-to-fix list
    assert 'data-lacking-clause="5.2"' not in html
    assert 'data-gap="quality_objectives"' in html
    assert 'data-gap="quality_policy"' not in html
    assert "How the percentage is computed" in html
    assert "<svg" in html  # the charts
    assert "Save this report" in html
    assert "/access-grants/add/?record_types=readiness" in html  # share with a CB


def test_filters_by_state_and_edition(linked: Any, quality_manager: Any, client_for: Any) -> None:
    client = client_for(quality_manager)
    html = client.get("/readiness/?state=effective").content.decode()
    assert 'data-clause="5.2"' in html
    assert 'data-clause="4.3"' not in html
    html = client.get(f"/readiness/?edition={linked.edition.pk}&state=none").content.decode()
    assert 'data-clause="4.3"' in html
    # nonsense filters are ignored, never a 500
    assert client.get("/readiness/?state=bogus&edition=x").status_code == 200


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_clause_groups_are_collapsed_with_their_counts_and_open_when_filtered(
    linked: Any, quality_manager: Any, client_for: Any
) -> None:
    client = client_for(quality_manager)
    html = client.get("/readiness/").content.decode()
    # one closed group per top-level clause, its summary counting its clauses by state
    assert '<details class="clause-group" data-clause-group="5">' in html
    assert "1 with evidence in force" in html and "1 no evidence" in html
    assert "readiness/readiness.css" in html  # the phone layout of the clause cards
    filtered = client.get("/readiness/?state=none").content.decode()
    assert '<details class="clause-group" data-clause-group="4" open>' in filtered
    assert "2 clauses shown" in filtered


def test_pdf_export_holds_the_cover_and_the_gaps(
    linked: Any, organization: Any, quality_manager: Any, client_for: Any
) -> None:
    response = client_for(quality_manager).get("/readiness/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(response.content)
        text = subprocess.run(  # noqa: S603 - our own file, a fixed command
            ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    assert "Stage 1 readiness report" in text
    assert str(organization) in text
    assert "ISO 9001:2015" in text
    assert "No quality objective is in force" in text
    assert "No management review has been held yet." in text
    assert "Clause by clause" in text


def test_xlsx_export_opens_with_a_summary_gaps_and_clauses(
    linked: Any, quality_manager: Any, client_for: Any
) -> None:
    response = client_for(quality_manager).get("/readiness/report.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Summary", "Gaps", "Clauses"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row}
    assert summary["Readiness (%)"] == 12.5
    gaps = [row[1] for row in book["Gaps"].iter_rows(min_row=2, values_only=True)]
    assert any("quality objective" in str(text) for text in gaps)
    clauses = {row[1]: row[3] for row in book["Clauses"].iter_rows(min_row=2, values_only=True)}
    assert clauses["5.2"] == "Effective"
    assert clauses["4.3"] == "No evidence"


def test_saving_a_snapshot_freezes_the_report_and_is_audited(
    linked: Any, organization: Any, quality_manager: Any, client_for: Any
) -> None:
    client = client_for(quality_manager)
    assert client.get("/readiness/snapshots/add/").status_code == 200
    response = client.post("/readiness/snapshots/add/", {"note": "For the CB"})
    snapshot = ReadinessSnapshot.objects.for_organization(organization).get()
    assert response.status_code == 302
    assert response["Location"] == snapshot.get_absolute_url()
    assert float(snapshot.percentage) == 12.5
    assert snapshot.data["gaps"]
    assert snapshot.taken_by == quality_manager
    event = AuditEvent.objects.get(subject_type="readiness.readinesssnapshot")
    assert event.event_type == "readiness.snapshot_saved"
    # the saved copy does not move when records change
    linked.link(organization, "4.3", effective_document(organization))
    page = client.get(snapshot.get_absolute_url()).content.decode()
    assert 'data-clause="4.3" data-state="none"' in page
    assert "For the CB" in page
    # the history chart shows on the live report; the list shows the snapshot
    assert "Readiness over time" in client.get("/readiness/").content.decode()
    assert "12.5" in client.get("/readiness/snapshots/").content.decode()


def test_a_too_long_note_is_a_form_error(
    linked: Any, quality_manager: Any, client_for: Any
) -> None:
    response = client_for(quality_manager).post("/readiness/snapshots/add/", {"note": "x" * 301})
    assert response.status_code == 400
    assert "at most 300" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "view", "export", "snapshot"),
    [
        ("owner", 200, 200, 200),
        ("quality_manager", 200, 200, 200),
        ("auditor", 200, 200, 403),
        ("process_owner", 403, 403, 403),
        ("employee", 403, 403, 403),
        ("viewer", 403, 403, 403),
    ],
)
def test_managers_and_internal_auditors_read_managers_snapshot(
    linked: Any,
    request: Any,
    client_for: Any,
    role: str,
    view: int,
    export: int,
    snapshot: int,
) -> None:
    client = client_for(request.getfixturevalue(role))
    assert client.get("/readiness/").status_code == view
    assert client.get("/readiness/report.xlsx").status_code == export
    assert client.get("/readiness/snapshots/add/").status_code == snapshot
    assert client.post("/readiness/snapshots/add/", {"note": ""}).status_code in (
        (302,) if snapshot == 200 else (403,)
    )


def test_another_organizations_snapshot_is_not_found(
    linked: Any, other_organization: Any, quality_manager: Any, client_for: Any, api_client_for: Any
) -> None:
    theirs = ReadinessSnapshotFactory(organization=other_organization)
    assert client_for(quality_manager).get(theirs.get_absolute_url()).status_code == 404
    api = api_client_for(quality_manager)
    assert api.get(f"/api/v1/readiness/snapshots/{theirs.pk}/").status_code == 404


def test_api_report_and_snapshots(
    linked: Any, organization: Any, quality_manager: Any, api_client_for: Any
) -> None:
    api = api_client_for(quality_manager)
    body = api.get("/api/v1/readiness/").json()
    assert body["percentage"] == 12.5
    assert body["applicable"] == 8
    assert {gap["key"] for gap in body["gaps"]} >= {"quality_objectives", "management_review"}
    lines = {
        line["number"]: line for group in body["editions"][0]["groups"] for line in group["clauses"]
    }
    assert lines["5.2"]["state"] == "effective"
    assert lines["5.2"]["evidence"][0]["state"] == "effective"
    created = api.post("/api/v1/readiness/snapshots/", {"note": "API"}, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["report"]["percentage"] == 12.5
    listed = api.get("/api/v1/readiness/snapshots/").json()
    assert listed["results"][0]["note"] == "API"
    detail = api.get(f"/api/v1/readiness/snapshots/{created.json()['id']}/").json()
    assert detail["report"]["editions"][0]["edition"] == "ISO 9001:2015"
    # bad input: 400 with the field's error; unknown fields refused
    refused = api.post("/api/v1/readiness/snapshots/", {"note": "x" * 301}, format="json")
    assert refused.status_code == 400
    assert "note" in str(refused.json())
    # no edits, no deletes
    assert api.delete(f"/api/v1/readiness/snapshots/{created.json()['id']}/").status_code == 405


def test_api_is_for_managers_and_auditors(
    linked: Any, employee: Any, auditor: Any, api_client_for: Any
) -> None:
    assert api_client_for(employee).get("/api/v1/readiness/").status_code == 403
    assert api_client_for(auditor).get("/api/v1/readiness/").status_code == 200
    assert (
        api_client_for(auditor).post("/api/v1/readiness/snapshots/", {}, format="json").status_code
        == 403
    )


def test_home_card_shows_the_percentage(linked: Any, quality_manager: Any, client_for: Any) -> None:
    html = client_for(quality_manager).get("/").content.decode()
    assert "Stage 1 readiness" in html
    assert "12.5 %" in html


def test_home_card_keeps_its_figures_a_few_minutes_and_the_report_refreshes_them(
    linked: Any,
    organization: Any,
    quality_manager: Any,
    client_for: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from qms.readiness.selectors import report as report_module

    computed: list[Any] = []
    real = report_module.readiness_report

    def counting(**kwargs: Any) -> Any:
        computed.append(kwargs["organization"])
        return real(**kwargs)

    monkeypatch.setattr("qms.readiness.selectors.card.readiness_report", counting)
    client = client_for(quality_manager)
    # given the home page loaded once (the report computed for the card)
    first = client.get("/").content.decode()
    assert "12.5 %" in first and "data-computed-at" in first
    assert computed == [organization]
    # when it is loaded again within the minutes, then the report is not computed again
    assert "12.5 %" in client.get("/").content.decode()
    assert computed == [organization]
    # when 4.3 gets evidence and the live report page is opened
    linked.link(organization, "4.3", effective_document(organization))
    assert 'data-clause="4.3" data-state="effective"' in client.get("/readiness/").content.decode()
    # then the card shows the new figure (2 of 8 clauses) without computing the report itself
    assert "25.0 %" in client.get("/").content.decode()
    assert computed == [organization]


def test_audit_coverage_and_review_from_the_real_modules(
    organization: Any, library: Any, quality_manager: Any
) -> None:
    """Without stubs: the internal-audits and management-review contracts are called."""
    from qms.readiness.selectors import readiness_report

    report = readiness_report(organization=organization, today=dt.date(2026, 11, 28))
    keys = {gap.key for gap in report.gaps}
    assert {"audit_coverage", "management_review"} <= keys
