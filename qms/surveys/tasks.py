"""Background work of surveys: e-mailing an invitation's answer link."""

from __future__ import annotations

from django_tasks import task


@task()
def send_invitation_email(*, invitation_id: int) -> bool:
    """E-mail one invitation's link (at most once; see `invitation_mark_sent`)."""
    from .services.invitations import invitation_mark_sent

    return invitation_mark_sent(invitation_id=invitation_id)
