from .routes import LOGIN, Route

ROUTES = {
    "site:home": Route(expect={"anon": LOGIN, "*": 200}),
    # The privacy notice and the accessibility statement are public.
    "site:privacy": Route(expect={"*": 200}),
    "site:accessibility": Route(expect={"*": 200}),
    "core:health": Route(expect={"*": 200}),
    # The local mail viewer exists only while DEBUG is on; tests run with it off.
    "core:mailbox": Route(expect={"*": 404}),
    "core:mailbox_detail": Route(kwargs=lambda w: {"name": "x.log:0"}, expect={"*": 404}),
    "set_language": Route(method="post", data=lambda w: {"language": "sv"}, expect={"*": 302}),
    "accounts:profile": Route(expect={"anon": LOGIN, "*": 200}),
    # Each signed-in person makes, replaces or stops only their own calendar address.
    "accounts:calendar_feed": Route(
        method="post", data=lambda w: {"action": "new"}, expect={"anon": LOGIN, "*": 302}
    ),
    # Only supervisors invite; everyone else is told the page does not exist.
    "accounts:invite": Route(
        expect={"anon": LOGIN, "sup_a": 200, "sup_b": 200, "outsider": 200, "*": 404}
    ),
    "accounts:invitation_accept": Route(
        kwargs=lambda w: {"token": "no-such-token"}, expect={"*": 404}
    ),
}
