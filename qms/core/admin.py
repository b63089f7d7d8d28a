"""The Django admin is a read-only window for staff: every write goes through a service
(and so into the audit trail), which the admin's generic forms would bypass."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .audit import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "organization", "actor_label", "event_type", "subject_label"]
    list_filter = ["event_type"]
    list_select_related = ["organization"]
    search_fields = ["subject_label", "actor_label", "request_id"]
    date_hierarchy = "created_at"
