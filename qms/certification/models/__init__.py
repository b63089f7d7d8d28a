"""The certification body's models, one module per area, re-exported here."""

from .applications import Application, TransferReview
from .audit_time import AuditTimeCalculation
from .audit_work import (
    AuditPlan,
    AuditPlanIssue,
    AuditPlanSlot,
    AuditTeamMember,
    CertChecklistItem,
    CertFinding,
    FindingResponse,
    PortalAccess,
)
from .body import Accreditation, AccreditationScope, AuditorQualification, CertificationBody
from .certificates import Certificate, CertificateStatusChange, CertificationDecision
from .clients import Client, ClientContact, ClientSite
from .programmes import CertAudit, CertificationProgramme

__all__ = [
    "Accreditation",
    "AccreditationScope",
    "Application",
    "AuditPlan",
    "AuditPlanIssue",
    "AuditPlanSlot",
    "AuditTeamMember",
    "AuditTimeCalculation",
    "AuditorQualification",
    "CertAudit",
    "CertChecklistItem",
    "CertFinding",
    "Certificate",
    "CertificateStatusChange",
    "CertificationBody",
    "CertificationDecision",
    "CertificationProgramme",
    "Client",
    "ClientContact",
    "ClientSite",
    "FindingResponse",
    "PortalAccess",
    "TransferReview",
]
