"""The menu: what the signed-in person may open (their roles), on every page."""

from units.access import user_roles


def navigation(request):
    user = getattr(request, "user", None)
    return {"roles": user_roles(user) if user is not None else None}
