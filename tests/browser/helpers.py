"""Checks shared by browser tests: accessibility with axe-core, horizontal overflow."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
SERIOUS = ("serious", "critical")


def axe_violations(page, *, impacts=SERIOUS, rules: dict | None = None) -> list[dict]:
    """Run axe-core on the page as it is now and return the violations of the given impacts.

    Our pages forbid inline scripts (CSP), so axe is not added as a <script> tag: its source is
    evaluated through the DevTools protocol, which page CSP does not govern.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(f"() => {{ {AXE_SOURCE}\n}}")
    result = page.evaluate(
        "async (rules) => await window.axe.run(document, "
        "{resultTypes: ['violations'], rules: rules || {}})",
        rules,
    )
    return [v for v in result["violations"] if v["impact"] in impacts]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} — {targets}")
    return "\n".join(lines)


def assert_accessible(page, **kwargs) -> None:
    violations = axe_violations(page, **kwargs)
    assert not violations, f"axe on {page.url}:\n" + format_violations(violations)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0 = no horizontal scrolling)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"
    )
