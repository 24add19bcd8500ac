from django.contrib import admin

from .admin_private import PrivateLookupsRefused
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(PrivateLookupsRefused, admin.ModelAdmin):
    """Read-only: staff may read the log, never add, change or delete an entry (no bulk
    delete either). Old entries go only through core.audit.audit_retention_delete."""

    list_display = ["created_at", "actor", "action", "content_type", "object_id"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_id", "actor__email"]
    readonly_fields = [f.name for f in AuditEntry._meta.fields]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
