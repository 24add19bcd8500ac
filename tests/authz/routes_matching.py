"""Pair suggestions: the supervisors of the programme's units only; everyone else 404."""

from mentoring.matching.models import PairRule, Suggestion, SuggestionRun
from mentoring.programmes.models import SignUp
from tests import factories as f
from units.models import Membership

from .routes import LOGIN, Route

SUPERVISOR_ONLY_GET = {"anon": LOGIN, "sup_a": 200, "*": 404}
SUPERVISOR_ONLY_POST = {"anon": LOGIN, "sup_a": 302, "*": 404}


def _free_actor(w) -> SignUp:
    user = f.UserFactory(email="free.actor@example.test", name="Vapaa Aktori")
    if not user.memberships.exists():
        f.MembershipFactory(user=user, unit=w.cast.unit_a, role=Membership.Role.WORKER)
    signup = SignUp.objects.filter(programme=w.programme, user=user).first()
    return signup or f.SignUpFactory(programme=w.programme, user=user, unit=w.cast.unit_a)


def _suggestion(w) -> Suggestion:
    actor = _free_actor(w)
    found = Suggestion.objects.filter(actor=actor, status__in=Suggestion.CURRENT).first()
    return found or Suggestion.objects.create(
        programme=w.programme, actor=actor, mentor=w.mentor_signup, score=5, parts={"themes": 5}
    )


def _rule(w) -> PairRule:
    actor = _free_actor(w)
    found = PairRule.objects.filter(actor=actor, mentor=w.mentor_signup).first()
    return found or PairRule.objects.create(
        programme=w.programme, actor=actor, mentor=w.mentor_signup, kind=PairRule.Kind.NEVER
    )


def _programme(w):
    return {"programme_id": w.programme.pk}


def _one(w):
    return {"programme_id": w.programme.pk, "suggestion_id": _suggestion(w).pk}


def _run(w):
    """A run under way: its page shows the progress."""
    run = SuggestionRun.objects.filter(programme=w.programme).first()
    run = run or SuggestionRun.objects.create(programme=w.programme, progress=40)
    return {"programme_id": w.programme.pk, "run_id": run.pk}


def _post(**kwargs):
    return Route(method="post", expect=SUPERVISOR_ONLY_POST, **kwargs)


WEIGHTS = {"themes": 5, "experience": 3, "shifts": 3, "unit": 2, "language": 3}

ROUTES = {
    "matching:suggestions": Route(kwargs=_programme, expect=SUPERVISOR_ONLY_GET),
    "matching:run": _post(kwargs=_programme),
    "matching:run_status": Route(kwargs=_run, expect=SUPERVISOR_ONLY_GET),
    "matching:accept_all": _post(kwargs=_programme),
    "matching:weights": _post(kwargs=_programme, data=lambda w: WEIGHTS),
    "matching:rule_add": _post(
        kwargs=_programme,
        data=lambda w: {
            "actor": str(_free_actor(w).pk),
            "mentor": str(w.other_pair.mentor_id),
            "kind": "never",
        },
    ),
    "matching:rule_delete": _post(
        kwargs=lambda w: {"programme_id": w.programme.pk, "rule_id": _rule(w).pk}
    ),
    "matching:rejections_clear": _post(kwargs=_programme),
    "matching:accept": _post(kwargs=_one),
    "matching:reject": _post(kwargs=_one),
    "matching:lock": _post(kwargs=_one, data=lambda w: {"locked": "1"}),
    "matching:swap": Route(kwargs=_one, expect=SUPERVISOR_ONLY_GET),
    "matching:swap_choose": _post(
        kwargs=_one, data=lambda w: {"mentor": str(w.other_pair.mentor_id)}
    ),
}
