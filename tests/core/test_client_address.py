"""The client's address through a configured number of trusted proxies."""

import pytest
from django.test import RequestFactory

from mentoring.accounts.signin.adapters import AccountAdapter
from mentoring.core.client_address import client_ip

PROXY = "10.0.0.1"


def request(forwarded=None, remote=PROXY):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("203.0.113.9")) == PROXY


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # The client wrote the first address itself; our proxy appended the real one.
        (1, "203.0.113.9, 198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.9, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_address_n_from_the_right(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(request(forwarded)) == expected


@pytest.mark.parametrize("forwarded", [None, "", "not-an-address", "198.51.100.7, junk"])
def test_a_missing_or_malformed_header_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(forwarded)) == PROXY


def test_a_chain_shorter_than_the_trusted_proxies_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("198.51.100.7")) == PROXY


def test_allauth_and_axes_use_it(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert AccountAdapter().get_client_ip(request("203.0.113.9, 198.51.100.7")) == "198.51.100.7"
    assert settings.AXES_CLIENT_IP_CALLABLE == "mentoring.core.client_address.client_ip"
