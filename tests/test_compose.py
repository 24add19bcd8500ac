"""docker-compose.yml and the Dockerfile, checked without a Docker engine: the services exist,
beat runs once, and every command they run exists in the project."""

import fnmatch
import importlib
import re
import shlex
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
# Variables read by something other than mentoring/settings.py.
NOT_SETTINGS = {"WEB_CONCURRENCY"}  # gunicorn's worker count


def command_of(service: str) -> str:
    command = SERVICES[service]["command"]
    if isinstance(command, list):
        if command[:2] == ["sh", "-c"]:
            return command[2]
        return shlex.join(command)
    return command


def settings_env_names() -> set[str]:
    text = (ROOT / "mentoring" / "settings.py").read_text()
    return set(re.findall(r"""(?:env|Env\(\))\.\w+\(\s*["']([A-Z][A-Z0-9_]+)["']""", text))


def test_the_services_exist():
    assert {"postgres", "redis", "web", "worker", "beat", "mailpit"} <= set(SERVICES)


def test_exactly_one_beat():
    assert SERVICES["beat"]["deploy"]["replicas"] == 1
    for name in ("web", "worker", "beat"):
        # A fixed container name would make `--scale` impossible.
        assert "container_name" not in SERVICES[name]


def test_web_migrates_and_serves_with_gunicorn():
    steps = [s.strip() for s in command_of("web").split("&&")]
    assert steps[0] == "python manage.py migrate_locked"
    assert steps[1].startswith("exec gunicorn mentoring.wsgi:application ")
    assert "0.0.0.0:8000" in steps[1]


def test_the_image_compiles_translations_and_collects_static_files():
    """Built into the image, so the worker's reminder emails are translated too."""
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "python manage.py compile_translations" in dockerfile
    assert "python manage.py collectstatic --no-input" in dockerfile
    assert "USER mentorpolku" in dockerfile


def test_manage_py_commands_in_compose_and_dockerfile_exist():
    commands = get_commands()
    text = yaml.safe_dump(COMPOSE) + (ROOT / "Dockerfile").read_text()
    used = re.findall(r"manage\.py (\w+)", text)
    assert used
    missing = [c for c in used if c not in commands]
    assert not missing


def test_the_wsgi_application_is_importable():
    module, _, attribute = "mentoring.wsgi:application".partition(":")
    application = getattr(importlib.import_module(module), attribute)
    assert callable(application)


@pytest.mark.parametrize("service", ["worker", "beat"])
def test_celery_services_use_the_mentoring_app(service):
    args = shlex.split(command_of(service))
    assert args[:3] == ["celery", "-A", "mentoring"]
    assert args[3] == service
    app = importlib.import_module(args[2]).celery_app
    assert app.main == "mentoring"
    assert app.conf.task_acks_late and app.conf.worker_prefetch_multiplier == 1


def test_beat_schedule_is_declared_in_settings_and_names_tasks():
    from mentoring.celery import app

    assert app.conf.beat_schedule
    for entry in app.conf.beat_schedule.values():
        assert entry["task"].startswith("mentoring.")


def test_web_has_a_health_check_and_sends_mail_to_the_catcher():
    web = SERVICES["web"]
    assert "/health/" in " ".join(web["healthcheck"]["test"])
    assert "mailpit" in web["environment"]["EMAIL_HOST"]
    assert "mailpit" in web["depends_on"]


def test_app_services_share_one_configuration_read_by_settings():
    known = settings_env_names() | NOT_SETTINGS
    for name in ("web", "worker", "beat"):
        env = SERVICES[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:")
        assert "SECRET_KEY" in env and "DEBUG" not in env
        unknown = set(env) - known
        assert not unknown, f"{name}: variables that nothing reads: {unknown}"
    for name in ("worker", "beat"):
        assert SERVICES[name]["depends_on"]["web"]["condition"] == "service_healthy"


def test_dockerfile_installs_the_project_and_runs_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.1[1-9]", dockerfile, re.M)
    for source in re.findall(r"^COPY (.+) \./?$", dockerfile, re.M):
        for path in source.split():
            assert path == "." or (ROOT / path).exists(), path
    assert "pip install ." in dockerfile
    assert "USER " in dockerfile  # not root
    assert '"mentoring.wsgi:application"' in dockerfile


def test_readme_documents_every_environment_variable():
    readme = (ROOT / "README.md").read_text()
    internal = {"TESTING", "TEST_DATABASE_NAME"}  # test-suite switches, documented under Tests
    missing = [n for n in sorted(settings_env_names() - internal) if f"`{n}`" not in readme]
    assert not missing, f"README.md configuration table lacks: {missing}"


def ignore_patterns(name: str) -> set[str]:
    lines = (ROOT / name).read_text().splitlines()
    return {line.strip().rstrip("/") for line in lines if line.strip() and line[0] != "#"}


def test_the_secrets_file_stays_out_of_git_and_the_image():
    """The README's production steps write SECRET_KEY into .env and then build the image."""
    assert ".env" in ignore_patterns(".gitignore")
    assert ".env" in ignore_patterns(".dockerignore")


def test_the_image_leaves_out_history_and_development_files():
    assert {".git", ".venv", "var", "tests", "tools"} <= ignore_patterns(".dockerignore")


def test_the_image_keeps_what_the_dockerfile_and_the_app_need():
    needed = ["pyproject.toml", "README.md", "manage.py", "mentoring", "units", "templates"]
    needed += ["static", "locale"]
    patterns = [p.removeprefix("**/") for p in ignore_patterns(".dockerignore")]
    for path in needed:
        assert (ROOT / path).exists(), path
        assert not any(fnmatch.fnmatch(path, p) for p in patterns), path
