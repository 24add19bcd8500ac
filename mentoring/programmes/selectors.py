"""Reads of programmes, always through the user: outsiders get 404, never a hint."""

from django.db.models import Q, QuerySet
from django.http import Http404

from units.selectors import user_roles

from .models import Programme


def programmes_managed_by(*, user) -> QuerySet[Programme]:
    """Programmes the user runs as a supervisor of one of its units."""
    return Programme.objects.filter(units__in=user_roles(user).supervised_unit_ids).distinct()


def programmes_overseen_by(*, user) -> QuerySet[Programme]:
    """Programmes the user may follow: as their supervisor or as the organisation admin."""
    roles = user_roles(user)
    return Programme.objects.filter(
        Q(units__in=roles.supervised_unit_ids) | Q(organisation_id__in=roles.admin_organisation_ids)
    ).distinct()


def programmes_open_to(*, user) -> QuerySet[Programme]:
    """Programmes of the worker's own units (sign-up pages)."""
    return Programme.objects.filter(units__in=user_roles(user).worker_unit_ids).distinct()


def programme_for_supervisor(*, user, programme_id) -> Programme:
    programme = programmes_managed_by(user=user).filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    return programme


def programme_for_overseer(*, user, programme_id) -> Programme:
    programme = programmes_overseen_by(user=user).filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    return programme
