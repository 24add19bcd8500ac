"""Events of the pairs part, for the parts above it (sent inside the service's transaction).

``pair_published(sender=Pair, pair=…, now=…)``: a pair was published; its members should
hear about each other (the reminders part writes their introductions).
"""

from django.dispatch import Signal

pair_published = Signal()
