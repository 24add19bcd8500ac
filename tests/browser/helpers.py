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
    """How many CSS pixels the page is wider than the viewport (0 = no horizontal scrolling).

    Measured against the layout viewport (``clientWidth``), not ``innerWidth``: a mobile
    browser zooms out to fit content that is too wide, and ``innerWidth`` grows with it, so
    comparing with it would hide the very overflow we look for.
    """
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def overflowing_elements(page, limit: int = 8) -> list[str]:
    """The deepest elements that reach past the right edge of the screen, to say what to fix."""
    return page.evaluate(
        """(limit) => {
          const width = document.documentElement.clientWidth;
          const out = [];
          for (const el of document.querySelectorAll("body *")) {
            const r = el.getBoundingClientRect();
            if (r.width === 0 || r.right <= width + 0.5) continue;
            if ([...el.children].some(c => c.getBoundingClientRect().right > width + 0.5)) continue;
            const id = el.id ? "#" + el.id : "";
            const cls = el.className && typeof el.className === "string"
              ? "." + el.className.trim().split(/\\s+/).join(".") : "";
            out.push(`${el.tagName.toLowerCase()}${id}${cls} (right ${Math.round(r.right)}):`
              + ` ${(el.textContent || "").trim().slice(0, 60)}`);
            if (out.length >= limit) break;
          }
          return out;
        }""",
        limit,
    )


def sideways_scrollers(page, limit: int = 8) -> list[str]:
    """Boxes inside <main> that scroll sideways (e.g. a ``.table-responsive`` whose table is
    wider than the screen). The page itself may fit while a column hides off-screen in one
    of these: on a phone that is as bad as the whole page scrolling."""
    return page.evaluate(
        """(limit) => {
          const out = [];
          for (const el of document.querySelectorAll("main *")) {
            const style = getComputedStyle(el);
            if (!["auto", "scroll"].includes(style.overflowX)) continue;
            if (el.scrollWidth <= el.clientWidth + 1) continue;
            const cls = typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "";
            out.push(`${el.tagName.toLowerCase()}${cls} scrolls ${el.scrollWidth - el.clientWidth}px`);
            if (out.length >= limit) break;
          }
          return out;
        }""",
        limit,
    )
