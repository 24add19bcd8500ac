from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from units.access import user_roles

from . import health, mailbox
from .home import home_context


@login_required
def home(request):
    roles = user_roles(request.user)
    return render(request, "core/home.html", home_context(user=request.user, roles=roles))


@never_cache
@require_GET
def health_view(request):
    parts = {"database": health.database_ok(), "broker": health.broker_ok()}
    ok = all(parts.values())
    body = {
        "status": "ok" if ok else "fail",
        **{k: "ok" if v else "fail" for k, v in parts.items()},
    }
    return JsonResponse(body, status=200 if ok else 503)


def _mailbox_enabled():
    if not settings.MAILBOX_VIEWER:
        raise Http404


# The local mail folder is a development aid (MAILBOX_VIEWER follows DEBUG). It is open without
# logging in on purpose: the emails it shows — a password reset, an invitation — are exactly
# the ones a person reads before they can log in.
def mailbox_list(request):
    _mailbox_enabled()
    return render(request, "core/mailbox_list.html", {"messages_": mailbox.list_messages()})


def mailbox_detail(request, name: str):
    _mailbox_enabled()
    message = mailbox.read_message(name)
    if message is None:
        raise Http404
    return render(request, "core/mailbox_detail.html", {"mail": message})
