"""A tiny Markdown renderer for the subset our reading pages use. Pure: no Django.

Supported: ``#``/``##``/``###`` headings, paragraphs, ``-``/``*`` lists, ``**strong**`` and
``*emphasis*`` (or ``_emphasis_``). Everything else is shown as text: all input is HTML-escaped
first, so a page can never inject markup, links or scripts. We write our own rather than add a
dependency because the subset is small and escaping everything is the whole point.
"""

from __future__ import annotations

import html
import re

_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![\w*])[*_](?=\S)(.+?)(?<=\S)[*_](?![\w*])")
_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_ITEM = re.compile(r"^[-*]\s+(.*)$")


def inline(text: str) -> str:
    """Escape, then turn emphasis markers into <strong>/<em>."""
    escaped = html.escape(text, quote=True)
    return _EM.sub(r"<em>\1</em>", _STRONG.sub(r"<strong>\1</strong>", escaped))


def render(markdown: str, *, heading_offset: int = 0) -> str:
    """HTML for the text. ``heading_offset`` shifts heading levels (a page body's ``##``
    stays an h2 under the page title's h1)."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        out.extend(_block(block, heading_offset))
    return "\n".join(out)


def _block(block: str, offset: int) -> list[str]:
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            out.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in block.splitlines():
        line = raw.strip()
        heading, item = _HEADING.match(line), _ITEM.match(line)
        if heading:
            flush()
            level = min(len(heading.group(1)) + offset, 6)
            out.append(f"<h{level}>{inline(heading.group(2).strip())}</h{level}>")
        elif item:
            if paragraph:
                flush()
            items.append(item.group(1))
        elif items and raw[:1].isspace():
            items[-1] += " " + line  # a wrapped list item
        elif line:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return out
