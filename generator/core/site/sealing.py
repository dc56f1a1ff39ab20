"""The private dashboard: seal the rendered site so nothing is readable without the passphrase.

One step after rendering. Pure functions of the derived keys and the rendered
text; adapters/sealed_site.py reads and writes the files of a built site and
derives the key in a child process. Cryptography is PyCA's, and the
browser repeats the same derivation with WebCrypto (overrides/assets/
javascripts/unlock.js); nothing here is hand-made crypto:

    master      = PBKDF2-HMAC-SHA256(passphrase (UTF-8, NFC), salt, 600,000 iterations, 32 bytes)
    content key = HKDF-SHA256(master, info="site/v2 content")            -> AES-256-GCM
    path key    = HKDF-SHA256(master, info="follow-through/v1 paths")    -> HMAC-SHA256 (build only)
    key id      = HKDF-SHA256(master, info="site/v2 key id")[:12], base64 -> on every sealed page

The labels the browser repeats (PUBLIC_LABEL) are neutral: they are in a public script. The build's
own (BUILD_LABEL: the salt's, the path key's) are never published and stay as they were, so the salt,
the opaque paths and the calendar's UIDs did not move when the public labels changed (a device
remembered under the old labels is asked again, told the dashboard was updated: unlock.js).

The key id comes after the KDF, so it is no cheaper check of a guessed passphrase than the
page itself; it lets a remembered device tell "the passphrase changed" (another id) from "this
page is damaged or was moved here" (same id, the page does not open).

Each page's associated data is "site/v2 page\0" + its path below the site root (the
URL the browser is at), so a sealed article pasted into another page is refused. Before
sealing, a page's plaintext is padded with spaces to the next of PAD_SIZES (then whole multiples
of the last), so a page's size does not count what it lists.

The salt is SHA-256 of a label and the site's ``site_url`` (required with
encryption): the same for every build of one site, so the key, and with it a
remembered device and the opaque paths, survive daily rebuilds; different
between sites, so no table of derived keys serves two sites; and known to
``remind``, which links the opaque pages. A new passphrase (or address)
changes every key: everyone is locked out and must type the new one.

PBKDF2 takes about half a second and PyCA holds the GIL while it runs, so the
build starts it in a child process (``adapters.sealed_site.KeyDerivation``) and renders meanwhile,
naming the opportunity pages with placeholders (``Placeholders``) that become
the opaque names once the key is there.

A sealed page keeps Material's frame (header, tabs, palette, scripts) and
carries, instead of its article, its title and article HTML as one AES-GCM
message (random 96-bit nonce, base64) in ``data-ft-sealed``; its ``<title>``
and header topic say only the site's name. The search index Material wrote is
replaced by an empty one; the opportunity pages' entries go, sealed, to
``search/find.sealed`` for the dashboard's own Find box (see the README).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

PASSPHRASE_ENV = "FOLLOW_THROUGH_PASSPHRASE"
ITERATIONS = 600_000
MIN_PASSPHRASE = 12
PUBLIC_LABEL = b"site/v2"  # in unlock.js too (LABEL): content key, key id, associated data
BUILD_LABEL = b"follow-through/v1"  # the salt and the path key: build-only, never published
NONCE_BYTES = 12
FIND_INDEX = "search/find.sealed"
PAD_SIZES = (16 * 1024, 64 * 1024, 256 * 1024, 1024 * 1024)  # bytes of plaintext; beyond: multiples of 1 MiB


@dataclass(frozen=True, repr=False)
class SiteKeys:
    salt: bytes
    iterations: int
    content_key: bytes  # AES-256-GCM: pages, find index; the browser derives the same
    path_key: bytes  # HMAC-SHA256: opaque page paths and calendar UIDs; never leaves the build
    key_id: str = ""  # names the key (not the passphrase): on every sealed page

    def __repr__(self) -> str:  # keys never end up in a log or a traceback
        return f"SiteKeys(salt={self.salt.hex()}, iterations={self.iterations})"


def site_salt(site_identity: str) -> bytes:
    return hashlib.sha256(BUILD_LABEL + b" salt\0" + site_identity.encode("utf-8")).digest()[:16]


def _hkdf(master: bytes, label: str, prefix: bytes = PUBLIC_LABEL) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=prefix + b" " + label.encode()).derive(master)


def derive_keys(passphrase: str, site_identity: str, iterations: int = ITERATIONS) -> SiteKeys:
    salt = site_salt(site_identity)
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    master = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=iterations).derive(secret)
    key_id = base64.b64encode(_hkdf(master, "key id")[:12]).decode("ascii")
    return SiteKeys(salt, iterations, _hkdf(master, "content"), _hkdf(master, "paths", BUILD_LABEL), key_id)


def passphrase_problem(passphrase: str | None) -> str | None:
    """Why the build cannot go on (None when it can)."""
    if passphrase is None or not passphrase.strip():
        return (
            f"privacy: encrypt is true but {PASSPHRASE_ENV} is not set: the dashboard is never published "
            f"unencrypted. Set it (a repository secret of that name in the workflows; "
            f"`export {PASSPHRASE_ENV}='four or more random words'` locally), "
            "or set privacy: encrypt: false for a plain site."
        )
    return None


SITE_URL_NEEDED = (
    "privacy: encrypt needs site_url in mkdocs.yml (your dashboard's address, like https://you.github.io/jobs/): "
    "the key is salted with it, so it must be the same at every build and in remind"
)


def passphrase_warning(passphrase: str) -> str | None:
    """A short passphrase is a WARNING, so `mkdocs build --strict` (the workflows') stops on it: fix it
    or build without --strict to publish anyway."""
    if len(passphrase) < MIN_PASSPHRASE:
        return (
            f"{PASSPHRASE_ENV} is {len(passphrase)} characters long: anyone can try passphrases against the "
            f"published pages offline, so use {MIN_PASSPHRASE} or more (four or more random words); "
            "`mkdocs build --strict` stops here"
        )
    return None


NEUTRAL_NAME = "Dashboard"
SHIPPED_NAMES = ("Follow-Through", "")  # a name the user did not choose; a sealed site shows NEUTRAL_NAME instead
# mkdocs.yml keys that would name the private repository or describe a job search in the public frame
FRAME_KEYS_DROPPED = ("site_description", "site_author", "repo_url", "repo_name", "edit_uri")


def public_site_name(name: str | None) -> str:
    """The sealed site's name: the user's own, or a neutral one (never the shipped "Follow-Through")."""
    return NEUTRAL_NAME if (name or "").strip() in SHIPPED_NAMES else str(name)


class MissingPassphrase(ValueError):
    pass


@functools.lru_cache(maxsize=4)
def _path_key(passphrase: str, site_identity: str) -> bytes:
    return derive_keys(passphrase, site_identity).path_key


def namer_with(settings, passphrase: str | None):
    """id -> opaque page name for an encrypted site (None for a plain one), keyed by ``passphrase`` and
    ``site_url`` as the build is, for links to its pages from elsewhere (reminder issues); MissingPassphrase
    when there is none to key it with."""
    if not settings.privacy.encrypt:
        return None
    if passphrase_problem(passphrase) or not settings.site_url:
        raise MissingPassphrase(passphrase_problem(passphrase) or SITE_URL_NEEDED)
    return functools.partial(opaque_name, _path_key(passphrase, settings.site_url))


class Placeholders:
    """Stand-in page names while the key is derived: ``self(id)`` names a page, ``resolve`` puts the
    opaque names in. A random mark per build, so no text a user typed is taken for one."""

    def __init__(self):
        self.mark = f"ft-pending-{secrets.token_hex(8)}-"
        self.numbers: dict[str, int] = {}
        self.pattern = re.compile(re.escape(self.mark) + r"(\d+)")
        self.names: list[str] = []

    def __call__(self, opp_id: str) -> str:
        return f"{self.mark}{self.numbers.setdefault(opp_id, len(self.numbers))}"

    def resolve(self, text: str, path_key: bytes) -> str:
        if len(self.names) != len(self.numbers):
            self.names = [opaque_name(path_key, opp_id) for opp_id in self.numbers]
        return self.pattern.sub(lambda m: self.names[int(m.group(1))], text)

    def resolve_pages(self, pages: dict, path_key: bytes) -> dict:
        """render_pages' output with the opaque names in: paths, page bodies and the calendar feed."""
        # Imported here: the calendar module loads icalendar (45 ms of start-up), which only a sealed build needs.
        from generator.core.site.calendar import rename_in_feed

        named = {}
        for src_uri, page in pages.items():
            if isinstance(page, bytes):  # the calendar feed: its lines may fold inside a name
                resolved = rename_in_feed(page, lambda line: self.resolve(line, path_key))
            else:
                resolved = page._replace(body=self.resolve(page.body, path_key))
            named[self.resolve(src_uri, path_key)] = resolved
        return named


def opaque_name(path_key: bytes, opp_id: str) -> str:
    """A keyed hash of an opportunity id: the same every build, meaningless without the key."""
    mac = hmac.HMAC(path_key, hashes.SHA256())
    mac.update(b"opportunity\0" + opp_id.encode("utf-8"))
    return base64.b32encode(mac.finalize()[:15]).decode("ascii").lower()


FIND_AAD = PUBLIC_LABEL + b" find"


def page_aad(path: str) -> bytes:
    """A page's associated data: binds its sealed content to its path ("" for the home page, "p/x/")."""
    return PUBLIC_LABEL + b" page\0" + path.encode("utf-8")


def padded(plaintext: bytes) -> bytes:
    """``plaintext`` and spaces up to the next of PAD_SIZES (JSON ignores the trailing spaces)."""
    size = next((s for s in PAD_SIZES if len(plaintext) <= s), None)
    if size is None:
        step = PAD_SIZES[-1]
        size = -(-len(plaintext) // step) * step
    return plaintext + b" " * (size - len(plaintext))


def seal_bytes(content_key: bytes, plaintext: bytes, aad: bytes = FIND_AAD) -> bytes:
    """nonce || AES-256-GCM ciphertext and tag; a fresh random nonce each time."""
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(content_key).encrypt(nonce, plaintext, aad)


def seal(content_key: bytes, plaintext: bytes, aad: bytes = FIND_AAD) -> str:
    return base64.b64encode(seal_bytes(content_key, plaintext, aad)).decode("ascii")


def unseal(content_key: bytes, token: str | bytes, aad: bytes = FIND_AAD) -> bytes:
    """The inverse of seal (tests, tools); raises cryptography's InvalidTag on a wrong key or another path."""
    raw = base64.b64decode(token)
    return AESGCM(content_key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], aad)


# --- pages -----------------------------------------------------------------------

_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_TOPIC = re.compile(r'(data-md-component="header-topic">\s*<span class="md-ellipsis">)(.*?)(</span>)', re.S)
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">')
_ARTICLE_TAG = re.compile(r"<(/?)article\b")

LOCKED_FORM = """\
<p class="ft-unlock__notice" role="status" hidden></p>
<form class="ft-unlock" autocomplete="off" hidden>
<h1>This dashboard is locked</h1>
<p><label>Passphrase <input class="ft-unlock__passphrase" type="password" name="passphrase" required \
autocomplete="current-password" spellcheck="false"></label></p>
<p><label class="ft-unlock__remember"><input type="checkbox" name="remember"> Remember this device \
(for a set number of days; Lock forgets it)</label></p>
<p><button class="md-button md-button--primary" type="submit">Unlock</button></p>
<p class="ft-unlock__error" role="alert" hidden>Wrong passphrase. Nothing was shown; try again.</p>
</form>
<noscript><p>This dashboard is encrypted; unlocking it needs JavaScript.</p></noscript>"""


class NotAPage(ValueError):
    """The HTML lacks Material's article: sealing it could leave text in the clear."""


def _article_span(page_html: str) -> tuple[int, int]:
    """Start and end of the article's inner HTML (nested articles counted)."""
    start = _ARTICLE.search(page_html)
    if not start:
        raise NotAPage("no <article class=\"md-content__inner md-typeset\">")
    depth = 1
    for tag in _ARTICLE_TAG.finditer(page_html, start.end()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return start.end(), tag.start()
    raise NotAPage("the article is not closed")


@dataclass(frozen=True)
class SealOptions:
    """What every sealed page of a site carries: ``site_name`` (the neutral title it shows), ``remember_days``
    (how long the unlock form may remember the device), ``site_url`` (where the moved 404 page points)."""

    site_name: str
    remember_days: int = 30
    site_url: str | None = None


def seal_page(page_html: str, keys: SiteKeys, options: SealOptions, root: str, path: str = "", extra: str = "") -> str:
    """The page with its article, title and header topic sealed; ``root`` is the relative URL of the site root,
    ``path`` the page's own URL below it (its associated data), ``extra`` HTML shown only once unlocked
    (the links to the repository). The title stays the site's neutral name, before and after unlocking."""
    site_name, remember_days = options.site_name, options.remember_days
    begin, end = _article_span(page_html)
    topic = _TOPIC.search(page_html)
    payload = {
        "topic": html.unescape(topic.group(2)).strip() if topic else "",
        "html": page_html[begin:end] + extra,
    }
    plaintext = padded(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    token = seal(keys.content_key, plaintext, page_aad(path))
    placeholder = (
        f'<div class="ft-sealed" data-ft-sealed="{token}" data-ft-salt="{base64.b64encode(keys.salt).decode()}" '
        f'data-ft-iterations="{keys.iterations}" data-ft-kid="{keys.key_id}" data-ft-remember="{int(remember_days)}" '
        f'data-ft-root="{html.escape(root)}">\n{LOCKED_FORM}\n</div>'
    )
    title = _TITLE.search(page_html)
    name = html.escape(site_name)
    out = page_html[:begin] + placeholder + page_html[end:]
    if topic:
        out = _TOPIC.sub(lambda m: m.group(1) + name + m.group(3), out, count=1)
    if title:
        out = _TITLE.sub(f"<title>{name}</title>", out, count=1)
    return with_early_key_read(out, base64.b64encode(keys.salt).decode())


# unlock.js's IndexedDB database and store of remembered keys (neutral names: they are public)
KEY_DB, KEY_STORE = "sealed-site-keys", "keys"
# First thing in <head> (before the stylesheets, which an inline script waits for): start reading the remembered
# key, so that IndexedDB's open and read overlap the page's parsing; unlock.js takes the promise
# (window.__sealedKey) on the page it loaded with. It only reads: unlock.js checks the expiry and deletes.
EARLY_KEY_READ = (
    "<script>(function(){try{var r=indexedDB.open(%(db)s,1);window.__sealedKey=new Promise(function(ok){"
    "r.onupgradeneeded=function(){r.result.createObjectStore(%(store)s)};"
    "r.onsuccess=function(){var c=r.result,q;try{q=c.transaction(%(store)s).objectStore(%(store)s).get(%(salt)s)}"
    "catch(e){c.close();return ok(undefined)}"
    "q.onsuccess=function(){c.close();ok(q.result||null)};q.onerror=function(){c.close();ok(undefined)}};"
    "r.onerror=function(){ok(undefined)}})}catch(e){}})()</script>"
)
_HEAD = re.compile(r"<head>")


def with_early_key_read(page_html: str, salt: str) -> str:
    """The page with EARLY_KEY_READ right after ``<head>`` (for this site's ``salt``, as on data-ft-salt)."""
    script = EARLY_KEY_READ % {"db": json.dumps(KEY_DB), "store": json.dumps(KEY_STORE), "salt": json.dumps(salt)}
    return _HEAD.sub(lambda m: m.group(0) + script, page_html, count=1)


# --- a built site's pages (adapters/sealed_site.py reads and writes them) ---------

SEALED_ARTICLE = '<div class="ft-sealed" data-ft-sealed="'


def page_root(rel_path: str) -> str:
    """The relative URL of the site root from a built page, by its path in the site ("a/b/index.html" -> "../../")."""
    return "../" * rel_path.count("/") or "./"


def is_sealed(page_html: str) -> bool:
    begin, end = _article_span(page_html)
    return page_html[begin:end].lstrip().startswith(SEALED_ARTICLE)


def sealed_path(url: str) -> str:
    """A page's path as its associated data (``a/`` for ``a/index.html``): the browser computes the same from
    its address."""
    return url[: -len("index.html")] if url.endswith("index.html") else url


MOVED_404 = (
    "<h1>Nothing here</h1>\n<p>This address leads nowhere. If it came from a bookmark, a calendar or an "
    "old link: the dashboard's links change when its passphrase or its address changes (and changed once "
    "when its pages got neutral addresses), so they have moved. Start again from "
    '<a href="{root}">the home page</a>.</p>'
)


def moved_404(page_html: str, site_name: str, site_url: str | None) -> str:
    """The 404 page of a sealed site: neutral, and saying that links move when the passphrase or address does."""
    begin, end = _article_span(page_html)
    text = '<div data-ft-public="404">' + MOVED_404.format(root=html.escape(site_url or "/")) + "</div>"
    out = page_html[:begin] + text + page_html[end:]
    return _TITLE.sub(lambda _: f"<title>{html.escape(site_name)}</title>", out, count=1)


# --- search ----------------------------------------------------------------------

def seal_search_index(index_json: str, keys: SiteKeys, opportunity_urls=None) -> tuple[str, bytes]:
    """Material's search index -> (an index with no documents to publish, the sealed Find index).

    The Find index has one entry per opportunity page (``opportunity_urls``; None: every page indexed): its URL,
    title and all its text.
    """
    index = json.loads(index_json)
    pages: dict[str, dict] = {}
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        page = location.split("#", 1)[0]
        if opportunity_urls is not None and page not in opportunity_urls:
            continue
        entry = pages.setdefault(page, {"u": page, "t": "", "x": []})
        if "#" not in location:
            entry["t"] = html.unescape(re.sub(r"<[^>]+>", "", doc.get("title", "")))
        entry["x"].append(html.unescape(re.sub(r"<[^>]+>", " ", doc.get("text", ""))))
    find = [{"u": p["u"], "t": p["t"], "x": " ".join(" ".join(p["x"]).split())} for p in pages.values()]
    config = {k: v for k, v in index.get("config", {}).items() if k != "pipeline"}
    public = json.dumps({"config": config, "docs": []})
    return public, seal_bytes(keys.content_key, json.dumps(find, ensure_ascii=False).encode("utf-8"))
