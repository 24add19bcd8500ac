"""Test settings: the real settings, with a test secret and plain-HTTP cookies.

Postgres and Redis come in through DATABASE_URL and CELERY_BROKER_URL, as in production.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("MENTORPOLKU_VAR_DIR", tempfile.mkdtemp(prefix="mentorpolku-test-"))

from mentoring.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks in process; the reminder integration tests start real workers.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Browser tests use http://localhost: cookies cannot be Secure there.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
SESSION_COOKIE_NAME = "sessionid"
CSRF_COOKIE_NAME = "csrftoken"
SECURE_HSTS_SECONDS = 0
AXES_ENABLED = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Tests read the English source strings. The product's default, Finnish, is tested on its own
# (tests/core/test_language.py, the browser smoke test) with LANGUAGE_CODE set back to "fi".
LANGUAGE_CODE = "en"
