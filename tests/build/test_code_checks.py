"""The code stays ruff clean, type-checked, and inside its architectural boundaries.

Each check runs the tool from this Python (``python -m ...``), so a missing tool is a failure
here, never a silent skip."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib

from tests.decks import ROOT

MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 60


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_ruff_is_clean() -> None:
    done = run("ruff", "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_is_clean() -> None:
    done = run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_import_contracts_hold() -> None:
    """The core imports no Qt; kiosk.ui's features do not import each other."""
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command;"
                               " sys.exit(lint_imports_command())", "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def test_no_module_over_400_lines_and_no_function_over_60() -> None:
    too_long = []
    for path in sorted((ROOT / "kiosk").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        if text.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{where}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{where}:{node.lineno} {node.name}: {length} lines")
    assert not too_long, "\n".join(too_long)


def test_at_most_six_modules_sit_directly_in_kiosk() -> None:
    """The rest live in packages that say what they own."""
    top = sorted(path.name for path in (ROOT / "kiosk").glob("*.py"))
    assert len(top) <= 6, top


def test_the_pictures_in_contributing_are_the_import_contracts() -> None:
    """Every layer of each layers contract appears in CONTRIBUTING.md's pictures, as a line
    of its own, in the contract's order."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    picture = (ROOT / "CONTRIBUTING.md").read_text().split("## The shape in one picture")[1]
    picture = picture.split("\n## ")[0]
    lines = [line.split("  ")[0].strip() for line in picture.splitlines()]
    for contract in contracts["contracts"]:
        if contract["type"] != "layers":
            continue
        found = [lines.index(layer) if layer in lines else -1 for layer in contract["layers"]]
        assert -1 not in found, (contract["name"], contract["layers"], found)
        assert found == sorted(found), (contract["name"], found)
