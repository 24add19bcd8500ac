"""The menu: what the signed-in person may open (their roles), on every page."""

from django.utils.functional import SimpleLazyObject

from units.access import user_roles

from .todo import approvals_waiting_count


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {"roles": None}
    roles = user_roles(user)
    # Lazy: counted only when the menu shows it (a supervisor's page), one query.
    waiting = SimpleLazyObject(lambda: approvals_waiting_count(user=user))
    return {"roles": roles, "approvals_waiting": waiting if roles.is_supervisor else 0}
