"""A person's own data: the readable page and the JSON download (from the profile). Only
one's own: there is no id in these addresses."""

from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

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
