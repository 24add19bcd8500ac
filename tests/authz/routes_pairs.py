from tests import factories as f

from .routes import LOGIN, Route

# Forming pairs is the work of the supervisor of the programme's unit: everyone else,
# the organisation admin included, is told the page does not exist. The admin follows
# the programme on the dashboard and the pair pages (read-only, never the notes).
SUPERVISOR_ONLY = {"anon": LOGIN, "sup_a": 200, "*": 404}
OVERSEERS = {"anon": LOGIN, "sup_a": 200, "admin": 200, "*": 404}
# POSTs: the supervisor is sent back to the board (with a message); others get 404.
SUPERVISOR_POST = {"anon": LOGIN, "sup_a": 302, "*": 404}


def _programme(w):
    return {"programme_id": w.programme.pk}


def _pair(w):
    return {"pair_id": w.pair.pk}


def _new_pair(w):
    """A free place of the world's mentor and a new actor who has no mentor yet."""
    actor = f.SignUpFactory(programme=w.programme, unit=w.cast.unit_a)
    return {"mentor": str(w.mentor_signup.pk), "actor": str(actor.pk)}


ROUTES = {
    "pairs:board": Route(kwargs=_programme, expect=SUPERVISOR_ONLY),
    "pairs:create": Route(kwargs=_programme, method="post", data=_new_pair, expect=SUPERVISOR_POST),
    # The world's pair is active: the supervisor is told it cannot be undone / republished.
    "pairs:undo": Route(kwargs=_pair, method="post", expect=SUPERVISOR_POST),
    "pairs:publish": Route(kwargs=_pair, method="post", expect=SUPERVISOR_POST),
    "pairs:publish_all": Route(kwargs=_programme, method="post", expect=SUPERVISOR_POST),
    "pairs:dashboard": Route(kwargs=_programme, expect=OVERSEERS),
    "pairs:hours_csv": Route(kwargs=_programme, expect=OVERSEERS),
    # The pair page: its two members, the supervisor of its unit and the organisation admin.
    "pairs:detail": Route(
        kwargs=_pair,
        expect={"anon": LOGIN, "mentor": 200, "actor": 200, "sup_a": 200, "admin": 200, "*": 404},
    ),
}
