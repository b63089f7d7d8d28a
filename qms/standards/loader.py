"""Loading the standards library from its YAML data files (fixtures/*.yaml).

Five kinds of file, told apart by their `kind` key:

- `hs_core`: the Harmonized Structure core clauses (`HS.7.5 Documented information`);
- `edition`: one edition of one standard and its clause tree;
- `mapping`: how the clauses of an old edition carry over to a new one, and the
  transition rule between them;
- `iaf_codes` and `audit_time_table`: the certification reference data (IAF ID 1 sectors,
  IAF MD 5 audit-time tables), parsed and written by loader_sectors.py.

Every file is validated completely before anything is written: an unknown key, a duplicate
clause number, a missing parent clause or a mapping to an unknown clause is a
`DataFileError` naming the file and the key. Loading is an upsert by URN (a standard,
edition, clause or mapping keeps its primary key), so running it again reports
"0 created, 0 changed". See docs/development/standards-data.md.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.db import models, transaction

from .choices import ClauseKind, EditionStatus, Relation
from .models import (
    Clause,
    ClauseMapping,
    HsCoreClause,
    Standard,
    StandardEdition,
    TransitionRule,
    sort_key,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"

_NUMBER = re.compile(r"^[A-Z0-9]+(\.[0-9]+)*$")
_HS_CODE = re.compile(r"^HS(\.[0-9]+)+$")
_DOC_SHORTHAND = {
    "M": {"maintain": True, "retain": False},
    "R": {"maintain": False, "retain": True},
    "M/R": {"maintain": True, "retain": True},
}

_TOP_KEYS = {
    "hs_core": {"kind", "copyright", "urn", "clauses"},
    "edition": {"kind", "copyright", "standard", "edition", "hs_auto", "clauses"},
    "mapping": {
        "kind",
        "copyright",
        "from",
        "to",
        "same_number_by_default",
        "transition",
        "mappings",
    },
    # Parsed and written by loader_sectors.py.
    "iaf_codes": {"kind", "copyright", "source", "note", "codes"},
    "audit_time_table": {
        "kind",
        "copyright",
        "urn",
        "name",
        "document",
        "version",
        "valid_from",
        "standards",
        "categories",
        "default_category",
        "note",
        "rows",
    },
}
_REQUIRED_TOP = {
    "hs_core": {"kind", "copyright", "clauses"},
    "edition": {"kind", "copyright", "standard", "edition", "clauses"},
    "mapping": {"kind", "copyright", "from", "to"},
    "iaf_codes": {"kind", "copyright", "codes"},
    "audit_time_table": {
        "kind",
        "copyright",
        "urn",
        "name",
        "document",
        "version",
        "standards",
        "categories",
        "default_category",
        "rows",
    },
}
SECTOR_KINDS = {"iaf_codes", "audit_time_table"}
_STANDARD_KEYS = {"urn", "code", "title", "owner", "family"}
_EDITION_KEYS = {
    "urn",
    "edition",
    "status",
    "published_on",
    "superseded_by",
    "amendments",
    "milestones",
    "note",
}
_CLAUSE_KEYS = {
    "number",
    "title",
    "label",
    "parent",
    "guidance",
    "doc",
    "may_be_not_applicable",
    "uncertain",
    "hs",
    "kind",
    "theme",
    "is_requirement",
}
_HS_KEYS = {"code", "title"}
_MAPPING_KEYS = {"from", "to", "relation", "note"}
_TRANSITION_KEYS = {
    "published_on",
    "audits_to_new_only_from",
    "old_certificates_invalid_after",
    "note",
}


class DataFileError(Exception):
    """A data file that cannot be loaded; str() is one line naming the file and the key."""

    def __init__(self, path: Path | str, key: str, message: str) -> None:
        self.path = Path(path)
        self.key = key
        self.message = message
        super().__init__(f"{self.path.name}: {key}: {message}")


@dataclass
class LoadReport:
    created: int = 0
    changed: int = 0
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, created: bool, changed: bool) -> None:
        if created:
            self.created += 1
        elif changed:
            self.changed += 1

    def __str__(self) -> str:
        return f"{self.created} created, {self.changed} changed ({len(self.files)} files)"


@dataclass
class _File:
    path: Path
    kind: str
    data: dict[str, Any]
    sha256: str


def data_files(directory: Path = FIXTURES) -> list[Path]:
    return sorted(directory.glob("*.yaml"))


# --- Reading and validating -------------------------------------------------------------


def _read(path: Path) -> _File:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise DataFileError(path, "file", f"cannot be read ({error.strerror})") from None
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else "file"
        raise DataFileError(path, where, "is not valid YAML") from None
    if not isinstance(data, dict):
        raise DataFileError(path, "file", "must be a mapping with a `kind` key")
    kind = data.get("kind")
    if kind not in _TOP_KEYS:
        raise DataFileError(path, "kind", f"must be one of {', '.join(sorted(_TOP_KEYS))}")
    _keys(path, "file", data, _TOP_KEYS[kind], _REQUIRED_TOP[kind])
    return _File(path=path, kind=kind, data=data, sha256=hashlib.sha256(raw).hexdigest())


def _keys(
    path: Path, where: str, data: Any, allowed: set[str], required: Iterable[str] = ()
) -> None:
    if not isinstance(data, dict):
        raise DataFileError(path, where, "must be a mapping")
    unknown = sorted(set(map(str, data)) - allowed)
    if unknown:
        raise DataFileError(path, f"{where}.{unknown[0]}", "unknown key")
    for name in required:
        if data.get(name) in (None, ""):
            raise DataFileError(path, f"{where}.{name}", "is required")


def _date(path: Path, where: str, value: Any) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise DataFileError(path, where, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _bool(path: Path, where: str, value: Any, default: bool) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise DataFileError(path, where, "must be true or false")
    return value


def _text(path: Path, where: str, value: Any, *, max_length: int | None = None) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise DataFileError(path, where, "must be text")
    if max_length is not None and len(value) > max_length:
        raise DataFileError(path, where, f"is longer than {max_length} characters")
    return value.strip()


def _doc_info(path: Path, where: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, str):
        if value not in _DOC_SHORTHAND:
            raise DataFileError(path, where, "must be M, R, M/R or a mapping")
        return dict(_DOC_SHORTHAND[value])
    _keys(path, where, value, {"maintain", "retain", "note"})
    return {
        "maintain": _bool(path, f"{where}.maintain", value.get("maintain"), False),
        "retain": _bool(path, f"{where}.retain", value.get("retain"), False),
        **({"note": _text(path, f"{where}.note", value["note"])} if value.get("note") else {}),
    }


def _clauses(file: _File, hs_codes: set[str]) -> list[dict[str, Any]]:
    """The edition's clauses as model values, validated, parents before children."""
    path = file.path
    items = file.data["clauses"]
    if not isinstance(items, list) or not items:
        raise DataFileError(path, "clauses", "must be a non-empty list")
    hs_auto = _bool(path, "hs_auto", file.data.get("hs_auto"), False)
    seen: dict[str, dict[str, Any]] = {}
    for index, item in enumerate(items):
        where = f"clauses[{index}]"
        if isinstance(item, dict) and isinstance(item.get("number"), str):
            where = f"clauses[{index}] ({item['number']})"
        _keys(path, where, item, _CLAUSE_KEYS, ("number",))
        number = item["number"]
        if not isinstance(number, str) or not _NUMBER.match(number):
            raise DataFileError(
                path, f"{where}.number", f"{number!r} must be a quoted clause number like '7.5.1'"
            )
        where = f"clauses[{index}] ({number})"
        if number in seen:
            raise DataFileError(path, f"{where}.number", "duplicate clause number")
        title = item.get("title")
        if title is not None and not isinstance(title, str):
            raise DataFileError(path, f"{where}.title", "must be text or null")
        label = _text(path, f"{where}.label", item.get("label"), max_length=255)
        if not title and not label:
            raise DataFileError(path, f"{where}.label", "an untitled clause needs our own label")
        kind = item.get("kind", ClauseKind.CLAUSE)
        if kind not in ClauseKind.values:
            raise DataFileError(path, f"{where}.kind", f"must be one of {ClauseKind.values}")
        if "hs" in item:
            hs = item["hs"]
            if hs is not None and (not isinstance(hs, str) or hs not in hs_codes):
                raise DataFileError(path, f"{where}.hs", f"unknown core clause {hs!r}")
        else:
            hs = f"HS.{number}" if hs_auto and f"HS.{number}" in hs_codes else None
        parent = item.get("parent", number.rpartition(".")[0] or None)
        if parent is not None and parent not in seen:
            raise DataFileError(
                path, f"{where}.parent", f"parent clause {parent!r} is missing (list it first)"
            )
        seen[number] = {
            "number": number,
            "title": title.strip() if title else None,
            "label": label,
            "parent": parent,
            "guidance": _text(path, f"{where}.guidance", item.get("guidance")),
            "doc_info": _doc_info(path, f"{where}.doc", item.get("doc")),
            "may_be_not_applicable": _bool(
                path, f"{where}.may_be_not_applicable", item.get("may_be_not_applicable"), False
            ),
            "uncertain": _bool(path, f"{where}.uncertain", item.get("uncertain"), False),
            "hs": hs,
            "kind": kind,
            "theme": _text(path, f"{where}.theme", item.get("theme"), max_length=40),
            "is_requirement": _bool(
                path, f"{where}.is_requirement", item.get("is_requirement"), True
            ),
            "depth": 0 if parent is None else seen[parent]["depth"] + 1,
        }
    return sorted(seen.values(), key=lambda clause: sort_key(clause["number"]))


# --- Writing ----------------------------------------------------------------------------


def _upsert(
    model: type[models.Model],
    lookup: Mapping[str, Any],
    values: Mapping[str, Any],
    existing: Mapping[str, Any] | None = None,
) -> tuple[Any, bool, bool]:
    """(object, created, changed): create it, or change only the values that differ.

    `existing` maps the lookup's one value (a URN, a code) to the rows already read (saves a
    query per row). The change counter `version` goes up with every change."""
    manager: Any = model._default_manager
    if existing is not None:
        (key,) = lookup.values()
        obj = existing.get(key)
    else:
        obj = manager.filter(**lookup).first()
    if obj is None:
        obj = manager.create(**lookup, **values)
        return obj, True, False
    changed = []
    for name, value in values.items():
        attname = getattr(model._meta.get_field(name), "attname", name)
        current = getattr(obj, attname)
        wanted = value.pk if isinstance(value, models.Model) else value
        if current != wanted:
            setattr(obj, attname, wanted)
            changed.append(attname)
    if changed:
        obj.version += 1
        changed.append("version")
        obj.save(update_fields=[*changed, "updated_at"])
    return obj, False, bool(changed)


def _load_hs(file: _File, report: LoadReport) -> None:
    items = file.data["clauses"]
    if not isinstance(items, list):
        raise DataFileError(file.path, "clauses", "must be a list")
    for index, item in enumerate(items):
        where = f"clauses[{index}]"
        _keys(file.path, where, item, _HS_KEYS, ("code", "title"))
        code = item["code"]
        if not isinstance(code, str) or not _HS_CODE.match(code):
            raise DataFileError(file.path, f"{where}.code", f"{code!r} must look like HS.7.5")
        title = _text(file.path, f"{where}.title", item["title"], max_length=255)
        _obj, created, changed = _upsert(
            HsCoreClause,
            {"code": code},
            {"title": title, "sort_key": sort_key(code.removeprefix("HS."))},
        )
        report.count(created, changed)


def _load_edition(file: _File, report: LoadReport, hs: dict[str, HsCoreClause]) -> str | None:
    """Load one edition file; returns the URN of the edition it is superseded by, if any."""
    path, data = file.path, file.data
    _keys(path, "standard", data["standard"], _STANDARD_KEYS, ("urn", "code", "title"))
    _keys(path, "edition", data["edition"], _EDITION_KEYS, ("urn", "edition", "status"))
    std, ed = data["standard"], data["edition"]
    if ed["status"] not in EditionStatus.values:
        raise DataFileError(path, "edition.status", f"must be one of {EditionStatus.values}")
    if not str(ed["urn"]).startswith(f"{std['urn']}:"):
        raise DataFileError(path, "edition.urn", f"must start with {std['urn']}:")
    for name in ("amendments", "milestones"):
        if not isinstance(ed.get(name) or [], list):
            raise DataFileError(path, f"edition.{name}", "must be a list")
    clauses = _clauses(file, set(hs))
    standard, created, changed = _upsert(
        Standard,
        {"urn": std["urn"]},
        {
            "code": _text(path, "standard.code", std["code"], max_length=40),
            "title": _text(path, "standard.title", std["title"], max_length=255),
            "owner": _text(path, "standard.owner", std.get("owner"), max_length=40),
            "family": _text(path, "standard.family", std.get("family"), max_length=40),
        },
    )
    report.count(created, changed)
    edition, created, changed = _upsert(
        StandardEdition,
        {"urn": ed["urn"]},
        {
            "standard": standard,
            "edition": str(ed["edition"]),
            "status": ed["status"],
            "published_on": _date(path, "edition.published_on", ed.get("published_on")),
            "amendments": _plain(ed.get("amendments") or []),
            "milestones": _plain(ed.get("milestones") or []),
            "note": _text(path, "edition.note", ed.get("note")),
            "source_file": path.name,
            "source_sha256": file.sha256,
        },
    )
    report.count(created, changed)
    by_number: dict[str, Clause] = {}
    stored = {clause.urn: clause for clause in Clause.objects.filter(edition=edition)}
    for clause in clauses:
        sign = "control" if clause["kind"] == ClauseKind.CONTROL else "clause"
        obj, created, changed = _upsert(
            Clause,
            {"urn": f"{ed['urn']}:{sign}:{clause['number']}"},
            {
                "edition": edition,
                "number": clause["number"],
                "title": clause["title"],
                "label": clause["label"],
                "parent": by_number[clause["parent"]] if clause["parent"] else None,
                "sort_key": sort_key(clause["number"]),
                "depth": clause["depth"],
                "kind": clause["kind"],
                "theme": clause["theme"],
                "is_requirement": clause["is_requirement"],
                "doc_info": clause["doc_info"],
                "guidance": clause["guidance"],
                "may_be_not_applicable": clause["may_be_not_applicable"],
                "uncertain": clause["uncertain"],
                "hs_core_ref": hs[clause["hs"]] if clause["hs"] else None,
            },
            stored,
        )
        by_number[clause["number"]] = obj
        report.count(created, changed)
    stale = edition.clauses.exclude(number__in=list(by_number)).count()
    if stale:
        report.warnings.append(
            f"{path.name}: {stale} clause(s) of {edition.urn} are no longer in the file "
            "(kept, since evidence may point at them)"
        )
    superseded_by = ed.get("superseded_by")
    return str(superseded_by) if superseded_by else None


def _plain(value: Any) -> Any:
    """YAML dates inside JSON values as ISO strings."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _load_mapping(file: _File, report: LoadReport) -> None:
    path, data = file.path, file.data
    editions = {}
    for side in ("from", "to"):
        edition = StandardEdition.objects.filter(urn=data[side]).first()
        if edition is None:
            raise DataFileError(path, side, f"unknown edition {data[side]!r}")
        editions[side] = edition
    old, new = editions["from"], editions["to"]
    old_clauses = {c.number: c for c in old.clauses.all()}
    new_clauses = {c.number: c for c in new.clauses.all()}
    rows: list[tuple[Clause | None, Clause | None, str, str]] = []
    items = data.get("mappings") or []
    if not isinstance(items, list):
        raise DataFileError(path, "mappings", "must be a list")
    for index, item in enumerate(items):
        where = f"mappings[{index}]"
        _keys(path, where, item, _MAPPING_KEYS, ("relation",))
        relation = item["relation"]
        if relation not in Relation.values:
            raise DataFileError(path, f"{where}.relation", f"must be one of {Relation.values}")
        source = _mapped(path, f"{where}.from", item.get("from"), old_clauses, old.urn)
        target = _mapped(path, f"{where}.to", item.get("to"), new_clauses, new.urn)
        if source is None and target is None:
            raise DataFileError(path, where, "needs `from`, `to` or both")
        if (relation == Relation.NEW) != (source is None):
            raise DataFileError(path, f"{where}.from", "only a `new` mapping has no old clause")
        if (relation == Relation.REMOVED) != (target is None):
            raise DataFileError(path, f"{where}.to", "only a `removed` mapping has no new clause")
        rows.append((source, target, relation, _text(path, f"{where}.note", item.get("note"))))
    if _bool(path, "same_number_by_default", data.get("same_number_by_default"), False):
        listed = {source.number for source, *_rest in rows if source is not None}
        for number, source in old_clauses.items():
            if number in listed:
                continue
            target = new_clauses.get(number)
            if target is None:
                rows.append((source, None, Relation.REMOVED, ""))
            elif (target.title, target.label) == (source.title, source.label):
                rows.append((source, target, Relation.EQUAL, ""))
            else:
                rows.append((source, target, Relation.RENAMED, ""))
        targeted = {target.number for _source, target, *_rest in rows if target is not None}
        for number, target in new_clauses.items():
            if number not in targeted:
                rows.append((None, target, Relation.NEW, ""))
    prefix = f"{old.urn}:to:{new.edition}:map"
    kept = []
    stored = {
        mapping.urn: mapping
        for mapping in ClauseMapping.objects.filter(from_edition=old, to_edition=new)
    }
    for source, target, relation, note in rows:
        urn = f"{prefix}:{source.number if source else '-'}:{target.number if target else '-'}"
        kept.append(urn)
        _obj, created, changed = _upsert(
            ClauseMapping,
            {"urn": urn},
            {
                "from_edition": old,
                "to_edition": new,
                "from_clause": source,
                "to_clause": target,
                "relation": relation,
                "note": note,
            },
            stored,
        )
        report.count(created, changed)
    removed, _detail = (
        ClauseMapping.objects.filter(from_edition=old, to_edition=new)
        .exclude(urn__in=kept)
        .delete()
    )
    report.changed += removed
    transition = data.get("transition")
    if transition is not None:
        _keys(path, "transition", transition, _TRANSITION_KEYS)
        _rule, created, changed = _upsert(
            TransitionRule,
            {"old_edition": old, "new_edition": new},
            {
                name: _date(path, f"transition.{name}", transition.get(name))
                for name in (
                    "published_on",
                    "audits_to_new_only_from",
                    "old_certificates_invalid_after",
                )
            }
            | {"note": _text(path, "transition.note", transition.get("note"))},
        )
        report.count(created, changed)


def _mapped(
    path: Path, where: str, number: Any, clauses: Mapping[str, Clause], urn: str
) -> Clause | None:
    if number is None:
        return None
    if not isinstance(number, str) or number not in clauses:
        raise DataFileError(path, where, f"unknown clause {number!r} of {urn}")
    return clauses[number]


@transaction.atomic
def load_files(paths: Iterable[Path] | None = None, *, check: bool = False) -> LoadReport:
    """Load the data files (all of fixtures/ by default) in one transaction.

    HS core files first, then editions, then mappings, then IAF codes and audit-time tables,
    so a file may refer to what another file defines. With `check`, everything is validated
    and counted, then rolled back.
    Raises `DataFileError` (nothing written) for the first invalid file.
    """
    from . import loader_sectors  # it builds on this module's helpers

    files = [_read(Path(path)) for path in (paths if paths is not None else data_files())]
    order = {"hs_core": 0, "edition": 1, "mapping": 2, "iaf_codes": 3, "audit_time_table": 4}
    files.sort(key=lambda file: (order[file.kind], file.path.name))
    # The sector files are validated completely before anything is written.
    sectors = [(file, loader_sectors.parse(file)) for file in files if file.kind in SECTOR_KINDS]
    loader_sectors.check_unique(sectors)
    report = LoadReport(files=[file.path.name for file in files])
    superseded: dict[str, tuple[_File, str]] = {}
    hs: dict[str, HsCoreClause] = {}
    for file in files:
        if file.kind == "hs_core":
            _load_hs(file, report)
        elif file.kind == "edition":
            if not hs:
                hs = {clause.code: clause for clause in HsCoreClause.objects.all()}
            successor_urn = _load_edition(file, report, hs)
            if successor_urn:
                superseded[file.data["edition"]["urn"]] = (file, successor_urn)
        elif file.kind == "mapping":
            _load_mapping(file, report)
    for file, parsed in sectors:
        loader_sectors.write(file, parsed, report)
    loader_sectors.check_standards(sectors, report)
    for urn, (file, successor_urn) in superseded.items():
        successor: StandardEdition | None = StandardEdition.objects.filter(
            urn=successor_urn
        ).first()
        if successor is None:
            report.warnings.append(
                f"{file.path.name}: edition.superseded_by: {successor_urn} is not loaded yet"
            )
            continue
        _obj, created, changed = _upsert(
            StandardEdition, {"urn": urn}, {"superseded_by": successor}
        )
        report.count(created, changed)
    if check:
        transaction.set_rollback(True)
    return report
