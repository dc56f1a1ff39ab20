"""HTML → text and a message's language (pure)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr"}
_SKIPPED = {"script", "style", "head", "title", "blockquote"}  # blockquote: the quoted earlier message
_QUOTE_CLASSES = ("gmail_quote", "yahoo_quoted", "moz-cite-prefix", "divrplyfwdmsg")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []  # the tags we are inside of whose text is not read

    def handle_starttag(self, tag, attrs):
        classes = " ".join(v or "" for k, v in attrs if k in ("class", "id")).lower()
        if tag in _SKIPPED or (self.skipping and tag == self.skipping[-1]) or any(c in classes for c in _QUOTE_CLASSES):
            self.skipping.append(tag)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The words a reader sees, one block a line; quoted replies (blockquote, Gmail's quote) left out."""
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # HTMLParser is forgiving, but a hostile body must still never raise
        pass
    lines = (" ".join(line.split()) for line in "".join(parts for parts in parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


_STOPWORDS = {
    "en": "the and you your we to for of with our this will thank have be is are not at on",
    "de": "der die das und sie ihre ihr wir uns für mit nicht ist sind eine einen ihnen bei zu auf vielen",
    "fr": "le la les et vous votre nous pour avec pas est sont une des du au merci candidature",
    "es": "el los las y usted su nosotros para con por es una del gracias su candidatura hemos",
    "nl": "de het en u uw wij we voor met niet is een van bedankt sollicitatie ons",
    "it": "il gli e voi vostra noi per con non una della grazie candidatura siamo",
    "pt": "o os e você sua nós para com não uma obrigado candidatura da",
    "sv": "och du din vi för med inte är en av tack ansökan oss",
}
_STOPSETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    """The language whose common words the text uses most ("en" when too short to say)."""
    words = _WORD.findall(text.casefold()[:5000])
    if len(words) < 4:
        return "en"
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _STOPSETS.items()}
    best = max(scores, key=lambda lang: (scores[lang], lang == "en"))
    return best if scores[best] >= 2 and scores[best] > scores["en"] else "en"
