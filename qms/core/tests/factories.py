from __future__ import annotations

import factory
from django.db import transaction

from qms.core.audit import AuditEvent, record_event
from qms.organizations.events import SITE_UPDATED
from qms.organizations.tests.factories import SiteFactory


class AuditEventFactory(factory.Factory):
    """Events are only ever appended through record_event(), so the factory does the same."""

    class Meta:
        model = AuditEvent

    subject = factory.SubFactory(SiteFactory)
    actor = None

    @classmethod
    def _create(cls, model_class, *args, subject, actor=None, **kwargs):
        with transaction.atomic():
            return record_event(
                actor=actor,
                event_type=SITE_UPDATED,
                subject=subject,
                before={"name": "before"},
                after={"name": subject.name},
            )
