"""The pair's status groups: one definition each, used by every part."""

import pathlib

from mentoring.pairs.models import Pair

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_running_pairs_are_published_or_active_and_live_pairs_add_drafts():
    assert set(Pair.RUNNING) == {Pair.Status.PUBLISHED, Pair.Status.ACTIVE}
    assert set(Pair.LIVE) == {Pair.Status.DRAFT, *Pair.RUNNING}


def test_no_part_keeps_its_own_copy_of_the_running_statuses():
    copies = []
    for path in (ROOT / "mentoring").rglob("*.py"):
        if "reminders" in path.parts or "migrations" in path.parts:
            continue  # the reminders part is being changed by its owner
        text = path.read_text()
        for name in (
            "LIVE_PAIR =",
            "CHANGEABLE_PAIR_STATUSES =",
            "(Pair.Status.PUBLISHED, Pair.Status.ACTIVE)",
        ):
            if name in text:
                copies.append(f"{path.relative_to(ROOT)}: {name}")
    assert copies == []
