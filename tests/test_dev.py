"""dev.py's start banner names the address the web app really listens on (RUN_ADDRESS)."""

import pytest

import dev


@pytest.mark.parametrize(
    "address, url",
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("8080", "http://127.0.0.1:8080"),
        ("0.0.0.0:8001", "http://127.0.0.1:8001"),
        ("[::]:8002", "http://127.0.0.1:8002"),
        ("192.168.1.20:8000", "http://192.168.1.20:8000"),
    ],
)
def test_the_banner_names_the_run_address(address, url):
    assert dev.browser_url(address) == url
