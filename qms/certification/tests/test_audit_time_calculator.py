"""The IAF MD 5 audit-time calculator (domain spec §4, §3.10, §10).

The expected table values are typed in here from the domain spec (§4.1, §4.6), and checked
against the bundled data files: a typo in a fixture fails here. Pure tests, no database,
except the one that reads the loaded tables through `table_for`.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from qms.certification.audit_time import (
    AuditTimeError,
    Personnel,
    Policy,
    Table,
    calculate,
    ceil_half_day,
    make_factor,
    parse_factor,
    round_half_day,
    sample_size,
    table_for,
)
from qms.standards.loader import FIXTURES, load_files

D = Decimal
BANDS = [
    (1, 5),
    (6, 10),
    (11, 15),
    (16, 25),
    (26, 45),
    (46, 65),
    (66, 85),
    (86, 125),
    (126, 175),
    (176, 275),
    (276, 425),
    (426, 625),
    (626, 875),
    (876, 1175),
    (1176, 1550),
    (1551, 2025),
    (2026, 2675),
    (2676, 3450),
    (3451, 4350),
    (4351, 5450),
    (5451, 6800),
    (6801, 8500),
    (8501, 10700),
]
# Domain spec §4.1 (Table QMS 1).
QMS = "1.5 2 2.5 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22"
# Domain spec §4.6: EMS high, medium, low, limited; OH&S high, medium, low (same numbers).
EMS = {
    "high": "3 3.5 4.5 5.5 7 8 9 11 12 13 15 16 17 19 20 21 23 25 27 28 30 32 34",
    "medium": "2.5 3 3.5 4.5 5.5 6 7 8 9 10 11 12 13 15 16 17 18 19 20 21 23 25 27",
    "low": "2.5 3 3 3.5 4 4.5 5 5.5 6 7 8 9 10 11 12 12 13 14 15 16 17 19 20",
    "limited": "2.5 3 3 3 3 3.5 3.5 4 4.5 5 5.5 6 6 7 7.5 8 8.5 9 10 11 12 13 14",
}
OHS = {name: EMS[name] for name in ("high", "medium", "low")}


def _fixture(name: str) -> Table:
    return Table.from_data(yaml.safe_load((FIXTURES / name).read_text()))


TABLES = {
    "QMS 1": _fixture("iaf-md5-qms-1.yaml"),
    "EMS 1": _fixture("iaf-md5-ems-1.yaml"),
    "OH&SMS 1": _fixture("iaf-md5-ohsms-1.yaml"),
}
QMS_TABLE = TABLES["QMS 1"]


def _cases() -> list[Any]:
    cases = []
    for name, columns in (("QMS 1", {"medium": QMS}), ("EMS 1", EMS), ("OH&SMS 1", OHS)):
        for category, values in columns.items():
            for (low, high), value in zip(BANDS, values.split(), strict=True):
                cases.append(
                    pytest.param(name, category, low, high, D(value), id=f"{name}-{category}-{low}")
                )
    return cases


@pytest.mark.parametrize(("name", "category", "low", "high", "days"), _cases())
def test_every_band_of_the_three_tables_at_both_edges(
    name: str, category: str, low: int, high: int, days: Decimal
) -> None:
    for enp in (low, high):
        result = calculate(tables=TABLES[name], enp=enp, complexity=category)
        assert result.t_table == days, (name, category, enp)
        assert f"ENP {enp:,} is in the band {low:,}\u2013{high:,}" in result.justification[1]


def test_every_table_ends_with_an_open_band_needing_a_manual_value() -> None:
    for table in TABLES.values():
        last = table.rows[-1]
        assert (last.min, last.max, last.days) == (10701, None, None)
        assert len(table.rows) == 24
        assert table.document == "IAF MD 5:2019 Issue 4 Version 3"
    assert TABLES["EMS 1"].categories == ("high", "medium", "low", "limited")
    assert TABLES["OH&SMS 1"].categories == ("high", "medium", "low")
    assert QMS_TABLE.categories == ("medium",)


@pytest.mark.django_db
def test_table_for_reads_the_loaded_tables_by_any_spelling_of_the_standard() -> None:
    with pytest.raises(AuditTimeError, match="not loaded: run `qms standards load`"):
        table_for("iso9001")
    load_files([FIXTURES / name for name in ("iaf-md5-qms-1.yaml", "iaf-md5-ems-1.yaml")])
    for spelling in ("iso9001", "ISO 9001", "ISO 9001:2015", "9001", "iso-9001"):
        assert table_for(spelling) == QMS_TABLE
    assert table_for("iso14001", version="2023-06-14").name == "EMS 1"
    with pytest.raises(AuditTimeError) as error:
        table_for("iso27001")
    assert str(error.value) == (
        "No audit-time table for ISO/IEC 27001: it uses ISO/IEC 27006-1; load one with "
        "`qms standards load`."
    )
    assert error.value.field == "standard"
    with pytest.raises(AuditTimeError, match="No version 2019-01-01"):
        table_for("iso9001", version="2019-01-01")
    with pytest.raises(AuditTimeError, match="Unknown standard 'nine'"):
        table_for("nine")


# --- Rounding and sampling ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "rounded"),
    [("5.2", "5.0"), ("5.25", "5.5"), ("5.3", "5.5"), ("5.7", "5.5"), ("5.75", "6.0")],
)
def test_half_day_rounding(value: str, rounded: str) -> None:
    assert round_half_day(D(value)) == D(rounded)
    assert str(round_half_day(D(value))) == rounded


@pytest.mark.parametrize(("value", "up"), [("4.4", "4.5"), ("4.5", "4.5"), ("4.51", "5.0")])
def test_on_site_rounds_up_to_the_half_day(value: str, up: str) -> None:
    assert ceil_half_day(D(value)) == D(up)


@pytest.mark.parametrize(
    ("sites", "initial", "surveillance", "recertification"),
    [(1, 1, 1, 1), (2, 2, 1, 2), (16, 4, 3, 4), (25, 5, 3, 4), (26, 6, 4, 5)],
)
def test_multi_site_sample_sizes(
    sites: int, initial: int, surveillance: int, recertification: int
) -> None:
    assert sample_size(sites) == initial
    assert sample_size(sites, D("0.6")) == surveillance
    assert sample_size(sites, D("0.8")) == recertification
    result = calculate(tables=QMS_TABLE, enp=67, sites=sites)
    sampled = result.as_dict()["sites_sampled"]
    assert (sampled["initial"], sampled["surveillance"], sampled["recertification"]) == (
        initial,
        surveillance,
        recertification,
    )
    assert sampled["central_function"] is True
    assert sampled["sampling"] is (sites > 1)


def test_one_site_is_not_sampled() -> None:
    result = calculate(tables=QMS_TABLE, enp=67)
    assert "One site: no sampling" in result.justification[-2]


# --- The worked example (domain spec §10) --------------------------------------------------

WORKED = {
    "t_table": 6.0,
    "t_adjusted": 5.7,
    "t_final": 5.5,
    "on_site_min": 4.5,
    "off_site_max": 1.0,
    "stage1": 2.0,
    "stage2": 3.5,
    "surveillance": 2.0,
    "recertification": 3.5,
}


def _worked(**inputs: Any) -> Any:
    return calculate(
        tables=QMS_TABLE,
        complexity="medium",
        factors=[make_factor("interpreter", 5), make_factor("mature", -10)],
        sites=16,
        **inputs,
    )


def test_the_worked_example_with_the_enp() -> None:
    result = _worked(enp=67)
    data = result.as_dict()
    assert {key: data[key] for key in WORKED} == WORKED
    assert isinstance(data["t_final"], float)
    assert data["sites_sampled"]["initial"] == 4
    assert data["sites_sampled"]["surveillance"] == 3
    assert data["sites_sampled"]["recertification"] == 4
    assert data["caps_applied"] == [] and data["warnings"] == []
    assert data["table_ref"] == ("IAF MD 5:2019 Issue 4 Version 3, Table QMS 1, version 2023-06-14")
    json.dumps(data)  # JSON-ready


def test_the_worked_example_with_the_personnel_breakdown() -> None:
    personnel = Personnel(full_time=58, part_time_count=10, part_time_hours=20, seasonal=4)
    result = _worked(personnel=personnel)
    assert result.enp == 67 and result.table_enp == 67
    assert {key: result.as_dict()[key] for key in WORKED} == WORKED
    assert result.justification[0] == (
        "Effective number of personnel (ENP): 58 full-time (all shifts) + 10 part-time "
        "\u00d7 20 h / 40 h (5 full-time equivalents) + 4 seasonal = 67."
    )
    assert result.inputs["personnel"]["part_time_hours"] == 20


def test_every_figure_has_its_justification_in_plain_words() -> None:
    result = _worked(enp=67)
    figures = {line.figure for line in result.lines}
    assert figures >= {
        "enp",
        "factors",
        "t_table",
        "t_adjusted",
        "t_final",
        "on_site_min",
        "stage1",
        "surveillance",
        "recertification",
        "sites_sampled",
    }
    text = result.justification_text
    assert "ENP 67 is in the band 66\u201385: 6.0 days" in text
    assert "Increase of 5 % (interpreter): Staff speak several languages" in text
    assert "Decrease of 10 % (mature): A mature management system." in text
    assert "within the 30 % limit (no less than 4.2 days)" in text
    assert "5.7 rounds to 5.5 days (half-day rounding" in text
    assert "at least 4.5 days (80 % of 5.5 is 4.4, rounded up to the half day)" in text
    assert "Stage 1: 2.0 days (one third of 5.5 is 1.83" in text
    assert "Stage 2: 3.5 days" in text
    assert "Surveillance (each year): 2.0 days (one third of 5.5 is 1.83" in text
    assert "Recertification: 3.5 days (two thirds of 5.5 is 3.67" in text
    assert "visit 4 at the initial audit" in text and "plus the central function" in text
    assert result.as_dict()["justification"] == result.justification


# --- Caps ----------------------------------------------------------------------------------


def test_a_net_reduction_of_exactly_30_percent_is_allowed() -> None:
    result = calculate(
        tables=QMS_TABLE, enp=67, factors=[make_factor("mature", -20), make_factor("low_risk", -10)]
    )
    assert result.t_adjusted == D("4.2") and result.t_final == D("4.0")
    assert result.caps_applied == ()


def test_a_reduction_over_30_percent_is_refused_unless_the_cap_is_applied() -> None:
    factors = [make_factor("mature", -20), make_factor("low_risk", -15)]
    with pytest.raises(AuditTimeError) as error:
        calculate(tables=QMS_TABLE, enp=67, factors=factors)
    assert error.value.field == "factors"
    assert "by 35 %, more than the 30 % IAF MD 5 allows" in str(error.value)
    result = calculate(tables=QMS_TABLE, enp=67, factors=factors, allow_reduction_cap=True)
    assert result.t_adjusted == D("4.2") and result.t_final == D("4.0")
    assert [note.code for note in result.caps_applied] == ["reduction_30"]
    assert "capped at 30 %" in result.caps_applied[0].message


def test_the_enp_reduction_is_outside_the_30_percent_cap() -> None:
    personnel = Personnel(
        full_time=100, repetitive_reduction=40, reduction_justification="Packing line"
    )
    result = calculate(
        tables=QMS_TABLE,
        personnel=personnel,
        factors=[make_factor("mature", -30)],
    )
    assert result.enp == 60 and result.t_table == 5
    assert result.caps_applied == ()
    assert "40 for similar repetitive work (Packing line" in result.justification[0]
    with pytest.raises(AuditTimeError) as error:
        calculate(tables=QMS_TABLE, personnel=Personnel(full_time=100, repetitive_reduction=40))
    assert error.value.field == "personnel.reduction_justification"


def test_integrated_audits_add_the_standards_and_reduce_at_most_20_percent() -> None:
    both = [QMS_TABLE, TABLES["EMS 1"]]
    result = calculate(tables=both, enp=67, integration_reduction_pct=20)
    assert result.t_table == 13  # 6 (QMS) + 7 (EMS medium)
    assert result.t_adjusted == D("10.4") and result.t_final == D("10.5")
    assert "less 20 % for the integration" in result.justification_text
    assert result.table_ref.count("IAF MD 5") == 2
    with pytest.raises(AuditTimeError) as error:
        calculate(tables=both, enp=67, integration_reduction_pct=21)
    assert error.value.field == "integration_reduction_pct"
    assert "more than the 20 %" in str(error.value)
    with pytest.raises(AuditTimeError, match="two or more standards"):
        calculate(tables=QMS_TABLE, enp=67, integration_reduction_pct=10)


def test_integrated_complexity_per_standard() -> None:
    result = calculate(
        tables=[QMS_TABLE, TABLES["EMS 1"]], enp=67, complexity={"ISO 14001": "high"}
    )
    assert [part.t_table for part in result.standards] == [D(6), D(9)]


def test_each_sampled_site_keeps_half_its_own_table_time() -> None:
    inputs: dict[str, Any] = {
        "tables": QMS_TABLE,
        "enp": 67,
        "factors": [make_factor("mature", -20)],
        "site_enp": [30, 20, 17],
        "site_reduction_justification": "Central purchasing and design",
    }
    fine = calculate(**inputs, site_reduction_pct=30)
    assert [site.t_table for site in fine.sites] == [D(4), D(3), D(3)]
    assert fine.sites[0].t_adjusted == D("2.24")  # 4 x 0.8 x 0.7
    assert fine.sites_sampled.sites == 3 and fine.caps_applied == ()
    with pytest.raises(AuditTimeError) as error:
        calculate(**inputs, site_reduction_pct=40)  # 0.8 x 0.6 = 48 %
    assert error.value.field == "site_reduction_pct"
    assert "below 50 % of its own table time" in str(error.value)
    capped = calculate(**inputs, site_reduction_pct=40, allow_reduction_cap=True)
    assert [site.t_planned for site in capped.sites] == [D(2), D("1.5"), D("1.5")]
    assert {note.code for note in capped.caps_applied} == {"site_50"}


def test_site_enp_must_match_the_sites_and_their_sum_is_checked() -> None:
    with pytest.raises(AuditTimeError) as error:
        calculate(tables=QMS_TABLE, enp=67, sites=4, site_enp=[30, 37])
    assert error.value.field == "site_enp"
    result = calculate(tables=QMS_TABLE, enp=67, site_enp=[30, 30])
    assert [note.code for note in result.warnings] == ["site_enp_sum"]


@pytest.mark.parametrize(
    ("enp", "t_final", "on_site", "off_site"),
    [(67, "6.0", "5.0", "1.0"), (3, "1.5", "1.5", "0.0"), (200, "9.0", "7.5", "1.5")],
)
def test_at_least_80_percent_on_site(enp: int, t_final: str, on_site: str, off_site: str) -> None:
    result = calculate(tables=QMS_TABLE, enp=enp)
    assert (result.t_final, result.on_site_min, result.off_site_max) == (
        D(t_final),
        D(on_site),
        D(off_site),
    )


def test_planned_off_site_time_over_20_percent_is_refused() -> None:
    assert calculate(tables=QMS_TABLE, enp=67, off_site_days="1.0").on_site_min == 5
    with pytest.raises(AuditTimeError) as error:
        calculate(tables=QMS_TABLE, enp=67, off_site_days="1.5")
    assert error.value.field == "off_site_days"
    capped = calculate(tables=QMS_TABLE, enp=67, off_site_days="1.5", allow_reduction_cap=True)
    assert [note.code for note in capped.caps_applied] == ["on_site_80"]


# --- Continuum and large organizations ----------------------------------------------------


@pytest.mark.parametrize(
    ("enp", "t_table"), [(66, "6"), (67, "6.05"), (85, "6.95"), (86, "7"), (10700, "22")]
)
def test_linear_interpolation_on_the_continuum(enp: int, t_table: str) -> None:
    result = calculate(tables=QMS_TABLE, enp=enp, policy=Policy(interpolation="linear"))
    assert result.t_table == D(t_table)
    if enp == 67:
        assert "between 6.0 days at 66 and 7.0 days at 86: 6.05 days" in result.justification[2]
        assert result.t_final == D("6.0")


def test_above_10700_a_manual_value_with_justification_is_required() -> None:
    with pytest.raises(AuditTimeError) as error:
        calculate(tables=QMS_TABLE, enp=12000)
    assert error.value.field == "manual_days"
    message = str(error.value)
    assert "ENP 12,000 is above 10,700, the last band of Table QMS 1" in message
    assert "about 22.5 days (unverified)" in message
    with pytest.raises(AuditTimeError, match="needs its justification"):
        calculate(tables=QMS_TABLE, enp=12000, manual_days=23)
    result = calculate(
        tables=QMS_TABLE, enp=12000, manual_days=23, manual_justification="Progression"
    )
    assert result.t_table == 23 and result.t_final == D("23.0")
    assert [note.code for note in result.warnings] == ["extrapolation_unverified"]
    assert "unverified" in result.warnings[0].message
    assert result.standards[0].manual is True


def test_a_manual_value_inside_the_table_is_refused() -> None:
    with pytest.raises(AuditTimeError) as error:
        calculate(tables=QMS_TABLE, enp=67, manual_days=8, manual_justification="Because")
    assert error.value.field == "manual_days"


# --- Refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "field", "words"),
    [
        ({"personnel": Personnel(full_time=-3)}, "personnel.full_time", "cannot be negative"),
        ({"enp": -5}, "enp", "cannot be negative"),
        ({"enp": 0}, "enp", "at least 1"),
        ({"enp": "lots"}, "enp", "must be a number"),
        ({}, "enp", "either the effective number of personnel or its breakdown"),
        ({"enp": 67, "complexity": "extreme"}, "complexity", "use medium, high, low, limited"),
        (
            {"enp": 67, "factors": [make_factor("other", 5)]},
            "factors",
            "Factor other (+5 %) needs a justification",
        ),
        (
            {"enp": 67, "factors": [make_factor("interpreter", -5)]},
            "factors",
            "write it interpreter=+5",
        ),
        ({"enp": 67, "audit_type": "special"}, "audit_type", "Unknown audit type"),
        ({"enp": 67, "sites": 0}, "sites", "at least 1"),
        (
            {"personnel": Personnel(full_time=5, part_time_count=2)},
            "personnel.part_time_hours",
            "weekly hours",
        ),
    ],
)
def test_bad_input_is_refused_next_to_its_field(
    inputs: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(AuditTimeError) as error:
        calculate(tables=QMS_TABLE, **inputs)
    assert error.value.field == field
    assert words in str(error.value)
    assert "\n" not in str(error.value)


def test_unknown_complexity_lists_the_table_categories() -> None:
    with pytest.raises(AuditTimeError) as error:
        calculate(tables=TABLES["OH&SMS 1"], enp=67, complexity="limited")
    assert str(error.value) == (
        "Complexity 'limited' is not a category of Table OH&SMS 1: use high, medium, low."
    )


def test_factors_are_parsed_with_a_required_sign() -> None:
    assert parse_factor("interpreter=+5") == make_factor("interpreter", 5)
    custom = parse_factor("night_shift=+7.5:Three shifts to sample")
    assert (custom.code, custom.pct, custom.justification) == (
        "night_shift",
        D("7.5"),
        "Three shifts to sample",
    )
    assert parse_factor("mature=-10%").pct == -10
    for text in ("interpreter=5", "interpreter", "=+5"):
        with pytest.raises(AuditTimeError) as error:
            parse_factor(text)
        assert error.value.field == "factors"


# --- Policy --------------------------------------------------------------------------------


def test_qms_complexity_categories_shift_the_single_column_by_policy() -> None:
    assert calculate(tables=QMS_TABLE, enp=67, complexity="high").t_final == 6
    policy = Policy(qms_complexity_adjustments={"high": 10, "low": -10})
    result = calculate(tables=QMS_TABLE, enp=67, complexity="high", policy=policy)
    assert result.t_adjusted == D("6.6") and result.t_final == D("6.5")
    assert [note.code for note in result.warnings] == ["qms_category_policy"]
    assert "read in the table's only column, medium" in result.justification_text


def test_the_certification_body_fields_set_the_policy() -> None:
    policy = Policy(stage1_percent=D("40"), minimum_audit_days=D("1.0"))
    assert policy.stage1_share == D("0.4")
    assert policy.surveillance_minimum_days == policy.recertification_minimum_days == 1
    result = calculate(tables=QMS_TABLE, enp=3, policy=policy)
    assert (result.t_final, result.stage1, result.stage2) == (D("1.5"), D("0.5"), D("1.0"))
    assert result.surveillance == 1  # 1.5 / 3 = 0.5, raised to the minimum
    assert [note.code for note in result.caps_applied] == ["surveillance_minimum"]
    assert "raised from 0.5 to the certification body's minimum" in result.justification_text


def test_the_audit_type_picks_the_figure_and_the_sample() -> None:
    result = _worked(enp=67, audit_type="surveillance")
    assert result.audit_days == D("2.0")
    assert "Surveillance, 2.0 auditor-days at 3 of 16 sites" in result.justification[-1]
    assert _worked(enp=67, audit_type="recertification").audit_days == D("3.5")


def test_a_fraction_of_a_person_counts_as_a_whole_to_enter_the_table() -> None:
    personnel = Personnel(full_time=5, part_time_count=3, part_time_hours=20)
    result = calculate(tables=QMS_TABLE, personnel=personnel)
    assert result.enp == D("6.5") and result.table_enp == 7 and result.t_table == 2
    assert "counted as 7 to enter the table" in result.justification[0]


def test_the_module_needs_no_database() -> None:
    source = Path(__file__).parents[1] / "audit_time" / "calculator.py"
    assert "objects" not in source.read_text()
