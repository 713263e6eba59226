"""The body of a news item: plain paragraphs, or a small allow-list of rich text sanitised by nh3.

Nothing the author types reaches a page as raw HTML: plain text is escaped and split into paragraphs;
text with tags keeps only p, strong, em, ul/ol/li, h2/h3 and links to http(s) addresses."""

from __future__ import annotations

import re

import nh3
from django.utils.html import escape

TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "br"}
ATTRIBUTES = {"a": {"href"}}
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z]")


def sanitise(text: str) -> str:
    """Safe HTML for `text`: rich text through the allow-list, plain text as escaped paragraphs."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    if not _TAG.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
        return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def plain(html: str) -> str:
    """The words of sanitised HTML (for a summary line)."""
    return " ".join(nh3.clean(html, tags=set()).split())
