from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentoring.core.admin_private import PrivateLookupsRefused

from .models import DigestRun, MailPause, Reminder
from .services import reminders_retry


@admin.register(Reminder)
class ReminderAdmin(PrivateLookupsRefused, admin.ModelAdmin):
    list_display = ["due_at", "kind", "recipient", "state", "attempts", "sent_at", "last_error"]
    list_filter = ["state", "kind"]
    search_fields = ["recipient__email", "dedupe_key"]
    date_hierarchy = "due_at"
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Reminder._meta.fields]
    actions = ["retry"]

    @admin.action(description=_("Try the selected failed reminders again"))
    def retry(self, request, queryset):
        count = reminders_retry(ids=list(queryset.values_list("id", flat=True)), by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d reminder will be tried again.",
                "%(count)d reminders will be tried again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DigestRun)
class DigestRunAdmin(PrivateLookupsRefused, admin.ModelAdmin):
    list_display = ["week", "created_at"]
    readonly_fields = ["week", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(MailPause)
class MailPauseAdmin(PrivateLookupsRefused, admin.ModelAdmin):
    """Pauses of sending (the circuit breaker): the open one is why reminders wait."""

    list_display = ["started_at", "until", "ended_at", "reason"]
    readonly_fields = ["started_at", "until", "ended_at", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
