"""Audit event types owned by surveys."""

from django.utils.translation import gettext_lazy as _

from qms.core.audit import register_event_type

SURVEY_CREATED = register_event_type("survey.created", _("Survey created"))
SURVEY_UPDATED = register_event_type("survey.updated", _("Survey changed"))
SURVEY_DELETED = register_event_type("survey.deleted", _("Survey deleted"))
SURVEY_OPENED = register_event_type("survey.opened", _("Survey opened"))
SURVEY_CLOSED = register_event_type("survey.closed", _("Survey closed"))
QUESTION_CREATED = register_event_type("survey_question.created", _("Survey question added"))
QUESTION_UPDATED = register_event_type("survey_question.updated", _("Survey question changed"))
QUESTION_DELETED = register_event_type("survey_question.deleted", _("Survey question removed"))
INVITATION_CREATED = register_event_type("survey_invitation.created", _("Customer invited"))
INVITATION_SENT = register_event_type("survey_invitation.sent", _("Survey link e-mailed"))
INVITATION_DELETED = register_event_type(
    "survey_invitation.deleted", _("Survey invitation withdrawn")
)
RESPONSE_SUBMITTED = register_event_type("survey_response.submitted", _("Survey answered"))
INVITATION_ANSWERED = register_event_type("survey_invitation.answered", _("Survey link answered"))
