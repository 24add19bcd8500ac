"""The programme's public page: what the presentation shows the weekly meeting, and an
"I want to take part" form, for whoever opens the QR code without an account.

It shows the programme's name, description, terms and units, nothing about any person. A
request is stored for the supervisors; nothing else happens until one of them accepts it.
Requests are limited per address and per programme (allauth's rate limits, counted in the
shared cache), and a honeypot field turns robots away without telling them.
"""

from allauth.core import ratelimit
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mentoring.core.refusals import refusal_on_form

from .. import selectors, services
from ..forms import ParticipationRequestForm


def public_page(request, *, code: str):
    programme = selectors.programme_for_public(code=code)
    units = programme.units.all()
    form = ParticipationRequestForm(request.POST or None, units=units)
    context = {"programme": programme, "units": list(units), "form": form}
    if request.method == "POST" and programme.signup_open and form.is_valid():
        if form.from_robot:
            return _thanks(request, programme)
        if not ratelimit.consume(request, action="participation_request", key=str(programme.pk)):
            context["limited"] = True
            return render(request, "programmes/public.html", context, status=429)
        data = dict(form.cleaned_data)
        data.pop("website")
        with refusal_on_form(form, or_message_to=request):
            services.participation_request_create(programme=programme, language=_language(), **data)
            return _thanks(request, programme)
    return render(request, "programmes/public.html", context)


def _language() -> str:
    """The language the visitor reads the page in: the invitation will speak it too."""
    language = (get_language() or "").split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.DEFAULT_LANGUAGE


def _thanks(request, programme):
    return render(
        request,
        "programmes/public_thanks.html",
        {"programme": programme, "title": _("Thank you!")},
    )
