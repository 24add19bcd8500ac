"""The Finnish and Swedish catalogues are complete for every string in the source.

The test extracts the messages afresh (Django's makemessages, which needs GNU gettext) into a
copy of the project, merged with the committed catalogues, and requires every entry to be
translated and none to be fuzzy. Without gettext it is skipped, except in CI where it fails.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ["fi", "sv"]
COPY = ["manage.py", "mentoring", "units", "templates", "static", "locale", "pyproject.toml"]


def _extract(tmp_path: Path) -> Path:
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") or os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("GNU gettext (xgettext) is needed to check the catalogues")
        pytest.skip("GNU gettext (xgettext) is not installed")
    for name in COPY:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "mentoring.settings",
        "MENTORPOLKU_VAR_DIR": str(tmp_path / "var"),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", *[f"-l{lang}" for lang in LANGUAGES]],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return tmp_path


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    return _extract(tmp_path_factory.mktemp("catalogues"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(extracted, language):
    catalogue = polib.pofile(str(extracted / "locale" / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{language}: {len(untranslated)} untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{language}: {len(fuzzy)} fuzzy: {fuzzy[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    result = (
        subprocess.run(
            ["msgfmt", "--check-format", "-o", os.devnull, catalogue.fpath],
            capture_output=True,
            text=True,
        )
        if shutil.which("msgfmt")
        else None
    )
    if result is not None:
        assert result.returncode == 0, result.stderr
