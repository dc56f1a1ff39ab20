"""User text made safe for the site: escaping, links, Markdown, privacy.

Everything a YAML file holds is hostile until proven otherwise. These helpers
are the only doors user text goes through on its way into HTML:

- ``clean``: drops control characters (Python-Markdown and browsers give some
  of them meaning) so text is plain text;
- ``safe_url``: a link only when it is ``http``, ``https`` or ``mailto``;
- ``markdown_html``: user Markdown rendered with raw HTML shown as text, links
  checked, images turned into links (nothing is fetched from elsewhere);
- ``title_text``: text for a page title, which Material prints unescaped.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

# ... and lone surrogates, which a YAML "\\ud83d" escape can make and no UTF-8 file can hold.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufff9-\ufffb\ufffe\uffff]")
_URL_JUNK = re.compile(r"[\x00-\x20\x7f-\x9f]")
SAFE_SCHEMES = ("http", "https", "mailto")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def clean(text) -> str:
    """Plain text without control characters; None becomes ''."""
    if text is None:
        return ""
    return _CONTROL.sub("", str(text))


def safe_url(url) -> str | None:
    """The URL when it is http(s) or mailto (after undoing entities and stray blanks), else None."""
    if not url:
        return None
    raw = html.unescape(str(url)).strip()
    if _URL_JUNK.search(raw.replace(" ", "")):
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme in ("http", "https") and not parts.netloc:
        return None
    if scheme == "mailto" and not parts.path:
        return None
    return raw.replace(" ", "%20")


def title_text(text) -> str:
    """Text for `title:` front matter: Material prints it raw, so it goes in HTML-escaped."""
    return html.escape(" ".join(clean(text).split()), quote=True)


class Redactor:
    """Hides contact e-mail addresses and phone numbers in free text, as the privacy settings say."""

    def __init__(self, show_email: bool, show_phone: bool, phones=()):
        self.show_email = show_email
        self.phones = tuple(sorted({p for p in phones if p and len(p.strip()) >= 5}, key=len, reverse=True))
        self.show_phone = show_phone

    def __call__(self, text: str) -> str:
        if not self.show_email and "@" in text:
            text = EMAIL.sub("[e-mail hidden]", text)
        if not self.show_phone:
            for phone in self.phones:
                if phone in text:
                    text = text.replace(phone, "[phone hidden]")
        return text


class _SafeTree(Treeprocessor):
    """Links only to http(s)/mailto; images become plain links (the site loads nothing from elsewhere)."""

    def run(self, root):
        for parent in root.iter():
            for index, el in enumerate(list(parent)):
                if el.tag == "img":
                    target = safe_url(el.get("src"))
                    label = el.get("alt") or el.get("src") or "image"
                    new = etree.Element("a" if target else "span")
                    if target:
                        new.set("href", target)
                        new.set("rel", "nofollow noopener noreferrer")
                    new.text = f"[image: {label}]"
                    new.tail = el.tail
                    parent.remove(el)
                    parent.insert(index, new)
                elif el.tag == "a":
                    target = safe_url(el.get("href"))
                    title = el.get("title")
                    el.attrib.clear()
                    if target:
                        el.set("href", target)
                        el.set("rel", "nofollow noopener noreferrer")
                    else:
                        el.tag = "span"
                    if title:
                        el.set("title", title)
                elif el.tag not in _ALLOWED_TAGS:
                    el.tag = "span"
                    el.attrib.clear()
        return None


_ALLOWED_TAGS = {
    "p", "a", "span", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "div",
}


class _NoRawHtml(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeTree(md), "follow-through-safe", 0)


_md = markdown.Markdown(extensions=[_NoRawHtml()], output_format="html")


# Text with none of these is one plain paragraph, and needs no Markdown parser.
_MARKDOWN_SYNTAX = re.compile(r"[\\`*_\[\]<>#!&|~]|\n|^\s|^\d+[.)]\s|^[-+]\s")


def markdown_html(text, redact=None, demote: int = 2) -> Markup:
    """User Markdown as safe HTML: raw HTML shows as text, links are checked, headings start at h3."""
    source = clean(text)
    if redact is not None:
        source = redact(source)
    if not _MARKDOWN_SYNTAX.search(source.rstrip()):
        return Markup("<p>{}</p>").format(source.strip()) if source.strip() else Markup("")
    _md.reset()
    out = _md.convert(source)
    if demote:
        out = re.sub(
            r"<(/?)h([1-6])>",
            lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + demote)}>",
            out,
        )
    return Markup(out)


def inline_text(text, redact=None) -> Markup:
    """A one-line text field as escaped HTML."""
    value = clean(text)
    if redact is not None:
        value = redact(value)
    return escape(value)
