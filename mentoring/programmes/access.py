"""Who runs, follows and may see a programme, built on the roles of ``units.access``.

A programme is run by the supervisors of its units (any of them) and followed by them and the
organisation's admin; the workers of its units see its presentation and sign-up pages.

Programmes are filtered with ``pk__in`` a subquery over the unit link table rather than a
join, so the querysets need no DISTINCT and can be annotated with counts safely.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from mentoring.core.errors import DomainError
from units.access import user_roles

from .models import Programme

_ProgrammeUnit = Programme.units.through


def _of_units(unit_ids, *, field: str = "pk") -> Q:
    programme_ids = _ProgrammeUnit.objects.filter(unit_id__in=unit_ids).values("programme_id")
    return Q(**{f"{field}__in": programme_ids})


def run_by(*, user, field: str = "programme") -> Q:
    """Rows whose programme (at ``field``) the user runs; e.g. pairs, or meetings with
    ``field="pair__programme"``."""
    return _of_units(user_roles(user).supervised_unit_ids, field=field)


def user_supervises(*, user, programme: Programme) -> bool:
    """Supervises one of the programme's units (one query, none for a non-supervisor)."""
    return programme.units.filter(id__in=user_roles(user).supervised_unit_ids).exists()


def require_supervisor(*, user, programme: Programme) -> None:
    """For services: refuse anyone but a supervisor of one of the programme's units."""
    if not user_supervises(user=user, programme=programme):
        raise DomainError(_("Only the supervisor of the programme's unit can do this."))


def programmes_managed_by(*, user) -> QuerySet[Programme]:
    """Programmes the user runs as a supervisor of one of its units."""
    return Programme.objects.filter(run_by(user=user, field="pk"))


def programmes_overseen_by(*, user) -> QuerySet[Programme]:
    """Programmes the user may follow: as their supervisor or as the organisation admin."""
    roles = user_roles(user)
    return Programme.objects.filter(
        _of_units(roles.supervised_unit_ids) | Q(organisation_id__in=roles.admin_organisation_ids)
    )


def programmes_open_to(*, user) -> QuerySet[Programme]:
    """Programmes of the worker's own units (sign-up pages)."""
    return Programme.objects.filter(_of_units(user_roles(user).worker_unit_ids))


def programmes_presented_to(*, user) -> QuerySet[Programme]:
    """The presentation page's audience: the programme's overseers and its units' workers."""
    roles = user_roles(user)
    return Programme.objects.filter(
        _of_units(roles.supervised_unit_ids | roles.worker_unit_ids)
        | Q(organisation_id__in=roles.admin_organisation_ids)
    )
