"""Reads of programmes, always through the user: outsiders get 404, never a hint.

Who may see which programme is decided in ``.access``; these fetch one and what its pages show.
"""

from django.db.models import (
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404

from mentoring.core.counting import count_per_row
from units.access import (
    organisations_overseen_by,
    units_supervised_among,
    worker_memberships,
    workers_of_units,
)
from units.models import Membership, Unit

from .access import (
    programmes_managed_by,
    programmes_open_to,
    programmes_overseen_by,
    programmes_presented_to,
)
from .hooks import signup_held
from .models import ParticipationRequest, Programme, SignUp, Theme


def programme_for_supervisor(*, user, programme_id) -> Programme:
    programme = (
        programmes_managed_by(user=user)
        .select_related("organisation")
        .filter(pk=programme_id)
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def programme_for_overseer(*, user, programme_id) -> Programme:
    programme = (
        programmes_overseen_by(user=user)
        .select_related("organisation")
        .filter(pk=programme_id)
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def programme_for_worker(*, user, programme_id) -> Programme:
    """The programme, if the user works in one of its units (the sign-up page)."""
    programme = (
        programmes_open_to(user=user).select_related("organisation").filter(pk=programme_id).first()
    )
    if programme is None:
        raise Http404
    return programme


def programme_for_viewer(*, user, programme_id) -> Programme:
    """The presentation page: its overseers and the workers of its units."""
    programme = (
        programmes_presented_to(user=user)
        .select_related("organisation")
        .filter(pk=programme_id)
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def _active_signups(role: str):
    """How many active sign-ups of ``role`` the programme has."""
    active = SignUp.objects.filter(status=SignUp.Status.ACTIVE, role=role)
    return count_per_row(active, link="programme")


def with_signup_counts(qs: QuerySet[Programme]) -> QuerySet[Programme]:
    """Each programme with its ``mentor_count`` and ``actor_count``. Counted per row shown
    (a subquery), not by grouping the sign-ups of every programme: a page of 25 of an
    organisation's 2,000 programmes counts 25 (issue 13)."""
    return qs.annotate(
        mentor_count=_active_signups(SignUp.Role.MENTOR),
        actor_count=_active_signups(SignUp.Role.ACTOR),
    )


def programme_list_for(*, user) -> QuerySet[Programme]:
    """The programme list of a supervisor or organisation admin, with counts and its units
    as ``unit_list`` (a list: no related manager and queryset per row of a page)."""
    return with_signup_counts(
        programmes_overseen_by(user=user).prefetch_related(
            Prefetch("units", queryset=Unit.objects.order_by("name"), to_attr="unit_list")
        )
    ).order_by("-starts_on", "name")


def in_live_pair():
    """Annotation: the sign-up (``OuterRef("pk")``) is in a pair that is not concluded."""
    return signup_held(OuterRef("pk"))


def signups_of(*, programme: Programme) -> QuerySet[SignUp]:
    """Every sign-up of the programme with what the supervisor's list shows, in constant queries."""
    job_title = Membership.objects.filter(user=OuterRef("user_id"), unit=OuterRef("unit_id"))
    return (
        SignUp.objects.filter(programme=programme)
        .select_related("user", "unit")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("organisation_id", "id"))
        )
        .annotate(
            job_title=Subquery(job_title.values("job_title")[:1]),
            in_pair=in_live_pair(),
        )
        .order_by("user__name", "created_at")
    )


def signup_for_worker(*, user, programme: Programme) -> SignUp | None:
    """The worker's own active sign-up in the programme, if any."""
    return (
        SignUp.objects.filter(programme=programme, user=user, status=SignUp.Status.ACTIVE)
        .annotate(in_pair=in_live_pair())
        .prefetch_related("themes")
        .first()
    )


def signup_for_supervisor(*, user, programme: Programme, signup_id) -> SignUp:
    """A sign-up of a programme the user runs (``programme`` already fetched through the user)."""
    signup = (
        SignUp.objects.filter(programme=programme, pk=signup_id)
        .select_related("user", "unit")
        .prefetch_related("themes")
        .annotate(in_pair=in_live_pair())
        .first()
    )
    if signup is None:
        raise Http404
    return signup


def signup_for_withdrawal(*, user, programme_id, signup_id) -> SignUp:
    """The worker's own sign-up, or one of a programme the user runs as supervisor."""
    supervised = programmes_managed_by(user=user).values("pk")
    signup = (
        SignUp.objects.filter(pk=signup_id, programme_id=programme_id)
        .filter(Q(user=user) | Q(programme__in=supervised))
        .select_related("programme", "user")
        .first()
    )
    if signup is None:
        raise Http404
    return signup


def themes_for(*, organisation) -> QuerySet[Theme]:
    """The built-in themes, then the organisation's own."""
    return Theme.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=organisation)
    ).order_by("organisation_id", "id")


def workers_without_signup(*, user, programme: Programme) -> QuerySet[Membership]:
    """Workers of the programme's units that the user supervises, not signed up yet."""
    signed = SignUp.objects.filter(programme=programme, status=SignUp.Status.ACTIVE).values(
        "user_id"
    )
    unit_ids = units_supervised_among(
        user=user, unit_ids=programme.units.values_list("id", flat=True)
    )
    return (
        workers_of_units(unit_ids=unit_ids)
        .exclude(user_id__in=signed)
        .select_related("user", "unit")
        .order_by("user__name", "unit__name")
    )


def organisations_for_themes(*, user):
    """Organisations whose theme list the user may extend: supervisors' and admins' own."""
    return organisations_overseen_by(user=user).order_by("name")


def programme_overview_for(*, user, programme_id) -> Programme:
    """The programme hub: the programme with its sign-up counts and units."""
    programme = (
        with_signup_counts(programmes_overseen_by(user=user).filter(pk=programme_id))
        .select_related("organisation")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("name")))
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def programme_by_short_code(*, user, code: str) -> tuple[Programme, str]:
    """The programme behind a short link and how the user relates to it: "worker" (goes to
    the sign-up form) or "overseer" (goes to the programme's page). Others get 404."""
    programme = programmes_open_to(user=user).filter(short_code=code).first()
    if programme is not None:
        return programme, "worker"
    programme = programmes_overseen_by(user=user).filter(short_code=code).first()
    if programme is not None:
        return programme, "overseer"
    raise Http404


def worker_membership(*, user, programme: Programme) -> Membership | None:
    """The worker's membership in one of the programme's units (prefills the sign-up form)."""
    return (
        worker_memberships(user=user, units=programme.units.all())
        .select_related("unit")
        .order_by("unit__name")
        .first()
    )


def signups_of_person(*, user) -> list[SignUp]:
    """The person's sign-ups (withdrawn ones too) with programme, unit and themes: two queries."""
    return list(
        SignUp.objects.filter(user=user)
        .select_related("programme", "unit")
        .prefetch_related("themes")
        .order_by("created_at")
    )


def participation_requests_waiting(*, programme: Programme) -> list[ParticipationRequest]:
    """Requests to take part that no supervisor has handled yet, oldest first: one query."""
    return list(
        ParticipationRequest.objects.filter(
            programme=programme, state=ParticipationRequest.State.PENDING
        )
        .select_related("unit")
        .order_by("created_at")
    )


def participation_request_of(*, programme: Programme, request_id) -> ParticipationRequest:
    """A request to a programme the caller fetched through the user; 404 for any other."""
    request = (
        ParticipationRequest.objects.filter(programme=programme, pk=request_id)
        .select_related("unit", "programme")
        .first()
    )
    if request is None:
        raise Http404
    return request


def role_asked_for(*, user, programme: Programme) -> str | None:
    """Mentor or actor, as the person asked on the public page before they had an account
    (their accepted request to take part), to start their sign-up with: one query."""
    return (
        ParticipationRequest.objects.filter(
            programme=programme,
            email__iexact=user.email,
            state=ParticipationRequest.State.ACCEPTED,
        )
        .order_by("-handled_at")
        .values_list("role", flat=True)
        .first()
    )


def programme_for_public(*, code: str) -> Programme:
    """The programme behind a short link, for a visitor without an account: what its public
    page shows (name, description, terms, units). 404 for an unknown code."""
    programme = (
        Programme.objects.filter(short_code=code)
        .prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("name")))
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def participation_requests_of_person(*, user) -> list[ParticipationRequest]:
    """Requests to take part made with the person's address: one query."""
    return list(
        ParticipationRequest.objects.filter(email__iexact=user.email)
        .select_related("programme", "unit")
        .order_by("created_at")
    )
