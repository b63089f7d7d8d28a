from __future__ import annotations

import factory
from django.contrib.contenttypes.models import ContentType

from qms.core.testing.factories import ModelFactory
from qms.standards.models import ClauseEvidence


class ClauseEvidenceFactory(ModelFactory):
    """Evidence linking `subject` (give it) to `clause` (give it)."""

    class Meta:
        model = ClauseEvidence
        exclude = ("subject",)

    subject = None
    organization = factory.LazyAttribute(lambda o: o.subject.organization)
    content_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.subject))
    object_id = factory.LazyAttribute(lambda o: o.subject.pk)
