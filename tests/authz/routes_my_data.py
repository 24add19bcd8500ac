from .routes import LOGIN, Route

# One's own data: no id in the address, so every signed-in person gets their own page and
# nobody can ask for anyone else's.
OWN = {"anon": LOGIN, "*": 200}

ROUTES = {
    "my_data:page": Route(expect=OWN),
    "my_data:download": Route(expect=OWN),
    # GET is the confirmation page (or why it cannot be done yet).
    "my_data:erase": Route(expect=OWN),
}
