"""Writes of the technical review, the certification decision and the certificates.

One module per concern (decisions.py: open, review, grant, refuse; lifecycle.py: suspend,
restore, withdraw, cancel, expire, reissue and the daily job; issuing.py: a revision's
content and number; publishing.py: the public registry and the client's mail); the names
other areas call are re-exported here: `from qms.certification.certificates import services`.
"""

from .decisions import (
    compute_review,
    decision_grant,
    decision_open,
    decision_refuse,
    decision_review,
    record_decision,
    review_items,
)
from .lifecycle import (
    certificate_cancel,
    certificate_expire,
    certificate_expire_due,
    certificate_extend_suspension,
    certificate_reissue,
    certificate_restore,
    certificate_suspend,
    certificate_withdraw,
    certificates_expire_due,
    certificates_withdraw_overdue,
    clear_suspension,
    record_status_change,
)

__all__ = [
    "certificate_cancel",
    "certificate_expire",
    "certificate_expire_due",
    "certificate_extend_suspension",
    "certificate_reissue",
    "certificate_restore",
    "certificate_suspend",
    "certificate_withdraw",
    "certificates_expire_due",
    "certificates_withdraw_overdue",
    "clear_suspension",
    "compute_review",
    "decision_grant",
    "decision_open",
    "decision_refuse",
    "decision_review",
    "record_decision",
    "record_status_change",
    "review_items",
]
