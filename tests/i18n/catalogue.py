"""Reading the German catalogues and the text a page shows, and finding English left in it:
shared by the i18n tests and the German browser walks."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "hearth"


@dataclass
class Entry:
    msgid: str = ""
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    plurals: list[str] = field(default_factory=list)
    fuzzy: bool = False


def parse_po(path: Path) -> list[Entry]:
    """A small .po reader, enough for what makemessages writes."""
    entries: list[Entry] = []
    entry, target = Entry(), ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry.msgid:
                entries.append(entry)
            entry, target = Entry(), ""
        elif line.startswith("#,"):
            entry.fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _add(entry, target, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            target = keyword
            if keyword.startswith("msgstr["):
                entry.plurals.append("")
            _add(entry, target, ast.literal_eval(value))
    return entries


def _add(entry: Entry, keyword: str, text: str) -> None:
    if keyword.startswith("msgstr["):
        entry.plurals[-1] += text
    else:
        assert keyword in {"msgctxt", "msgid", "msgid_plural", "msgstr"}, keyword
        setattr(entry, keyword, (getattr(entry, keyword) or "") + text)


def po_path(app: str) -> Path:
    return ROOT / app / "locale" / "de" / "LC_MESSAGES" / "django.po"


class VisibleText(HTMLParser):
    """The words a person sees or hears: text, and labels in attributes."""

    ATTRIBUTES = {"aria-label", "placeholder", "alt", "title"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in self.ATTRIBUTES and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


# Words common in English and never German: one of them on a German page means a sentence
# was left untranslated. Function words first, then the words of buttons and labels that
# carry no function word ("Next turn", "Welcome"). Left out on purpose: words German has too
# (an, am, also, in, was, will, so, man, hat, die, start, plan, partner, check, pause, stop,
# april, august, september, november), "change" (the German pages say
# Reliable-Change-Index), and a word our German quotes on purpose: "delete" (everyone types
# DELETE to confirm deleting an account). tests/i18n/test_english_sentences.py runs the
# list over all of our German.
ENGLISH_WORDS = {
    "the", "your", "you", "and", "with", "please", "this", "are", "for", "not", "here",
    "what", "can", "when", "how", "have", "from", "our", "yet", "share", "saved",
    "is", "to", "of", "it", "be", "or", "if", "that", "on", "at", "by", "we", "they", "my",
    "me", "who", "there", "their", "would", "should", "about", "into", "than", "then",
    "because", "only", "just", "more", "some", "any", "does", "did", "were", "been", "has",
    "had", "its", "which", "where", "why", "these", "those", "each", "other", "over", "out",
    "up", "off", "yes", "no", "next", "back", "save", "welcome", "turn", "settled", "finish",
    "done", "cancel", "continue", "sign", "account", "answer", "answers",
    "ready", "sure", "today", "now", "time", "session", "sessions", "reading", "week",
    "weeks", "day", "days", "minutes", "touch", "don", "isn", "doesn", "won",
    "january", "february", "march", "june", "july", "october", "december", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip


# A whitespace-separated token with a digit, an underscore or "://" is a link, a code or a
# random token (a reset link, a key's last characters): never prose. Its letters can spell
# "be" or "it" by chance, which made German page tests fail now and then.
NOT_PROSE = re.compile(r"\S*(?:\d|_|://)\S*")


def english_words_in(text: str) -> set[str]:
    prose = NOT_PROSE.sub(" ", text.lower())
    return set(re.findall(r"[a-zäöüß]+", prose)) & ENGLISH_WORDS


def sentences_in(text: str) -> list[str]:
    """A page's text as sentences: split at line breaks (a heading, a label, a button is a
    sentence of its own) and after a full stop, question mark, exclamation mark or colon."""
    parts = re.split(r"\n+|(?<=[.!?:])\s+", text)
    return [" ".join(part.split()) for part in parts if part.strip()]


def english_sentences(text: str, exempt: str = "") -> list[str]:
    """The sentences of ``text`` that are English; sentences that also occur in ``exempt``
    (text that is allowed to stay English, such as a citation) are not counted."""
    allowed = set(sentences_in(exempt))
    return [s for s in sentences_in(text) if s not in allowed and english_words_in(s)]
