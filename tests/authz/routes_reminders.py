from .routes import LOGIN, Route

ROUTES = {
    # Everyone signed in reaches their own reminder choices; nobody else's can be named.
    "reminders:preferences": Route(expect={"anon": LOGIN, "*": 200}),
}
