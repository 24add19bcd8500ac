"""The pair-suggestion benchmark command runs end to end on a small programme and leaves nothing behind."""

import io

import pytest
from django.core.management import call_command

from mentoring.accounts.models import User
from mentoring.programmes.models import Programme, SignUp
from units.models import Organisation

pytestmark = pytest.mark.django_db


def test_benchmark_prints_the_figures_and_cleans_up():
    out = io.StringIO()
    call_command("benchmark_matching", actors=30, mentors=8, capacity=4, repeat=2, stdout=out)
    text = out.getvalue()
    for line in (
        "matrix: 30 actors × 32 mentor places",
        "whole suggestion (load, score, solve, explain):",
        "bare solver (linear_sum_assignment, same matrix):",
        "ratio whole / bare solver:",
        "optimal / greedy =",
        "SQL queries in one suggestion: 7",
    ):
        assert line in text
    assert not Programme.objects.exists() and not SignUp.objects.exists()
    assert not Organisation.objects.exists() and not User.objects.exists()
