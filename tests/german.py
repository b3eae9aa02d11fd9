"""German readability and form, shared by the tests of every German content file (the
program's stages, exercises and reading pages; the talk prompts and the wishes list).

Readability bound. German has no Flesch-Kincaid grade; we use the Wiener Sachtextformel
(Bamberger & Vanecek 1984, variant 1), which was fitted to German school grades, and hold
German texts to grade 8 or below, the same bound as the English (US grade 8 by
Flesch-Kincaid). As a second check we use Amstad's Flesch Reading Ease for German
(180 - sentence length - 58.5 x syllables per word) and require at least 60: on Amstad's
scale 60-70 is "mittelschwer", the band that ordinary adult readers and pupils of about 13
to 15 read without help, i.e. the same readers as US grade 8. Both come from textstat 0.7.3
with its German syllable rules (pyphen's de dictionary).

Both formulas are averages over words and sentences, so they need a text of some length:
a label of two or three words is one data point. "Zusammen kochen" scores grade 15.6 and
"Einander vorlesen" 31.8, only because one of two words has three syllables. Such labels
are measured together, as the list a person reads (``sentences``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from textstat.textstat import textstatistics

from hearth.program.content import join_sentences

MAX_GRADE = 8.0
MIN_AMSTAD = 60.0

# Informal address; the product speaks to people with Sie.
DU = re.compile(r"\b(du|dich|dir|dein\w*)\b", re.IGNORECASE)


def _german() -> textstatistics:
    stats = textstatistics()  # its own instance: the module-level one stays English
    stats.set_lang("de")
    return stats


def wstf(text: str) -> float:
    """Wiener Sachtextformel (variant 1): a German school grade."""
    return float(_german().wiener_sachtextformel(text, 1))


def amstad(text: str) -> float:
    """Amstad's Flesch Reading Ease for German: 0 (hard) to 100 (easy)."""
    return float(_german().flesch_reading_ease(text))


def sentences(texts: Iterable[str]) -> str:
    """Short texts (labels, questions) as one text of sentences, as a page lists them."""
    return join_sentences(texts)
