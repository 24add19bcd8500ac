"""Meeting pages of a pair (members), the .ics file and the personal calendar feed, and the
supervisor's approvals and calendar.

Every view fetches through the user (outsiders get 404), parses a form, calls a service and
redirects; a refused change shows its message next to the field and changes nothing.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.accounts.calendar_feed import feed_owner
from mentoring.core.audit import audit_read
from mentoring.core.errors import DomainError
from mentoring.core.refusals import refusal_as_message, refusal_on_form
from mentoring.pairs.access import log_overseer_read, member_role, pair_for_member, pair_for_viewer
from mentoring.pairs.models import Pair
from mentoring.programmes.selectors import programme_for_supervisor
from units.access import units_visible_to, user_roles

from . import rules, selectors, services, supervision
from .feed import feed_meetings
from .forms import CancelForm, DecisionForm, LogForm, MoveForm, ProposeForm, RecordForm
from .ics import feed_ics, ics_filename, meeting_ics


def _minutes_hint(programme) -> str:
    return _("The programme's meetings last %(min)s–%(max)s minutes.") % {
        "min": programme.meeting_minutes_min,
        "max": programme.meeting_minutes_max,
    }


def _note_ambiguous_time(request, form) -> None:
    if form.ambiguous_time:
        messages.info(
            request,
            _(
                "The clocks go back that night, so %(time)s comes twice. The meeting is at "
                "the first %(time)s, before the clocks go back."
            )
            % {"time": form.cleaned_data["start_time"].strftime("%H:%M")},
        )


def _to_meetings(pair):
    return redirect("meetings:list", pair_id=pair.pk)


@login_required
@require_GET
def meeting_list(request, pair_id):
    access = pair_for_viewer(user=request.user, pair_id=pair_id)
    log_overseer_read(access=access, user=request.user, action="pair.read_meetings")
    context = selectors.pair_page_context(access=access)
    context["pair_url"] = selectors.pair_page_url(pair=access.pair)
    return render(request, "meetings/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def propose(request, pair_id):
    pair = pair_for_member(user=request.user, pair_id=pair_id)
    if pair.status not in Pair.RUNNING:
        messages.error(request, _("Meetings can be planned only while the pair is running."))
        return _to_meetings(pair)
    defaults = selectors.propose_defaults(pair=pair)
    form = ProposeForm(
        request.POST or None,
        initial=defaults.initial,
        kinds=defaults.kinds,
        minutes_hint=_minutes_hint(pair.programme),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_on_form(form):
            services.meeting_propose(
                pair=pair,
                kind=data["kind"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                by=request.user,
            )
            if pair.programme.approval_required:
                messages.success(request, _("Meeting proposed. It waits for your supervisor."))
            else:
                messages.success(request, _("Meeting planned."))
            _note_ambiguous_time(request, form)
            return _to_meetings(pair)
    return render(
        request,
        "meetings/propose.html",
        {"pair": pair, "form": form, "defaults": defaults},
    )


@login_required
@require_http_methods(["GET", "POST"])
def record(request, pair_id):
    """A meeting held without booking (at a shift change, say), recorded as held at once."""
    pair = pair_for_member(user=request.user, pair_id=pair_id)
    with refusal_as_message(request):
        rules.check_recordable(pair.status)
        return _record_page(request, pair)
    return _to_meetings(pair)


def _record_page(request, pair):
    defaults = selectors.record_defaults(pair=pair)
    form = RecordForm(
        request.POST or None,
        initial=defaults.initial,
        kinds=defaults.kinds,
        themes=defaults.themes,
        goals=defaults.goals,
        today=timezone.localdate(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_on_form(form):
            services.meeting_record(
                pair=pair,
                kind=data["kind"],
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                place=data["place"],
                themes=data["themes"],
                goals=data["goals"],
                progress=data["progress"],
                notes=data["notes"],
                by=request.user,
            )
            messages.success(request, _("Meeting recorded."))
            _note_ambiguous_time(request, form)
            return _to_meetings(pair)
    return render(request, "meetings/record.html", {"pair": pair, "form": form})


def _planned_or_back(request, meeting):
    """None if the meeting can still change (the services' own rule); else back, told why."""
    with refusal_as_message(request):
        rules.check_changeable(meeting)
        return None
    return _to_meetings(meeting.pair)


@login_required
@require_http_methods(["GET", "POST"])
def move(request, meeting_id):
    meeting = selectors.meeting_for_member(user=request.user, meeting_id=meeting_id)
    if (back := _planned_or_back(request, meeting)) is not None:
        return back
    local = timezone.localtime(meeting.starts_at)
    form = MoveForm(
        request.POST or None,
        initial={
            "date": local.date(),
            "start_time": local.time(),
            "minutes": int((meeting.ends_at - meeting.starts_at).total_seconds() // 60),
            "place": meeting.place,
        },
        minutes_hint=_minutes_hint(meeting.pair.programme),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_on_form(form):
            services.meeting_move(
                meeting=meeting,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                reason=data["reason"],
                by=request.user,
            )
            messages.success(request, _("Meeting moved."))
            _note_ambiguous_time(request, form)
            return _to_meetings(meeting.pair)
    return _change_page(request, "meetings/move.html", meeting, form)


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, meeting_id):
    meeting = selectors.meeting_for_member(user=request.user, meeting_id=meeting_id)
    if (back := _planned_or_back(request, meeting)) is not None:
        return back
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form):
            services.meeting_cancel(
                meeting=meeting, reason=form.cleaned_data["reason"], by=request.user
            )
            messages.success(request, _("Meeting cancelled."))
            return _to_meetings(meeting.pair)
    return _change_page(request, "meetings/cancel.html", meeting, form)


def _change_page(request, template, meeting, form):
    agreement = selectors.accepted_agreement(pair=meeting.pair)
    return render(
        request,
        template,
        {
            "meeting": meeting,
            "form": form,
            "practice": agreement.moving_practice if agreement else "",
            "history": selectors.meeting_history(meeting=meeting),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def log(request, meeting_id):
    meeting = selectors.meeting_for_member(user=request.user, meeting_id=meeting_id)
    existing, themes, goals = selectors.log_form_data(meeting=meeting)
    initial = {"minutes": meeting.held_minutes or meeting.planned_minutes}
    if existing is not None:
        initial.update(
            themes=list(existing.themes.all()),
            goals=list(existing.goals.all()),
            progress=existing.progress,
            notes=existing.notes,
        )
    form = LogForm(request.POST or None, initial=initial, themes=themes, goals=goals)
    if request.method == "POST" and form.is_valid():
        with refusal_on_form(form):
            services.meeting_log(meeting=meeting, by=request.user, **form.cleaned_data)
            messages.success(request, _("Meeting logged."))
            return _to_meetings(meeting.pair)
    return render(
        request, "meetings/log.html", {"meeting": meeting, "form": form, "existing": existing}
    )


@login_required
@require_GET
def ics(request, meeting_id):
    meeting = selectors.meeting_for_calendar_file(user=request.user, meeting_id=meeting_id)
    if member_role(pair=meeting.pair, user=request.user) is None:  # a supervisor's download
        audit_read(actor=request.user, action="meeting.export_ics", obj=meeting)
    response = HttpResponse(
        meeting_ics(meeting, for_user=request.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(meeting)}"'
    return response


@require_GET
def calendar_feed(request, token: str):
    """A person's meetings for their phone's calendar. No login (calendar apps cannot log
    in): the secret address decides whose meetings, and any other address is a 404. Computed
    on each request, so it is as current as the pages; kept out of shared caches."""
    user = feed_owner(token=token)
    if user is None:
        raise Http404
    own, supervised = feed_meetings(user=user)
    response = HttpResponse(
        feed_ics(own=own, supervised=supervised, for_user=user),
        content_type="text/calendar; charset=utf-8",
    )
    patch_cache_control(response, private=True)
    response["Content-Disposition"] = 'inline; filename="mentorpolku.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def approvals_home(request):
    if not user_roles(request.user).is_supervisor:
        raise Http404
    programmes = supervision.programmes_with_pending(user=request.user)
    return render(request, "meetings/approvals_home.html", {"programmes": programmes})


def _approvals_page(request, programme, *, errors=None, status=200):
    pending = supervision.pending_approvals(programme=programme)
    for meeting in pending:
        meeting.decision_error = (errors or {}).get(meeting.pk, "")
    return render(
        request,
        "meetings/approvals.html",
        {
            "programme": programme,
            "pending": pending,
            "decided": supervision.recent_decisions(programme=programme),
            "now": timezone.now(),
        },
        status=status,
    )


@login_required
@require_GET
def approvals(request, programme_id):
    programme = programme_for_supervisor(user=request.user, programme_id=programme_id)
    return _approvals_page(request, programme)


@login_required
@require_POST
def decide(request, meeting_id):
    meeting = selectors.meeting_for_supervisor(user=request.user, meeting_id=meeting_id)
    programme = meeting.pair.programme
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or decline."))
        return redirect("meetings:approvals", programme_id=programme.pk)
    data = form.cleaned_data
    service = (
        services.meeting_approve if data["decision"] == "approve" else services.meeting_decline
    )
    try:
        service(meeting=meeting, comment=data["comment"], by=request.user)
    except DomainError as error:
        if error.field == "comment":
            return _approvals_page(
                request, programme, errors={meeting.pk: error.message}, status=400
            )
        messages.error(request, error.message)
    else:
        if data["decision"] == "approve":
            messages.success(request, _("Meeting time approved."))
        else:
            messages.success(request, _("Meeting time declined. The pair sees your comment."))
    return redirect("meetings:approvals", programme_id=programme.pk)


# The calendar pages through these months; any other ?month= shows the current month (a far
# year would overflow the date arithmetic of the previous and next links).
FIRST_MONTH, LAST_MONTH = dt.date(2000, 1, 1), dt.date(2100, 12, 1)


def _month(value: str | None) -> dt.date:
    this_month = timezone.localdate().replace(day=1)
    try:
        month = dt.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return this_month
    return month if FIRST_MONTH <= month <= LAST_MONTH else this_month


@login_required
@require_GET
def calendar_home(request):
    unit = units_visible_to(user=request.user).order_by("name").first()
    if unit is None:
        raise Http404
    return redirect("meetings:calendar", unit_id=unit.pk)


@login_required
@require_GET
def calendar(request, unit_id):
    units = list(units_visible_to(user=request.user).order_by("name"))
    unit = next((u for u in units if u.pk == unit_id), None)
    if unit is None:
        raise Http404
    month = _month(request.GET.get("month"))
    previous = (month - dt.timedelta(days=1)).replace(day=1) if month > FIRST_MONTH else None
    following = (month + dt.timedelta(days=32)).replace(day=1) if month < LAST_MONTH else None
    return render(
        request,
        "meetings/calendar.html",
        {
            "unit": unit,
            "units": units,
            "month": month,
            "previous": previous,
            "following": following,
            "days": supervision.unit_calendar(unit=unit, month=month),
            "today": timezone.localdate(),
        },
    )
