"""The words on every check-in page are plain: US grade 8 or below, sentence by sentence."""

from __future__ import annotations

import html
import re

import pytest

from tests.conftest import ClientFor, Personas
from tests.reading import MAX_GRADE, grade

PAGES = [
    "/checkins/",
    "/checkins/insights/",
    "/checkins/insights/couple/",
    "/checkins/talk/",
    "/checkins/talk/good_moment/",
    "/checkins/wishes/",
    "/checkins/reminders/",
]


def sentences(body: str) -> list[str]:
    main = body.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<(svg|table)\b.*?</\1>", " ", main, flags=re.DOTALL)
    # Each block (paragraph, list item, label, option, ...) is read on its own; only full
    # sentences count: labels and menu items are not prose.
    blocks = re.split(r"</?(?:p|li|label|option|h\d|dt|dd|legend|summary|button|div)\b[^>]*>", main)
    out: list[str] = []
    for block in blocks:
        text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", block))).strip()
        out += [s for s in re.split(r"(?<=[.!?])\s+", text) if s.endswith((".", "?", "!"))]
    return [s for s in out if len(s.split()) >= 4]


@pytest.mark.parametrize("path", PAGES)
def test_every_sentence_is_grade_8_or_below(
    personas: Personas, client_for: ClientFor, path: str
) -> None:
    for person in (personas.partner_a, personas.solo):
        for sentence in sentences(client_for(person).get(path).content.decode()):
            assert grade(sentence) <= MAX_GRADE, sentence
