"""Tunables read at call time: a Django setting wins, then the environment, then the default.

Each value is looked up once and cached (the sweep asks thousands of times per batch) until a
test changes a setting. ``tunable("REMINDER_LOG_AFTER_HOURS", 2)`` reads the setting or the
environment variable of that name, converted to the default's type.
"""

import environ
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

_env = environ.Env()
_cache: dict = {}


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    _cache.clear()


def tunable(key: str, default):
    try:
        return _cache[key]
    except KeyError:
        pass
    if hasattr(settings, key):
        value = getattr(settings, key)
    elif key not in _env.ENVIRON:
        value = default
    elif isinstance(default, bool):
        value = _env.bool(key)
    elif isinstance(default, tuple):
        value = tuple(int(v) for v in _env.list(key))
    else:
        value = type(default)(_env.str(key))
    _cache[key] = value
    return value
