"""The house's rules that a reading of the code can check (the layers themselves are checked
by `lint-imports`, which the test command runs first; see docs/architecture.md)."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PRODUCT = [ROOT / "mentoring", ROOT / "units"]


def _python_files():
    for base in PRODUCT:
        for path in base.rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _allowed(path: Path, function: ast.FunctionDef) -> bool:
    """Management commands and Celery tasks may import late; so may ``AppConfig.ready``,
    where Django wants the models loaded before a part connects its receivers and hooks."""
    return (
        "commands" in path.parts
        or path.name == "tasks.py"
        or (path.name == "apps.py" and function.name == "ready")
    )


def test_no_import_inside_a_function():
    found = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if _allowed(path, function):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} in {function.name}()")
    assert found == []


def test_the_layers_hold():
    """The same check as the test command's first step, so a plain pytest run has it too."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:]
