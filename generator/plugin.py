"""The MkDocs plugin: its options are the generator's settings (see settings.py)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from .problems import UserError
from .settings import settings_from_options


class FollowThroughConfig(Config):
    pipeline_dir = c.Type(str, default="pipeline")
    timezone = c.Type(str, default="UTC")
    skip_weekends = c.Type(bool, default=True)
    cadence = c.Optional(c.Type((list, dict)))
    targets = c.Type(dict, default={})
    privacy = c.Type(dict, default={})
    site_url = c.Optional(c.Type(str))


class FollowThroughPlugin(BasePlugin[FollowThroughConfig]):
    def on_config(self, config):
        options = {k: v for k, v in self.config.items() if v is not None}
        try:
            self.settings = settings_from_options(
                options, root=Path(config.config_file_path).parent, site_url=config.site_url
            )
        except UserError as exc:
            raise PluginError(str(exc)) from None
        return config
