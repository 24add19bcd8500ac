from django.contrib import admin

from mentoring.core.admin_private import PrivateLookupsRefused
from mentoring.core.people import PeoplePickedByEmail

from .models import Membership, Organisation, OrganisationAdmin, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class OrganisationAdminInline(PeoplePickedByEmail, admin.TabularInline):
    model = OrganisationAdmin
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationModelAdmin(PrivateLookupsRefused, admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    inlines = [UnitInline, OrganisationAdminInline]


class MembershipInline(PeoplePickedByEmail, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(PrivateLookupsRefused, admin.ModelAdmin):
    list_display = ["name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "organisation__name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(PeoplePickedByEmail, PrivateLookupsRefused, admin.ModelAdmin):
    list_display = ["user", "unit", "role", "job_title", "started_in_field"]
    list_filter = ["role", "unit__organisation", "unit"]
    search_fields = ["user__name", "user__email", "unit__name"]
    autocomplete_fields = ["user", "unit"]


@admin.register(OrganisationAdmin)
class OrganisationAdminAdmin(PeoplePickedByEmail, PrivateLookupsRefused, admin.ModelAdmin):
    list_display = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]
