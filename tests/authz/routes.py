"""Expected answers of every route for every member of the cast.

Each part of the product lists its routes in ``tests/authz/routes_<part>.py`` as ``ROUTES``;
the matrix test merges them and fails for any URL pattern that has no entry.

``expect`` maps a member (see ``world.MEMBERS``) to the HTTP status of a GET (or of the
``method`` given); ``"*"`` is the answer for everyone not named. A 302 for ``anon`` means
"sent to the login page".
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Route:
    expect: dict[str, int]
    kwargs: Callable = field(default=lambda w: {})
    method: str = "get"
    data: Callable = field(default=lambda w: {})
    # Extra query string for GET, e.g. "?format=csv".
    query: str = ""

    def expected_for(self, member: str) -> int:
        return self.expect.get(member, self.expect.get("*"))


LOGIN = 302  # anonymous users are sent to log in
