"""The mentoring agreement: its pages are the pair's own. The supervisor of the unit and the
organisation admin see only its status, on the pair page; here they get 404 like outsiders."""

from .routes import LOGIN, Route

PAIR_ONLY = {"anon": LOGIN, "mentor": 200, "actor": 200, "*": 404}
# POSTs answer with a redirect back (with a message), whether or not the change was possible.
PAIR_ONLY_POST = {"anon": LOGIN, "mentor": 302, "actor": 302, "*": 404}


def _pair(w):
    return {"pair_id": w.pair.pk}


ROUTES = {
    "agreements:detail": Route(kwargs=_pair, expect=PAIR_ONLY),
    "agreements:edit": Route(kwargs=_pair, expect=PAIR_ONLY),
    "agreements:history": Route(kwargs=_pair, expect=PAIR_ONLY),
    "agreements:print": Route(kwargs=_pair, expect=PAIR_ONLY),
    "agreements:accept": Route(
        kwargs=_pair,
        method="post",
        data=lambda w: {"version": w.agreement.version, "revision": w.agreement.revision},
        expect=PAIR_ONLY_POST,
    ),
    "agreements:amend": Route(kwargs=_pair, method="post", expect=PAIR_ONLY_POST),
}
