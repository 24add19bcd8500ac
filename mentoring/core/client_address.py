"""The client's address, for everything that limits or logs by address (sign-in limits,
django-axes, allauth's rate limits).

Behind a TLS proxy every request comes from the proxy's address. Each proxy appends the
address it saw to ``X-Forwarded-For``, so with ``TRUSTED_PROXY_COUNT`` = N proxies of our own
in front of the app, the client is the N-th address from the right; anything further left was
written by the client and can be anything. With N = 0 (the default) the header is ignored.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the client as our own outermost proxy saw it; ``REMOTE_ADDR`` when no
    proxy is trusted, or when the header is shorter than the proxy chain or malformed (the
    request did not come through our proxies as configured)."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted <= 0:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    if len(forwarded) < trusted:
        return remote
    return _valid(forwarded[-trusted]) or remote
