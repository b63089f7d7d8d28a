"""Choices owned by the context of the organization (ISO 9001 §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IssueOrigin(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class IssueCategory(models.TextChoices):
    """SWOT: strengths and weaknesses are internal, opportunities and threats external (a
    convention, not a rule: the form only warns through help text)."""

    STRENGTH = "strength", _("Strength")
    WEAKNESS = "weakness", _("Weakness")
    OPPORTUNITY = "opportunity", _("Opportunity")
    THREAT = "threat", _("Threat")


class PestleFactor(models.TextChoices):
    POLITICAL = "political", _("Political")
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    TECHNOLOGICAL = "technological", _("Technological")
    LEGAL = "legal", _("Legal")
    ENVIRONMENTAL = "environmental", _("Environmental")


class ContextStatus(models.TextChoices):
    CURRENT = "current", _("Current")
    RETIRED = "retired", _("No longer relevant")


class PartyType(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    EMPLOYEE = "employee", _("Employee")
    OWNER = "owner", _("Owner / shareholder")
    SUPPLIER = "supplier", _("Supplier / external provider")
    REGULATOR = "regulator", _("Regulator")
    COMMUNITY = "community", _("Community / neighbours")
    CERTIFICATION_BODY = "certification_body", _("Certification body")
    OTHER = "other", _("Other")


class Influence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class RequirementStatus(models.TextChoices):
    MET = "met", _("Met")
    IN_PROGRESS = "in_progress", _("Being addressed")
    OPEN = "open", _("Not yet addressed")
    RETIRED = "retired", _("No longer relevant")
