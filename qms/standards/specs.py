"""The fields of the organization's adopted standards, declared once."""

from __future__ import annotations

from qms.core.specs import ModelSpec

from .models import OrganizationStandard

ORGANIZATION_STANDARD = ModelSpec(
    model=OrganizationStandard, fields=("edition", "scope", "adopted_on")
)
