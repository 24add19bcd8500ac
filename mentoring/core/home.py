"""What each role sees first. Later parts of the product add to these lists."""

from mentoring.pairs.models import Pair
from mentoring.programmes.models import Programme, SignUp
from units.selectors import Roles, units_visible_to


def home_context(*, user, roles: Roles) -> dict:
    ctx: dict = {"roles": roles}
    if roles.is_supervisor or roles.is_org_admin:
        ctx["units"] = list(units_visible_to(user=user).select_related("organisation"))
        ctx["programmes"] = list(
            Programme.objects.filter(units__in=[u.id for u in ctx["units"]])
            .distinct()
            .order_by("-starts_on")
        )
    if roles.is_worker:
        ctx["open_programmes"] = list(
            Programme.objects.filter(units__in=roles.worker_unit_ids, signup_open=True)
            .exclude(signups__user=user, signups__status=SignUp.Status.ACTIVE)
            .distinct()
        )
        ctx["my_signups"] = list(
            SignUp.objects.filter(user=user, status=SignUp.Status.ACTIVE).select_related(
                "programme"
            )
        )
        live = Pair.objects.select_related("programme", "mentor__user", "actor__user").exclude(
            status=Pair.Status.DRAFT
        )
        ctx["my_pairs"] = list(live.filter(mentor__user=user) | live.filter(actor__user=user))
    return ctx
