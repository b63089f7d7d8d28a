from django.contrib import admin
from django.contrib.auth.models import Group

from qms.core.admin import ReadOnlyAdmin

from .models import ApiToken, Invitation, Membership, User

# Roles come from memberships (core.permissions), not from Django's groups.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "full_name"]
    exclude = ["password"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "organization", "role", "additional_roles", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "organization"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organization", "role", "expires_at", "accepted_at"]
    list_select_related = ["organization"]
    exclude = ["token_hash"]


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "name", "user", "organization", "last_used_at", "revoked_at"]
    list_select_related = ["user", "organization"]
    exclude = ["token_hash"]
