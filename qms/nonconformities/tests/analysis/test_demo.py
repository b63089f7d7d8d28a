"""The analysis demo adds 5 whys, Ishikawa causes, dispositions and one 8D report to Acme's
open nonconformities, and adds nothing when run again."""

from __future__ import annotations

import io
from typing import Any

import pytest

from qms.nonconformities.analysis import demo
from qms.nonconformities.analysis.models import Disposition, EightDReport, RootCauseAnalysis


@pytest.mark.django_db(transaction=False)
def test_the_demo_fills_open_ncs_and_is_idempotent() -> None:
    from qms.nonconformities import demo as nc_demo
    from qms.organizations import demo as organization_demo

    out = io.StringIO()
    organization_demo.load(stdout=out)
    nc_demo.load(stdout=out)  # runs the analysis demo at its end
    counts = (
        Disposition.objects.count(),
        EightDReport.objects.count(),
        sum(1 for a in RootCauseAnalysis.objects.all() if any(a.ishikawa.values())),
    )
    assert counts[0] > 0 and counts[1] == 1 and counts[2] > 0
    assert "root-cause analysis" in out.getvalue()

    demo.load(stdout=io.StringIO())
    again = (
        Disposition.objects.count(),
        EightDReport.objects.count(),
        sum(1 for a in RootCauseAnalysis.objects.all() if any(a.ishikawa.values())),
    )
    assert again == counts
    report: Any = EightDReport.objects.get()
    assert report.d2_problem and report.d4_root_cause
