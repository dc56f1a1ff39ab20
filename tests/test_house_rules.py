"""House rules a reviewer would otherwise check by eye: the lint ([tool.ruff] in pyproject.toml) finds
nothing, and the layers of generator/ hold (which module may import which, lazy imports included)."""

from __future__ import annotations

import ast
import io
import os
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

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


# The layers of generator/, lowest first, told by the folder a module is in (so a new module is placed by
# where it is written, with no list to keep): generator/core/ computes and does no I/O; generator/adapters/
# does the I/O (files, mkdocs.yml, the environment and the clock, git, the network, GitHub); the commands,
# the MkDocs plugin and cli.py are the thin shells over both. A module imports only from its own layer or a
# lower one.
CORE, ADAPTERS = "generator.core", "generator.adapters"
SHELLS = ("generator.commands", "generator.plugin", "generator.cli", "generator.__main__")
TOP = ("generator",)  # the package itself: its version, nothing else


def layer(module: str) -> int | None:
    """0 the core, 1 an adapter, 2 a shell; None for a module in no layer's folder."""

    def within(prefixes) -> bool:
        return any(module == p or module.startswith(p + ".") for p in prefixes)

    if within(SHELLS):
        return 2
    if within((ADAPTERS,)):
        return 1
    if within((CORE,)) or module in TOP:
        return 0
    return None


LAYER_NAMES = ("the pure core", "an adapter (I/O)", "a command or the plugin")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, modules: set[str], root: Path = ROOT) -> list[tuple[str, int, bool]]:
    """(module imported, line, at top level?) for every import of generator's own modules in the file,
    the ones inside functions too. Importing a.b.c runs a/b/__init__.py first: that counts as well
    (but not the module's own packages, which are already running when it is imported)."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top = {id(node) for node in tree.body}
    # `if __name__ == "__main__":` runs only when the file is the program (`python -m generator.adapters.pages_push`,
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


def import_graph(root: Path = ROOT) -> dict[str, list[tuple[str, int, bool]]]:
    paths = sorted((root / "generator").rglob("*.py"))
    modules = {module_name(p, root) for p in paths}
    return {module_name(p, root): imports(p, modules, root) for p in paths}


def outside_the_layers(root: Path = ROOT) -> list[str]:
    return [f"{module} is in no layer: put it under generator/core/ (pure), generator/adapters/ (I/O) or "
            "generator/commands/" for module in import_graph(root) if layer(module) is None]


def upward_imports(root: Path = ROOT) -> list[str]:
    return [
        f"{module}:{line} imports {target}: {LAYER_NAMES[layer(module)]} may not import {LAYER_NAMES[layer(target)]}"
        for module, found in import_graph(root).items()
        for target, line, _ in found
        if None not in (layer(module), layer(target)) and layer(target) > layer(module)
    ]


def test_every_module_is_in_a_layer():
    assert outside_the_layers() == []


def test_no_import_runs_upward():
    assert upward_imports() == []


def test_commands_do_not_import_the_cli_and_the_cli_loads_them_by_name():
    graph = import_graph()
    wrong = [f"{m}:{line} imports {t}" for m, found in graph.items() for t, line, _ in found
             if t in ("generator.cli", "generator.__main__") and m != "generator.__main__"]
    wrong += [f"generator.cli:{line} imports {t} at the top (cli.py loads a command when it is chosen)"
              for t, line, at_top in graph["generator.cli"]
              if at_top and t.startswith("generator.commands.")]
    assert wrong == []


def test_a_command_loads_no_other_command():
    """Start-up: the CLI reads in the chosen command's options only, so `due` does not load what `render`,
    `remind` or `import` import (their modules import at the top)."""
    code = ("import contextlib, io, sys\nfrom generator.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    main(['schema'])\n"
            "print(sorted(m for m in sys.modules if m.startswith('generator.commands.')))")
    done = subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.stdout.strip() == "['generator.commands.schema']"


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



# An import inside a function says why it is not at the top (a measured start-up cost a command would pay for
# nothing, a library outside the runtime lock): a comment on its line, on the line above it, or above the block
# of imports it opens a function with. Imports at module level (under `if TYPE_CHECKING:`, in a try) are at the top.
LAZY_WITHOUT_COMMENT_ALLOWED: dict[str, str] = {}  # "path:line text" -> why; keep it empty or small


def _comment_lines(source: str) -> set[int]:
    return {tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(source).readline)
            if tok.type == tokenize.COMMENT}


def lazy_imports_without_a_reason(root: Path = ROOT) -> list[str]:
    found = []
    for path in sorted((root / "generator").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        commented = _comment_lines(source)
        tree = ast.parse(source)
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            statements = [n for n in ast.walk(function) if isinstance(n, (ast.Import, ast.ImportFrom))]
            starts = {line for n in statements for line in range(n.lineno, n.end_lineno + 1)}
            for node in statements:
                above = node.lineno - 1
                while above in starts and above not in commented:  # the block of imports it is part of
                    above -= 1
                lines = set(range(node.lineno, node.end_lineno + 1)) | {above}
                where = f"{path.relative_to(root).as_posix()}:{node.lineno}"
                text = ast.get_source_segment(source, node).splitlines()[0]
                if not lines & commented and f"{where} {text}" not in LAZY_WITHOUT_COMMENT_ALLOWED:
                    found.append(f"{where}: `{text}` inside {function.name}() with no comment saying why "
                                 "(move it to the top, or say what it would cost there)")
    return found


def test_every_import_inside_a_function_says_why():
    assert lazy_imports_without_a_reason() == []


@pytest.mark.parametrize("text", [
    "def f():\n    import json\n\n    return json\n",
    "def f():\n    # a comment about something else, then code\n    x = 1\n    import json\n    return json, x\n",
    "class C:\n    def f(self):\n        from json import dumps\n        return dumps\n",
])
def test_an_import_inside_a_function_without_a_reason_fails(tmp_path, text):
    found = lazy_imports_without_a_reason(_tree_with(tmp_path, "generator/core/mail/planted.py", text))
    assert len(found) == 1 and found[0].startswith("generator/core/mail/planted.py:"), found


@pytest.mark.parametrize("text", [
    "def f():\n    import json  # here: 5 ms that due would pay for nothing\n    return json\n",
    "def f():\n    # Imported here: 5 ms that due would pay for nothing.\n    import json\n    import csv\n"
    "    return json, csv\n",
    "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    import json\n",
])
def test_an_import_inside_a_function_with_a_reason_passes(tmp_path, text):
    assert lazy_imports_without_a_reason(_tree_with(tmp_path, "generator/core/mail/planted.py", text)) == []

# The pure core does no I/O: no clock, no environment, no files, no network, no subprocess. "Today", template
# texts, settings and secrets arrive as arguments. Checked by what each module of generator/core/ imports and
# calls, read from the folder (a new module is checked too).
IO_MODULES = ("os", "sys", "subprocess", "socket", "ssl", "select", "selectors", "signal", "http", "urllib",
              "imaplib", "smtplib", "poplib", "ftplib", "mailbox", "shutil", "tempfile", "glob",
              "fileinput", "time", "logging", "multiprocessing", "threading", "asyncio", "sqlite3", "webbrowser",
              "importlib.resources", "requests", "httpx", "dotenv")
PURE_PARTS = ("urllib.parse",)  # text in, text out
IO_CALLS = ("open", "input", "print", "breakpoint")
# Calls of Path's (and os.path's) methods that reach the file system, whatever the receiver: `replace`,
# `resolve` and `touch` are left out (str.replace; Placeholders.resolve; a follow-up's touch), the others are
# not names a pure module calls for anything else.
IO_METHODS = ("read_text", "read_bytes", "write_text", "write_bytes", "open", "exists", "is_file", "is_dir",
              "iterdir", "glob", "rglob", "stat", "lstat", "mkdir", "rmdir", "unlink", "rename",
              "samefile", "chmod", "symlink_to", "hardlink_to", "readlink", "expanduser", "absolute",
              "cwd", "home", "listdir", "scandir", "getcwd", "getenv", "putenv", "urandom", "system", "popen",
              "isfile", "isdir", "getsize", "getmtime")
CLOCK = ("now", "today", "utcnow")  # on a date or datetime: dt.date.today(), datetime.now(tz)


def _io_module(name: str) -> str | None:
    if any(name == p or name.startswith(p + ".") for p in PURE_PARTS):
        return None
    return next((m for m in IO_MODULES if name == m or name.startswith(m + ".")), None)


def io_problems(path: Path, shown: str) -> list[str]:
    """What in one module of the core does I/O: `file:line what`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        what = None
        if isinstance(node, ast.Import):
            what = next((f"imports {a.name}" for a in node.names if _io_module(a.name)), None)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:  # `from urllib import parse`: fine
            what = next((f"imports {a.name} from {node.module}" for a in node.names
                         if _io_module(f"{node.module}.{a.name}")), None)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in IO_CALLS:
            what = f"calls {node.func.id}()"
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in IO_METHODS:
            what = f"calls .{node.func.attr}() (the file system, or the process's environment)"
        elif isinstance(node, ast.Attribute) and node.attr == "environ":
            what = "reads the environment (.environ)"
        elif isinstance(node, ast.Attribute) and node.attr in CLOCK and ast.unparse(node.value).split(".")[-1] in (
                "date", "datetime"):
            what = f"reads the clock ({ast.unparse(node)})"
        elif isinstance(node, ast.Name) and node.id == "__file__":
            what = "reads files beside itself (__file__)"
        if what:
            found.append(f"{shown}:{node.lineno} {what}")
    return found


def core_io(root: Path) -> list[str]:
    core = root / "generator" / "core"
    return [problem for path in sorted(core.rglob("*.py"))
            for problem in io_problems(path, path.relative_to(root).as_posix())]


def test_the_core_does_no_io():
    assert core_io(ROOT) == []


# A module's name places it without opening it: no two modules of generator/ share one (`doctor` the command
# and `doctor` the report; `keepalive` and `keep_alive`), whatever the folders.
def same_names(root: Path = ROOT) -> list[str]:
    by_name: dict[str, list[str]] = {}
    for path in sorted((root / "generator").rglob("*.py")):
        if path.stem not in ("__init__", "__main__"):
            by_name.setdefault(path.stem.replace("_", "").lower(), []).append(path.relative_to(root).as_posix())
    return [" and ".join(paths) for paths in by_name.values() if len(paths) > 1]


def test_no_two_modules_share_a_name():
    assert same_names() == []


# Each check above, shown failing: a module with one violation is planted in a copy of generator/.
def _tree_with(tmp_path: Path, rel: str, text: str) -> Path:
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    planted = tmp_path / rel
    planted.parent.mkdir(parents=True, exist_ok=True)
    for folder in planted.relative_to(tmp_path).parents:  # a new sub-area is a package like the others
        if str(folder) != "." and not (tmp_path / folder / "__init__.py").exists():
            (tmp_path / folder / "__init__.py").write_text("", encoding="utf-8")
    planted.write_text(text, encoding="utf-8")
    return tmp_path


PLANTED_IO = {
    "import os\n": "imports os",
    "import subprocess\n": "imports subprocess",
    "from os import environ\n": "imports environ from os",
    "from pathlib import Path\n\nTEXT = Path('x.yml').read_text()\n": "calls .read_text()",
    "from pathlib import Path\n\ndef f(p: Path):\n    return p.exists()\n": "calls .exists()",
    "import datetime as dt\n\ndef f():\n    return dt.date.today()\n": "reads the clock (dt.date.today)",
    "from datetime import datetime\n\ndef f():\n    return datetime.now()\n": "reads the clock (datetime.now)",
    "import urllib.request\n": "imports urllib.request",
    "from urllib import request\n": "imports request from urllib",
    "import socket\n": "imports socket",
    "import imaplib\n": "imports imaplib",
    "import smtplib\n": "imports smtplib",
    "from http.client import HTTPSConnection\n": "imports HTTPSConnection from http.client",
    "def f():\n    with open('x') as handle:\n        return handle.read()\n": "calls open()",
    "def f(text):\n    print(text)\n": "calls print()",
    "import sys\n": "imports sys",
    "import time\n": "imports time",
    "HERE = __file__\n": "reads files beside itself (__file__)",
}


@pytest.mark.parametrize("text", PLANTED_IO, ids=lambda t: PLANTED_IO[t])
def test_a_core_module_doing_io_fails_the_purity_check(tmp_path, text):
    tree = _tree_with(tmp_path, "generator/core/mail/planted.py", text)
    found = core_io(tree)
    assert found and all(p.startswith("generator/core/mail/planted.py:") for p in found), found
    assert any(PLANTED_IO[text] in p for p in found), found


def test_pure_imports_pass_the_purity_check(tmp_path):
    text = ("import datetime as dt\nfrom pathlib import PurePosixPath\nfrom urllib import parse\n"
            "from urllib.parse import quote\n\n"
            "def f(today: dt.date, path: str) -> str:\n"
            "    return quote(PurePosixPath(path).name) + today.isoformat()\n")
    assert core_io(_tree_with(tmp_path, "generator/core/mail/planted.py", text)) == []


PLANTED_LAYERS = {
    "generator/core/planted.py": "from generator.adapters.edit import append_log\n",
    "generator/core/mail/planted.py": "def f():\n    import generator.commands.due\n",  # lazy imports count
    "generator/adapters/mail/planted.py": "from generator.plugin import FollowThroughPlugin\n",
}


@pytest.mark.parametrize("rel", PLANTED_LAYERS)
def test_an_upward_import_fails_the_layer_check(tmp_path, rel):
    found = upward_imports(_tree_with(tmp_path, rel, PLANTED_LAYERS[rel]))
    planted = rel.removesuffix(".py").replace("/", ".")
    assert found and all(f.startswith(planted + ":") for f in found), found


def test_a_module_outside_the_layer_folders_fails(tmp_path):
    found = outside_the_layers(_tree_with(tmp_path, "generator/mail/planted.py", "X = 1\n"))
    assert [f.split(" ")[0] for f in found] == ["generator.mail", "generator.mail.planted"], found


def test_a_second_module_of_one_name_fails(tmp_path):
    found = same_names(_tree_with(tmp_path, "generator/adapters/keep_alive.py", "X = 1\n"))
    assert found == ["generator/adapters/keep_alive.py and generator/commands/keep_alive.py"], found


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
