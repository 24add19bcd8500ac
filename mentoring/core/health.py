"""Health of the parts the app needs: the database and the Celery broker."""

from pathlib import Path

from celery import current_app
from django.conf import settings
from django.db import connection


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def broker_ok(timeout: float = 2.0) -> bool:
    if settings.EMBEDDED_BROKER:
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / ".health"
            probe.write_text("ok")
            probe.unlink()
            return True
        except OSError:
            return False
    try:
        # The project's app (mentoring/celery.py, created as the package is imported): core
        # does not import the project package.
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
            conn.default_channel  # noqa: B018 — opens a channel, i.e. talks to the server
        return True
    except Exception:
        return False
