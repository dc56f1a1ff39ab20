"""The MkDocs plugin (entry point ``generator.plugin:FollowThroughPlugin``), in parts:

- ``hooks.py``: the plugin class: MkDocs' events, each handing over to a part below;
- ``config.py``: the options, declared once (MkDocs config options, defaults, JSON Schema);
- ``generated_files.py``: the generated pages into the build, their bodies without a second Markdown pass;
- ``caching.py``: serving, a saved change rebuilds only the pages it touches;
- ``seal_on_build.py``: the private dashboard: the key, the neutral frame, every page sealed;
- ``navigation.py``: hand-written pages and the nav on a sealed site;
- ``search_index.py``: the search index's entries for the opportunities.
"""

from generator.plugin.hooks import FollowThroughPlugin

__all__ = ["FollowThroughPlugin"]
