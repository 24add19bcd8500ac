"""Compile the committed .po catalogues to .mo with polib, so set-up needs no system gettext."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def compile_all(root: Path = ROOT) -> list[Path]:
    written = []
    for po_path in sorted((root / "locale").glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written
