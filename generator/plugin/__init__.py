"""The MkDocs plugin (entry point ``generator.plugin:FollowThroughPlugin``), in parts:

- ``hooks.py``: the plugin class: MkDocs' events, each handing over to a part below;
- ``config.py``: the options, declared once (MkDocs config options, defaults, JSON Schema);
- ``pages.py``: the generated pages into the build, their bodies without a second Markdown pass;
- ``caching.py``: serving, a saved change rebuilds only the pages it touches;
- ``sealing.py``: the private dashboard: the key, the neutral frame, every page sealed;
- ``navigation.py``: hand-written pages and the nav on a sealed site;
- ``search.py``: the search index's entries for the opportunities.
"""

from .hooks import FollowThroughPlugin

__all__ = ["FollowThroughPlugin"]
