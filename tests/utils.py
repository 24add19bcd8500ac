from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring.accounts.signin.mfa import has_authenticator, mark_mfa_verified, mfa_required
from tests import factories as f


def sign_in(client, user):
    """``client.force_login(user)`` as after a complete login: a person who must use MFA
    (a supervisor, an organisation admin, site staff) gets an authenticator app if they have
    none, and the session counts as having passed it, as allauth's code step leaves it."""
    client.force_login(user)
    # A fresh copy: the roles are cached on the user object, and the test may change them.
    user = type(user).objects.get(pk=user.pk)
    if mfa_required(user):
        if not has_authenticator(user):
            f.TOTPFactory(user=user)
        session = client.session
        mark_mfa_verified(SimpleNamespace(session=session), user=user, how="totp")
        session.save()
    return client


def count_queries(fn, *args, **kwargs) -> tuple[int, object]:
    """Run ``fn`` and return (number of SQL queries, its result)."""
    with CaptureQueriesContext(connection) as ctx:
        result = fn(*args, **kwargs)
    return len(ctx.captured_queries), result


def assert_constant_queries(client, url: str, grow, *, sizes=(1, 200)) -> list[int]:
    """GET ``url`` after ``grow(n)`` has built data of size n, for each size; the number of
    queries must be the same. ``grow`` is called with each size in turn (cumulatively is fine).
    Returns the counts."""
    counts = []
    for n in sizes:
        grow(n)
        count, response = count_queries(client.get, url)
        assert response.status_code == 200, (url, response.status_code)
        counts.append(count)
    assert len(set(counts)) == 1, (
        f"{url}: queries grow with data: {dict(zip(sizes, counts, strict=True))}"
    )
    return counts
