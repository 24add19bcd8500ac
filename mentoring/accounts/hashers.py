"""The password hasher: Argon2id with parameters measured on the production-sized machine.

Django's own Argon2 parameters (100 MiB, 8 lanes) cost about a quarter of a second of CPU per
check on a 2-core server, so ten sign-ins a second would fill it. These follow OWASP's first
Argon2id profile (19 MiB, two passes, one lane): about 40 ms of CPU per check here and 19 MiB
of memory while it runs, which three web workers afford. ``manage.py benchmark_passwords``
prints the measurement behind the choice.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class MeasuredArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at 19 MiB × 2 passes × 1 lane. A hash made with other parameters (Django's
    defaults, or an older choice) is upgraded at the owner's next sign-in."""

    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
