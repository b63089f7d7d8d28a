from django.contrib import admin

from qms.core.admin import ReadOnlyAdmin

from .models import Organization, Process, Site


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "country"]
    search_fields = ["name", "slug"]


@admin.register(Site)
class SiteAdmin(ReadOnlyAdmin):
    list_display = ["name", "organization", "country", "is_head_office"]
    list_select_related = ["organization"]


@admin.register(Process)
class ProcessAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "organization", "owner"]
    list_select_related = ["organization", "owner"]
