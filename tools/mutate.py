"""A small mutation run: plant one fault at a time in the core and see whether a test fails.

    python tools/mutate.py                       # every package, a sample of each
    python tools/mutate.py --package messages    # one package (messages, sync, content)
    python tools/mutate.py --package content --max 0          # every fault, no sampling
    python tools/mutate.py --package messages --match ROLLBACK --list   # what would be planted
    python tools/mutate.py --module kiosk/messages/store.py --line 214 # the faults of one line
    python tools/mutate.py --copy /tmp/snap --drop-test test_store_faults  # what a test adds:
    python tools/mutate.py --copy /tmp/snap                   # the same faults, with it

The project's files (as they are in the working tree, changes included) are copied to a
temporary folder and the faults are planted there, never here. Each target module is parsed
with ``ast``; a fault is one of: a comparison's boundary moved (``<`` and ``<=``, ``>`` and
``>=``) or turned round (``==`` and ``!=``, ``is``, ``in``), ``+`` and ``-`` swapped (``*`` and
``/`` too), ``and`` and ``or`` swapped, a ``not`` dropped, a whole number one larger, ``True``
and ``False`` swapped, a call statement dropped (``db.execute("ROLLBACK")``, ``os.fsync(fd)``),
``return x`` made ``return None``, a ``raise`` dropped, and in SQL text a boundary moved or
``AND`` and ``OR`` swapped. Logging calls and type annotations are left alone.

For each fault, the tests that cover that module (the map below, quickest and nearest first)
run with ``-x`` under a time limit (by default five times the clean run's, at least 30 s): a
failing test kills the fault, a run past the limit times out, a passing run lets it survive.
Faults are sampled (``--max`` per package, 40 by default; the same ones for the same
``--seed`` and the same code). A table is printed; the survivors and the faults that timed
out are written to ``--report`` (build/mutants.md by default), as ``file:line`` and the fault.
A package takes a few minutes with the default sample on two cores; --max 0 takes an hour or
more for sync.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The tests of each target, by name: "store" is tests/unit/test_store.py.
_STORE = ["store_faults", "message_rows", "store", "store_hostile", "export", "receivers"]
_EXPORT = ["export_durable", "export", "export_bytes", "export_xlsx", "store_hostile", "store"]
_SYNC = ["sync_edges", "sync", "sync_lanes", "sync_hostile", "receivers", "webhook_hostile",
         "email", "email_hostile", "apps_script", "tls"]
_FLEET = ["fleet_edges", "fleet_status_fields", "fleet", "fleet_hostile", "fleet_cli",
          "fleet_cli_alerts", "fleet_package", "fleet_package_hostile", "fleet_settings",
          "fleet_publish_guard"]
_ALERTS = ["alerts", "alerts_mail", "alert_smtp", "fleet_cli_alerts"]
_FORM = ["form_rules", "form_fallback", "form_words"]
_CONTENT = ["number_bounds", "deck_edges", "validation", "content_hostile", "yaml_words",
            "bilingual", "one_slide", "video_deck", "schedule_deck", *_FORM,
            "keep_together_rules", "yaml_times_dates", "deck_edit", "deck_edit_dates",
            "high_contrast", "image_facts", "words", "config", "booth_setup"]

#: package -> target modules (a glob, from the project's root) -> the tests that cover them,
#: nearest and quickest first (a test file that is not there is left out). The first glob a
#: file matches wins.
TARGETS: dict[str, dict[str, list[str]]] = {
    "messages": {
        "kiosk/messages/store.py": _STORE,
        "kiosk/messages/store_files.py": _STORE,
        "kiosk/messages/message.py": _STORE,
        "kiosk/messages/schema.py": _STORE,
        "kiosk/messages/export.py": _EXPORT,
        "kiosk/messages/store_export.py": _EXPORT,
    },
    "sync": {
        "kiosk/sync/alert*.py": [*_ALERTS, "sync_edges"],
        "kiosk/sync/collect_command.py": ["fleet_edges", "fleet_cli", *_ALERTS],
        "kiosk/sync/fleet*.py": [*_FLEET, *_ALERTS],
        "kiosk/sync/from_settings.py": ["config", "fleet_settings", *_SYNC, "alert_smtp"],
        "kiosk/sync/sync_command.py": ["sync_edges", "cli_edges", *_SYNC],
        "kiosk/sync/folder.py": [*_SYNC, "fleet", "fleet_hostile"],
        "kiosk/sync/*.py": _SYNC,
    },
    "content": {
        "kiosk/visit/form_rules.py": _FORM,
        "kiosk/content/kinds.py": _CONTENT,
        "kiosk/content/deck_kinds.py": _CONTENT,
        "kiosk/content/schedule_kind.py": _CONTENT,
        "kiosk/content/loader.py": _CONTENT,
        "kiosk/content/schema.py": _CONTENT,
        "kiosk/content/image_kind.py": _CONTENT,
        "kiosk/content/media_kind.py": _CONTENT,
        "kiosk/content/form_loader.py": _CONTENT,
    },
}

#: What runs the tests: the core's own settings (no Qt), stopping at the first failure.
PYTEST = ["-m", "pytest", "-c", "tests/unit/pytest-core.ini", "-x", "-q",
          "-p", "no:cacheprovider", "--no-header", "--tb=short"]
_LOGGERS = {"log", "logger", "logging", "_log"}
#: SQL text (its words in capitals, or a ``?``), and what a fault changes in it.
_SQL = re.compile(r"\b(SELECT|DELETE|UPDATE|INSERT|WHERE|AND|OR)\b|\?")
_SQL_SWAPS = [(re.compile(" <= "), " < "), (re.compile(" < "), " <= "),
              (re.compile(" >= "), " > "), (re.compile(" > "), " >= "),
              (re.compile(" AND "), " OR "), (re.compile("(?<!INSERT) OR (?!IGNORE)"), " AND ")]


# ---------------------------------------------------------------- the faults
@dataclass(frozen=True)
class Mutant:
    """One fault: the ``index``-th node of ``ast.walk`` over ``path``'s tree, changed by
    ``how`` (see :func:`_change`)."""

    path: str
    line: int
    index: int
    how: str
    what: str  # said to a person: "`<` -> `<=` in: a < b"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}  {self.what}"


_CMP_SWAPS: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is,
    ast.In: ast.NotIn, ast.NotIn: ast.In}
_BIN_SWAPS: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
    ast.FloorDiv: ast.Mult}
_SYMBOLS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
            ast.NotEq: "!=", ast.Is: "is", ast.IsNot: "is not", ast.In: "in",
            ast.NotIn: "not in", ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/",
            ast.FloorDiv: "//", ast.And: "and", ast.Or: "or"}


def _short(node: ast.AST, width: int = 70) -> str:
    text = " ".join(ast.unparse(node).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _left_alone(tree: ast.Module) -> set[int]:
    """Ids of nodes no fault goes into: annotations, docstrings, logging calls, ``__all__``
    and ``if TYPE_CHECKING:`` blocks."""
    skip: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            skip.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            skip.append(node.returns)
        elif _whole_node_alone(node):
            skip.append(node)
    return {id(inner) for outer in skip for inner in ast.walk(outer)}


def _whole_node_alone(node: ast.AST) -> bool:
    if isinstance(node, ast.If):
        return "TYPE_CHECKING" in ast.unparse(node.test)
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        func = node.value.func
        return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.value.id in _LOGGERS)
    return isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant)
                                               and isinstance(node.value, str))


def _faults(node: ast.AST, parent: ast.AST | None) -> Iterator[tuple[str, str]]:
    """(how, what) for each fault that can be planted at ``node``."""
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _CMP_SWAPS:
                yield f"cmp:{i}", f"`{_SYMBOLS[type(op)]}` -> `{_SYMBOLS[_CMP_SWAPS[type(op)]]}`"
    elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in _BIN_SWAPS:
        sides = [node.left, node.right] if isinstance(node, ast.BinOp) else [node.value]
        if not any(_is_text(side) for side in sides):  # "a" + b: a TypeError, nothing learnt
            old = type(node.op)
            yield "op", f"`{_SYMBOLS[old]}` -> `{_SYMBOLS[_BIN_SWAPS[old]]}`"
    elif isinstance(node, ast.BoolOp):
        other = "or" if isinstance(node.op, ast.And) else "and"
        yield "bool", f"`{_SYMBOLS[type(node.op)]}` -> `{other}`"
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        yield "not", "`not` dropped"
    elif isinstance(node, ast.Constant):
        yield from _constant_faults(node, parent)
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        yield "drop", "call dropped"
    elif isinstance(node, ast.Return) and node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None):
        yield "none", "`return x` -> `return None`"
    elif isinstance(node, ast.Raise):
        yield "drop", "`raise` dropped"


def _constant_faults(node: ast.Constant, parent: ast.AST | None) -> Iterator[tuple[str, str]]:
    value = node.value
    if isinstance(value, bool):
        yield "flip", f"`{value}` -> `{not value}`"
    elif isinstance(value, int):
        yield "plus", f"`{value}` -> `{value + 1}`"
    elif isinstance(value, str) and _SQL.search(value) and not isinstance(parent, ast.Expr):
        for i, (old, new) in enumerate(_SQL_SWAPS):
            for k, found in enumerate(old.finditer(value)):
                yield f"sql:{i}:{k}", f"SQL `{found.group().strip()}` -> `{new.strip()}`"


def find_mutants(path: str, source: str) -> list[Mutant]:
    """Every fault that can be planted in ``source`` (the module at ``path``)."""
    tree = ast.parse(source)
    alone = _left_alone(tree)
    parents = {id(child): node for node in ast.walk(tree)
               for child in ast.iter_child_nodes(node)}
    found = []
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in alone or not hasattr(node, "lineno"):
            continue
        for how, what in _faults(node, parents.get(id(node))):
            found.append(Mutant(path, node.lineno, index, how, f"{what} in: {_short(node)}"))
    return found


def plant(source: str, mutant: Mutant) -> str:
    """``source`` with ``mutant``'s fault in it."""
    tree = ast.parse(source)
    target = list(ast.walk(tree))[mutant.index]
    replacement = _change(target, mutant.how)

    class Swap(ast.NodeTransformer):
        def generic_visit(self, node: ast.AST) -> ast.AST:
            return replacement if node is target else super().generic_visit(node)

    new_tree = ast.fix_missing_locations(Swap().visit(tree))
    return ast.unparse(new_tree) + "\n"


def _change(node: ast.AST, how: str) -> ast.AST:
    kind, _, arg = how.partition(":")
    changes: dict[str, Callable[[], ast.AST]] = {
        "cmp": lambda: _swap_cmp(node, int(arg)),
        "op": lambda: _swap_op(node),
        "bool": lambda: _swap_bool(node),
        "not": lambda: node.operand,  # type: ignore[attr-defined]
        "flip": lambda: ast.Constant(not node.value),  # type: ignore[attr-defined]
        "plus": lambda: ast.Constant(node.value + 1),  # type: ignore[attr-defined]
        "sql": lambda: _swap_sql(node, arg),
        "drop": lambda: ast.Pass(),
        "none": lambda: ast.Return(ast.Constant(None)),
    }
    new = changes[kind]()
    return ast.copy_location(new, node)


def _swap_cmp(node: ast.AST, i: int) -> ast.AST:
    assert isinstance(node, ast.Compare)
    node.ops[i] = _CMP_SWAPS[type(node.ops[i])]()
    return node


def _swap_op(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.BinOp | ast.AugAssign)
    node.op = _BIN_SWAPS[type(node.op)]()
    return node


def _swap_bool(node: ast.AST) -> ast.AST:
    assert isinstance(node, ast.BoolOp)
    node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    return node


def _swap_sql(node: ast.AST, arg: str) -> ast.AST:
    """The ``k``-th match of swap ``i`` (``arg``: "i:k") changed in an SQL text."""
    assert isinstance(node, ast.Constant) and isinstance(node.value, str)
    i, k = map(int, arg.split(":"))
    old, new = _SQL_SWAPS[i]
    found = list(old.finditer(node.value))[k]
    return ast.Constant(node.value[:found.start()] + new + node.value[found.end():])


# ---------------------------------------------------------------- the copy and the runs
def copy_project(into: Path) -> None:
    """The project's files as they are now (tracked or new, not ignored) copied to ``into``,
    the kiosk's modules compiled so that a changed source is always read again."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not source.is_symlink():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    subprocess.run([sys.executable, "-m", "compileall", "-q", "--invalidation-mode",
                    "checked-hash", "kiosk"], cwd=into, check=True)
    found = subprocess.run([sys.executable, "-c", "import kiosk; print(kiosk.__file__)"],
                           cwd=into, env=_env(into), check=True, capture_output=True, text=True)
    if not Path(found.stdout.strip()).is_relative_to(into):
        sys.exit(f"the copy imports the kiosk from {found.stdout.strip()}, not from {into}")


def _env(copy: Path) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(copy), PYTHONDONTWRITEBYTECODE="1",
               PYTHONHASHSEED="0")
    env.pop("KIOSK_CONTENT", None)
    return env


def run_tests(copy: Path, tests: list[str], timeout: float) -> tuple[str, float]:
    """("passed" | "failed" | "timeout", seconds) of one run of ``tests`` in ``copy``."""
    shutil.rmtree(copy / ".hypothesis", ignore_errors=True)  # no examples from other faults
    start = time.monotonic()
    with (copy / ".mutate.log").open("wb") as log, subprocess.Popen(
            [sys.executable, *PYTEST, "--rootdir", str(copy), *tests], cwd=copy, env=_env(copy),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True) as process:
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return "timeout", time.monotonic() - start
    return ("passed" if code == 0 else "failed"), time.monotonic() - start


# ---------------------------------------------------------------- a package's run
@dataclass
class Score:
    killed: int = 0
    survived: list[Mutant] = field(default_factory=list)
    timed_out: list[Mutant] = field(default_factory=list)
    seconds: float = 0.0
    broken: bool = False  # the tests failed with no fault planted

    @property
    def total(self) -> int:
        return self.killed + len(self.survived) + len(self.timed_out)


def targets(package: str, root: Path = ROOT, drop: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Each target file of ``package`` -> the tests in ``root`` that cover it (less those
    whose path has one of ``drop``)."""
    found: dict[str, list[str]] = {}
    for pattern, tests in TARGETS[package].items():
        for path in sorted(root.glob(pattern)):
            name = path.relative_to(root).as_posix()
            if path.name != "__init__.py" and name not in found:
                files = [f"tests/unit/test_{t}.py" for t in dict.fromkeys(tests)]
                found[name] = [f for f in files if (root / f).is_file()
                               and not any(d in f for d in drop)]
    return found


def choose(package: str, args: argparse.Namespace, root: Path = ROOT) -> list[Mutant]:
    """The faults to plant in ``root``'s files: filtered as asked, then a sample of
    ``args.max`` (seeded)."""
    chosen = []
    for path in targets(package, root):
        if args.module and not any(m in path for m in args.module):
            continue
        for mutant in find_mutants(path, (root / path).read_text(encoding="utf-8")):
            if args.line and mutant.line not in args.line:
                continue
            if args.match and args.match.lower() not in mutant.what.lower():
                continue
            chosen.append(mutant)
    if args.max and len(chosen) > args.max:
        chosen = random.Random(f"{args.seed}:{package}").sample(chosen, args.max)
    return sorted(chosen, key=lambda m: (m.path, m.line, m.index, m.how))


def run_package(package: str, copy: Path, args: argparse.Namespace) -> Score:
    score = Score()
    mutants = choose(package, args, copy)
    tests = targets(package, copy, tuple(args.drop_test or ()))
    clean: dict[tuple[str, ...], float] = {}
    started = time.monotonic()
    for number, mutant in enumerate(mutants, 1):
        key = tuple(tests[mutant.path])
        if key not in clean:
            clean[key] = _clean_run(copy, list(key))
            if clean[key] < 0:
                score.broken = True
                break
        limit = args.timeout or max(30.0, 5 * clean[key])
        outcome, seconds = _run_mutant(copy, mutant, list(key), limit)
        if outcome == "failed":
            score.killed += 1
        elif outcome == "passed":
            score.survived.append(mutant)
        else:
            score.timed_out.append(mutant)
        mark = {"failed": "killed", "passed": "SURVIVED", "timeout": "TIMED OUT"}[outcome]
        print(f"  [{number}/{len(mutants)}] {mark:9} {seconds:5.1f}s  {mutant}", flush=True)
    score.seconds = time.monotonic() - started
    return score


def _clean_run(copy: Path, tests: list[str]) -> float:
    """Seconds the tests take with no fault planted; -1 (and why, said) if they fail."""
    outcome, seconds = run_tests(copy, tests, 1800)
    if outcome == "passed":
        return seconds
    print(f"  the tests {outcome} with no fault planted: nothing to learn here.\n"
          + (copy / ".mutate.log").read_text(encoding="utf-8", errors="replace")[-3000:],
          flush=True)
    return -1


def _run_mutant(copy: Path, mutant: Mutant, tests: list[str], limit: float) -> tuple[str, float]:
    module = copy / mutant.path
    original = module.read_text(encoding="utf-8")
    try:
        module.write_text(plant(original, mutant), encoding="utf-8")
        return run_tests(copy, tests, limit)
    finally:
        module.write_text(original, encoding="utf-8")


# ---------------------------------------------------------------- what is said
def table(scores: dict[str, Score]) -> str:
    lines = [f"{'package':10} {'mutants':>7} {'killed':>7} {'survived':>8} {'timed out':>9} "
             f"{'score':>6} {'time':>7}"]
    for package, s in scores.items():
        caught = "broken" if s.broken else f"{100 * s.killed / s.total:.0f}%" if s.total else "-"
        lines.append(f"{package:10} {s.total:7} {s.killed:7} {len(s.survived):8} "
                     f"{len(s.timed_out):9} {caught:>6} {s.seconds / 60:6.1f}m")
    return "\n".join(lines)


def report(scores: dict[str, Score], args: argparse.Namespace) -> str:
    dropped = f", without the tests {', '.join(args.drop_test)}" if args.drop_test else ""
    sample = f"at most {args.max} faults a package" if args.max else "every fault"
    lines = ["# Mutation run", "", f"seed {args.seed}, {sample}{dropped}", "", "```",
             table(scores), "```"]
    for package, s in scores.items():
        for title, mutants in (("survived", s.survived), ("timed out", s.timed_out)):
            if mutants:
                lines += ["", f"## {package}: {title}", ""]
                lines += [f"- `{m.path}:{m.line}` {m.what}" for m in mutants]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--package", choices=[*TARGETS, "all"], default="all")
    parser.add_argument("--max", type=int, default=40,
                        help="faults planted a package at most, a seeded sample (0: all)")
    parser.add_argument("--timeout", type=float, default=0,
                        help="seconds a fault's test run may take (default: 5x the clean run)")
    parser.add_argument("--seed", default="1")
    parser.add_argument("--module", action="append", help="only files whose path has this")
    parser.add_argument("--line", type=int, action="append", help="only faults on this line")
    parser.add_argument("--match", help="only faults whose description has this text")
    parser.add_argument("--drop-test", action="append",
                        help="leave out the test files whose path has this (what they add)")
    parser.add_argument("--list", action="store_true", help="list the faults, plant none")
    parser.add_argument("--report", type=Path, default=ROOT / "build" / "mutants.md")
    parser.add_argument("--copy", type=Path, help="the copy to work in, made if missing and "
                        "kept: later runs then plant the same faults in the same code")
    args = parser.parse_args(argv)
    packages = list(TARGETS) if args.package == "all" else [args.package]
    if args.list:
        for package in packages:
            for mutant in choose(package, args):
                print(f"{package:9} {mutant}")
        return 0
    scores: dict[str, Score] = {}
    with contextlib.ExitStack() as stack:
        copy = args.copy or Path(stack.enter_context(
            tempfile.TemporaryDirectory(prefix="kiosk-mutants-")))
        if not (copy / "kiosk").is_dir():
            copy.mkdir(parents=True, exist_ok=True)
            copy_project(copy)
        for package in packages:
            print(f"{package}:", flush=True)
            scores[package] = run_package(package, copy, args)
    print(table(scores))
    args.report.parent.mkdir(parents=True, exist_ok=True)
    args.report.write_text(report(scores, args), encoding="utf-8")
    print(f"survivors: {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
