"""The one reading level every English text is held to: US grade 8 or below by
Flesch-Kincaid, as textstat 0.7.3 counts it.

The catalogue check (tests/test_reading_level.py) and the tests that read a whole rendered
page or a sentence built from parts all use this bound and this way of measuring, so no test
holds English to a bound of its own. (German has its own formula: tests/german.py.)

Short texts. Flesch-Kincaid averages words per sentence and syllables per word, so a label
of a few words is one data point: "Continue" scores grade 20, "Trouble relaxing" 13. A text
of fewer than ``MEASURED_WORDS`` words is therefore not measured alone; the short texts of
one catalogue are measured together, one sentence each, as a person reads a list of labels
(``measure``). A catalogue whose labels are mostly long words still fails.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable

from hearth.program.content import join_sentences

with warnings.catch_warnings():
    # textstat 0.7.3 imports pkg_resources, which warns about its own deprecation.
    warnings.simplefilter("ignore", UserWarning)
    import textstat

MAX_GRADE = 8.0
MEASURED_WORDS = 6

# What a page puts in place of a placeholder counts as one short word ("%(count)s days" reads
# as "3 days"); markup is not read at all.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}")
_MARKUP = re.compile(r"<[^>]+>")


def grade(text: str) -> float:
    """The US school grade of ``text`` (Flesch-Kincaid, textstat 0.7.3)."""
    return float(textstat.flesch_kincaid_grade(text))


def as_read(text: str) -> str:
    """``text`` as a person reads it: placeholders filled by a short word, tags gone."""
    return " ".join(_PLACEHOLDER.sub("X", _MARKUP.sub("", text)).split())


def measure(texts: Iterable[str]) -> list[tuple[str, float]]:
    """Each long text with its grade, then the short ones together as one text."""
    read = [as_read(t) for t in texts if t.strip()]
    long = [t for t in read if len(t.split()) >= MEASURED_WORDS]
    short = [t for t in read if len(t.split()) < MEASURED_WORDS]
    measured = [(t, grade(t)) for t in long]
    if short:
        together = join_sentences(short)
        measured.append((together, grade(together)))
    return measured


def too_hard(texts: Iterable[str]) -> list[tuple[float, str]]:
    """The texts (or the short texts together) above ``MAX_GRADE``, hardest first."""
    return sorted(((g, t) for t, g in measure(texts) if g > MAX_GRADE), reverse=True)
