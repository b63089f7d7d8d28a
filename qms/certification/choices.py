"""Choices of the certification body's back office."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    """The audits of a 3-year certification cycle (domain spec §3.7, §3.8)."""

    STAGE1 = "stage1", _("Stage 1")
    STAGE2 = "stage2", _("Stage 2")
    SURVEILLANCE_1 = "surveillance_1", _("Surveillance 1")
    SURVEILLANCE_2 = "surveillance_2", _("Surveillance 2")
    RECERTIFICATION = "recertification", _("Recertification")
    SPECIAL = "special", _("Special audit")


class AccreditationStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AuditorGrade(models.TextChoices):
    LEAD_AUDITOR = "lead_auditor", _("Lead auditor")
    AUDITOR = "auditor", _("Auditor")
    IN_TRAINING = "in_training", _("Auditor in training")


class ClientStatus(models.TextChoices):
    PROSPECT = "prospect", _("Prospect")
    ACTIVE = "active", _("Client")
    FORMER = "former", _("Former client")


class ApplicationType(models.TextChoices):
    INITIAL = "initial", _("Initial certification")
    RECERTIFICATION = "recertification", _("Recertification")
    SCOPE_EXTENSION = "scope_extension", _("Scope extension")
    TRANSFER = "transfer", _("Transfer from another certification body")


class ApplicationStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")


class TransferCertificateStatus(models.TextChoices):
    """The status of the certificate a transfer client holds from its issuing body."""

    VALID = "valid", _("Valid")
    SUSPENDED = "suspended", _("Suspended")
    OTHER = "other", _("Other")


class Complexity(models.TextChoices):
    """Complexity / risk category of IAF MD 5 (QMS and EMS: four; OH&S: three)."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    LIMITED = "limited", _("Limited")


class AuditTimeType(models.TextChoices):
    INITIAL = "initial", _("Initial (Stage 1 + Stage 2)")
    SURVEILLANCE = "surveillance", _("Surveillance")
    RECERTIFICATION = "recertification", _("Recertification")


class ProgrammeKind(models.TextChoices):
    INITIAL = "initial", _("Initial certification cycle")
    RECERTIFICATION = "recertification", _("Recertification cycle")
    TRANSFER = "transfer", _("Transferred cycle")


class ProgrammeStatus(models.TextChoices):
    PLANNING = "planning", _("Initial audit")
    CERTIFIED = "certified", _("Certified")
    COMPLETED = "completed", _("Completed")
    CLOSED = "closed", _("Closed")


class CertAuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed with the client")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TeamRole(models.TextChoices):
    """A member's role on a certification audit team (ISO/IEC 17021-1 §9.2.2)."""

    LEAD_AUDITOR = "lead_auditor", _("Lead auditor")
    AUDITOR = "auditor", _("Auditor")
    TECHNICAL_EXPERT = "technical_expert", _("Technical expert")
    TRAINEE = "trainee", _("Auditor in training")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent to the client")


class ChecklistResult(models.TextChoices):
    NOT_CHECKED = "", _("Not checked")
    CONFORMITY = "conformity", _("Conformity")
    MAJOR = "major", _("Major nonconformity")
    MINOR = "minor", _("Minor nonconformity")
    OBSERVATION = "observation", _("Observation / opportunity for improvement")
    NOT_APPLICABLE = "not_applicable", _("Not audited this time")


class FindingGrade(models.TextChoices):
    """Grades of a certification audit finding (domain spec §3.3)."""

    CONFORMITY = "conformity", _("Conformity")
    MAJOR = "major", _("Major nonconformity")
    MINOR = "minor", _("Minor nonconformity")
    OBSERVATION = "observation", _("Observation / opportunity for improvement")


class FindingStatus(models.TextChoices):
    """A finding's way from the audit to its closure through the client portal.

    Conformities and observations need no response (no_response). A nonconformity is open
    until the client submits correction, root cause and corrective action; the auditor
    accepts the response or returns it with comments (back to open); a major is closed only
    when its implementation is verified, a minor once its plan is accepted (verified at the
    next audit)."""

    NO_RESPONSE = "no_response", _("No response needed")
    OPEN = "open", _("Awaiting the client's response")
    SUBMITTED = "submitted", _("Response submitted")
    ACCEPTED = "accepted", _("Response accepted")
    VERIFIED = "verified", _("Verified")


class ResponseReview(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned with comments")


class Stage1Conclusion(models.TextChoices):
    READY = "ready", _("Ready for Stage 2")
    NOT_READY = "not_ready", _("Not ready: issues to fix before Stage 2")


class Recommendation(models.TextChoices):
    """The audit team's recommendation to the certification decision (§9.4.8)."""

    GRANT = "grant", _("Recommend certification")
    GRANT_AFTER_NCS = (
        "grant_after_ncs",
        _("Recommend certification once the nonconformities are resolved"),
    )
    CONTINUE = "continue", _("Recommend continued certification")
    RENEW = "renew", _("Recommend renewal of certification")
    NOT_RECOMMENDED = "not_recommended", _("Do not recommend certification")
    SUSPEND = "suspend", _("Recommend suspension")


class PortalAccessStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")


class DecisionKind(models.TextChoices):
    INITIAL = "initial", _("Initial certification")
    RECERTIFICATION = "recertification", _("Recertification")
    SCOPE_EXTENSION = "scope_extension", _("Scope extension")
    SCOPE_REDUCTION = "scope_reduction", _("Scope reduction")
    RESTORATION = "restoration", _("Restoration after expiry")


class DecisionStatus(models.TextChoices):
    PENDING = "pending", _("Technical review")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class CertificateStatus(models.TextChoices):
    """Certificate states (domain spec §3.6); transitions in certificates/workflows.py."""

    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded")


class SuspensionReason(models.TextChoices):
    """Why a certificate is suspended: 17021-1 §9.6.5 (R1 to R3) and contractual reasons."""

    R1 = "r1", _("The management system persistently or seriously fails its requirements")
    R2 = "r2", _("The client does not allow audits at the required frequency")
    R3 = "r3", _("The client asked for the suspension")
    CONTRACT = "contract", _("Contractual reason (e.g. non-payment, misuse of marks)")


class CertificateChange(models.TextChoices):
    """The kinds of entry in a certificate's status history."""

    ISSUED = "issued", _("Issued")
    SUSPENDED = "suspended", _("Suspended")
    RESTORED = "restored", _("Restored")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    SUPERSEDED = "superseded", _("Superseded by a new revision")
    SCOPE_REDUCED = "scope_reduced", _("Scope reduced")
    SCOPE_EXTENDED = "scope_extended", _("Scope extended")
    RENEWED = "renewed", _("Renewed (recertification)")
    REISSUED = "reissued", _("Reissued")
