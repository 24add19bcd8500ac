from allauth.socialaccount.models import SocialApp, SocialToken
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from mentoring.core.admin_private import PrivateLookupsRefused
from mentoring.core.people import PeoplePickedByEmail

from .models import Invitation, User


@admin.register(User)
class UserAdmin(PrivateLookupsRefused, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "language", "is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal details"), {"fields": ["name", "phone", "language", "muted_reminders"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]})
    ]


@admin.register(Invitation)
class InvitationAdmin(PeoplePickedByEmail, PrivateLookupsRefused, admin.ModelAdmin):
    list_display = [
        "email",
        "unit",
        "organisation",
        "role",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "withdrawn_at",
    ]
    list_filter = ["role", "unit"]
    search_fields = ["email", "name"]
    readonly_fields = [
        "key",
        "token_hash",
        "created_at",
        "sent_at",
        "send_count",
        "accepted_at",
        "accepted_by",
        "withdrawn_at",
    ]


# Single sign-on is set up by each organisation's admin in the app (accounts.SingleSignOn,
# its secret never shown, so not in the Django admin either); allauth's own app rows are not
# read (signin/sso.py) and no tokens are stored, so their admin pages would only mislead.
admin.site.unregister(SocialApp)
admin.site.unregister(SocialToken)
