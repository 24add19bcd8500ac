from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from mentoring.accounts.views import set_language
from mentoring.core.people import PeopleAutocomplete

# The admin's own login form would go around the second factor: sign in through allauth.
admin.site.login = secure_admin_login(admin.site.login)
# Its autocompletes name people by name and email (two people may share a name).
admin.site.autocomplete_view = admin.site.admin_view(
    PeopleAutocomplete.as_view(admin_site=admin.site)
)

urlpatterns = [
    path("", include("mentoring.core.urls")),
    path("", include("mentoring.site.urls.home")),
    path("accounts/", include("mentoring.accounts.urls")),
    path("accounts/", include("mentoring.accounts.signin.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    # The mentoring domain: each part owns its paths (programmes/…, pairs/…, meetings/…).
    path("", include("mentoring.programmes.urls")),
    path("", include("mentoring.site.urls.pairs")),
    path("", include("mentoring.agreements.urls")),
    path("", include("mentoring.meetings.urls")),
    path("", include("mentoring.evaluations.urls")),
    path("", include("mentoring.reminders.urls")),
    path("", include("mentoring.matching.urls")),
    path("", include("mentoring.site.urls.organisation")),
    path("", include("mentoring.onboarding.urls")),
    path("", include("mentoring.site.urls.my_data")),
    path("admin/", admin.site.urls),
]
