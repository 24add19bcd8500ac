"""Sign-ups: the worker's own form, and the supervisor's list, entry on behalf and invitations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.accounts.forms import InvitationForm
from mentoring.accounts.models import Invitation
from mentoring.accounts.selectors import in_state, invitation_counts, invitations_listed
from mentoring.accounts.services import invitation_create
from mentoring.core.refusals import refusal_as_message, refusal_on_form
from units.access import units_supervised_by

from .. import selectors, services
from ..forms import SignUpForm, SignUpOnBehalfForm
from ..models import Language, SignUp

# Waiting invitations shown on the sign-ups page; the rest are on the programme's list.
WAITING_SHOWN = 10


@login_required
@require_GET
def signups(request, programme_id):
    programme = selectors.programme_for_supervisor(user=request.user, programme_id=programme_id)
    rows = list(selectors.signups_of(programme=programme))
    active = [s for s in rows if s.status == SignUp.Status.ACTIVE]
    invitations = invitations_listed(programme=programme)
    return render(
        request,
        "programmes/signups.html",
        {
            "programme": programme,
            "mentors": [s for s in active if s.role == SignUp.Role.MENTOR],
            "actors": [s for s in active if s.role == SignUp.Role.ACTOR],
            "withdrawn": [s for s in rows if s.status == SignUp.Status.WITHDRAWN],
            "requests": selectors.participation_requests_waiting(programme=programme),
            "invitation_counts": invitation_counts(invitations),
            "waiting_invitations": list(
                in_state(invitations, Invitation.State.PENDING)[:WAITING_SHOWN]
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def signup_on_behalf(request, programme_id):
    programme = selectors.programme_for_supervisor(user=request.user, programme_id=programme_id)
    form = SignUpOnBehalfForm(
        request.POST or None,
        workers=selectors.workers_without_signup(user=request.user, programme=programme),
        themes=selectors.themes_for(organisation=programme.organisation),
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        worker = data.pop("worker").user
        with refusal_on_form(form, or_message_to=request):
            services.signup_create(programme=programme, user=worker, by=request.user, **data)
            messages.success(request, _("%(name)s is signed up.") % {"name": worker})
            return redirect("programmes:signups", programme_id=programme.pk)
    return render(
        request, "programmes/signup_on_behalf.html", {"programme": programme, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def signup_edit(request, programme_id, signup_id):
    programme = selectors.programme_for_supervisor(user=request.user, programme_id=programme_id)
    signup = selectors.signup_for_supervisor(
        user=request.user, programme=programme, signup_id=signup_id
    )
    form = SignUpForm(
        request.POST or None,
        themes=selectors.themes_for(organisation=programme.organisation),
        initial=SignUpForm.initial_from(signup),
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            services.signup_update(signup=signup, by=request.user, **form.cleaned_data)
            messages.success(request, _("The sign-up is saved."))
            return redirect("programmes:signups", programme_id=programme.pk)
    return render(
        request,
        "programmes/signup_edit.html",
        {"programme": programme, "signup": signup, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request, programme_id):
    programme = selectors.programme_for_supervisor(user=request.user, programme_id=programme_id)
    units = programme.units.filter(pk__in=units_supervised_by(user=request.user))
    form = InvitationForm(request.POST or None, units=units.order_by("name"))
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            invitation_create(by=request.user, programme=programme, **form.cleaned_data)
            messages.success(
                request,
                _("Invitation sent to %(email)s. After joining, they come to the sign-up form.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("programmes:signups", programme_id=programme.pk)
    return render(request, "programmes/invite.html", {"programme": programme, "form": form})


def _worker_initial(*, user, programme) -> dict:
    membership = selectors.worker_membership(user=user, programme=programme)
    initial = {"languages": [user.language] if user.language in Language.values else []}
    asked_as = selectors.role_asked_for(user=user, programme=programme)
    if asked_as:
        initial["role"] = asked_as
    if membership is not None:
        initial["experience_years"] = services.years_in_field(membership)
        initial["shifts"] = membership.shifts
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def signup(request, programme_id):
    """The worker's own sign-up: create it, or change it until they are in a pair."""
    programme = selectors.programme_for_worker(user=request.user, programme_id=programme_id)
    existing = selectors.signup_for_worker(user=request.user, programme=programme)
    initial = (
        SignUpForm.initial_from(existing)
        if existing
        else _worker_initial(user=request.user, programme=programme)
    )
    form = SignUpForm(
        request.POST or None,
        themes=selectors.themes_for(organisation=programme.organisation),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form, or_message_to=request):
            if existing is None:
                services.signup_create(
                    programme=programme, user=request.user, by=request.user, **form.cleaned_data
                )
            else:
                services.signup_update(signup=existing, by=request.user, **form.cleaned_data)
            messages.success(
                request,
                _("Thank you! You are signed up.")
                if existing is None
                else _("Your sign-up is saved."),
            )
            return redirect("programmes:signup", programme_id=programme.pk)
    return render(
        request,
        "programmes/signup.html",
        {
            "programme": programme,
            "signup": existing,
            "form": form,
            "closed": existing is None and not programme.signup_open,
        },
    )


@login_required
@require_POST
def withdraw(request, programme_id, signup_id):
    signup = selectors.signup_for_withdrawal(
        user=request.user, programme_id=programme_id, signup_id=signup_id
    )
    own = signup.user_id == request.user.pk
    with refusal_as_message(request):
        services.signup_withdraw(signup=signup, by=request.user)
        messages.success(
            request,
            _("Your sign-up is withdrawn.")
            if own
            else _("The sign-up of %(name)s is withdrawn.") % {"name": signup.user},
        )
    target = "programmes:signup" if own else "programmes:signups"
    return redirect(target, programme_id=signup.programme_id)
