"""The password benchmark prints PBKDF2 and each Argon2 profile, and marks the chosen one."""

import io

from django.core.management import call_command


def test_benchmark_prints_the_profiles_and_the_choice():
    out = io.StringIO()
    call_command("benchmark_passwords", checks=1, stdout=out)
    text = out.getvalue()
    assert "PBKDF2-SHA256" in text
    assert "2 × 19 MiB × 1" in text and "← chosen" in text
