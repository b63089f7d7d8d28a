"""Loading the library data files: idempotent, validated, numerically sorted."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command

from qms.standards.choices import ClauseKind, EditionStatus, Relation
from qms.standards.loader import FIXTURES, DataFileError, load_files
from qms.standards.models import (
    Clause,
    ClauseMapping,
    HsCoreClause,
    Standard,
    StandardEdition,
    TransitionRule,
    sort_key,
)

from .conftest import I2022, Q2015, Q2026, clause, edition

pytestmark = pytest.mark.django_db


def _rows() -> dict[str, list[tuple[Any, ...]]]:
    return {
        model.__name__: sorted(model.objects.values_list("pk", "urn"))
        for model in (Standard, StandardEdition, Clause, ClauseMapping)
    } | {"hs": sorted(HsCoreClause.objects.values_list("pk", "code"))}


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("standards", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_loading_twice_creates_nothing_the_second_time_and_keeps_primary_keys() -> None:
    first, _err = _run("load")
    rows = _rows()
    second, _err = _run("load")
    assert "0 created, 0 changed" not in first
    assert second.startswith("0 created, 0 changed")
    assert _rows() == rows
    assert Clause.objects.filter(edition__urn=Q2015).count() == 91


def test_check_validates_and_writes_nothing() -> None:
    out, _err = _run("load", "--check")
    assert out.startswith("Check (nothing written): ")
    assert not Clause.objects.exists()


def test_the_library_has_the_annex_a_controls_as_clauses_in_four_themes() -> None:
    load_files()
    controls = Clause.objects.filter(edition__urn=I2022, kind=ClauseKind.CONTROL)
    assert controls.count() == 93
    assert set(controls.values_list("theme", flat=True)) == {
        "organizational",
        "people",
        "physical",
        "technological",
    }
    control = Clause.objects.get(urn="urn:qms:iso-iec:27001:2022:control:A.5.1")
    assert control.parent is not None and control.parent.number == "A.5"
    assert control.may_be_not_applicable


def test_clauses_sort_numerically_by_segment() -> None:
    load_files()
    numbers = list(
        Clause.objects.filter(edition__urn=Q2015)
        .order_by("sort_key")
        .values_list("number", flat=True)
    )
    assert numbers.index("9.3.3") < numbers.index("10") < numbers.index("10.2")
    assert sort_key("10.2") > sort_key("9.3")
    assert sort_key("A.5.10") > sort_key("A.5.9")
    assert sort_key("7.5") < sort_key("7.5.1") < sort_key("7.6")


def test_untitled_paragraphs_keep_no_title_and_our_label() -> None:
    load_files()
    paragraph = clause(Q2015, "4.4.1")
    assert paragraph.title is None
    assert paragraph.display_title == "[process determination]"
    assert clause(Q2015, "7.1.5.2").may_be_not_applicable
    assert clause(Q2015, "4.3").doc_info == {"maintain": True, "retain": False}


def test_clauses_of_different_standards_map_through_the_harmonized_structure() -> None:
    load_files()
    refs = {
        urn: clause(urn, "7.5").hs_core_ref
        for urn in (Q2015, "urn:qms:iso:14001:2015", "urn:qms:iso:45001:2018", I2022)
    }
    assert {ref.code for ref in refs.values() if ref} == {"HS.7.5"}
    assert len([ref for ref in refs.values() if ref]) == 4
    # 9001's own 10.3 continual improvement is the HS 10.1 of 27001.
    assert clause(Q2015, "10.3").hs_core_ref == clause(I2022, "10.1").hs_core_ref


def test_amendments_and_the_draft_edition_are_data() -> None:
    load_files()
    iso2015 = edition(Q2015)
    assert iso2015.amendments[0]["ref"] == "Amd 1:2024"
    assert iso2015.amendments[0]["published_on"] == "2024-02-23"
    assert iso2015.superseded_by == edition(Q2026)
    draft = edition(Q2026)
    assert draft.status == EditionStatus.DRAFT and draft.published_on is None
    assert {c.number for c in Clause.objects.filter(edition=draft, uncertain=True)} >= {
        "6.1.2",
        "6.1.3",
    }
    assert len(iso2015.source_sha256) == 64 and iso2015.source_file == "iso-9001-2015.yaml"


def test_the_mapping_to_2026_splits_6_1_2_and_the_rule_dates_are_unknown() -> None:
    load_files()
    split = ClauseMapping.objects.filter(from_clause=clause(Q2015, "6.1.2"))
    assert sorted(m.to_clause.number for m in split) == ["6.1.2", "6.1.3"]
    assert {m.relation for m in split} == {Relation.SPLIT}
    equal = ClauseMapping.objects.get(from_clause=clause(Q2015, "7.5.1"))
    assert equal.relation == Relation.EQUAL and equal.to_clause == clause(Q2026, "7.5.1")
    renamed = ClauseMapping.objects.get(from_clause=clause(Q2015, "9.3.3"))
    assert renamed.relation == Relation.RENAMED
    rule = TransitionRule.objects.get(old_edition__urn=Q2015, new_edition__urn=Q2026)
    assert rule.audits_to_new_only_from is None and rule.old_certificates_invalid_after is None


def test_publishing_the_new_edition_is_a_data_file_edit(tmp_path: Path) -> None:
    load_files()
    pks = _rows()
    data = yaml.safe_load((FIXTURES / "iso-9001-2026.yaml").read_text())
    data["edition"]["status"] = "published"
    data["edition"]["published_on"] = "2026-09-15"
    path = tmp_path / "iso-9001-2026.yaml"
    path.write_text(yaml.safe_dump(data))
    report = load_files([path])
    assert (report.created, report.changed) == (0, 1)
    published = edition(Q2026)
    assert published.status == EditionStatus.PUBLISHED
    assert str(published.published_on) == "2026-09-15"
    assert _rows() == pks


def _broken(tmp_path: Path, change: Any, name: str = "iso-9001-2015.yaml") -> Path:
    data = yaml.safe_load((FIXTURES / name).read_text())
    change(data)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["clauses"][1].update(titel="x"), "clauses[1] (4.1).titel: unknown key"),
        (lambda d: d["clauses"][2].update(number="4.1"), "duplicate clause number"),
        (lambda d: d["clauses"].pop(0), "parent clause '4' is missing"),
        (lambda d: d["edition"].update(status="gone"), "edition.status: must be one of"),
        (lambda d: d["clauses"][1].update(hs="HS.99"), "unknown core clause 'HS.99'"),
        (lambda d: d.update(extra=1), "file.extra: unknown key"),
    ],
)
def test_an_invalid_file_exits_2_with_one_line_naming_file_and_key(
    tmp_path: Path, change: Any, expected: str
) -> None:
    load_files([FIXTURES / "hs-core.yaml"])
    path = _broken(tmp_path, change)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("standards", "load", "--file", str(path), stderr=err, stdout=io.StringIO())
    assert exit_info.value.code == 2
    message = err.getvalue().strip()
    assert "\n" not in message
    assert message.startswith("qms standards load: iso-9001-2015.yaml: ")
    assert expected in message
    assert not StandardEdition.objects.exists()


def test_a_mapping_to_an_unknown_clause_is_refused(tmp_path: Path) -> None:
    load_files()
    path = _broken(
        tmp_path,
        lambda d: d["mappings"].append({"from": "6.1.2", "to": "6.1.9", "relation": "split"}),
        name="iso-9001-2015-to-2026.yaml",
    )
    with pytest.raises(DataFileError) as error:
        load_files([path])
    assert str(error.value) == (
        "iso-9001-2015-to-2026.yaml: mappings[7].to: unknown clause '6.1.9' of "
        "urn:qms:iso:9001:2026"
    )


def test_the_qms_console_script_runs_standards_load(tmp_path: Path) -> None:
    from qms.core.testing.cli import run_qms

    result = run_qms(tmp_path, "standards", "load", "--file", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "qms standards load: missing.yaml: file: cannot be read (No such file or directory)"
    )
