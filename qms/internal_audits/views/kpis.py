"""The audit KPIs page: per quarter (or month) of a year, audits planned and completed, the
share reported on time, days to report, findings per audit and days to close the findings'
nonconformities, as figures and charts; and the audits overdue today."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from qms.core.charts import Series, bar_chart
from qms.core.views.generic import TenantViewMixin

from .. import selectors
from ..models import Audit


class AuditKpiView(TenantViewMixin, View):
    model = Audit
    template_name = "internal_audits/audit_kpis.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.require("view")
        today = timezone.localdate()
        year_text = request.GET.get("year", "")
        year = (
            int(year_text) if year_text.isdigit() and 2000 <= int(year_text) <= 2100 else today.year
        )
        by = "month" if request.GET.get("by") == "month" else "quarter"
        periods = selectors.months(year) if by == "month" else selectors.quarters(year)
        rows = selectors.audit_kpis(organization=self.organization, periods=periods)
        labels = [row.label for row in rows]
        overdue = list(
            selectors.overdue_audits(organization=self.organization, today=today)
            .select_related("lead_auditor")
            .order_by("planned_month", "number")
        )
        charts = [
            bar_chart(
                title=_("Audits planned and completed"),
                labels=labels,
                series=[
                    Series(_("Planned"), [row.planned for row in rows], tone="muted"),
                    Series(_("Completed"), [row.completed for row in rows], tone="primary"),
                ],
                unit="",
            ),
            bar_chart(
                title=_("Mean days from audit to report"),
                labels=labels,
                series=[Series(_("Days"), [row.mean_days_to_report for row in rows])],
                unit=_("days"),
            ),
            bar_chart(
                title=_("Findings per audit"),
                labels=labels,
                series=[Series(_("Findings"), [row.findings_per_audit for row in rows])],
            ),
            bar_chart(
                title=_("Mean days to close the findings' nonconformities"),
                labels=labels,
                series=[Series(_("Days"), [row.mean_days_to_close for row in rows], tone="warn")],
                unit=_("days"),
            ),
        ]
        context = {
            "title": _("Internal audit KPIs %(year)s") % {"year": year},
            "year": year,
            "by": by,
            "rows": rows,
            "charts": charts,
            "overdue": overdue,
            "previous_year": year - 1,
            "next_year": year + 1,
            "breadcrumbs": [
                (_("Home"), reverse("core:dashboard")),
                (_("Internal audits"), reverse("internal_audits:audit_list")),
                (_("KPIs"), None),
            ],
        }
        return render(request, self.template_name, context)
