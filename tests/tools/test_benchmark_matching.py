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
    call_command("benchmark_matching", sizes="30x8x4,20x5x4", repeat=2, stdout=out)
    text = out.getvalue()
    for line in (
        "matrix: 30 actors × 32 mentor places",
        "matrix: 20 actors × 20 mentor places",
        "whole suggestion (load, score, solve, points):",
        "bare solver (scipy linear_sum_assignment, random matrix of the same shape):",
        "ratio whole / bare solver:",
        "optimal / greedy =",
        "SQL queries in one suggestion: 7",
        "the suggestions page's cards, each explained (suggestions_board): ",
        "accepting them all as draft pairs (suggestions_accept_all):",
        "size (actors × mentors × places) | bare solver, random | whole | whole / bare",
        "30 × 8 × 4 |",
        "20 × 5 × 4 |",
    ):
        assert line in text
    assert not Programme.objects.exists() and not SignUp.objects.exists()
    assert not Organisation.objects.exists() and not User.objects.exists()
