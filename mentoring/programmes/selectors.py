"""Reads of programmes, always through the user: outsiders get 404, never a hint.

Programmes are filtered with ``pk__in`` a subquery over the unit link table rather than a
join, so the querysets need no DISTINCT and can be annotated with counts safely.
"""

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.http import Http404
from django.utils.translation import gettext as _

from mentoring.core.errors import DomainError
from mentoring.pairs.models import Pair
from units.models import Membership, Organisation, Unit
from units.selectors import user_roles

from .models import Programme, SignUp, Theme

_ProgrammeUnit = Programme.units.through


def _in_units(unit_ids) -> Q:
    return Q(pk__in=_ProgrammeUnit.objects.filter(unit_id__in=unit_ids).values("programme_id"))


def programmes_managed_by(*, user) -> QuerySet[Programme]:
    """Programmes the user runs as a supervisor of one of its units."""
    return Programme.objects.filter(_in_units(user_roles(user).supervised_unit_ids))


def programmes_overseen_by(*, user) -> QuerySet[Programme]:
    """Programmes the user may follow: as their supervisor or as the organisation admin."""
    roles = user_roles(user)
    return Programme.objects.filter(
        _in_units(roles.supervised_unit_ids) | Q(organisation_id__in=roles.admin_organisation_ids)
    )


def programmes_open_to(*, user) -> QuerySet[Programme]:
    """Programmes of the worker's own units (sign-up pages)."""
    return Programme.objects.filter(_in_units(user_roles(user).worker_unit_ids))


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
    roles = user_roles(user)
    programme = (
        Programme.objects.filter(
            _in_units(roles.supervised_unit_ids | roles.worker_unit_ids)
            | Q(organisation_id__in=roles.admin_organisation_ids)
        )
        .select_related("organisation")
        .filter(pk=programme_id)
        .first()
    )
    if programme is None:
        raise Http404
    return programme


def user_supervises(*, user, programme: Programme) -> bool:
    return programme.units.filter(id__in=user_roles(user).supervised_unit_ids).exists()


def require_supervisor(*, user, programme: Programme) -> None:
    """For services: refuse anyone but a supervisor of one of the programme's units."""
    if not user_supervises(user=user, programme=programme):
        raise DomainError(_("Only the supervisor of the programme's unit can do this."))


def with_signup_counts(qs: QuerySet[Programme]) -> QuerySet[Programme]:
    active = Q(signups__status=SignUp.Status.ACTIVE)
    return qs.annotate(
        mentor_count=Count("signups", filter=active & Q(signups__role=SignUp.Role.MENTOR)),
        actor_count=Count("signups", filter=active & Q(signups__role=SignUp.Role.ACTOR)),
    )


def programme_list_for(*, user) -> QuerySet[Programme]:
    """The programme list of a supervisor or organisation admin, with counts and units."""
    return with_signup_counts(
        programmes_overseen_by(user=user)
        .select_related("organisation")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("name")))
    ).order_by("-starts_on", "name")


def in_live_pair() -> Exists:
    """Annotation: the sign-up (``OuterRef("pk")``) is in a pair that is not concluded."""
    return Exists(
        Pair.objects.filter(
            Q(mentor=OuterRef("pk")) | Q(actor=OuterRef("pk")), status__in=Pair.LIVE
        )
    )


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
    unit_ids = set(programme.units.values_list("id", flat=True))
    return (
        Membership.objects.filter(
            role=Membership.Role.WORKER,
            unit_id__in=unit_ids & user_roles(user).supervised_unit_ids,
        )
        .exclude(user_id__in=signed)
        .select_related("user", "unit")
        .order_by("user__name", "unit__name")
    )


def organisations_for_themes(*, user):
    """Organisations whose theme list the user may extend: supervisors' and admins' own."""
    roles = user_roles(user)
    supervised_orgs = Unit.objects.filter(id__in=roles.supervised_unit_ids).values(
        "organisation_id"
    )
    return Organisation.objects.filter(
        Q(id__in=supervised_orgs) | Q(id__in=roles.admin_organisation_ids)
    ).order_by("name")


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
        Membership.objects.filter(
            user=user, role=Membership.Role.WORKER, unit__in=programme.units.all()
        )
        .select_related("unit")
        .order_by("unit__name")
        .first()
    )
