"""What each role sees first: the home page of an organisation admin, a supervisor and a
worker (one person may be all three)."""

from django.db.models import Exists, OuterRef

from mentoring.path.selectors import pairs_with_next_step
from mentoring.programmes.access import (
    programmes_managed_by,
    programmes_open_to,
    programmes_overseen_by,
)
from mentoring.programmes.models import SignUp
from mentoring.programmes.rows import programme_rows
from mentoring.programmes.selectors import in_live_pair, with_signup_counts
from units.access import Roles, organisations_administered_by, units_visible_to

from .todo import supervisor_todo

# The home page shows the newest programmes and the first units; an organisation admin of a
# county has thousands of each, and the programme list (searchable, a page at a time) has them.
HOME_PROGRAMMES = 10
HOME_UNITS = 20


def _first(queryset, n: int) -> tuple[list, bool]:
    """The first ``n`` rows, and whether there are more (one query: n + 1 rows)."""
    rows = list(queryset[: n + 1])
    return rows[:n], len(rows) > n


def home_context(*, user, roles: Roles) -> dict:
    ctx: dict = {"roles": roles}
    if roles.is_org_admin:
        ctx["admin_organisations"] = list(organisations_administered_by(user=user))
    if roles.is_supervisor or roles.is_org_admin:
        ctx["units"], ctx["more_units"] = _first(
            units_visible_to(user=user).select_related("organisation"), HOME_UNITS
        )
        runs_it = programmes_managed_by(user=user).filter(pk=OuterRef("pk"))
        ctx["programmes"], ctx["more_programmes"] = _first(
            with_signup_counts(programmes_overseen_by(user=user))
            .annotate(runs_it=Exists(runs_it))
            .order_by("-starts_on", "name"),
            HOME_PROGRAMMES,
        )
        programme_rows(ctx["programmes"], links=("detail", "present", "signups"))
    if roles.is_supervisor:
        ctx["todo"] = supervisor_todo(user=user)
    if roles.is_worker:
        mine = SignUp.objects.filter(user=user, status=SignUp.Status.ACTIVE)
        ctx["open_programmes"] = list(
            programmes_open_to(user=user)
            .filter(signup_open=True)
            .exclude(pk__in=mine.values("programme_id"))
            .order_by("-starts_on", "name")
        )
        ctx["my_signups"] = list(mine.select_related("programme").annotate(in_pair=in_live_pair()))
        ctx["my_pairs"] = pairs_with_next_step(user=user)
    return ctx
