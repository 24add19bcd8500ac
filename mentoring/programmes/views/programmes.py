"""Supervisor screens of a programme: list, create, edit, the hub (with its sign-up button),
the presentation page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.core.paging import listing
from mentoring.core.refusals import refusal_as_message, refusal_on_form
from units.access import units_supervised_by, user_roles

from .. import access, selectors, services
from ..forms import ProgrammeForm, SignupSwitchForm, ThemeForm
from ..models import Programme, Theme
from ..qr import qr_svg
from ..rows import programme_rows
from .public import public_page


def _require_overseer(user) -> None:
    roles = user_roles(user)
    if not (roles.is_supervisor or roles.is_org_admin):
        raise Http404


@login_required
@require_GET
def programme_list(request):
    _require_overseer(request.user)
    found = listing(request.GET, selectors.programme_list_for(user=request.user))
    return render(
        request,
        "programmes/list.html",
        {
            "listing": found,
            "programmes": programme_rows(found.items, date_format="j.n.Y", units=True),
            "can_create": user_roles(request.user).is_supervisor,
        },
    )


def _default_terms() -> dict:
    starts_on, ends_on = services.default_dates()
    return {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "meetings_in_working_time": True,
        "meeting_minutes_min": 45,
        "meeting_minutes_max": 60,
        "cadence_min_days": 14,
        "cadence_max_days": 21,
        "length_mode": Programme.LengthMode.MEETINGS,
        "planned_meetings": 3,
        "approval_required": False,
        "signup_open": True,
    }


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    if not user_roles(request.user).is_supervisor:
        raise Http404
    units = units_supervised_by(user=request.user).order_by("name")
    initial = _default_terms()
    if units.count() == 1:
        initial["units"] = list(units)
    form = ProgrammeForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            programme = services.programme_create(by=request.user, **form.cleaned_data)
            messages.success(request, _("The programme is created."))
            return redirect("programmes:detail", programme_id=programme.pk)
    return render(request, "programmes/form.html", {"form": form, "programme": None})


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, programme_id):
    programme = selectors.programme_for_supervisor(user=request.user, programme_id=programme_id)
    units = units_supervised_by(user=request.user).filter(organisation_id=programme.organisation_id)
    form = ProgrammeForm(
        request.POST or None,
        units=units.order_by("name"),
        initial=ProgrammeForm.initial_from(programme),
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            services.programme_update(programme=programme, by=request.user, **form.cleaned_data)
            messages.success(request, _("The changes are saved."))
            return redirect("programmes:detail", programme_id=programme.pk)
    return render(request, "programmes/form.html", {"form": form, "programme": programme})


def _short_url(request, programme: Programme) -> str:
    return request.build_absolute_uri(reverse("programmes:short", args=[programme.short_code]))


@login_required
@require_GET
def programme_detail(request, programme_id):
    programme = selectors.programme_overview_for(user=request.user, programme_id=programme_id)
    return render(
        request,
        "programmes/detail.html",
        {
            "programme": programme,
            "runs_it": access.user_supervises(user=request.user, programme=programme),
            "signup_can_open": services.signup_can_open(programme),
            "short_url": _short_url(request, programme),
        },
    )


@login_required
@require_POST
def programme_signup_switch(request, programme_id):
    """The hub's "Open sign-up" / "Close sign-up" button (POST → redirect to the hub)."""
    programme = selectors.programme_for_supervisor(user=request.user, programme_id=programme_id)
    form = SignupSwitchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to open or close the sign-up."))
        return redirect("programmes:detail", programme_id=programme.pk)
    opening = form.cleaned_data["open"]
    switch = services.programme_signup_open if opening else services.programme_signup_close
    with refusal_as_message(request):
        switch(programme=programme, by=request.user)
        messages.success(
            request,
            _("Sign-up is open: workers of the programme's units can sign up with the link.")
            if opening
            else _("Sign-up is closed. You can still enter a sign-up for a worker yourself."),
        )
    return redirect("programmes:detail", programme_id=programme.pk)


@login_required
@require_GET
def programme_present(request, programme_id):
    programme = selectors.programme_for_viewer(user=request.user, programme_id=programme_id)
    return render(
        request,
        "programmes/present.html",
        {
            "programme": programme,
            "units": list(programme.units.order_by("name")),
            "short_url": _short_url(request, programme),
            "overseer": access.programmes_overseen_by(user=request.user)
            .filter(pk=programme.pk)
            .exists(),
        },
    )


@login_required
@require_GET
def programme_qr(request, programme_id):
    programme = selectors.programme_for_viewer(user=request.user, programme_id=programme_id)
    url = _short_url(request, programme)
    response = HttpResponse(
        qr_svg(url, title=_("QR code: %(url)s") % {"url": url}), content_type="image/svg+xml"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_http_methods(["GET", "POST"])
def short_link(request, code: str):
    """The QR code's address. A signed-in worker goes to the sign-up form, an overseer to the
    programme; anyone else sees the public presentation with "I want to take part"."""
    if not request.user.is_authenticated:
        return public_page(request, code=code)
    programme, relation = selectors.programme_by_short_code(user=request.user, code=code)
    target = "programmes:signup" if relation == "worker" else "programmes:detail"
    return redirect(target, programme_id=programme.pk)


@login_required
@require_http_methods(["GET", "POST"])
def themes(request):
    organisations = selectors.organisations_for_themes(user=request.user)
    if not organisations.exists():
        raise Http404
    form = ThemeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            theme = services.theme_create(by=request.user, **form.cleaned_data)
            messages.success(request, _("“%(name)s” is added to the themes.") % {"name": theme})
            return redirect("programmes:themes")
    own = Theme.objects.filter(organisation__in=organisations).select_related("organisation")
    return render(
        request,
        "programmes/themes.html",
        {
            "form": form,
            "builtin": Theme.objects.filter(organisation__isnull=True).order_by("id"),
            "own": own.order_by("organisation__name", "name"),
        },
    )
