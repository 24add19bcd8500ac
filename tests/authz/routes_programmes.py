"""Programmes and sign-ups. The world's programme runs in unit A: sup_a runs it, the admin
oversees it, mentor/actor/other_member work in unit A (all three already paired). sup_b and
worker_b belong to unit B of the same organisation; the outsider to another organisation."""

from .routes import LOGIN, Route


def _programme(w):
    return {"programme_id": w.programme.pk}


def _actor_signup(w):
    return {"programme_id": w.programme.pk, "signup_id": w.actor_signup.pk}


OVERSEERS = {"sup_a": 200, "admin": 200}
SUPERVISORS = {"sup_a": 200, "sup_b": 200, "outsider": 200}
UNIT_A_WORKERS = {"mentor": 200, "actor": 200, "other_member": 200}

ROUTES = {
    # Lists and forms not tied to one programme: supervisors (and admins where they may read).
    "programmes:list": Route(expect={"anon": LOGIN, **SUPERVISORS, "admin": 200, "*": 404}),
    "programmes:create": Route(expect={"anon": LOGIN, **SUPERVISORS, "*": 404}),
    "programmes:themes": Route(expect={"anon": LOGIN, **SUPERVISORS, "admin": 200, "*": 404}),
    # The hub: whoever oversees the programme; changing it: its supervisor only.
    "programmes:detail": Route(kwargs=_programme, expect={"anon": LOGIN, **OVERSEERS, "*": 404}),
    "programmes:edit": Route(kwargs=_programme, expect={"anon": LOGIN, "sup_a": 200, "*": 404}),
    # The hub's one-click "Close sign-up" / "Open sign-up": its supervisor only (the admin
    # follows the programme but does not run it).
    "programmes:signup_switch": Route(
        method="post",
        kwargs=_programme,
        data=lambda w: {"open": "0"},
        expect={"anon": LOGIN, "sup_a": 302, "*": 404},
    ),
    # The presentation and its QR code: overseers and the workers of the programme's units.
    "programmes:present": Route(
        kwargs=_programme, expect={"anon": LOGIN, **OVERSEERS, **UNIT_A_WORKERS, "*": 404}
    ),
    "programmes:qr": Route(
        kwargs=_programme, expect={"anon": LOGIN, **OVERSEERS, **UNIT_A_WORKERS, "*": 404}
    ),
    # The short link sends workers to the sign-up form and overseers to the hub; without an
    # account it is the public page ("I want to take part"); other signed-in people get 404.
    "programmes:short": Route(
        kwargs=lambda w: {"code": w.programme.short_code},
        expect={
            "anon": 200,
            "sup_a": 302,
            "admin": 302,
            "mentor": 302,
            "actor": 302,
            "other_member": 302,
            "*": 404,
        },
    ),
    # The worker's own sign-up form (the three are paired: the page says it cannot change).
    "programmes:signup": Route(
        kwargs=_programme, expect={"anon": LOGIN, **UNIT_A_WORKERS, "*": 404}
    ),
    # Names, job titles and themes of sign-ups: the supervisor who runs the programme.
    "programmes:signups": Route(kwargs=_programme, expect={"anon": LOGIN, "sup_a": 200, "*": 404}),
    "programmes:signup_on_behalf": Route(
        kwargs=_programme, expect={"anon": LOGIN, "sup_a": 200, "*": 404}
    ),
    "programmes:signup_edit": Route(
        kwargs=_actor_signup, expect={"anon": LOGIN, "sup_a": 200, "*": 404}
    ),
    "programmes:invite": Route(kwargs=_programme, expect={"anon": LOGIN, "sup_a": 200, "*": 404}),
    # Withdrawing the actor's sign-up: the actor and the supervisor reach it (and are told
    # it is too late, the actor is paired); everyone else gets 404.
    "programmes:withdraw": Route(
        method="post",
        kwargs=_actor_signup,
        expect={"anon": LOGIN, "actor": 302, "sup_a": 302, "*": 404},
    ),
}
