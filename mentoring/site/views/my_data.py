"""A person's own data: the readable page, the JSON download and removing it (from the
profile). Only one's own: there is no id in these addresses."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mentoring.core.refusals import refusal_on_form

from ..erasure import erasure_refusal, person_erase
from ..forms import ErasureConfirmForm
from ..my_data import my_data, my_data_json


def _private(response):
    response["Cache-Control"] = "no-store, private"
    return response


@login_required
@require_GET
@never_cache
def page(request):
    return _private(render(request, "site/my_data.html", {"sections": my_data(user=request.user)}))


@login_required
@require_GET
def download(request):
    response = JsonResponse(
        my_data_json(user=request.user),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    filename = f"mentorpolku-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return _private(response)


@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    """A confirmation page (or why it cannot be done yet), then the removal and a sign-out."""
    person = request.user
    form = ErasureConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form):
            person_erase(person=person, by=person)
            logout(request)
            messages.success(request, _("Your data has been removed and your account closed."))
            return redirect("account_login")
    return render(
        request,
        "site/erase.html",
        {
            "form": form,
            "is_self": True,
            "refusal": erasure_refusal(person=person, by=person),
            "back_url": "accounts:profile",
        },
    )
