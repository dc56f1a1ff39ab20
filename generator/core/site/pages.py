"""The dashboard's pages: (pipeline, settings, today) -> {path: text}. Pure; no files touched.

Each page is Markdown with front matter (``template: today.html`` picks the
Material template in ``overrides/``) and a body of HTML made by the Jinja
templates next to this file, with autoescaping on: any builder that passes
HTML through Markdown shows the same dashboard. Links between pages are
written relative, as MkDocs would place the pages (``use_directory_urls``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple
from urllib.parse import quote

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from generator.core.agenda import relative
from generator.core.drafts import Drafter
from generator.core.records import DIRECTION, OPEN_STAGES, Opportunity
from generator.core.schedule import TOUCH_HELP, Followup, GoneQuiet, planned, unused_ideas
from generator.core.site import svg
from generator.core.site.calendar import followups_ics
from generator.core.site.drafts_and_insight import draft_views, insight_view
from generator.core.site.model import SiteModel, build_site_model, is_reply, is_touch, planned_conversations
from generator.core.site.repo_links import repo_links
from generator.core.site.text import Redactor, clean, inline_text, markdown_html, safe_url, title_text
from generator.core.site.urls import CALENDAR, opportunity_src, opportunity_url, page_url, public_src

TODAY_MAX = 30  # full cards per group on Today; the rest are counted and linked
BOARD_MAX = 20  # cards per stage column; the whole stage is on its own page
LIST_PAGE = 100  # rows per page of a stage list, the archive, or older activity
TIMELINE_FIRST = 60  # activity entries on the Timeline's first page (it also has the plan ahead)
QUIET_MAX = 50
DRAFTS_ON_TODAY = 15  # folded drafts on Today (page budget); every item's page has its draft
ERRORS_MAX = 200

PAGES = {
    "today": "index.md",
    "pipeline": "pipeline.md",
    "timeline": "timeline.md",
    "activity": "activity.md",
    "archive": "archive.md",
}
TEMPLATES = {  # page kind -> the Material template (overrides/) that shows it
    "today": "today.html",
    "pipeline": "pipeline.html",
    "stage": "pipeline.html",
    "timeline": "timeline.html",
    "activity": "activity.html",
    "archive": "archive.html",
    "opportunity": "opportunity.html",
}
STAGE_TITLES = {
    "lead": "Lead",
    "applied": "Applied",
    "screening": "Screening",
    "interviewing": "Interviewing",
    "offer": "Offer",
    "closed": "Closed",
}
DIRECTION_TITLES = {
    "outbound": "you reached out",
    "two-way": "conversation",
    "inbound": "they answered",
    "closing": "your decision",
    "none": "note",
}


NAV_PAGES = ("index.md", "pipeline.md", "timeline.md", "activity.md", "archive.md", CALENDAR)  # mkdocs.yml's nav


def renamed_nav(nav, public: dict):
    """A nav (as mkdocs.yml writes it) with the pages' published names (``public``: source -> published);
    labels stay."""
    if isinstance(nav, str):
        return public.get(nav, nav)
    if isinstance(nav, list):
        return [renamed_nav(item, public) for item in nav]
    if isinstance(nav, dict):
        return {key: renamed_nav(value, public) for key, value in nav.items()}
    return nav


def paged_src(src: str, number: int) -> str:
    return src if number == 1 else f"{src[:-3]}/{number}.md"


class Links:
    """Relative links from one page to another, as the built site lays them out."""

    def __init__(self, directory_urls: bool, here: str, namer=None):
        self.directory_urls = directory_urls
        self.here = page_url(public_src(here, namer), directory_urls)
        self.namer = namer

    def to(self, src: str) -> str:
        target = page_url(public_src(src, self.namer), self.directory_urls)
        base = posixpath.dirname(self.here) if not self.here.endswith("/") else self.here.rstrip("/")
        rel = posixpath.relpath(target or ".", base or ".")
        if target == "" or target.endswith("/"):
            rel = rel.rstrip("/") + "/"
            if rel == "./" and target != self.here:
                rel = "./"
        return quote(rel, safe="/.-_~")

    def opp(self, opp: Opportunity) -> str:
        return self.to(opportunity_src(opp.id, self.namer))


def _date(value: dt.date | None, fmt: str = "%a %-d %b %Y") -> str:
    return value.strftime(fmt) if value else ""


def _time(value: dt.date | None, fmt: str = "%a %-d %b %Y") -> Markup:
    if value is None:
        return Markup("")
    return Markup('<time datetime="{}">{}</time>').format(value.isoformat(), value.strftime(fmt))


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural or noun + 's')}"


def _excerpt(text, limit: int) -> str:
    """The start of a Markdown note as one line of plain text."""
    flat = " ".join(clean(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class _CompiledOnce(BytecodeCache):
    """Each template is compiled once per process (``mkdocs serve`` rebuilds, many builds in one run),
    not once per build; a template whose source changed is compiled again (Jinja checks its checksum)."""

    def __init__(self):
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.codes[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledOnce()
_THEME_COMPILED = _CompiledOnce()


def compiled_once() -> BytecodeCache:
    """A bytecode cache for the theme's templates that lasts as long as the process (``mkdocs serve``)."""
    return _THEME_COMPILED


def _environment(redact: Redactor) -> Environment:
    def finalize(value):
        if isinstance(value, Markup) or not isinstance(value, str):
            return value
        return redact(clean(value))

    env = Environment(
        loader=PackageLoader("generator.core.site", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=False,
        bytecode_cache=_COMPILED,  # the compiled code looks the filters and finalize up on the environment
    )
    env.filters.update(
        date=_date,
        time=_time,
        relative=relative,
        plural=_plural,
        safe_url=safe_url,
        md=partial(markdown_html, redact=redact),
        stage_title=lambda s: STAGE_TITLES.get(s, str(s)),
        direction=lambda t: DIRECTION.get(t, "none"),
        direction_title=lambda t: DIRECTION_TITLES.get(DIRECTION.get(t, "none"), ""),
        touch_help=lambda t: TOUCH_HELP.get(t, t),
        text=partial(inline_text, redact=redact),
        excerpt=lambda t, n=110: _excerpt(t, n),
        sentence=lambda t: t[:1].upper() + t[1:],
    )
    env.globals.update(is_followup=lambda x: isinstance(x, Followup), is_quiet=lambda x: isinstance(x, GoneQuiet))
    return env


class Page(NamedTuple):
    """A rendered page: its front matter (title, template, ...) and its body of HTML."""

    front_matter: dict
    body: str

    def markdown(self) -> str:
        """The page as Markdown with YAML front matter, as any MkDocs-like builder reads it."""
        return front_matter_text(self.front_matter) + self.body


def _front_matter(kind: str, title: str, use_templates: bool) -> dict:
    meta = {"title": title_text(title), "hide": ["navigation", "toc"]}
    if use_templates:
        meta["template"] = TEMPLATES[kind]
    return meta


def yaml_quoted(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as exactly ``text``, any code point.

    (json.dumps would write characters outside the BMP as surrogate pairs, which YAML reads as
    two broken characters.)"""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in '"\\':
            out.append("\\" + ch)
        elif _yaml_printable(code):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _yaml_printable(code: int) -> bool:
    # YAML 1.1's printable set, less the line breaks that a quoted scalar would fold (NEL, LS, PS).
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF) and code not in (0x2028, 0x2029)


_PLAIN = re.compile(r"[a-z][a-z0-9_.-]*")  # names that read as themselves unquoted (no true/null/1.0)


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):  # a flow mapping: {exclude: true}
        return "{" + ", ".join(f"{_scalar(k)}: {_scalar(v)}" for k, v in value.items()) + "}"
    text = str(value)
    return text if _PLAIN.fullmatch(text) and text not in ("true", "false", "null", "yes", "no", "on", "off") \
        else yaml_quoted(text)


def front_matter_text(meta: dict) -> str:
    lines = ["---"]
    for key, value in meta.items():
        text = "[" + ", ".join(_scalar(v) for v in value) + "]" if isinstance(value, (list, tuple)) else _scalar(value)
        lines.append(f"{key}: {text}")
    return "\n".join(lines) + "\n---\n\n"


class _Memo:
    """The pages render_pages made last time (``mkdocs serve`` keeps them), by the digest of their inputs.

    An opportunity is digested once while it is the same object (opportunity_files.load_pipeline's memo gives
    back the same object for an unchanged file); the objects are held, so their ids stay theirs."""

    def __init__(self, store: dict, shared: str):
        self.store, self.shared = store, shared
        self.old_pages, self.old_digests = store.get("pages", {}), store.get("digests", {})
        self.pages: dict = {}
        self.digests: dict = {}

    def digest(self, obj) -> str:
        last = self.digests.get(id(obj)) or self.old_digests.get(id(obj))
        if last is None or last[0] is not obj:
            last = (obj, hashlib.sha256(repr(obj).encode("utf-8")).hexdigest())
        self.digests[id(obj)] = last
        return last[1]

    def lookup(self, src: str, inputs) -> tuple[bytes, object]:
        """(the key of these inputs, the page made of them last time or None)"""
        key = hashlib.sha256(repr((self.shared, src, inputs)).encode("utf-8")).digest()
        last = self.old_pages.get(src)
        return key, (last[1] if last is not None and last[0] == key else None)

    def keep(self, src: str, key: bytes, page) -> None:
        self.pages[src] = (key, page)

    def save(self) -> None:  # renamed and deleted opportunities go
        self.store.clear()
        self.store.update(pages=self.pages, digests=self.digests)


class _Renderer:
    memo: _Memo | None = None
    row_key = None  # (kind, page number, rows) -> what the rows of a list page are made of, or None

    def __init__(self, model: SiteModel, directory_urls: bool, use_templates: bool, namer=None):
        self.model = model
        self.namer = namer
        self.directory_urls = directory_urls
        self.use_templates = use_templates
        privacy = model.settings.privacy
        phones = [c.phone for o in model.opportunities for c in o.contacts if c.phone]
        self.redact = Redactor(privacy.show_email, privacy.show_phone, phones)
        self.env = _environment(self.redact)
        self.pages: dict[str, Page | bytes] = {}
        settings = model.settings
        self.repo = repo_links(settings.repo_url, settings.edit_uri, settings.pipeline_dir)

    def page(self, kind: str, src: str, title: str, template: str, **context) -> None:
        links = Links(self.directory_urls, src, self.namer)
        body = self.env.get_template(template).render(
            m=self.model,
            today=self.model.today,
            links=links,
            pages={k: links.to(v) for k, v in PAGES.items()},
            calendar=links.to(CALENDAR),
            settings=self.model.settings,
            repo=self.repo,
            **context,
        )
        self.pages[public_src(src, self.namer)] = Page(_front_matter(kind, title, self.use_templates),
                                                       body.strip() + "\n")

    def paged(self, kind: str, src: str, title: str, template: str, rows: list, first: int = LIST_PAGE,
              **context) -> None:
        """One page per LIST_PAGE rows (``first`` on the first page), linked in order."""
        rest = rows[first:]
        chunks = [rows[:first]] + [rest[i : i + LIST_PAGE] for i in range(0, len(rest), LIST_PAGE)]
        fixed = sorted((k, v) for k, v in context.items() if not callable(v))
        for number, chunk in enumerate(chunks, 1):
            here = paged_src(src, number)
            rows_key = self.row_key(kind, number, chunk) if self.memo is not None else None
            if rows_key is not None:
                key, last = self.memo.lookup(here, (kind, title, template, len(chunks), len(rows), first, fixed,
                                                    rows_key))
                if last is not None:
                    self.pages[here] = last
                    self.memo.keep(here, key, last)
                    continue
            here_links = Links(self.directory_urls, here, self.namer)
            pager = {
                "number": number,
                "count": len(chunks),
                "prev": here_links.to(paged_src(src, number - 1)) if number > 1 else None,
                "next": here_links.to(paged_src(src, number + 1)) if number < len(chunks) else None,
                "first_row": 1 if number == 1 else first + (number - 2) * LIST_PAGE + 1,
            }
            suffix = f" (page {number} of {len(chunks)})" if len(chunks) > 1 else ""
            self.page(kind, here, title + suffix, template, rows=chunk, pager=pager, total=len(rows), **context)
            if rows_key is not None:
                self.memo.keep(here, key, self.pages[here])

    def remember(self, store: dict) -> None:
        """Serving: reuse the pages of the last call whose inputs are the same (``store`` keeps them)."""
        m = self.model
        self.memo = _Memo(store, repr((m.settings, m.today, sorted(self.redact.phones), self.directory_urls,
                                       self.use_templates, self.namer is None)))
        self.row_key = self._row_key

    def _row_key(self, kind: str, number: int, rows: list):
        if kind == "timeline" and number == 1:  # its plan ahead comes from the whole pipeline
            return None
        digest = self.memo.digest
        return [(digest(row), repr(self.model.next_by_id.get(row.id))) if isinstance(row, Opportunity)
                else (row.date, digest(row.opp), repr(row.entry), repr(row.followup)) for row in rows]

    def today_page(self, drafts: dict, template_problems) -> None:
        self.page("today", PAGES["today"], "Today", "today.html.j2", today_max=TODAY_MAX, quiet_max=QUIET_MAX,
                  errors_max=ERRORS_MAX, drafts=drafts, drafts_max=DRAFTS_ON_TODAY,
                  template_problems=template_problems)

    def pipeline_pages(self) -> None:
        """The board, and a list page (or pages) for each stage."""
        m = self.model
        stage_src = {stage: f"pipeline/{stage}.md" for stage in OPEN_STAGES}
        self.page("pipeline", PAGES["pipeline"], "Pipeline", "pipeline.html.j2", board_max=BOARD_MAX,
                  stage_src=stage_src, funnel=svg.funnel(m.funnel, "How many opportunities reached each stage"))
        for stage in OPEN_STAGES:
            self.paged("stage", stage_src[stage], f"Pipeline: {STAGE_TITLES[stage]}", "stage.html.j2",
                       m.by_stage.get(stage, []), stage=stage)

    def activity_page(self) -> None:
        m = self.model
        a = m.activity
        self.page("activity", PAGES["activity"], "Activity", "activity.html.j2",
                  heatmap_svg=svg.heatmap(a.touches_by_day, a.start, a.end,
                                          "Touches per day, last 52 weeks: darker is more"),
                  touches_svg=_touches_chart(a), replies_svg=_replies_chart(a),
                  insight=insight_view(m.opportunities, m.today, {q.opp.id for q in m.quiet}))

    def opportunity_page(self, opp: Opportunity, draft) -> None:
        """The opportunity's own page (kept from the last call when its inputs are the same)."""
        nxt = self.model.next_by_id.get(opp.id)
        src = opportunity_src(opp.id, self.namer)
        if self.memo is not None:  # the rest of the page's inputs follow from these three (and the settings)
            key, last = self.memo.lookup(src, (self.memo.digest(opp), repr(nxt), repr(draft)))
            if last is not None:
                self.pages[src] = last
                self.memo.keep(src, key, last)
                return
        ahead = planned(opp, self.model.settings, self.model.today) if isinstance(nxt, Followup) else []
        done = [e for e in opp.log if e.date <= self.model.today]  # a planned conversation has not happened yet
        self.page("opportunity", src, f"{opp.company} — {opp.role}", "opportunity.html.j2",
                  o=opp, nxt=nxt, ahead=ahead, unused=set(unused_ideas(opp, opp.log)), draft=draft,
                  conversations=[c.entry for c in planned_conversations([opp], self.model.today)],
                  touches=sum(1 for e in done if is_touch(e)), replies=sum(1 for e in done if is_reply(e)))
        if self.memo is not None:
            self.memo.keep(src, key, self.pages[src])

    def calendar(self) -> None:
        """The follow-ups feed (kept from the last call while what is due is the same)."""
        m, name = self.model, public_src(CALENDAR, self.namer)
        if self.memo is None:
            self.pages[name] = self._feed()
            return
        key, last = self.memo.lookup(CALENDAR, ([(self.memo.digest(i.opp), repr(i.followup)) for i in m.due],
                                                [(c.opp.id, repr(c.entry)) for c in m.conversations]))
        self.pages[name] = last if last is not None else self._feed()
        self.memo.keep(CALENDAR, key, self.pages[name])

    def _feed(self) -> bytes:
        m, namer = self.model, self.namer
        absolute = lambda opp: opportunity_url(m.settings.site_url, opp.id, namer, self.directory_urls)
        opaque = (lambda opp: namer(opp.id)) if namer else None
        return followups_ics(m.due, m.today, page_url=absolute, redact=self.redact, opaque=opaque,
                             conversations=m.conversations)


def _touches_chart(a) -> str:
    weeks = a.touches_by_week
    return svg.bars([(w.strftime("%-d %b"), c) for w, c in weeks], "Touches per week, last 52 weeks",
                    svg.BarStyle(unit=" touches"))


def _replies_chart(a) -> str:
    """Replies per touch, every 4 weeks (a week is too few touches to make a rate)."""
    weeks = a.touches_by_week
    periods = []
    for i in range(0, len(weeks), 4):
        block_t = sum(c for _, c in weeks[i : i + 4])
        block_r = sum(c for _, c in a.replies_by_week[i : i + 4])
        periods.append((weeks[i][0].strftime("%-d %b"), (block_r / block_t) if block_t else 0.0))
    style = svg.BarStyle(unit=" replies per touch", ceiling=max(1.0, max((v for _, v in periods), default=0)),
                         fmt=lambda v: f"{v:.2f}", bar=48, every=2)
    return svg.bars(periods, "Replies per touch, every 4 weeks", style)


@dataclass(frozen=True)
class RenderOptions:
    """How the pages are rendered: for MkDocs' ``directory_urls``; through the dashboard's own page templates
    (``use_templates``) or not. ``namer`` (the private dashboard: id -> opaque name): opportunity pages at
    opaque paths, a calendar without names. ``drafter`` (a drafts.Drafter for the settings and the day: it
    holds the message templates' texts, ``adapters.message_templates.drafter_for``) writes the drafts and
    keeps the problems met in the user's templates; the pages cannot be made without it."""

    directory_urls: bool = True
    use_templates: bool = True
    namer: Callable[[str], str] | None = None
    drafter: Drafter | None = None


def render_pages(pipeline, settings, today: dt.date, options: RenderOptions = RenderOptions(), *,
                 memo: dict | None = None) -> dict[str, Page | bytes]:
    """Every page of the dashboard (a Page: front matter and body) and the calendar feed (bytes),
    keyed by path below the docs folder, rendered as ``options`` say.

    ``memo`` (a dict kept between calls, as ``mkdocs serve`` keeps it): an opportunity page whose inputs
    (the opportunity, its schedule and draft, the settings, today, the phone numbers to hide) are those of
    the last call is reused, not rendered again; it is updated in place."""
    m = build_site_model(pipeline, settings, today)
    r = _Renderer(m, options.directory_urls, options.use_templates, options.namer)
    if memo is not None:
        r.remember(memo)
    drafter = options.drafter
    if drafter is None:
        raise TypeError("render_pages needs RenderOptions(drafter=...): adapters.message_templates.drafter_for")
    drafts = draft_views(m.due, drafter, r.redact, settings.privacy.show_email)
    r.today_page(drafts, drafter.problems)
    r.pipeline_pages()
    r.paged("timeline", PAGES["timeline"], "Timeline", "timeline.html.j2", m.past, first=TIMELINE_FIRST)
    r.activity_page()
    r.paged("archive", PAGES["archive"], "Archive", "archive.html.j2", m.closed,
            touches=lambda o: sum(1 for e in o.log if is_touch(e)))
    for opp in m.opportunities:
        r.opportunity_page(opp, drafts.get(opp.id))
    r.calendar()
    if r.memo is not None:
        r.memo.save()
    return r.pages
