"""The organisation admin's page for the organisation's single sign-on (OpenID Connect).

Fetched through the user (units.selectors.organisation_for_admin): anyone but the
organisation's admin gets 404. The client secret is never sent back to the browser.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring.accounts.forms import SingleSignOnForm
from mentoring.accounts.signin.sso_config import single_sign_on_of, single_sign_on_save
from mentoring.core.refusals import refusal_on_form
from units import selectors

INITIAL_FIELDS = ("server_url", "client_id", "email_domains", "sso_only", "trust_provider_mfa")


@login_required
@require_http_methods(["GET", "POST"])
def organisation_sso(request, organisation_id):
    organisation = selectors.organisation_for_admin(
        user=request.user, organisation_id=organisation_id
    )
    sso = single_sign_on_of(organisation=organisation)
    initial = {name: getattr(sso, name) for name in INITIAL_FIELDS} if sso else {}
    form = SingleSignOnForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            single_sign_on_save(organisation=organisation, by=request.user, **form.cleaned_data)
            messages.success(request, _("The sign-in settings are saved."))
            return redirect("units:organisation_sso", organisation_id=organisation.pk)
    callback = reverse("openid_connect_callback", kwargs={"provider_id": str(organisation.pk)})
    context = {
        "organisation": organisation,
        "sso": sso,
        "form": form,
        "callback_url": request.build_absolute_uri(callback),
    }
    return render(request, "units/organisation_sso.html", context)
