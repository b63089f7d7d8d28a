"""`qms tenancy-verify`: find rows that point at another organization's rows.

Services refuse such links, but a bug, a hand-made SQL fix or an import could still write one,
and then one tenant's page would show another's data. For every model with an `organization`
and every foreign key or many-to-many field of it that points at a tenant-scoped model (or at
the tenant itself), one query finds the rows whose target belongs to a different organization.

Exit 0 with `OK: N relations checked`, or 1 with one line per offending relation: the
relation, how many rows, and up to five sample ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.core.management.base import BaseCommand
from django.db import models
from django.db.models import F, Q

from qms.core.querysets import get_tenant_model

SAMPLES = 5


@dataclass(frozen=True)
class CrossReference:
    relation: str
    target: str
    count: int
    sample_ids: list[Any]

    def __str__(self) -> str:
        ids = ", ".join(str(pk) for pk in self.sample_ids)
        return (
            f"{self.relation} → {self.target}: {self.count} row(s) point at another "
            f"organization (ids {ids})"
        )


def _owned_by_tenant(model: type[models.Model], tenant: type[models.Model]) -> bool:
    try:
        field = model._meta.get_field("organization")
    except FieldDoesNotExist:
        return False
    return bool(field.is_relation and field.related_model is tenant)


def _differs(target_org: str, own_org: str) -> Q:
    """target ≠ own without matching NULLs (a NULL on either side is no cross reference)."""
    return Q(**{f"{target_org}__lt": F(own_org)}) | Q(**{f"{target_org}__gt": F(own_org)})


def _relations(tenant: type[models.Model]) -> list[tuple[str, str, models.QuerySet[Any], str]]:
    """(relation, target, offending rows, id column) for every relation worth checking."""
    found = []
    for model in apps.get_models():
        if not _owned_by_tenant(model, tenant):
            continue
        for field in model._meta.get_fields():
            if not field.concrete or field.name == "organization" or not field.is_relation:
                continue
            target: Any = field.related_model
            if target is tenant:
                target_org = field.attname  # type: ignore[union-attr]
            elif isinstance(target, type) and _owned_by_tenant(target, tenant):
                target_org = f"{field.name}__organization_id"
            else:
                continue
            relation = f"{model._meta.label_lower}.{field.name}"
            if field.many_to_many:
                through: Any = field.remote_field.through  # type: ignore[union-attr]
                source = field.m2m_field_name()  # type: ignore[union-attr]
                other = field.m2m_reverse_field_name()  # type: ignore[union-attr]
                other_org = f"{other}_id" if target is tenant else f"{other}__organization_id"
                rows = through._base_manager.filter(
                    _differs(other_org, f"{source}__organization_id")
                )
                found.append((relation, target._meta.label_lower, rows, f"{source}_id"))
            else:
                rows = model._base_manager.filter(_differs(target_org, "organization_id"))
                found.append((relation, target._meta.label_lower, rows, "pk"))
    return found


def cross_references() -> tuple[int, list[CrossReference]]:
    """(relations checked, offending relations): one query per relation, two if it offends."""
    problems = []
    relations = _relations(get_tenant_model())
    for relation, target, rows, id_column in relations:
        sample = list(rows.order_by(id_column).values_list(id_column, flat=True)[:SAMPLES])
        if sample:
            count = rows.count() if len(sample) == SAMPLES else len(sample)
            problems.append(CrossReference(relation, target, count, sample))
    return len(relations), problems


class Command(BaseCommand):
    help = "Report every row whose foreign key points at another organization's row."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, problems = cross_references()
        if problems:
            for problem in problems:
                self.stdout.write(f"CROSS-TENANT: {problem}")
            raise SystemExit(1)
        self.stdout.write(f"OK: {checked} relations checked")
