import pytest
from django.contrib import admin

from qms.accounts.tests.factories import UserFactory
from qms.core.audit import AuditEvent
from qms.core.tests.factories import AuditEventFactory


@pytest.mark.parametrize("model", list(admin.site._registry))
def test_the_admin_offers_no_add_change_or_delete_for_any_model(model, rf):
    # given the admin of a registered model and a superuser's request
    request = rf.get("/admin/")
    request.user = UserFactory.build(is_superuser=True, is_staff=True)
    model_admin = admin.site._registry[model]
    # then nothing can be written through it: writes go through services
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_a_superuser_can_read_the_audit_log_in_the_admin(client, db):
    # given a staff superuser and one event
    event = AuditEventFactory()
    superuser = UserFactory(email="admin@example.test", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    # when they open the event list and the event
    listing = client.get("/admin/core/auditevent/")
    detail = client.get(f"/admin/core/auditevent/{event.pk}/change/")
    # then both answer, read-only, and the event is unchanged
    assert listing.status_code == 200
    assert detail.status_code == 200
    assert b"Save" not in detail.content
    assert AuditEvent.objects.get(pk=event.pk).hash == event.hash
