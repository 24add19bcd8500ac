import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_no_template_has_a_multi_line_short_comment():
    """Django's {# #} comments end at the line: a multi-line one is shown to the user."""
    offenders = []
    for path in TEMPLATES.rglob("*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        text = path.read_text()
        for match in re.finditer(r"\{#(.*?)#\}", text, re.S):
            if "\n" in match.group(1):
                offenders.append(
                    f"{path.relative_to(TEMPLATES)}:{text[: match.start()].count(chr(10)) + 1}"
                )
    assert not offenders, offenders
