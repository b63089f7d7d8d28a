"""The request id and client address reach the audit events written during a request, and
the log lines of that request."""

from __future__ import annotations

import contextvars
import logging

import pytest
from django.test import RequestFactory

from qms.core.audit import AuditEvent
from qms.core.context import request_context
from qms.core.middleware import RequestIdLogFilter, client_ip
from qms.organizations.models import Site

SITE_FORM = {"name": "Sheffield works", "address": "", "country": "GB", "employees": "64"}


def test_a_site_created_through_the_page_carries_the_request_id_and_ip(
    client_for, quality_manager, organization
):
    # given
    client = client_for(quality_manager)
    # when
    response = client.post(
        "/organization/sites/add/",
        SITE_FORM,
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_REQUEST_ID="req-test-0001",
    )
    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    site = Site.objects.get(organization=organization, name="Sheffield works")
    event = AuditEvent.objects.for_subject(site).get()
    assert event.event_type == "site.created"
    assert event.actor == quality_manager
    assert (event.request_id, event.ip) == ("req-test-0001", "203.0.113.7")
    assert response["X-Request-ID"] == "req-test-0001"


def test_a_request_without_an_id_records_the_one_it_was_given(
    client_for, quality_manager, organization
):
    # when
    response = client_for(quality_manager).post(
        "/organization/sites/add/", SITE_FORM, REMOTE_ADDR="2001:db8::7"
    )
    # then
    event = AuditEvent.objects.get(event_type="site.created")
    assert event.request_id == response["X-Request-ID"]
    assert len(event.request_id) == 32
    assert event.ip == "2001:db8::7"


def test_behind_one_trusted_proxy_the_address_it_saw_is_recorded_not_the_spoofed_one(
    client_for, quality_manager, organization, settings
):
    # given one proxy of ours, which appends the address it received from
    settings.TRUSTED_PROXIES = 1
    # when the client sends a forged left-most entry through it
    client_for(quality_manager).post(
        "/organization/sites/add/",
        SITE_FORM,
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.23, 203.0.113.9",
    )
    # then the audit trail holds the address our proxy saw, not the forged one
    assert AuditEvent.objects.get(event_type="site.created").ip == "203.0.113.9"


def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(
    client_for, quality_manager, organization, settings
):
    # given
    settings.TRUSTED_PROXIES = 0
    # when
    client_for(quality_manager).post(
        "/organization/sites/add/",
        SITE_FORM,
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="198.51.100.23",
    )
    # then
    assert AuditEvent.objects.get(event_type="site.created").ip == "192.0.2.10"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (1, "198.51.100.23", "198.51.100.23"),
        (1, "6.6.6.6, 198.51.100.23", "198.51.100.23"),
        (2, "6.6.6.6, 198.51.100.23, 10.0.0.2", "198.51.100.23"),
        (2, "6.6.6.6,198.51.100.23 ,10.0.0.2", "198.51.100.23"),
        (1, "6.6.6.6, 2001:db8::7", "2001:db8::7"),
        # fewer entries than proxies: not written by our proxies
        (2, "198.51.100.23", "192.0.2.10"),
        (1, "", "192.0.2.10"),
        # an entry that is not an address
        (1, "6.6.6.6, unknown", "192.0.2.10"),
        (1, "6.6.6.6, 198.51.100.23:443", "192.0.2.10"),
        (1, "<script>", "192.0.2.10"),
    ],
)
def test_the_client_is_the_nth_forwarded_entry_from_the_right(
    proxies, forwarded, expected, settings
):
    # given
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=forwarded)
    # then
    assert client_ip(request) == expected


def test_client_ip_is_none_without_an_address(settings):
    # given
    settings.TRUSTED_PROXIES = 1
    request = RequestFactory().get("/", REMOTE_ADDR="", HTTP_X_FORWARDED_FOR="")
    # then
    assert client_ip(request) is None


@pytest.mark.django_db
def test_a_refused_form_writes_no_event(client_for, viewer, organization):
    # when a viewer, who may not add sites, posts the form anyway
    response = client_for(viewer).post(
        "/organization/sites/add/", SITE_FORM, HTTP_X_REQUEST_ID="req-test-0002"
    )
    # then
    assert response.status_code == 403
    assert not Site.objects.exists()
    assert not AuditEvent.objects.exists()


# --- Log lines ----------------------------------------------------------------------------


def make_record():
    return logging.LogRecord("qms.test", logging.INFO, __file__, 1, "hello", None, None)


def test_log_records_carry_the_request_id_of_the_request_being_served():
    # given
    record = make_record()
    # when
    with request_context("req-log-0001", "192.0.2.1"):
        kept = RequestIdLogFilter().filter(record)
    # then
    assert kept is True
    assert record.request_id == "req-log-0001"


def test_log_records_outside_any_request_show_a_dash():
    # given
    record = make_record()
    # when: in a fresh context, where nothing set a request id
    kept = contextvars.Context().run(RequestIdLogFilter().filter, record)
    # then
    assert kept is True
    assert record.request_id == "-"
