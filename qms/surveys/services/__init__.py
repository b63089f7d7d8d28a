"""Writes for surveys: the survey and its questions, invitations (and their e-mails),
public answers. Each service is one transaction through the core helpers."""

from .invitations import Invitee, invitation_delete, invitation_mark_sent, invitations_send
from .responses import LinkRefused, response_submit
from .surveys import (
    question_create,
    question_delete,
    question_update,
    survey_create,
    survey_delete,
    survey_update,
)

__all__ = [
    "Invitee",
    "LinkRefused",
    "invitation_delete",
    "invitation_mark_sent",
    "invitations_send",
    "question_create",
    "question_delete",
    "question_update",
    "response_submit",
    "survey_create",
    "survey_delete",
    "survey_update",
]
