"""Settings of the real Celery worker and beat started by the service tests.

The production settings, with the clock sped up: a sweep every second, short leases and
backoff, and working hours off (the tests run at any hour). The database, broker and mail
server come from the environment the test gives the subprocess.
"""

import os
from datetime import timedelta

os.environ.setdefault("SECRET_KEY", "service-test-secret-key-0123456789-abcdefghijklmnopqrstuv")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from mentoring.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE = {
    "reminders-sweep": {
        "task": "mentoring.reminders.tasks.sweep",
        "schedule": timedelta(seconds=float(os.environ.get("REMINDER_SWEEP_SECONDS", "1"))),
    },
}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
REMINDER_RESPECT_WORKING_HOURS = False
REMINDER_CLAIM_LEASE_SECONDS = int(os.environ.get("REMINDER_CLAIM_LEASE_SECONDS", "4"))
REMINDER_REQUEUE_AFTER_SECONDS = int(os.environ.get("REMINDER_REQUEUE_AFTER_SECONDS", "3"))
REMINDER_RETRY_BASE_SECONDS = 0.5
REMINDER_RETRY_MAX_SECONDS = 2
REMINDER_MAX_ATTEMPTS = 40
REMINDER_SEND_CHUNK = int(os.environ.get("REMINDER_SEND_CHUNK", "5"))
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "5"))
EMAIL_DATA_REPLY_TIMEOUT = int(os.environ.get("EMAIL_DATA_REPLY_TIMEOUT", "600"))
REMINDER_BREAKER_PAUSE_SECONDS = float(os.environ.get("REMINDER_BREAKER_PAUSE_SECONDS", "2"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
