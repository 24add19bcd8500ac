"""Pairs: the supervisor's board and dashboard, the pair page. Thin views: fetch through
the user (404 to anyone else), call a form and a service, render. They live on the top
floor because each page gathers several parts: sign-ups, pairs, where each pair is on the
path, suggestions, and the sections of the pair page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from mentoring.agreements import selectors as agreement_selectors
from mentoring.core.audit import audit_read
from mentoring.core.refusals import refusal_as_message, refusal_on_form
from mentoring.core.working_time import next_working_moment
from mentoring.evaluations import selectors as evaluation_selectors
from mentoring.matching.selectors import board_suggestions_context
from mentoring.meetings import selectors as meeting_selectors
from mentoring.pairs import services
from mentoring.pairs.access import (
    log_overseer_read,
    overseer_opens,
    pair_for_supervisor,
    pair_for_viewer,
)
from mentoring.pairs.forms import PairCreateForm
from mentoring.path.selectors import pair_path
from mentoring.programmes.access import user_supervises
from mentoring.programmes.selectors import programme_for_overseer, programme_for_supervisor

from ..board import pairs_board
from ..dashboard import dashboard_context, hours_by_person_and_month
from ..exports import hours_csv, hours_csv_filename
from ..pair_page import pair_people
from ..retention import pair_texts_erased_on


def _board_context(*, programme, form=None) -> dict:
    context = pairs_board(programme=programme)
    form = form or PairCreateForm(programme=programme)
    form.offer(
        mentors=[m for m in context["mentors"] if m.places_free],
        actors=context["unpaired_actors"],
    )
    return {**context, **board_suggestions_context(programme=programme), "form": form}


@login_required
@require_GET
def board(request, programme_id):
    programme = programme_for_supervisor(user=request.user, programme_id=programme_id)
    return render(request, "pairs/board.html", _board_context(programme=programme))


@login_required
@require_POST
def create(request, programme_id):
    programme = programme_for_supervisor(user=request.user, programme_id=programme_id)
    form = PairCreateForm(request.POST, programme=programme)
    if form.is_valid():
        with refusal_on_form(form):
            pair = services.pair_create(
                programme=programme,
                mentor=form.cleaned_data["mentor"],
                actor=form.cleaned_data["actor"],
                by=request.user,
            )
            messages.success(
                request,
                _("%(mentor)s and %(actor)s are now a pair (not yet published).")
                % {"mentor": pair.mentor.user.name, "actor": pair.actor.user.name},
            )
            return redirect("pairs:board", programme_id=programme.pk)
    # Nothing changed: the board again, with the message next to the field.
    context = _board_context(programme=programme, form=form)
    return render(request, "pairs/board.html", context, status=400)


@login_required
@require_POST
def undo(request, pair_id):
    pair = pair_for_supervisor(user=request.user, pair_id=pair_id)
    with refusal_as_message(request):
        services.pair_undo(pair=pair, by=request.user)
        messages.success(
            request,
            _("The pair %(mentor)s – %(actor)s was undone.")
            % {"mentor": pair.mentor.user.name, "actor": pair.actor.user.name},
        )
    return redirect("pairs:board", programme_id=pair.programme_id)


def _tell_when_emails_go(request) -> None:
    """Emails wait for working hours: say so when they will not leave at once."""
    now = timezone.now()
    sends_at = next_working_moment(now)
    if sends_at > now:
        messages.info(
            request,
            _("It is outside working hours, so the emails go out on %(when)s.")
            % {"when": date_format(timezone.localtime(sends_at), "DATETIME_FORMAT")},
        )


@login_required
@require_POST
def publish(request, pair_id):
    pair = pair_for_supervisor(user=request.user, pair_id=pair_id)
    with refusal_as_message(request):
        services.pair_publish(pair=pair, by=request.user)
        messages.success(
            request,
            _("Published: %(mentor)s and %(actor)s get an email about each other.")
            % {"mentor": pair.mentor.user.name, "actor": pair.actor.user.name},
        )
        _tell_when_emails_go(request)
    return redirect("pairs:board", programme_id=pair.programme_id)


@login_required
@require_POST
def publish_all(request, programme_id):
    programme = programme_for_supervisor(user=request.user, programme_id=programme_id)
    with refusal_as_message(request):
        count = services.pair_publish_all(programme=programme, by=request.user)
        messages.success(
            request,
            ngettext(
                "%(count)s pair published; both members get an email.",
                "%(count)s pairs published; all members get an email.",
                count,
            )
            % {"count": count},
        )
        _tell_when_emails_go(request)
    return redirect("pairs:board", programme_id=programme.pk)


@login_required
@require_GET
def dashboard(request, programme_id):
    programme = programme_for_overseer(user=request.user, programme_id=programme_id)
    context = dashboard_context(programme=programme)
    supervises = user_supervises(user=request.user, programme=programme)
    context["can_form_pairs"] = supervises
    for pair in context["pairs"]:
        pair.opens = overseer_opens(pair=pair, supervises=supervises)
    return render(request, "pairs/dashboard.html", context)


@login_required
@require_GET
def hours_export(request, programme_id):
    programme = programme_for_overseer(user=request.user, programme_id=programme_id)
    body = hours_csv(hours_by_person_and_month(programme=programme))
    audit_read(actor=request.user, action="programme.export_hours", obj=programme)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, hours_csv_filename(programme)
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def detail(request, pair_id):
    access = pair_for_viewer(user=request.user, pair_id=pair_id)
    log_overseer_read(access=access, user=request.user)
    pair = access.pair
    context = {
        "access": access,
        "pair": pair,
        "programme": pair.programme,
        "stage": pair_path(pair=pair).stage,
        **pair_people(access=access),
        # Only the members wrote the texts, so only they are told when the texts go.
        "texts_erased_on": pair_texts_erased_on(pair) if access.is_member else None,
        "today": timezone.localdate(),
    }
    # Each part of the path adds its own section; none of them sees notes unless a member.
    for part in (agreement_selectors, meeting_selectors, evaluation_selectors):
        context.update(part.pair_page_context(access=access))
    return render(request, "pairs/detail.html", context)
