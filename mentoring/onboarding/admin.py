from django.contrib import admin

from mentoring.core.admin_private import PrivateLookupsRefused

from .models import StaffImport


@admin.register(StaffImport)
class StaffImportAdmin(PrivateLookupsRefused, admin.ModelAdmin):
    """Read-only: an import changes the organisation only through its pages."""

    list_display = ["file_name", "organisation", "uploaded_by", "uploaded_at", "status"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in StaffImport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
