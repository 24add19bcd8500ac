"""Events of the pairs part, for the parts above it (sent inside the service's transaction).

``pair_published(sender=Pair, pair=…, now=…)``: a pair was published; its members should
hear about each other (the reminders part writes their introductions).

``pair_changed(sender=…, pair_id=…, in_bulk=False)``: something the pair's place on the path
depends on changed (its status, an agreement, a meeting, an evaluation answer). Every service
of the pairs, agreements, meetings and evaluations parts that changes one sends it, after
locking the pair row; the reminders part makes its sweep look at the pair again. ``in_bulk``:
the pair is one of many that one call changed, and that call also sends
``programme_pairs_changed`` once, so a receiver that works per programme waits for that.

``programme_pairs_changed(sender=Pair, programme_id=…)``: pairs of the programme were made,
undone or published (once per call, however many pairs); the evaluations part counts the
programme again.
"""

from django.dispatch import Signal

pair_published = Signal()
pair_changed = Signal()
programme_pairs_changed = Signal()
