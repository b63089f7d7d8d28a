"""Reads of audit-time calculations: the list, one record, the application a new calculation
starts from, and the standard editions the calculator has a table for. Each runs a fixed
number of queries, however many rows."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from qms.core.charts import Series, bar_chart
from qms.standards.models import AuditTimeTable, StandardEdition

from ..choices import AuditTimeType
from ..models import Application, AuditTimeCalculation
from .errors import AuditTimeError
from .explain import fmt_day_count, fmt_enp
from .tables import standard_key

CENT = Decimal("0.01")


def calculation_list(*, user: Any, organization: Any) -> QuerySet[AuditTimeCalculation]:
    """The calculations the user may see, with what the list shows (client, application,
    who calculated) joined; the stored inputs and result (long JSON) left unread."""
    queryset: QuerySet[AuditTimeCalculation] = (
        AuditTimeCalculation.objects.for_user(user, "view", organization=organization)
        .select_related("client", "application", "calculated_by")
        .defer("inputs", "result")
    )
    return queryset


def calculation_detail_queryset(*, user: Any, organization: Any) -> QuerySet[AuditTimeCalculation]:
    queryset: QuerySet[AuditTimeCalculation] = AuditTimeCalculation.objects.for_user(
        user, "view", organization=organization
    ).select_related("client", "application", "application__client", "calculated_by")
    return queryset


def application_for_calculation(*, user: Any, organization: Any, pk: Any) -> Application | None:
    """The application a new calculation is prefilled from (None when the user may not see
    it, it is another organization's or the id is not a number)."""
    try:
        number = int(pk)
    except (TypeError, ValueError):
        return None
    application: Application | None = (
        Application.objects.for_user(user, "view", organization=organization)
        .select_related("client")
        .prefetch_related("editions__standard", "sites")
        .filter(pk=number)
        .first()
    )
    return application


def table_keys() -> set[str]:
    """The standards (as `tables.standard_key` keys: "9001") a loaded table serves."""
    keys: set[str] = set()
    for codes in AuditTimeTable.objects.values_list("standards", flat=True):
        for code in codes or ():
            try:
                keys.add(standard_key(code)[0])
            except AuditTimeError:
                continue
    return keys


def editions_with_table() -> QuerySet[StandardEdition]:
    """The editions of the standards library whose standard has an audit-time table
    (ISO 9001, 14001, 45001 with IAF MD 5 loaded), withdrawn editions left out."""
    keys = table_keys()
    ids = []
    for edition in StandardEdition.objects.select_related("standard").exclude(status="withdrawn"):
        try:
            key = standard_key(edition.standard.code)[0]
        except AuditTimeError:
            continue
        if key in keys:
            ids.append(edition.pk)
    return (
        StandardEdition.objects.filter(pk__in=ids)
        .select_related("standard")
        .order_by("standard__code", "-edition", "id")
    )


# --- A result as the pages and the PDF show it ------------------------------------------

# The figures of a result in the order they are explained, each with its label; the
# justification lines the calculator wrote for a figure are shown beside it.
FIGURES = (
    ("enp", gettext_lazy("Effective number of personnel (ENP)")),
    ("factors", gettext_lazy("Adjustment factors")),
    ("t_table", gettext_lazy("Table time")),
    ("t_adjusted", gettext_lazy("Adjusted time")),
    ("t_final", gettext_lazy("Audit time, Stage 1 + Stage 2 (rounded)")),
    ("on_site_min", gettext_lazy("On site, at least")),
    ("stage1", gettext_lazy("Stage 1 and Stage 2")),
    ("surveillance", gettext_lazy("Surveillance, each year")),
    ("recertification", gettext_lazy("Recertification")),
    ("sites_sampled", gettext_lazy("Sites to visit (sampling)")),
    ("sites", gettext_lazy("Each site's time")),
    ("audit_days", gettext_lazy("This calculation")),
)
_DAY_FIGURES = {"t_table", "t_adjusted", "t_final", "surveillance", "recertification"}


def days_text(value: Any) -> str:
    """ "5.5 days", "1.0 day" from a stored number (5.5) or Decimal."""
    if value in (None, ""):
        return ""
    return fmt_day_count(Decimal(str(value)))


def _figure_value(key: str, result: Mapping[str, Any]) -> str:
    if key in _DAY_FIGURES:
        return days_text(result.get(key))
    if key == "enp":
        enp = fmt_enp(Decimal(str(result.get("enp", 0))))
        table_enp = result.get("table_enp")
        if table_enp is not None and Decimal(str(table_enp)) != Decimal(str(result.get("enp"))):
            return _("%(enp)s (%(table)s in the table)") % {"enp": enp, "table": table_enp}
        return enp
    if key == "factors":
        count = len(result.get("factors") or [])
        return (
            _("none")
            if not count
            else ngettext("%(n)s factor", "%(n)s factors", count) % {"n": count}
        )
    if key == "on_site_min":
        return _("%(on)s (at most %(off)s off site)") % {
            "on": days_text(result.get("on_site_min")),
            "off": days_text(result.get("off_site_max")),
        }
    if key == "stage1":
        return _("Stage 1: %(one)s; Stage 2: %(two)s") % {
            "one": days_text(result.get("stage1")),
            "two": days_text(result.get("stage2")),
        }
    if key == "sites_sampled":
        sampling = result.get("sites_sampled") or {}
        if int(sampling.get("sites") or 1) <= 1:
            return _("one site")
        return _(
            "of %(sites)s sites: %(initial)s initial, %(surveillance)s each surveillance, "
            "%(recertification)s recertification, plus the central function"
        ) % {
            key: sampling.get(key)
            for key in ("sites", "initial", "surveillance", "recertification")
        }
    if key == "audit_days":
        audit = dict(AuditTimeType.choices).get(result.get("audit_type", ""), "")
        return f"{audit}: {days_text(result.get('audit_days'))}"
    return ""


def result_display(result: Mapping[str, Any] | None) -> dict[str, Any]:
    """What a page or the PDF shows of a result (`Result.as_dict()`, as computed or as
    stored): `figures` (label, value and the justification lines of each figure, in the
    order they build on each other), `warnings` and `caps` (messages), `parts` (each
    standard of an integrated audit) and `days_chart` (Stage 1, Stage 2, surveillance,
    recertification)."""
    if not result:
        return {}
    lines: dict[str, list[str]] = {}
    for line in result.get("justification_lines") or []:
        lines.setdefault(str(line.get("figure", "")), []).append(str(line.get("text", "")))
    known = {key for key, _label in FIGURES}
    figures = []
    for key, label in FIGURES:
        value = _figure_value(key, result)
        if value or lines.get(key):
            figures.append(
                {"key": key, "label": label, "value": value, "lines": lines.get(key, [])}
            )
    other = [text for figure, texts in lines.items() if figure not in known for text in texts]
    if other:
        figures.append({"key": "other", "label": _("Notes"), "value": "", "lines": other})
    values = [result.get(name) for name in ("stage1", "stage2", "surveillance", "recertification")]
    chart = bar_chart(
        title=_("Auditor-days by audit"),
        labels=[_("Stage 1"), _("Stage 2"), _("Surveillance (each)"), _("Recertification")],
        series=[Series(_("Auditor-days"), [float(v) if v is not None else None for v in values])],
        horizontal=True,
    )
    return {
        "figures": figures,
        "warnings": [note.get("message", "") for note in result.get("warnings") or []],
        "caps": [note.get("message", "") for note in result.get("caps_applied") or []],
        "parts": [
            {
                "standard": part.get("standard", ""),
                "table_ref": part.get("table_ref", ""),
                "category": part.get("category", ""),
                "band": part.get("band", ""),
                "t_table": days_text(part.get("t_table")),
                "t_adjusted": days_text(Decimal(str(part.get("t_adjusted", 0))).quantize(CENT)),
                "manual": bool(part.get("manual")),
            }
            for part in result.get("standards") or []
        ],
        "table_refs": [part.get("table_ref", "") for part in result.get("standards") or []]
        or [result.get("table_ref", "")],
        "days_chart": chart,
    }


_PERSONNEL_LABELS = (
    ("full_time", gettext_lazy("Full-time personnel")),
    ("shifts", gettext_lazy("Shifts")),
    ("part_time_count", gettext_lazy("Part-time personnel")),
    ("part_time_hours", gettext_lazy("Hours a week of one part-timer")),
    ("full_time_hours", gettext_lazy("Full-time hours a week")),
    ("seasonal", gettext_lazy("Seasonal personnel")),
    ("temporary", gettext_lazy("Temporary personnel")),
    ("contractors_in_scope", gettext_lazy("Contractors under the client's control")),
    ("repetitive_reduction", gettext_lazy("Reduction for similar repetitive work")),
    ("reduction_justification", gettext_lazy("Why the reduction is justified")),
)


def inputs_display(inputs: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """The stored inputs as (label, value) rows, in the form's order."""
    if not inputs:
        return []
    rows: list[tuple[str, str]] = [
        (_("Standards"), " + ".join(str(name) for name in inputs.get("standards") or [])),
    ]
    personnel = inputs.get("personnel")
    if personnel:
        for key, label in _PERSONNEL_LABELS:
            if personnel.get(key) not in (None, "", "0", 0):
                rows.append((str(label), str(personnel[key])))
    else:
        rows.append((_("Effective number of personnel (as given)"), str(inputs.get("enp", ""))))
    rows.append((_("Complexity category"), str(inputs.get("complexity") or _("table default"))))
    sites = str(inputs.get("sites") or 1)
    if inputs.get("site_enp"):
        sites += (
            " ("
            + _("ENP per site: %(values)s")
            % {"values": ", ".join(str(v) for v in inputs["site_enp"])}
            + ")"
        )
    rows.append((_("Sites"), sites))
    audit = str(inputs.get("audit_type") or AuditTimeType.INITIAL)
    rows.append((_("Audit"), str(dict(AuditTimeType.choices).get(audit, audit))))
    optional = (
        ("integration_reduction_pct", _("Integration reduction (%)")),
        ("integration_justification", _("Why the systems are integrated")),
        ("site_reduction_pct", _("Multi-site reduction (%)")),
        ("site_reduction_justification", _("Why the sites' time is reduced")),
        ("manual_justification", _("Why a manual audit time")),
    )
    manual = inputs.get("manual_days")
    if manual not in (None, ""):
        text = (
            ", ".join(f"{key}: {value}" for key, value in manual.items())
            if isinstance(manual, Mapping)
            else str(manual)
        )
        rows.append((_("Manual audit time (days)"), text))
    for name, text_label in optional:
        if inputs.get(name) not in (None, "", "0", 0):
            rows.append((text_label, str(inputs[name])))
    rows.append(
        (_("Apply the 30 % cap"), _("Yes") if inputs.get("apply_reduction_cap") else _("No"))
    )
    return [(str(label), value) for label, value in rows]
