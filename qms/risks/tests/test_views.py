from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.urls import reverse

from qms.risks import services
from qms.risks.heatmap import build_heatmap
from qms.risks.models import Risk, default_bands
from qms.risks.reports import register_context
from qms.risks.tests.factories import RiskFactory

pytestmark = pytest.mark.django_db


def test_register_detail_and_heatmap_pages(
    client_for: Any, quality_manager: Any, make_risk: Any
) -> None:
    risk = make_risk()
    client = client_for(quality_manager)
    page = client.get(reverse("risks:risk_list"))
    assert page.status_code == 200
    assert risk.number in page.content.decode()
    detail = client.get(risk.get_absolute_url())
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "Assessment history" in body and "s approval" in body
    heat = client.get(reverse("risks:risk_heatmap"))
    assert heat.status_code == 200
    assert 'role="img"' in heat.content.decode()
    assert client.get(reverse("risks:risk_list") + "?cell=inherent-3-4").status_code == 200
    export = client.get(reverse("risks:risk_list") + "?export=csv")
    assert export.status_code == 200
    assert risk.number in b"".join(export.streaming_content).decode()


def test_approved_entry_page_reads_matrix_and_links_once(
    client_for: Any, quality_manager: Any, make_risk: Any
) -> None:
    """The "changed since approval" comparison reuses the page's matrix and link lists."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    risk = make_risk()
    services.record_approval(obj=risk, actor=quality_manager, reason="", signature=None)
    client = client_for(quality_manager)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(risk.get_absolute_url())
    assert page.status_code == 200
    sql = [query["sql"] for query in captured.captured_queries]
    assert sum('FROM "risks_riskmatrix"' in q for q in sql) == 1
    for table in ("risks_risk_processes", "risks_risk_issues", "risks_risk_interested_parties"):
        assert sum(f'"{table}"' in q and q.lstrip().startswith("SELECT") for q in sql) == 1


def test_cell_filter(client_for: Any, quality_manager: Any, make_risk: Any) -> None:
    inside = make_risk(title="Inside")
    make_risk(title="Outside", inherent_likelihood=1)
    page = client_for(quality_manager).get(reverse("risks:risk_list") + "?cell=inherent-3-4")
    body = page.content.decode()
    assert inside.number in body and "Outside" not in body


def test_review_overdue_filter_and_home_count_agree(
    client_for: Any, quality_manager: Any, organization: Any, make_risk: Any
) -> None:
    """One definition of "review overdue": open, next review date passed (the list filter,
    its negation, the home card count and the PDF rule)."""
    from datetime import timedelta

    from django.utils import timezone

    from qms.risks import rules, selectors

    today = timezone.localdate()
    late = make_risk(title="Late one")
    closed_late = make_risk(title="Closed late one")
    on_time = make_risk(title="On time one")
    Risk._base_manager.filter(pk__in=[late.pk, closed_late.pk]).update(
        next_review_on=today - timedelta(days=1)
    )
    Risk._base_manager.filter(pk=closed_late.pk).update(status="closed")
    Risk._base_manager.filter(pk=on_time.pk).update(next_review_on=today + timedelta(days=9))
    client = client_for(quality_manager)
    url = reverse("risks:risk_list")
    overdue = client.get(url + "?review_overdue=true").content.decode()
    assert late.number in overdue
    assert closed_late.number not in overdue and on_time.number not in overdue
    not_overdue = client.get(url + "?review_overdue=false").content.decode()
    assert late.number not in not_overdue
    assert closed_late.number in not_overdue and on_time.number in not_overdue
    counts = selectors.home_counts(user=quality_manager, organization=organization, today=today)
    assert counts["overdue"] == 1
    assert [r.pk for r in selectors.risks_review_overdue(today=today)] == [late.pk]
    for risk in Risk._base_manager.all():
        judged = rules.review_overdue(
            status=risk.status, next_review_on=risk.next_review_on, today=today
        )
        assert judged is (risk.pk == late.pk)


def test_bad_rating_shows_field_message(client_for: Any, quality_manager: Any) -> None:
    response = client_for(quality_manager).post(
        reverse("risks:risk_add"),
        {
            "kind": "risk",
            "title": "X",
            "owner": quality_manager.pk,
            "inherent_likelihood": "7",
            "review_interval_months": 12,
        },
    )
    assert response.status_code == 400
    assert "inherent_likelihood" in response.context["form"].errors
    assert not Risk._base_manager.exists()


def test_add_and_review_pages(client_for: Any, quality_manager: Any) -> None:
    client = client_for(quality_manager)
    response = client.post(
        reverse("risks:risk_add"),
        {
            "kind": "risk",
            "title": "Late castings",
            "owner": quality_manager.pk,
            "inherent_likelihood": "4",
            "inherent_consequence": "3",
            "review_interval_months": 6,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    risk = Risk._base_manager.get()
    assert risk.inherent_band == "high"
    url = reverse("risks:risk_review", args=[risk.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"outcome": "nope", "reviewed_on": "2020-01-01"})
    assert bad.status_code == 400 and "outcome" in bad.context["form"].errors
    ok = client.post(
        url, {"outcome": "no_change", "reviewed_on": "2026-01-05", "version": risk.version}
    )
    assert ok.status_code == 302
    risk.refresh_from_db()
    assert str(risk.last_reviewed_on) == "2026-01-05"
    # The version it started from is now stale: refused on the form, nothing recorded.
    stale = client.post(
        url, {"outcome": "no_change", "reviewed_on": "2026-01-06", "version": risk.version - 1}
    )
    assert stale.status_code == 409 and stale.context["form"].non_field_errors()
    risk.refresh_from_db()
    assert str(risk.last_reviewed_on) == "2026-01-05"


def test_matrix_page(
    client_for: Any, quality_manager: Any, employee: Any, organization: Any
) -> None:
    url = reverse("risks:matrix_edit")
    assert client_for(employee).get(url).status_code == 403
    client = client_for(quality_manager)
    page = client.get(url)
    assert page.status_code == 200
    data = dict(page.context["form"].initial)
    data["likelihood_labels"] = "One\nTwo"
    bad = client.post(url, data)
    assert bad.status_code == 400
    assert "likelihood_labels" in bad.context["form"].errors


def test_matrix_page_previews_the_saved_grid_and_legend(
    client_for: Any, quality_manager: Any
) -> None:
    url = reverse("risks:matrix_edit")
    client = client_for(quality_manager)
    data = dict(client.get(url).context["form"].initial)
    data["likelihood_labels"] = "Rare\nPossible\nLikely"
    data["consequence_labels"] = "Minor\nMajor\nSevere"
    data["bands"] = "low | Low | 1 | #2e7d32\nhigh | High | 6 | #c62828"
    assert client.post(url, data).status_code == 302
    html = client.get(url).content.decode()
    assert (
        "key | label | lowest score | #colour" in html
        and 'aria-describedby="matrix-format-help"' in html
    )
    assert "data-matrix-preview" in html
    svg = html[html.index("<svg", html.index("data-matrix-preview")) :]
    root = ET.fromstring(svg[: svg.index("</svg>") + 6])  # noqa: S314  (our own markup)
    ns = "{http://www.w3.org/2000/svg}"
    cells = [
        (g.get("data-score"), g.get("data-band"), g.find(f"{ns}rect").get("fill"))
        for g in root.iter(f"{ns}g")
    ]
    assert len(cells) == 9
    assert cells[2] == ("9", "High", "#c62828")  # top right: highest likelihood x consequence
    assert cells[6] == ("1", "Low", "#2e7d32")  # bottom left
    assert 'style="' not in svg[: svg.index("</svg>")]  # no inline style (CSP)
    assert "High: score 6 and above" in html


def test_other_organization_is_404(
    client_for: Any, quality_manager: Any, other_organization: Any
) -> None:
    foreign = RiskFactory(organization=other_organization)
    client = client_for(quality_manager)
    for name in ("risks:risk_detail", "risks:risk_edit", "risks:risk_review"):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404


def test_register_page_query_budget(
    client_for: Any, quality_manager: Any, organization: Any, django_assert_max_num_queries: Any
) -> None:
    RiskFactory.create_batch(60, organization=organization, owner=quality_manager)
    client = client_for(quality_manager)
    client.get(reverse("risks:risk_list"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("risks:risk_list") + "?per_page=100")
    assert response.status_code == 200


def test_heatmap_svg_valid_counts_and_escaped() -> None:
    heat = build_heatmap(
        title="Open <risks> & more",
        which="inherent",
        likelihood_labels=["Rare", "Possible <b>", "Likely"],
        consequence_labels=["Low", "Mid", "High & bad"],
        bands=[
            {"key": "low", "label": "Low", "min_score": 1, "colour": "#00aa00"},
            {"key": "high", "label": "High", "min_score": 6, "colour": "#ff0000"},
        ],
        counts={(3, 3): 4, (1, 2): 1},
        base_url="/risks/",
    )
    root = ET.fromstring(str(heat.svg))  # noqa: S314  (our own markup)
    assert root.get("role") == "img"
    assert "<b>" not in str(heat.svg) and "&lt;b&gt;" in str(heat.svg)
    assert heat.total == 5
    assert heat.rows[0][2].count == 4 and heat.rows[0][2].band_label == "High"
    assert heat.rows[2][1].count == 1
    assert "cell=inherent-3-3" in heat.rows[0][2].url


def test_pdf_context_and_render(
    client_for: Any, quality_manager: Any, organization: Any, make_risk: Any
) -> None:
    make_risk()
    from django.utils import timezone

    context = register_context(
        user=quality_manager, organization=organization, today=timezone.localdate()
    )
    assert len(context["rows"]) == 1 and len(context["heatmaps"]) == 2
    response = client_for(quality_manager).get(reverse("risks:risk_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:4] == b"%PDF"


def test_trend_from_backdated_history(
    organization: Any, quality_manager: Any, make_risk: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from qms.risks.models import RiskAssessment
    from qms.risks.selectors import high_risks_per_quarter

    risk = make_risk()
    RiskAssessment.objects.filter(risk=risk).update(
        assessed_on=timezone.localdate() - timedelta(days=400)
    )
    ends, counts = high_risks_per_quarter(
        organization=organization, bands=default_bands(), today=timezone.localdate()
    )
    assert len(ends) == 8 and counts[-1] == 1 and counts[-5] >= 1 and counts[0] == 0
    services.matrix_for(organization)


def test_heatmap_text_is_readable_and_long_labels_wrap() -> None:
    heat = build_heatmap(
        title="Open risks",
        which="residual",
        likelihood_labels=["Rare", "Almost certain to happen every week"],
        consequence_labels=["Negligible", "Catastrophic for the whole business"],
        bands=[{"key": "low", "label": "Low", "min_score": 1, "colour": "#00aa00"}],
        counts={},
        base_url="/risks/",
    )
    root = ET.fromstring(str(heat.svg))  # noqa: S314  (our own markup)
    ns = "{http://www.w3.org/2000/svg}"
    texts = list(root.iter(f"{ns}text"))
    assert texts
    for text in texts:  # font-size floor at the SVG's natural width
        assert float(text.get("font-size", "0")) >= 13
    width = float((root.get("viewBox") or "").split()[2])
    assert width <= 520  # the natural width the sizes are chosen for
    spans = ["".join(t.itertext()) for t in root.iter(f"{ns}tspan")]
    assert "Almost certain" in spans and all(len(s) <= 14 for s in spans)
    assert any(s.endswith("…") for s in spans)  # too long for two lines: shortened
    # the full label stays available to assistive technology
    assert "Catastrophic for the whole business" in str(heat.svg)
