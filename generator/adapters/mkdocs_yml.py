"""The publishing settings in mkdocs.yml, read and written keeping its comments and layout.

ruamel.yaml's round trip keeps every comment and key order; ``site_url`` takes the place of the
shipped template's commented-out ``# site_url: ...`` line when there is one (it says to set it);
the file is written through a temporary file and a rename, and read back before it replaces the
old one, so it is never half-written nor left in a state MkDocs could not load.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.error import YAMLError

from generator.adapters.edit.roundtrip import write_atomic
from generator.core.github.setup_plan import Settings
from generator.core.problems import UserError

PLUGIN = "follow-through"
_PLACEHOLDER = re.compile(r"^#\s*site_url:.*\n", re.M)


def _yaml():
    y = YAML()  # round trip
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def _load(path: Path):
    text = path.read_text(encoding="utf-8")
    try:
        return text, _yaml().load(text)
    except YAMLError as exc:
        raise UserError(f"{path}: cannot be read as YAML ({exc.__class__.__name__}); fix it and run again") from None


def _plugin_options(data):
    """The follow-through plugin's options in ``plugins:`` (a map made for it when it has none)."""
    for index, entry in enumerate(data.get("plugins") or []):
        if entry == PLUGIN:
            data["plugins"][index] = CommentedMap({PLUGIN: CommentedMap()})
            return data["plugins"][index][PLUGIN]
        if isinstance(entry, dict) and PLUGIN in entry:
            if entry[PLUGIN] is None:
                entry[PLUGIN] = CommentedMap()
            return entry[PLUGIN]
    return None


def read_settings(path: Path) -> Settings:
    _, data = _load(path)
    data = data or {}
    options = _plugin_options(data) or {}
    privacy = options.get("privacy") if isinstance(options.get("privacy"), dict) else {}
    site_url = options.get("site_url") or data.get("site_url")
    return Settings(
        site_url=str(site_url).rstrip("/") + "/" if site_url else None,
        repo_url=str(data["repo_url"]) if data.get("repo_url") else None,
        encrypt=privacy.get("encrypt") is True,
    )


def write_settings(path: Path, changes: dict[str, str]) -> None:
    """Write ``site_url``, ``repo_url`` (top level) and ``privacy.encrypt`` (the plugin's) as given."""
    text, data = _load(path)
    if "site_url" in changes and "site_url" not in data and _PLACEHOLDER.search(text):
        text, data = _without_placeholder(path, text)
    for key in ("site_url", "repo_url"):
        if key in changes:
            _set_top(data, key, changes[key])
    if "privacy.encrypt" in changes:
        options = _plugin_options(data)
        if options is None:
            raise UserError(f"{path}: no `- {PLUGIN}:` under plugins, so there is nowhere to set privacy.encrypt")
        if not isinstance(options.get("privacy"), dict):
            options["privacy"] = CommentedMap()
        options["privacy"]["encrypt"] = True
    out = io.StringIO()
    _yaml().dump(data, out)
    new_text = out.getvalue()
    if read_back(new_text) is None:
        raise UserError(f"{path}: the edit did not come out as intended, so nothing was written; set it by hand")
    write_atomic(path, new_text)


def _without_placeholder(path: Path, text: str):
    """The template's `# site_url: ...` line gives its place to the real key: drop it, mark where it was."""
    match = _PLACEHOLDER.search(text)
    marked = text[: match.start()] + "site_url: placeholder\n" + text[match.end() :]
    return marked, _yaml().load(marked)


def _set_top(data, key: str, value: str) -> None:
    if key in data:
        data[key] = value
        return
    # after site_name / site_description / site_url, where MkDocs' own docs put them
    anchors = [k for k in ("site_name", "site_description", "site_url") if k in data]
    position = list(data).index(anchors[-1]) + 1 if anchors else 0
    data.insert(position, key, value)
    if anchors and anchors[-1] in data.ca.items:  # the comment below the anchor stays below the pair
        data.ca.items[key] = data.ca.items.pop(anchors[-1])


def read_back(text: str):
    try:
        return _yaml().load(text)
    except YAMLError:
        return None
