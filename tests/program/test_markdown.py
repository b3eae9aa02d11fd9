"""The tiny Markdown renderer: the subset our pages use, and everything else escaped."""

from __future__ import annotations

import pytest

from hearth.program.content import default_content
from hearth.program.markdown import render
from hearth.program.progression import comfort_from_ten


def test_it_renders_headings_paragraphs_lists_and_emphasis() -> None:
    html = render("## Title\n\nOne line\nand more, *soft* and **firm**.\n\n- first\n- second")
    assert html == (
        "<h2>Title</h2>\n<p>One line and more, <em>soft</em> and <strong>firm</strong>.</p>\n"
        "<ul><li>first</li><li>second</li></ul>"
    )


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[a link](https://example.com)",
        "<a href='javascript:alert(1)'>x</a>",
    ],
)
def test_it_escapes_everything_else(source: str) -> None:
    html = render(source)
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "href" not in html or "&" in html


def test_a_wrapped_list_item_stays_one_item() -> None:
    assert render("- one\n  still one\n- two") == "<ul><li>one still one</li><li>two</li></ul>"


@pytest.mark.parametrize("page_id", sorted(default_content().pages))
def test_every_shipped_page_renders_without_leftover_markup(page_id: str) -> None:
    html = render(default_content().page(page_id).body)
    assert "**" not in html and "\n#" not in html and not html.startswith("#")


@pytest.mark.parametrize("score, scaled", [(0, 1), (3, 2), (5, 3), (6, 3), (7, 4), (10, 5)])
def test_comfort_from_0_to_10_maps_onto_the_1_to_5_rules(score: int, scaled: int) -> None:
    assert comfort_from_ten(score) == scaled


@pytest.mark.parametrize("score", [-1, 11])
def test_comfort_outside_0_to_10_is_refused(score: int) -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        comfort_from_ten(score)
