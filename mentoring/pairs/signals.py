"""Events of the pairs part, for the parts above it (sent inside the service's transaction).

``pair_published(sender=Pair, pair=…, now=…)``: a pair was published; its members should
hear about each other (the reminders part writes their introductions).

``pair_changed(sender=…, pair_id=…)``: something the pair's place on the path depends on
changed (its status, an agreement, a meeting, an evaluation answer). Every service of the
pairs, agreements, meetings and evaluations parts that changes one sends it, after locking
the pair row; the reminders part makes its sweep look at the pair again.

``pairs_formed(sender=Pair, programme_id=…)``: draft pairs were made or undone in the
programme (once per call, however many pairs); the evaluations part counts it again.
"""

from django.dispatch import Signal

pair_published = Signal()
pair_changed = Signal()
pairs_formed = Signal()
