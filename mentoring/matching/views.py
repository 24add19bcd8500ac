"""The suggestions screen. Supervisors of the programme's units only; others get 404.

Every action is a plain form POST that redirects back (works without JavaScript); with
htmx the same POST answers with the re-drawn screen part instead of a redirect.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from mentoring.core.refusals import refusal_as_message, refusal_on_form
from mentoring.programmes.selectors import programme_for_supervisor

from . import runs, services
from .engine import DroppedLock
from .forms import LockForm, RuleForm, SwapForm, WeightsForm
from .models import SuggestionRun
from .pool import load_pool
from .selectors import (
    rule_for_supervisor,
    run_for_supervisor,
    suggestion_for_supervisor,
    suggestions_board,
    swap_options,
)


def _screen(request, programme, *, weights_form=None, rule_form=None):
    pool = load_pool(programme)
    context = {
        "programme": programme,
        "board": suggestions_board(pool=pool),
        "weights_form": weights_form or WeightsForm(weights=pool.weights),
        "rule_form": rule_form or RuleForm(pool=pool),
    }
    template = "matching/_board.html" if request.htmx else "matching/suggestions.html"
    return render(request, template, context)


def _back(request, programme):
    if request.htmx:
        return _screen(request, programme)
    return redirect("matching:suggestions", programme_id=programme.pk)


@login_required
@require_GET
def suggestions(request, programme_id):
    programme = programme_for_supervisor(user=request.user, programme_id=programme_id)
    return _screen(request, programme)


def _tell_result(request, suggested: int, dropped_locks) -> None:
    messages.success(
        request,
        ngettext("%(count)d pair suggested.", "%(count)d pairs suggested.", suggested)
        % {"count": suggested},
    )
    for lock in dropped_locks:
        messages.warning(
            request,
            _("Lock dropped: %(actor)s – %(mentor)s: %(reason)s.")
            % {"actor": lock.actor, "mentor": lock.mentor, "reason": lock.reason},
        )


@login_required
@require_POST
def run(request, programme_id):
    """A small programme is solved here and now; a large one by a worker, while the run's
    page shows the progress (a web request never waits for seconds)."""
    programme = programme_for_supervisor(user=request.user, programme_id=programme_id)
    with refusal_as_message(request):
        if runs.background_needed(programme=programme):
            return _in_background(request, programme, SuggestionRun.Kind.SUGGEST)
        proposal = services.suggestions_run(programme=programme, by=request.user)
        _tell_result(request, len(proposal.items), proposal.dropped_locks)
    return _back(request, programme)


def _in_background(request, programme, kind: str):
    """Hand the work to a worker and show its page."""
    started = runs.suggestions_run_start(programme=programme, by=request.user, kind=kind)
    url = reverse("matching:run_status", args=[programme.pk, started.pk])
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


RUN_FAILURES = {
    "conflict": gettext_lazy(
        "Someone else changed these suggestions at the same moment. Suggest pairs again."
    ),
    "not_started": gettext_lazy("The suggestions could not be started just now. Try again soon."),
    "lost": gettext_lazy("The suggestions took too long and were stopped. Try again."),
    "crashed": gettext_lazy("Something went wrong while suggesting pairs. Try again."),
}


@login_required
@require_GET
def run_status(request, programme_id, run_id):
    """A run under way: its progress, looked at again every few seconds (a refresh in the
    page's head: no script). Once done, the suggestions themselves."""
    suggestion_run = run_for_supervisor(user=request.user, programme_id=programme_id, run_id=run_id)
    programme = suggestion_run.programme
    if suggestion_run.status == SuggestionRun.Status.DONE:
        result = suggestion_run.result
        if suggestion_run.kind == SuggestionRun.Kind.ACCEPT:
            _tell_accepted(request, result.get("accepted", 0), result.get("problems", []))
        else:
            locks = [DroppedLock(**lock) for lock in result.get("dropped_locks", [])]
            _tell_result(request, result.get("suggested", 0), locks)
        return redirect("matching:suggestions", programme_id=programme.pk)
    if suggestion_run.status == SuggestionRun.Status.FAILED:
        error = suggestion_run.result.get("error", "crashed")
        messages.error(request, RUN_FAILURES.get(error, RUN_FAILURES["crashed"]))
        return redirect("matching:suggestions", programme_id=programme.pk)
    context = {"programme": programme, "run": suggestion_run, "refresh_seconds": 2}
    return render(request, "matching/run.html", context)


@login_required
@require_POST
def accept(request, programme_id, suggestion_id):
    suggestion = suggestion_for_supervisor(
        user=request.user, programme_id=programme_id, suggestion_id=suggestion_id
    )
    with refusal_as_message(request):
        pair = services.suggestion_accept(suggestion=suggestion, by=request.user)
        messages.success(
            request,
            _("%(mentor)s and %(actor)s are now a pair (not yet published).")
            % {"mentor": pair.mentor.user.name, "actor": pair.actor.user.name},
        )
    return _back(request, suggestion.programme)


@login_required
@require_POST
def accept_all(request, programme_id):
    programme = programme_for_supervisor(user=request.user, programme_id=programme_id)
    with refusal_as_message(request):
        if runs.background_needed(programme=programme):
            return _in_background(request, programme, SuggestionRun.Kind.ACCEPT)
        accepted, problems = services.suggestions_accept_all(programme=programme, by=request.user)
        _tell_accepted(request, accepted, problems)
    return _back(request, programme)


def _tell_accepted(request, accepted: int, problems: list[str]) -> None:
    messages.success(
        request,
        ngettext(
            "%(count)d pair made (not yet published).",
            "%(count)d pairs made (not yet published).",
            accepted,
        )
        % {"count": accepted},
    )
    for problem in problems:
        messages.warning(request, problem)


@login_required
@require_POST
def reject(request, programme_id, suggestion_id):
    suggestion = suggestion_for_supervisor(
        user=request.user, programme_id=programme_id, suggestion_id=suggestion_id
    )
    with refusal_as_message(request):
        services.suggestion_reject(suggestion=suggestion, by=request.user)
        messages.success(request, _("Suggestion rejected. It will not come back."))
    return _back(request, suggestion.programme)


@login_required
@require_POST
def lock(request, programme_id, suggestion_id):
    suggestion = suggestion_for_supervisor(
        user=request.user, programme_id=programme_id, suggestion_id=suggestion_id
    )
    form = LockForm(request.POST)
    if not form.is_valid():  # only the screen's own buttons send this: nothing changes
        messages.error(request, _("Choose lock or unlock."))
        return _back(request, suggestion.programme)
    locked = form.cleaned_data["locked"]
    with refusal_as_message(request):
        services.suggestion_lock(suggestion=suggestion, locked=locked, by=request.user)
        messages.success(
            request,
            _("Locked: kept when pairs are suggested again.")
            if locked
            else _("Unlocked: may change when pairs are suggested again."),
        )
    return _back(request, suggestion.programme)


def _swap_screen(request, suggestion, form):
    pool = load_pool(suggestion.programme)
    index = pool.actor_index.get(suggestion.actor_id)
    context = {
        "programme": suggestion.programme,
        "suggestion": suggestion,
        "actor": pool.actors[index] if index is not None else None,
        "options": swap_options(pool=pool, actor_id=suggestion.actor_id),
        "form": form,
    }
    template = "matching/_swap_options.html" if request.htmx else "matching/swap.html"
    return render(request, template, context)


@login_required
@require_GET
def swap(request, programme_id, suggestion_id):
    """Other mentors with a free place for this actor, each with its score and reasons."""
    suggestion = suggestion_for_supervisor(
        user=request.user, programme_id=programme_id, suggestion_id=suggestion_id
    )
    return _swap_screen(request, suggestion, SwapForm())


@login_required
@require_POST
def swap_choose(request, programme_id, suggestion_id):
    suggestion = suggestion_for_supervisor(
        user=request.user, programme_id=programme_id, suggestion_id=suggestion_id
    )
    form = SwapForm(request.POST)
    if form.is_valid():
        with refusal_on_form(form):
            services.suggestion_swap(
                suggestion=suggestion, mentor_id=form.cleaned_data["mentor"], by=request.user
            )
            messages.success(request, _("Mentor changed. The pair is locked."))
            response = _back(request, suggestion.programme)
            if request.htmx:  # the choice was made inside the card: re-draw the whole screen
                response = reswap(retarget(response, "#matching"), "outerHTML")
            return response
    return _swap_screen(request, suggestion, form)


@login_required
@require_POST
def weights(request, programme_id):
    programme = programme_for_supervisor(user=request.user, programme_id=programme_id)
    form = WeightsForm(request.POST)
    if not form.is_valid():
        return _screen(request, programme, weights_form=form)
    with refusal_as_message(request):
        services.weights_update(programme=programme, values=form.cleaned_data, by=request.user)
        messages.success(request, _("Weights saved. Suggest pairs again to use them."))
    return _back(request, programme)


@login_required
@require_POST
def rule_add(request, programme_id):
    programme = programme_for_supervisor(user=request.user, programme_id=programme_id)
    form = RuleForm(request.POST, pool=load_pool(programme))
    if form.is_valid():
        with refusal_on_form(form):
            services.rule_create(
                programme=programme,
                actor_id=form.cleaned_data["actor"],
                mentor_id=form.cleaned_data["mentor"],
                kind=form.cleaned_data["kind"],
                by=request.user,
            )
            messages.success(request, _("Rule saved."))
            return _back(request, programme)
    return _screen(request, programme, rule_form=form)


@login_required
@require_POST
def rule_delete(request, programme_id, rule_id):
    rule = rule_for_supervisor(user=request.user, programme_id=programme_id, rule_id=rule_id)
    with refusal_as_message(request):
        services.rule_delete(rule=rule, by=request.user)
        messages.success(request, _("Rule removed."))
    return _back(request, rule.programme)


@login_required
@require_POST
def rejections_clear(request, programme_id):
    programme = programme_for_supervisor(user=request.user, programme_id=programme_id)
    with refusal_as_message(request):
        services.rejections_clear(programme=programme, by=request.user)
        messages.success(request, _("Rejected suggestions may be suggested again."))
    return _back(request, programme)
