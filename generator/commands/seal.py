"""`seal SITE`: the private dashboard's encryption, run on a built site folder (the plugin runs the same
``adapters.sealed_site.seal_site`` after a MkDocs build; ``build-zensical`` runs it on Zensical's output).

The site must have been built for sealing (privacy.encrypt: true when it was rendered): its
opportunity pages at opaque paths, the unlock script on its pages. A site built plain is
refused, not sealed: its folder names would still say whom you applied to.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.adapters.mkdocs_config import read_config
from generator.adapters.sealed_site import seal_site
from generator.commands import EXIT_OK, config_path_for, sealing_keys, settings_for
from generator.core.problems import UserError
from generator.core.site import sealing as encrypt
from generator.core.site.zensical_config import PRIVATE_JS as PRIVATE_SCRIPT


def configure(parser) -> None:
    parser.add_argument("site", metavar="SITE", help="the built site folder (sealed in place)")


def run(args) -> int:
    site = Path(args.site)
    settings = settings_for(args)
    problem = not_built_for_sealing(site)
    if problem:
        raise UserError(f"seal: {problem}")
    keys = sealing_keys(settings)
    site_name = encrypt.public_site_name(read_config(config_path_for(args)).get("site_name"))
    try:
        options = encrypt.SealOptions(site_name, settings.privacy.remember_days, settings.site_url)
        sealed = seal_site(site, keys, options)
    except encrypt.NotAPage as exc:
        raise UserError(f"seal: cannot seal {exc}; pages sealed so far stay sealed") from None
    print(f"sealed {sealed} pages in {site}", file=sys.stderr)
    return EXIT_OK


def not_built_for_sealing(site: Path) -> str | None:
    index = site / "index.html"
    if not index.is_file():
        return f"{index} is missing: SITE is the folder a build wrote"
    if PRIVATE_SCRIPT.encode() not in index.read_bytes():
        return (f"{site} was built without the unlock script ({PRIVATE_SCRIPT}): build it with privacy: encrypt: "
                "true (`follow-through build-zensical` does, and seals)")
    for plain in ("opportunities", "pipeline"):  # where a plain render puts opportunity and stage pages
        if (site / plain).is_dir():
            return (f"{site / plain} is named after what it holds: the site was rendered plain; render it "
                    "with privacy: encrypt: true (opaque page paths), then seal")
    return None
