"""`build-zensical`: the dashboard built with Zensical instead of MkDocs (no plugin runs there).

Steps, in a temporary folder next to the site folder: ``render`` writes the pages
(with the project's own docs/ pages beside them), a Zensical config is derived from
mkdocs.yml (generator.core.site.zensical_config), ``zensical build`` makes the site, and with
``privacy.encrypt`` the site is sealed (``seal``'s own function) before it replaces
the site folder. Until then the old site stays as it was: a failed build, or one
that could not be sealed, leaves no half-made or plain site behind.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from generator.adapters.mkdocs_config import load_settings, read_config, read_today
from generator.adapters.sealed_site import seal_site
from generator.commands import EXIT_OK, EXIT_PROBLEMS, add_today, config_path_for, sealing_keys
from generator.commands.render import write_pages
from generator.core.problems import ActionFailed, UserError
from generator.core.site.neutral import DATES_SCRIPT
from generator.core.site.pages import NAV_PAGES, opportunity_src, public_src
from generator.core.site.sealing import NotAPage, SealOptions, opaque_name
from generator.core.site.urls import opportunity_path
from generator.core.site.zensical_config import Sealing, published, relinked, zensical_config
from generator.plugin.generated_files import compact_script

BUNDLED_OVERRIDES = Path(__file__).resolve().parents[2] / "overrides"
NOT_INSTALLED = ("Zensical is not installed: run `scripts/setup --zensical` (it installs the test lock, where "
                 "Zensical is pinned), then this again; `make build-zensical` does both")


def configure(parser) -> None:
    parser.add_argument(
        "--site-dir", metavar="DIR", help="where the site goes (default: site_dir of mkdocs.yml, else site)"
    )
    add_today(parser)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a data file has errors, or Zensical warns")


def run(args) -> int:

    config_path = config_path_for(args).resolve()
    settings = load_settings(config_path)
    mkdocs = read_config(config_path)
    root = config_path.parent
    site = _site_folder(args.site_dir, mkdocs, config_path)
    today = read_today(settings, args.today)  # the CLI set args.today from --today, else FOLLOW_THROUGH_TODAY
    zensical = _zensical_command()
    keys = sealing_keys(settings) if settings.privacy.encrypt else None  # before anything is built: no key, no site

    site.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-zensical-", dir=site.parent))
    try:
        namer = _namer(keys)
        pipeline, hand_written = _write_docs(settings, today, mkdocs, root, work / "docs", namer)
        for problem in pipeline.errors:
            print(problem, file=sys.stderr)
        if pipeline.errors and args.strict:
            print(f"--strict: {len(pipeline.errors)} data errors; nothing was written to {site}", file=sys.stderr)
            return EXIT_PROBLEMS
        _theme_folder(mkdocs, root, work / "overrides")
        built = work / "site"
        config = _config(mkdocs, namer, hand_written, sealed=keys is not None)
        _write_config(work / "zensical.yml", config)
        _zensical_build(zensical, work, args.strict, site)
        if keys is not None:
            directory_urls = _directory_urls(mkdocs)
            opportunity_urls = {opportunity_path(o.id, namer, directory_urls) for o in pipeline.opportunities}
            _seal(built, keys, config["site_name"], opportunity_urls, settings, site)
        _replace_folder(site, built, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"built the dashboard with Zensical in {site}", file=sys.stderr)
    return EXIT_OK


def _namer(keys):
    """On a sealed site (``keys``), what names the opportunity pages: encrypt.opaque_name with the path key."""
    if keys is None:
        return None


    return functools.partial(opaque_name, keys.path_key)


def _directory_urls(mkdocs: dict) -> bool:
    return mkdocs.get("use_directory_urls", True) is not False


def _write_docs(settings, today, mkdocs: dict, root: Path, docs: Path, namer) -> tuple:
    """The rendered pages written into ``docs``, the project's own docs/ pages beside them: (the pipeline,
    the hand-written pages copied)."""
    pipeline, _ = write_pages(settings, today, docs, directory_urls=_directory_urls(mkdocs), namer=namer)
    rendered = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    source_docs = root / str(mkdocs.get("docs_dir") or "docs")
    # hand-written pages, as MkDocs would build them (a rendered page of the same name wins)
    hand_written = _copy_docs(source_docs, docs, rendered, mkdocs, pipeline, namer)
    return pipeline, hand_written


def _config(mkdocs: dict, namer, hand_written: dict, *, sealed: bool) -> dict:
    """The Zensical config of the build in the temporary folder (docs, site, overrides in it)."""
    public_pages = None
    if namer is not None:
        public_pages = {src: public_src(src, namer) for src in NAV_PAGES} | hand_written
    return zensical_config(
        mkdocs,
        docs_dir="docs",
        site_dir="site",
        custom_dir="overrides",
        sealed=Sealing(public_pages, hand_written) if sealed else None,
    )


def _site_folder(site_dir, mkdocs: dict, config_path: Path) -> Path:
    """Where the site goes: --site-dir, else mkdocs.yml's site_dir, else site; never the project's own folder."""
    root = config_path.parent
    site = (Path(site_dir) if site_dir else root / str(mkdocs.get("site_dir") or "site")).resolve()
    if root == site or root.is_relative_to(site):  # the old site is replaced whole: never the project with it
        raise UserError(
            f"--site-dir {site} holds the project ({config_path.name}): pick a folder of its own, like site"
        )
    return site


def _zensical_build(zensical: list[str], work: Path, strict: bool, site: Path) -> None:
    """zensical build in ``work`` (into work/site); its summary goes to stderr."""
    command = [*zensical, "build", "--clean", "-f", str(work / "zensical.yml"), *(["--strict"] if strict else [])]
    result = subprocess.run(command, check=False, cwd=work, capture_output=True, text=True)
    if result.returncode != 0 or not (work / "site" / "index.html").is_file():
        raise ActionFailed(f"zensical build failed: {_last_line(result)}; nothing was written to {site}")
    sys.stderr.write(result.stdout)  # its own summary: "Build finished in 0.51s", any warnings


def _seal(built: Path, keys, site_name: str, opportunity_urls: set[str], settings, site: Path) -> None:
    options = SealOptions(site_name, settings.privacy.remember_days, settings.site_url)
    try:
        sealed = seal_site(built, keys, options, opportunity_urls=opportunity_urls)
    except NotAPage as exc:
        raise ActionFailed(f"cannot seal {exc}; nothing was written to {site}") from None
    print(f"sealed {sealed} pages", file=sys.stderr)


def _last_line(result) -> str:
    """What Zensical said went wrong: the last line of its output (its traceback's message), not the traceback."""
    lines = [line.strip() for line in (result.stderr + "\n" + result.stdout).splitlines() if line.strip()]
    return lines[-1] if lines else f"exit {result.returncode}"


def _copy_docs(source: Path, docs: Path, rendered: set, mkdocs: dict, pipeline, namer) -> dict:
    """The project's own docs/ files copied beside the rendered pages (those of a rendered name left out).
    On a sealed site (``namer``) its pages go to opaque paths, as the plugin publishes them, their links
    following; files MkDocs would not publish (exclude_docs, drafts) are left out, since a renamed file would
    no longer match its pattern. Returns the pages moved (source -> published path)."""
    if not source.is_dir():
        return {}
    files = sorted(p.relative_to(source).as_posix() for p in source.rglob("*") if p.is_file())
    files = [f for f in files if f not in rendered]
    if namer is None:  # plain: as they are (Zensical applies exclude_docs itself)
        for rel in files:
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / rel, docs / rel)
        return {}

    files = published(files, mkdocs.get("exclude_docs"), mkdocs.get("draft_docs"))
    indexes = {f for f in (*files, *rendered) if f.rsplit("/", 1)[-1] == "index.md"}
    # MkDocs drops a README.md beside an index.md (it would be the same page): renamed, it would be published
    files = [f for f in files if f.rsplit("/", 1)[-1] != "README.md" or f[:-9] + "index.md" not in indexes]
    hand_written = {rel: public_src(rel, namer) for rel in files if rel.endswith(".md")}
    moved = {**{src: public_src(src, namer) for src in NAV_PAGES}, **hand_written,
             **{opportunity_src(o.id): opportunity_src(o.id, namer) for o in pipeline.opportunities}}
    for rel in files:
        target = docs / hand_written.get(rel, rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        if rel in hand_written:
            text = (source / rel).read_text(encoding="utf-8", errors="surrogateescape")  # bytes kept as they are
            target.write_text(relinked(text, rel, moved), encoding="utf-8", errors="surrogateescape")
        else:
            shutil.copy2(source / rel, target)
    return hand_written


def _zensical_command() -> list[str]:
    if importlib.util.find_spec("zensical") is None:
        raise UserError(NOT_INSTALLED)
    return [sys.executable, "-m", "zensical"]


def _theme_folder(mkdocs: dict, root: Path, into: Path) -> None:
    """The dashboard's templates and assets, then the project's custom_dir over them (as the plugin orders
    them: the project's first), without messages/ (draft templates: read by render, not published); the date
    script compacted, as the plugin inlines it."""
    skip = shutil.ignore_patterns("messages")
    shutil.copytree(BUNDLED_OVERRIDES, into, ignore=skip, dirs_exist_ok=True)
    theme = mkdocs.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if custom and (root / custom).resolve() != BUNDLED_OVERRIDES and (root / custom).is_dir():
        shutil.copytree(root / custom, into, ignore=skip, dirs_exist_ok=True)

    # main.html puts the date script inline on every page: without its comments, as the plugin gives it
    # (they would put words like "opportunity" in the public frame of a sealed site)
    script = into / DATES_SCRIPT
    if script.is_file():
        script.write_text(compact_script(script.read_text(encoding="utf-8")), encoding="utf-8")


def _write_config(path: Path, config: dict) -> None:
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _replace_folder(site: Path, built: Path, work: Path) -> None:
    """The new site in place of the old one: two renames in the same folder (the old one is deleted after)."""
    old = work / "old-site"
    if site.exists():
        os.replace(site, old)
    os.replace(built, site)
