"""`render DIR`: write the dashboard's pages (Markdown + front matter) and followups.ics to a folder.

The same pages the MkDocs plugin adds to a build, for any other builder that
reads Markdown with front matter and the templates in overrides/. Data errors
are listed on Today and printed; like `mkdocs build`, only `--strict` fails on them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..cli import add_today
from . import settings_for


def configure(parser) -> None:
    parser.add_argument("dir", metavar="DIR", help="the folder to write the pages to (created if missing)")
    add_today(parser)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a data file has errors (as mkdocs build --strict)")
    parser.add_argument(
        "--file-urls", action="store_true",
        help="link pages as page.html rather than page/ (MkDocs' use_directory_urls: false)",
    )


def run(args) -> int:
    from ..pipeline import load_pipeline
    from ..site.pages import render_pages

    settings = settings_for(args)
    today = settings.today(args.today)
    pipeline = load_pipeline(settings.pipeline_path, today)
    namer = None
    if settings.privacy.encrypt:  # the private dashboard's neutral paths (p/<opaque>), as the plugin names them
        from ..site.encrypt import MissingPassphrase, namer_for

        try:
            namer = namer_for(settings)
        except MissingPassphrase:
            print("privacy: encrypt is on but FOLLOW_THROUGH_PASSPHRASE is not set: pages keep their plain "
                  "paths here (a local folder; a published build needs the passphrase)", file=sys.stderr)
    pages = render_pages(pipeline, settings, today, directory_urls=not args.file_urls, namer=namer)
    out = Path(args.dir)
    for rel, content in pages.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content.markdown(), encoding="utf-8")
    for problem in pipeline.errors:
        print(problem, file=sys.stderr)
    print(f"wrote {len(pages)} files to {out}", file=sys.stderr)
    return 1 if pipeline.errors and args.strict else 0
