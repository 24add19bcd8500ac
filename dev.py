#!/usr/bin/env python3
"""The two commands of the README.

    python3 dev.py run    set up everything, load demo data, start web + Celery worker + beat
    python3 dev.py test   set up everything, check the layers (lint-imports), run the whole test
                          suite (extra args go to pytest)

Set-up is idempotent: a virtual environment in .venv, packages from pyproject.toml (reinstalled
when it changes), compiled translations, database migrations. Needs only Python >= 3.11.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / "bin" / "python"
STAMP = VENV / ".mentorpolku-installed"


def log(message: str) -> None:
    print(f"\033[1m==> {message}\033[0m", flush=True)


def sh(*args: str | Path, env: dict | None = None) -> None:
    subprocess.run([str(a) for a in args], cwd=ROOT, check=True, env=env)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 — dev.py must explain itself on old Pythons
        sys.exit("Mentorpolku needs Python 3.11 or newer.")
    if not PY.exists():
        try:
            import ensurepip  # noqa: F401 — Debian and Ubuntu ship it separately
        except ImportError:
            sys.exit(
                "This Python cannot create virtual environments with pip. On Debian or Ubuntu:\n"
                f"    sudo apt install python3-venv   (or python{sys.version_info.major}."
                f"{sys.version_info.minor}-venv)"
            )
        log("Creating the virtual environment in .venv")
        venv.create(VENV, with_pip=True)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not STAMP.exists() or STAMP.read_text() != wanted:
        log("Installing Python packages")
        sh(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
        sh(PY, "-m", "pip", "install", "--quiet", ".[dev]")
        STAMP.write_text(wanted)


def compile_messages() -> None:
    """Compile locale/*/LC_MESSAGES/django.po to .mo with polib (no system gettext needed)."""
    sh(
        PY,
        "-c",
        "import sys; sys.path.insert(0, '.'); import mentoring.core.i18n as i; i.compile_all()",
    )


def manage(*args: str, env: dict | None = None) -> None:
    sh(PY, "manage.py", *args, env=env)


def browser_url(address: str) -> str:
    """The address to open for runserver's ``address`` ("8000", "0.0.0.0:8000", "[::]:8000",
    "192.168.1.20:8000"): a wildcard host is reached on this machine as 127.0.0.1."""
    host, _, port = address.rpartition(":")
    if host in ("", "0", "0.0.0.0", "[::]", "::"):
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def run() -> None:
    env = {**os.environ}
    env.setdefault("DEBUG", "1")
    address = env.get("RUN_ADDRESS", "127.0.0.1:8000")
    url = browser_url(address)
    env.setdefault("SITE_URL", url)  # so that links in the emails lead to this server
    ensure_venv()
    compile_messages()
    log("Migrating the database")
    manage("migrate", "--no-input", env=env)
    log("Loading demo data")
    manage("demo_data", env=env)
    bin_ = VENV / "bin"
    procs = {
        "web": [PY, "manage.py", "runserver", address],
        "worker": [bin_ / "celery", "-A", "mentoring", "worker", "-l", "info", "-c", "2"],
        "beat": [bin_ / "celery", "-A", "mentoring", "beat", "-l", "info"],
    }
    # Each process gets its own process group, so stopping it also stops what it started
    # (runserver's autoreloader child, Celery's pool processes) and frees the port.
    running = {
        name: subprocess.Popen([str(a) for a in cmd], cwd=ROOT, env=env, start_new_session=True)
        for name, cmd in procs.items()
    }
    log(f"Mentorpolku runs at {url}  (emails: {url}/dev/mail/)")
    log("Demo logins are in README.md. Ctrl-C stops web, worker and beat.")

    def signal_group(proc: subprocess.Popen, sig: int) -> None:
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass

    def stop(*_args) -> None:
        # The main process first (Celery then shuts its pool down cleanly), then whatever is
        # left in its group (runserver's reloaded child), then force.
        for proc in running.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in running.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
            signal_group(proc, signal.SIGTERM)
        time.sleep(0.5)
        for proc in running.values():
            signal_group(proc, signal.SIGKILL)

    signal.signal(signal.SIGTERM, lambda *a: (stop(), sys.exit(0)))
    try:
        while True:
            for name, proc in running.items():
                if proc.poll() is not None:
                    log(f"{name} stopped (exit {proc.returncode}); stopping the rest")
                    stop()
                    sys.exit(proc.returncode or 1)
            time.sleep(1)
    except KeyboardInterrupt:
        stop()


def test(args: list[str]) -> None:
    ensure_venv()
    compile_messages()
    log("Checking the layers (lint-imports)")
    layers = subprocess.run([str(VENV / "bin" / "lint-imports")], cwd=ROOT)
    if layers.returncode != 0:
        sys.exit(layers.returncode)
    result = subprocess.run([str(PY), "-m", "pytest", *args], cwd=ROOT)
    sys.exit(result.returncode)


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "help"
    if command == "run":
        run()
    elif command == "test":
        test(sys.argv[2:])
    elif command == "setup":
        ensure_venv()
        compile_messages()
    else:
        print(__doc__)
        sys.exit(0 if command in {"help", "-h", "--help"} else 2)


if __name__ == "__main__":
    main()
