from allauth.account.utils import perform_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from mentoring.core.refusals import refusal_as_message, refusal_on_form
from units.access import units_supervised_by, user_roles

from . import services
from .calendar_feed import own_feed_token
from .forms import AcceptInvitationForm, InvitationForm, ProfileForm
from .signin.adapters import remember_language


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this after too many failed logins: a cool-off, never a permanent lock."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@require_POST
def set_language(request):
    """The footer's language switcher. A logged-in user's choice becomes their preference,
    so the next login and the emails they receive use it too."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    valid = language in dict(settings.LANGUAGES) and check_for_language(language)
    if valid and request.user.is_authenticated and request.user.language != language:
        services.user_language_set(user=request.user, language=language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def invitation_new(request):
    units = units_supervised_by(user=request.user)
    if not user_roles(request.user).is_supervisor:
        raise Http404
    form = InvitationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form):
            services.invitation_create(by=request.user, **form.cleaned_data)
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("accounts:invite")
    return render(
        request, "accounts/invitation_new.html", {"form": form, "units": units.order_by("name")}
    )


def invitation_target(invitation) -> str:
    """Where the person goes once the invitation is accepted."""
    if invitation.programme_id:
        return reverse("programmes:signup", kwargs={"programme_id": invitation.programme_id})
    return reverse("site:home")


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """Accept with a new password, or signed in already. Where the organisation has its own
    sign-in service the page offers its button too (the SSO login accepts the invitation);
    where that is the only way in, only the button (a password is refused)."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    user = request.user if request.user.is_authenticated else None
    sso = services.invitation_single_sign_on(invitation)
    sso_only = sso is not None and sso.sso_only
    form = AcceptInvitationForm(
        request.POST if request.method == "POST" else None,
        email=invitation.email,
        initial={"name": invitation.name},
    )
    if request.method == "POST" and (user is not None or form.is_valid() or sso_only):
        with refusal_as_message(request):
            user = services.invitation_accept(
                invitation=invitation,
                name=form.cleaned_data.get("name", "") if user is None else user.name,
                password=form.cleaned_data.get("password1", "") if user is None else None,
                user=user,
            )
            messages.success(request, _("Welcome to %(unit)s.") % {"unit": invitation.place.name})
            target = invitation_target(invitation)
            if request.user.is_authenticated:
                return remember_language(redirect(target), user.language)
            # The new account signs in through allauth like any login (its steps, its
            # signal, the language cookie); a supervisor is then led to set MFA up.
            return perform_login(request, user, email_verification="none", redirect_url=target)
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "form": form,
            "invitation": invitation,
            "signed_in": user is not None,
            "sso": sso,
            "sso_only": sso_only,
            "target": invitation_target(invitation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"name": user.name, "phone": user.phone, "language": user.language},
    )
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your details are saved."))
        return remember_language(redirect("accounts:profile"), user.language)
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "feed_token": own_feed_token(user=user),
            # For the webcal:// form of the calendar address (the same host and path).
            "site_url": settings.SITE_URL,
            "site_host": settings.SITE_URL.split("://", 1)[-1],
        },
    )


@login_required
@require_POST
def calendar_feed(request):
    """Make a (new) secret calendar address, or stop the current one. Only one's own."""
    action = request.POST.get("action")
    with refusal_as_message(request):
        if action == "new":
            services.calendar_feed_renew(user=request.user, by=request.user)
            messages.success(
                request, _("Your calendar address is ready. Any earlier address no longer works.")
            )
        elif action == "stop":
            if services.calendar_feed_stop(user=request.user, by=request.user):
                messages.success(request, _("Your calendar address no longer works."))
    return redirect(reverse("accounts:profile") + "#calendar")
