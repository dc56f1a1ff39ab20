"""House rules a reviewer would otherwise check by eye: the lint ([tool.ruff] in pyproject.toml) finds
nothing, and the layers of generator/ hold (which module may import which, lazy imports included)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ruff_command() -> list[str]:
    beside = Path(sys.executable).parent / "ruff"  # the test extra installs it in the environment
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "ruff"]


def test_ruff_finds_nothing():
    done = subprocess.run(
        [*ruff_command(), "check", "--no-cache", "--output-format", "concise", "."],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"},
    )
    assert "No module named ruff" not in done.stderr, "ruff is missing: it is in the test extra (scripts/setup --test)"
    assert done.returncode == 0, done.stdout + done.stderr


# The layers of generator/, lowest first. The pure core computes; the adapters do I/O (files, git,
# the network, GitHub); the commands and the MkDocs plugin are the thin shells over both; cli.py
# parses and dispatches. A module imports only from its own layer or a lower one.
ADAPTERS = {
    "generator.edit", "generator.edit.create", "generator.edit.layout", "generator.edit.nextline",
    "generator.edit.operations", "generator.edit.roundtrip",
    "generator.github", "generator.github.client", "generator.github.comments", "generator.github.gitpush",
    "generator.github.keepalive", "generator.github.reminder_sync",
    "generator.github.workflow",
    "generator.intake.fetch", "generator.intake.posting",
    "generator.publish",
    "generator.adapters", "generator.adapters.github", "generator.adapters.github.save_and_confirm",
}
SHELLS = {"generator.plugin", "generator.cli", "generator.__main__"}  # and generator.commands.*, generator.plugin.*


def layer(module: str) -> int:
    if module in SHELLS or module.startswith(("generator.commands", "generator.plugin.")):
        return 2
    return 1 if module in ADAPTERS else 0


LAYER_NAMES = ("the pure core", "an adapter (I/O)", "a command or the plugin")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str]) -> list[tuple[str, int, bool]]:
    """(module imported, line, at top level?) for every import of generator's own modules in the file,
    the ones inside functions too. Importing a.b.c runs a/b/__init__.py first: that counts as well
    (but not the module's own packages, which are already running when it is imported)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    # `if __name__ == "__main__":` runs only when the file is the program (`python -m generator.publish`,
    # the old spelling of a command): an entry point, not an import of the library.
    tree.body = [node for node in tree.body if not _is_main_block(node)]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            targets = [f"{target}.{a.name}" if f"{target}.{a.name}" in modules else target for a in node.names]
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        else:
            continue
        for target in targets:
            parts = target.split(".")
            for n in range(2, len(parts) + 1):  # the packages on the way, then the module
                step = ".".join(parts[:n])
                if step in modules and step != name and not name.startswith(step + "."):  # its own packages run first
                    found.append((step, node.lineno, id(node) in top))
    return found


def _is_main_block(node) -> bool:
    return isinstance(node, ast.If) and ast.unparse(node.test) in ("__name__ == '__main__'", '__name__ == "__main__"')


def import_graph() -> dict[str, list[tuple[str, int, bool]]]:
    paths = sorted((ROOT / "generator").rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports(p, modules) for p in paths}


def test_no_import_runs_upward():
    upward = [
        f"{module}:{line} imports {target}: {LAYER_NAMES[layer(module)]} may not import {LAYER_NAMES[layer(target)]}"
        for module, found in import_graph().items()
        for target, line, _ in found
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_commands_do_not_import_the_cli_and_the_cli_loads_them_by_name():
    graph = import_graph()
    wrong = [f"{m}:{line} imports {t}" for m, found in graph.items() for t, line, _ in found
             if t in ("generator.cli", "generator.__main__") and m != "generator.__main__"]
    wrong += [f"generator.cli:{line} imports {t} at the top (cli.py loads a command when it is chosen)"
              for t, line, at_top in graph["generator.cli"]
              if at_top and t.startswith("generator.commands.")]
    assert wrong == []


def test_no_import_cycle_lazy_imports_included():
    graph = {m: sorted({t for t, _, _ in found}) for m, found in import_graph().items()}
    cycles, on_path, done = [], [], set()

    def visit(module):  # depth first; a module met again on the current path closes a cycle
        if module in on_path:
            cycles.append(" -> ".join([*on_path[on_path.index(module):], module]))
            return
        if module in done:
            return
        on_path.append(module)
        for target in graph.get(module, ()):
            visit(target)
        on_path.pop()
        done.add(module)

    for module in graph:
        visit(module)
    assert cycles == []


def test_every_command_returns_an_exit_constant():
    """`return 0` says nothing; EXIT_OK, EXIT_PROBLEMS (1: problems found, an action failed) and
    EXIT_USAGE (2: nothing was done) say which of the documented outcomes it is."""
    literal = [
        f"{path.relative_to(ROOT)}:{node.lineno}: return {node.value.value}"
        for path in sorted((ROOT / "generator" / "commands").glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Constant) and type(node.value.value) is int
    ]
    assert literal == []


MAX_LINES, MAX_COMPLEXITY = 50, 15  # a function you can read at once: lines from `def` to its end; mccabe
# Every module of generator/: read from the folder, so a new module is held to the rule too.
SIZED = tuple(sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "generator").rglob("*.py")))


def test_functions_are_short_and_simple():
    long = [
        f"{path}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1} lines (at most {MAX_LINES})"
        for path in SIZED
        for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > MAX_LINES
    ]
    done = subprocess.run(
        [*ruff_command(), "check", "--no-cache", "--output-format", "concise", "--select", "C901",
         "--config", f"lint.mccabe.max-complexity={MAX_COMPLEXITY}", *SIZED],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"},
    )
    assert long == []
    assert done.returncode == 0, done.stdout + done.stderr
