"""The standards library: reference data (standards, editions, clauses, mappings) loaded
from the YAML files in fixtures/, and what an organization makes of it (the editions it
adopts, the clauses it declares not applicable, and evidence linked to clauses).

Reference data is global: every organization reads the same clauses. Only numbers, titles
and our own guidance are stored, never a standard's requirement text.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qms.core.models import BaseModel, OrganizationScoped

from .choices import ClauseKind, EditionStatus, Relation

_SEGMENT = re.compile(r"^[0-9]+$")


def sort_key(number: str) -> str:
    """A key that sorts clause numbers by segment: "9.3" < "10.2", "A.5.9" < "A.5.10".

    Numeric segments are zero-padded to four digits; other segments (the "A" of an annex)
    sort after every number.
    """
    parts = []
    for segment in number.split("."):
        parts.append(f"{int(segment):04d}" if _SEGMENT.match(segment) else f"~{segment}")
    return ".".join(parts)


class Standard(BaseModel):
    """A management-system standard, e.g. ISO 9001 (all its editions share it)."""

    urn = models.CharField(_("URN"), max_length=120, unique=True)
    code = models.CharField(_("code"), max_length=40, help_text=_("e.g. ISO 9001"))
    title = models.CharField(_("title"), max_length=255)
    owner = models.CharField(_("publisher"), max_length=40, blank=True)
    family = models.CharField(_("family"), max_length=40, blank=True)

    class Meta:
        ordering = ["code", "id"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")

    def __str__(self) -> str:
        return self.code


class StandardEdition(BaseModel):
    """One edition of a standard (ISO 9001:2015), with its status as data."""

    standard = models.ForeignKey(
        Standard, on_delete=models.PROTECT, related_name="editions", verbose_name=_("standard")
    )
    urn = models.CharField(_("URN"), max_length=120, unique=True)
    edition = models.CharField(_("edition"), max_length=20, help_text=_("e.g. 2015"))
    status = models.CharField(_("status"), max_length=20, choices=EditionStatus.choices)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    amendments = models.JSONField(_("amendments"), default=list, blank=True)
    milestones = models.JSONField(_("milestones"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    source_file = models.CharField(_("source file"), max_length=200, blank=True)
    source_sha256 = models.CharField(_("source SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["standard__code", "edition", "id"]
        verbose_name = _("standard edition")
        verbose_name_plural = _("standard editions")
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "edition"], name="standards_standardedition_unique_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard.code}:{self.edition}"

    def get_absolute_url(self) -> str:
        return reverse("standards:clause_tree", args=[self.pk])


class HsCoreClause(BaseModel):
    """A clause of the Harmonized Structure shared by management-system standards."""

    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("e.g. HS.7.5"))
    title = models.CharField(_("title"), max_length=255)
    sort_key = models.CharField(_("sort key"), max_length=80, editable=False)

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("harmonized structure clause")
        verbose_name_plural = _("harmonized structure clauses")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Clause(BaseModel):
    """A clause (or an Annex A control) of one edition: number, title, our guidance."""

    edition = models.ForeignKey(
        StandardEdition, on_delete=models.PROTECT, related_name="clauses", verbose_name=_("edition")
    )
    urn = models.CharField(_("URN"), max_length=160, unique=True)
    number = models.CharField(_("number"), max_length=20)
    # Null (not "") on purpose: an untitled paragraph has no official title at all.
    title = models.CharField(  # noqa: DJ001
        _("title"),
        max_length=255,
        null=True,
        blank=True,
        help_text=_("Empty for a numbered paragraph without an official title."),
    )
    label = models.CharField(
        _("label"),
        max_length=255,
        blank=True,
        help_text=_("Our own label for an untitled paragraph, shown in brackets."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    sort_key = models.CharField(_("sort key"), max_length=80, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ClauseKind.choices, default=ClauseKind.CLAUSE
    )
    theme = models.CharField(_("theme"), max_length=40, blank=True)
    is_requirement = models.BooleanField(_("requirement"), default=True)
    doc_info = models.JSONField(_("documented information"), default=dict, blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    may_be_not_applicable = models.BooleanField(_("may be not applicable"), default=False)
    uncertain = models.BooleanField(
        _("uncertain"), default=False, help_text=_("Number or title still to be confirmed.")
    )
    hs_core_ref = models.ForeignKey(
        HsCoreClause,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="clauses",
        verbose_name=_("harmonized structure clause"),
    )

    class Meta:
        ordering = ["edition", "sort_key", "id"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="standards_clause_unique_number"
            )
        ]
        indexes = [models.Index(fields=["edition", "sort_key"], name="standards_clause_order")]

    def __str__(self) -> str:
        return f"{self.number} {self.display_title}"

    def get_absolute_url(self) -> str:
        return reverse("standards:clause_detail", args=[self.pk])

    @property
    def display_title(self) -> str:
        """The official title, or our label in brackets (never shown as a title)."""
        if self.title:
            return self.title
        return f"[{self.label}]" if self.label else ""

    @property
    def reference(self) -> str:
        """ "ISO 9001 §7.5" (select the edition and standard with the clause)."""
        sign = "" if self.kind == ClauseKind.CONTROL else "§"
        return f"{self.edition.standard.code} {sign}{self.number}"


class ClauseMapping(BaseModel):
    """How one clause of an old edition carries over to a new edition.

    "new" has no old clause, "removed" no new clause; a split is one row per new clause.
    """

    urn = models.CharField(_("URN"), max_length=255, unique=True)
    from_edition = models.ForeignKey(
        StandardEdition, on_delete=models.CASCADE, related_name="+", verbose_name=_("from")
    )
    to_edition = models.ForeignKey(
        StandardEdition, on_delete=models.CASCADE, related_name="+", verbose_name=_("to")
    )
    from_clause = models.ForeignKey(
        Clause,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mappings_out",
        verbose_name=_("old clause"),
    )
    to_clause = models.ForeignKey(
        Clause,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mappings_in",
        verbose_name=_("new clause"),
    )
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["from_edition", "to_edition", "id"]
        verbose_name = _("clause mapping")
        verbose_name_plural = _("clause mappings")
        constraints = [
            models.CheckConstraint(
                condition=Q(from_clause__isnull=False) | Q(to_clause__isnull=False),
                name="standards_clausemapping_one_side",
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_clause_id} → {self.to_clause_id} ({self.relation})"


class TransitionRule(BaseModel):
    """The dates of moving certification from one edition to the next (all may be unknown)."""

    old_edition = models.ForeignKey(
        StandardEdition, on_delete=models.CASCADE, related_name="+", verbose_name=_("old edition")
    )
    new_edition = models.ForeignKey(
        StandardEdition, on_delete=models.CASCADE, related_name="+", verbose_name=_("new edition")
    )
    published_on = models.DateField(_("new edition published on"), null=True, blank=True)
    audits_to_new_only_from = models.DateField(
        _("audits to the new edition only from"), null=True, blank=True
    )
    old_certificates_invalid_after = models.DateField(
        _("old certificates invalid after"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["old_edition", "new_edition", "id"]
        verbose_name = _("transition rule")
        verbose_name_plural = _("transition rules")
        constraints = [
            models.UniqueConstraint(
                fields=["old_edition", "new_edition"], name="standards_transitionrule_unique_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_edition} → {self.new_edition}"


# --- What an organization makes of the library ----------------------------------------


class OrganizationStandard(OrganizationScoped):
    """The organization adopts an edition (its management system follows it)."""

    edition = models.ForeignKey(
        StandardEdition, on_delete=models.PROTECT, related_name="+", verbose_name=_("edition")
    )
    scope = models.TextField(
        _("scope"), blank=True, help_text=_("What the management system covers for this standard.")
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("adopted standard")
        verbose_name_plural = _("adopted standards")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "edition"],
                name="standards_organizationstandard_unique_edition",
                violation_error_message=_("Your organization has already adopted this edition."),
            )
        ]
        indexes = [models.Index(fields=["organization", "id"], name="standards_orgstd_org")]

    def __str__(self) -> str:
        return str(self.edition)

    def get_absolute_url(self) -> str:
        return reverse("standards:clause_tree", args=[self.edition_id])


class ClauseApplicability(OrganizationScoped):
    """A clause the organization declares not applicable, with its justification."""

    clause = models.ForeignKey(
        Clause, on_delete=models.PROTECT, related_name="+", verbose_name=_("clause")
    )
    applicable = models.BooleanField(_("applicable"), default=False)
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("clause applicability")
        verbose_name_plural = _("clause applicability")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "clause"],
                name="standards_clauseapplicability_unique_clause",
            )
        ]
        indexes = [
            models.Index(fields=["organization", "clause"], name="standards_applic_org_clause")
        ]

    def __str__(self) -> str:
        return f"{self.clause_id}: {'applicable' if self.applicable else 'not applicable'}"

    def get_absolute_url(self) -> str:
        return reverse("standards:clause_detail", args=[self.clause_id])


class ClauseEvidence(OrganizationScoped):
    """A record of any module (a document, a process, an audit...) linked to a clause as
    evidence. The one generic evidence link: later modules reuse it with no new table."""

    clause = models.ForeignKey(
        Clause, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("clause")
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("subject type")
    )
    object_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("content_type", "object_id")
    note = models.TextField(_("note"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("clause evidence")
        verbose_name_plural = _("clause evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["clause", "content_type", "object_id"],
                name="standards_clauseevidence_unique_subject",
                violation_error_message=_("This record is already linked to this clause."),
            )
        ]
        indexes = [
            models.Index(fields=["organization", "clause"], name="standards_evid_org_clause"),
            models.Index(fields=["content_type", "object_id"], name="standards_evid_subject"),
        ]

    def __str__(self) -> str:
        return f"{self.content_type_id}:{self.object_id} → {self.clause_id}"

    def get_absolute_url(self) -> str:
        return reverse("standards:clause_detail", args=[self.clause_id])

    @property
    def subject_type(self) -> str:
        return f"{self.content_type.app_label}.{self.content_type.model}"

    def subject_link(self) -> dict[str, Any]:
        """Title and URL of the linked record (prefetch `subject` for a list)."""
        subject = self.subject
        if subject is None:
            return {"title": _("(deleted record)"), "url": None}
        url = getattr(subject, "get_absolute_url", None)
        return {"title": str(subject), "url": url() if callable(url) else None}


class IafCode(BaseModel):
    """A technical sector of accreditation scopes (IAF ID 1: the 39 IAF/EA codes), as data.

    Loaded from fixtures/iaf-codes.yaml with its NACE Rev. 2 mapping; a scheme may add local
    codes ("40"), so the list is not limited to 39.
    """

    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("e.g. 17"))
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("sector"), max_length=255)
    nace = models.JSONField(_("NACE Rev. 2 codes"), default=list, blank=True)
    source = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("IAF code")
        verbose_name_plural = _("IAF codes")

    def __str__(self) -> str:
        return f"IAF {self.code} {self.title}"


class AuditTimeTable(BaseModel):
    """One version of an audit-time table (IAF MD 5 Table QMS 1, EMS 1, OH&SMS 1) as data.

    `rows` is a list of `{"min": 1, "max": 5, "days": {"medium": 1.5, ...}}` bands (the last
    band's `max` may be null: "follow the progression", a manual value); `categories` names
    the complexity columns in order. Loaded from fixtures/ and never edited by hand.
    """

    urn = models.CharField(_("URN"), max_length=120, unique=True)
    name = models.CharField(_("table"), max_length=40, help_text=_("e.g. QMS 1"))
    document = models.CharField(
        _("document"), max_length=120, help_text=_("e.g. IAF MD 5:2019 Issue 4 Version 3")
    )
    table_version = models.CharField(
        _("table version"), max_length=40, help_text=_("e.g. 2023-06-14")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    standards = models.JSONField(
        _("standards"), default=list, help_text=_("Standard codes the table serves.")
    )
    categories = models.JSONField(_("complexity categories"), default=list)
    default_category = models.CharField(_("default category"), max_length=20)
    rows = models.JSONField(_("rows"), default=list)
    note = models.TextField(_("note"), blank=True)
    source_file = models.CharField(_("source file"), max_length=200, blank=True)
    source_sha256 = models.CharField(_("source SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["name", "-valid_from", "id"]
        verbose_name = _("audit-time table")
        verbose_name_plural = _("audit-time tables")

    def __str__(self) -> str:
        return f"{self.document} Table {self.name} ({self.table_version})"
