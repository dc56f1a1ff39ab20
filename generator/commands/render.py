"""`render DIR`: write the dashboard's pages (Markdown + front matter) and followups.ics to a folder.

The same pages the MkDocs plugin adds to a build, for any other builder that
reads Markdown with front matter and the templates in overrides/. Data errors
are listed on Today and printed; like `mkdocs build`, only `--strict` fails on them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.adapters.message_templates import drafter_for
from generator.adapters.mkdocs_config import read_today
from generator.adapters.opportunity_files import load_pipeline
from generator.adapters.sealed_site import namer_for
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, settings_for
from generator.core.site.pages import RenderOptions, render_pages
from generator.core.site.sealing import MissingPassphrase


def configure(parser) -> None:
    parser.add_argument("dir", metavar="DIR", help="the folder to write the pages to (created if missing)")
    add_today(parser)
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 when a data file has errors (as mkdocs build --strict)"
    )
    parser.add_argument(
        "--file-urls",
        action="store_true",
        help="link pages as page.html rather than page/ (MkDocs' use_directory_urls: false)",
    )


def run(args) -> int:
    settings = settings_for(args)
    out = Path(args.dir)
    namer = None
    if settings.privacy.encrypt:  # the private dashboard's neutral paths (p/<opaque>), as the plugin names them

        try:
            namer = namer_for(settings)
        except MissingPassphrase:
            print(
                "privacy: encrypt is on but FOLLOW_THROUGH_PASSPHRASE is not set: pages keep their plain "
                "paths here (a local folder; a published build needs the passphrase)",
                file=sys.stderr,
            )
    pipeline, written = write_pages(
        settings, read_today(settings, args.today), out, directory_urls=not args.file_urls, namer=namer
    )
    for problem in pipeline.errors:
        print(problem, file=sys.stderr)
    print(f"wrote {written} files to {out}", file=sys.stderr)
    return EXIT_PROBLEMS if pipeline.errors and args.strict else EXIT_OK


def write_pages(settings, today, out: Path, *, directory_urls: bool = True, namer=None):
    """Render the dashboard into ``out`` (render, and build-zensical's first step): (the pipeline, files written).
    ``namer`` names the opportunity pages of a sealed site (encrypt.opaque_name with its path key)."""
    pipeline = load_pipeline(settings.pipeline_path, today)
    options = RenderOptions(directory_urls=directory_urls, namer=namer, drafter=drafter_for(settings, today))
    pages = render_pages(pipeline, settings, today, options)
    for rel, content in pages.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content.markdown(), encoding="utf-8")
    return pipeline, len(pages)
