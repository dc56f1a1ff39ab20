"""Reading ``mkdocs.yml``: find it (as git finds its repository) and turn its plugin options into Settings.

The I/O half of the settings; ``settings.py`` is the pure record and the option checks.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml

from generator.core.problems import Problem, UserError, warning
from generator.core.records import Location
from generator.core.settings import Settings, date_in, settings_from_options

PLUGIN_NAMES = ("follow-through", "follow_through")
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold !ENV and !!python/name tags; read them without running anything."""


def _env_tag(loader, node):
    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    *variables, default = names if len(names) > 1 else (names + [None])
    for name in variables:
        if os.environ.get(str(name)):
            return os.environ[str(name)]
    return default


_ConfigLoader.add_constructor("!ENV", _env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def find_config(start: Path | None = None) -> Path | None:
    """mkdocs.yml (or mkdocs.yaml) in ``start`` (default: the current folder) or the nearest folder above."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
    return None


NOT_IN_A_PROJECT = (
    "no mkdocs.yml in this folder or any folder above it: run this inside your Follow-Through project "
    "(or name its settings with -f path/to/mkdocs.yml)"
)


def read_config(path: Path) -> dict:
    try:
        config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
    except (FileNotFoundError, IsADirectoryError):
        raise UserError(f"{path}: no such file") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read it as YAML: {exc}") from None
    if not isinstance(config, dict):
        raise UserError(f"{path}: expected a mapping of settings")
    return config


def plugin_options(config: dict) -> dict | None:
    """Our plugin's options from mkdocs.yml's `plugins:` (a list or a mapping); None when it is not listed."""
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        pair for plugin in plugins if isinstance(plugin, dict) for pair in plugin.items()
    )
    options = None
    for name, value in entries:
        if name in PLUGIN_NAMES:
            options = value or {}
    return options


def load_settings(config_file: Path | None = None) -> Settings:
    """Settings from mkdocs.yml: the one named, or the one found upwards from the current folder.

    Without one, a UserError: a command run outside a project must not report "nothing due"
    or write a pipeline/ folder wherever it happens to be.
    """
    path = Path(config_file) if config_file else find_config()
    if path is None:
        raise UserError(NOT_IN_A_PROJECT)
    config = read_config(path)
    return settings_from_options(
        plugin_options(config), root=path.parent, site_url=config.get("site_url"),
        repo_url=config.get("repo_url") if isinstance(config.get("repo_url"), str) else None,
        edit_uri=config.get("edit_uri") if isinstance(config.get("edit_uri"), str) else None,
    )


def read_today(settings: Settings, given: dt.date | None = None) -> dt.date:
    """The one rule for "today": ``given`` (--today, else FOLLOW_THROUGH_TODAY: the CLI and the plugin read
    those) wins, else the clock's date in the ``timezone`` setting."""
    if given is not None:
        return given
    return date_in(settings.timezone, dt.datetime.now(dt.UTC))


def _option_node(path: Path, keys: tuple[str, ...]):
    """The YAML node of our plugin's option at ``keys`` (for a line number), or None."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None

    def child(mapping, name):
        if isinstance(mapping, yaml.MappingNode):
            return next((v for k, v in mapping.value if getattr(k, "value", None) == name), None)
        return None

    plugins = child(node, "plugins")
    entries = plugins.value if isinstance(plugins, yaml.SequenceNode) else [plugins]
    options = next((child(e, n) for e in entries for n in PLUGIN_NAMES if child(e, n) is not None), None)
    for key in keys:
        options = child(options, key)
    return options


def settings_problems(settings: Settings, path: Path, shown: str) -> list[Problem]:
    """Warnings about the settings themselves, placed in mkdocs.yml (shown as ``shown``)."""
    problems = []
    for where, message in settings.cadences_quiet_at_once():
        node = _option_node(path, ("cadence",) + (where or ()))
        if node is None or isinstance(node, yaml.MappingNode):
            node = _option_node(path, ("cadence", "default")) or node
        loc = Location(shown, node.start_mark.line + 1, node.start_mark.column + 1) if node else Location(shown)
        label = ": ".join(("plugins", "follow-through", "cadence") + where)
        problems.append(warning(loc, f"{label}: {message}"))
    return problems
