"""Agreement pages. Only the pair's two members reach them (everyone else: 404); the
supervisor and the organisation admin see the agreement's status on the pair page."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.core.errors import DomainError
from mentoring.core.refusals import refusal_as_message
from mentoring.pairs.access import PairAccess, member_role, pair_for_member

from . import selectors, services
from .forms import AcceptForm, AgreementForm
from .models import Agreement


def _member_access(request: HttpRequest, pair_id) -> PairAccess:
    pair = pair_for_member(user=request.user, pair_id=pair_id)
    return PairAccess(pair, member_role(pair=pair, user=request.user))


def _pair_url(pair) -> str:
    return reverse("pairs:detail", kwargs={"pair_id": pair.pk}) + "#agreement"


def _back(request: HttpRequest, pair):
    """Back where the button was (the pair page or the agreement page), never elsewhere."""
    target = request.POST.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("agreements:detail", kwargs={"pair_id": pair.pk})
    return redirect(target)


@login_required
@require_GET
def agreement_detail(request, pair_id):
    access = _member_access(request, pair_id)
    panel = selectors.agreement_panel(access=access)
    return render(
        request,
        "agreements/detail.html",
        {"pair": access.pair, "agreement_panel": panel, "pair_url": _pair_url(access.pair)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request, pair_id):
    access = _member_access(request, pair_id)
    pair = access.pair
    if not selectors.pair_can_change(pair):
        messages.info(request, _("This pair has concluded, so its agreement can no longer change."))
        return redirect("agreements:detail", pair_id=pair.pk)
    in_force, draft = selectors.agreements_current(pair=pair)
    today = timezone.localdate()
    form_kwargs = {"programme": pair.programme, "today": today}
    if request.method == "POST":
        form = AgreementForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                saved = services.agreement_save_draft(
                    pair=pair,
                    by=request.user,
                    terms=form.terms(),
                    goals=form.goals(),
                    based_on_revision=form.cleaned_data["revision"],
                )
            except services.AgreementInvalid as error:
                for field, message in error.errors.items():
                    form.add_error(form.field_for(field), message)
            except services.DraftChanged as error:
                form.add_error(None, error.message)
                # The member has now been warned: saving again keeps their text.
                form.data = form.data.copy()
                form.data["revision"] = str(error.revision)
                in_force, draft = selectors.agreements_current(pair=pair)
            except DomainError as error:
                form.add_error(form.field_for(error.field), error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Draft of version %(version)d saved. It comes into force when you have both accepted it."
                    )
                    % {"version": saved.version},
                )
                return redirect("agreements:detail", pair_id=pair.pk)
    else:
        base = draft or in_force
        initial = selectors.agreement_initial(pair=pair, base=base, today=today)
        initial["revision"] = draft.revision if draft else 0
        form = AgreementForm(initial=initial, **form_kwargs)
    return render(
        request,
        "agreements/edit.html",
        {
            "pair": pair,
            "form": form,
            "draft": draft,
            "in_force": in_force,
            "pair_url": _pair_url(pair),
        },
    )


@login_required
@require_POST
def agreement_accept(request, pair_id):
    access = _member_access(request, pair_id)
    pair = access.pair
    form = AcceptForm(request.POST)
    draft = selectors.agreement_draft(pair=pair)
    if not form.is_valid() or draft is None or draft.version != form.cleaned_data["version"]:
        messages.error(request, _("This version is no longer waiting for acceptance."))
        return _back(request, pair)
    with refusal_as_message(request):
        accepted = services.agreement_accept(
            agreement=draft, by=request.user, revision=form.cleaned_data["revision"]
        )
        if accepted.status == Agreement.Status.ACCEPTED:
            messages.success(
                request,
                _("You have both accepted version %(version)d. It is now in force.")
                % {"version": accepted.version},
            )
        else:
            messages.success(
                request,
                _(
                    "You accepted version %(version)d. It comes into force when %(name)s accepts it too."
                )
                % {"version": accepted.version, "name": _other_name(access)},
            )
    return _back(request, pair)


def _other_name(access: PairAccess) -> str:
    other = access.pair.actor if access.role == "mentor" else access.pair.mentor
    return other.user.name


@login_required
@require_POST
def agreement_amend(request, pair_id):
    access = _member_access(request, pair_id)
    with refusal_as_message(request):
        draft = services.agreement_new_version(pair=access.pair, by=request.user)
        messages.success(
            request,
            _(
                "Version %(version)d started as a copy. The current agreement stays in force "
                "until you have both accepted the new one."
            )
            % {"version": draft.version},
        )
        return redirect("agreements:edit", pair_id=access.pair.pk)
    return _back(request, access.pair)


@login_required
@require_GET
def agreement_history(request, pair_id):
    access = _member_access(request, pair_id)
    return render(
        request,
        "agreements/history.html",
        {
            "pair": access.pair,
            "versions": selectors.agreement_versions(pair=access.pair),
            "pair_url": _pair_url(access.pair),
        },
    )


@login_required
@require_GET
def agreement_print(request, pair_id):
    access = _member_access(request, pair_id)
    version = request.GET.get("version")
    if version is not None and not re.fullmatch(r"[0-9]{1,5}", version):
        raise Http404
    agreement = selectors.agreement_for_print(
        pair=access.pair, version=int(version) if version else None
    )
    if agreement is None:
        raise Http404
    return render(
        request,
        "agreements/print.html",
        {"pair": access.pair, "agreement": agreement},
    )
