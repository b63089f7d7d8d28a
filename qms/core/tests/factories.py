from __future__ import annotations

import factory
from django.db import transaction

from qms.accounts.tests.factories import UserFactory
from qms.core.attachments import Attachment
from qms.core.audit import AuditEvent, record_event
from qms.core.imports.models import ImportRun
from qms.core.signatures import SIGNATURE_SIGNED, Signature, signature_record
from qms.core.testing.factories import ModelFactory
from qms.organizations.events import SITE_UPDATED
from qms.organizations.tests.factories import OrganizationFactory, SiteFactory


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


class SignatureFactory(factory.Factory):
    """Signatures are only made by a signing service; the factory signs a site of the
    organization the same way (signature and event in one transaction), without a password."""

    class Meta:
        model = Signature

    organization = factory.SubFactory(OrganizationFactory)

    @classmethod
    def _create(cls, model_class, *args, organization, subject=None, signer=None, **kwargs):
        subject = subject or SiteFactory(organization=organization)
        signer = signer or UserFactory()
        with transaction.atomic():
            signature = signature_record(
                signer=signer, obj=subject, meaning=kwargs.get("meaning", "approved")
            )
            record_event(
                actor=signer,
                event_type=SIGNATURE_SIGNED,
                subject=subject,
                data={"signature": signature.pk},
            )
        return signature


class AttachmentFactory(ModelFactory):
    """An attachment row on a site of the organization (no file is written: tests that read
    the file attach one through `attachment_add` with a temporary MEDIA_ROOT). Give either
    `organization` (a site of it is made) or `subject` (its organization is used)."""

    class Meta:
        model = Attachment

    organization = factory.SubFactory(OrganizationFactory)
    subject = factory.LazyAttribute(lambda o: SiteFactory(organization=o.organization))
    uploaded_by = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"evidence-{n}.pdf")
    file = factory.Sequence(lambda n: f"test/evidence-{n}.pdf")
    mime_type = "application/pdf"
    size = 1024
    sha256 = "0" * 64

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        kwargs["organization"] = kwargs["subject"].organization
        return super()._create(model_class, *args, **kwargs)


class ImportRunFactory(ModelFactory):
    """A dry run of the sites importer (kind organizations.sites), with an empty report."""

    class Meta:
        model = ImportRun

    organization = factory.SubFactory(OrganizationFactory)
    kind = "organizations.sites"
    created_by = factory.SubFactory(UserFactory)
    dry_run = True
    status = "dry_run_ok"
    file_name = factory.Sequence(lambda n: f"sites-{n}.csv")
    sha256 = "0" * 64
    report = factory.LazyAttribute(lambda o: {"kind": o.kind, "rows": []})
