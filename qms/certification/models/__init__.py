"""The certification body's models, one module per area, re-exported here."""

from .applications import Application, TransferReview
from .audit_time import AuditTimeCalculation
from .body import Accreditation, AccreditationScope, AuditorQualification, CertificationBody
from .clients import Client, ClientContact, ClientSite
from .programmes import CertAudit, CertificationProgramme

__all__ = [
    "Accreditation",
    "AccreditationScope",
    "Application",
    "AuditTimeCalculation",
    "AuditorQualification",
    "CertAudit",
    "CertificationBody",
    "CertificationProgramme",
    "Client",
    "ClientContact",
    "ClientSite",
    "TransferReview",
]
