"""Background work of core: enqueue-on-commit, and the notification e-mail.

Tasks are thin wrappers around services and take primary keys, never instances: the worker
(`qms worker`) may run them much later, in another process, when the row has changed.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import task


def enqueue_on_commit(task_: Any, /, **kwargs: Any) -> None:
    """Queue `task_` with `kwargs` once the current transaction commits; a rollback queues
    nothing. Outside a transaction it is queued at once."""
    transaction.on_commit(lambda: task_.enqueue(**kwargs))


@task()
def send_notification_email(*, notification_id: int) -> bool:
    """E-mail one notification (at most once; see `notification_send_email`)."""
    from .notifications import notification_send_email

    return notification_send_email(notification_id=notification_id)
