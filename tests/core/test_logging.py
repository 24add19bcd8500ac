"""Each log line is written once, in development (DEBUG on) as in production.

Checked in a clean subprocess: the logging that mentoring.settings configures is what counts,
not what pytest has done to this process's loggers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOGGERS = ["django.request", "django.security.csrf", "mentoring.reminders.sweep", "celery.app"]
SCRIPT = """
import logging, django
django.setup()
for name in %r:
    logging.getLogger(name).warning("line from " + name)
"""


@pytest.mark.parametrize("debug", ["1", "0"])
def test_every_log_line_is_written_once(tmp_path, debug):
    env = {k: v for k, v in os.environ.items() if k not in ("TESTING", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE="mentoring.settings",
        DEBUG=debug,
        SECRET_KEY="x" * 50,
        MENTORPOLKU_VAR_DIR=str(tmp_path / "var"),
    )
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT % (LOGGERS,)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    for name in LOGGERS:
        assert result.stderr.count(f"line from {name}\n") == 1, result.stderr
