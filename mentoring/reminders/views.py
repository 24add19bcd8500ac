from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring.core.refusals import refusal_on_form
from mentoring.path.kinds import Kind
from units.access import user_roles

from . import services
from .forms import PreferencesForm
from .kinds import DESCRIPTIONS
from .selectors import preference_kinds


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    """The signed-in user's own reminder choices: nobody else's can be reached."""
    user = request.user
    kinds = preference_kinds(roles=user_roles(user))
    offered = kinds["optional"]
    muted = set(user.muted_reminders or [])
    form = PreferencesForm(
        request.POST or None,
        offered=offered,
        initial={"enabled": [k for k in offered if k not in muted]},
    )
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form):
            services.reminder_preferences_update(
                user=user, enabled=form.cleaned_data["enabled"], offered=offered, by=user
            )
            messages.success(request, _("Your reminder choices are saved."))
            return redirect("reminders:preferences")
    labels = dict(Kind.choices)
    essentials = [(labels[k], DESCRIPTIONS[k]) for k in kinds["essential"]]
    return render(request, "reminders/preferences.html", {"form": form, "essentials": essentials})
