"""The shared tap scale: one radio group per question, words at the ends, an explicit skip."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string

from hearth.core.widgets import TapScale


class Example(forms.Form):
    calm = forms.IntegerField(
        label="How calm?",
        required=False,
        min_value=0,
        max_value=10,
        error_messages={"max_value": "Please give a whole number from 0 to 10."},
        widget=TapScale(low="not calm", high="very calm"),
    )
    close = forms.IntegerField(
        label="How close?",
        min_value=0,
        max_value=10,
        widget=TapScale(low="not at all", high="very much", skip=False),
    )


def rendered(form: forms.Form) -> str:
    return render_to_string("hearth/form_fields.html", {"form": form})


def radios(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]*)"', html)


def test_each_question_is_a_named_group_of_eleven_choices_and_a_skip() -> None:
    html = rendered(Example())
    assert "<legend>How calm?</legend>" in html and "<legend>How close?</legend>" in html
    assert radios(html, "calm") == [str(n) for n in range(11)] + [""]
    assert radios(html, "close") == [str(n) for n in range(11)]
    assert '<label for="id_calm_skip">Skip</label>' in html
    assert "id_close_skip" not in html


def test_the_ends_have_their_words_on_screen_and_for_screen_readers() -> None:
    html = rendered(Example())
    assert "<span>0 not calm</span><span>10 very calm</span>" in html
    assert '<label for="id_calm_0">0<span class="visually-hidden">, not calm</span></label>' in html
    ten = '<label for="id_calm_10">10<span class="visually-hidden">, very calm</span></label>'
    assert ten in html
    assert '<label for="id_calm_5">5</label>' in html


def test_nothing_chosen_yet_shows_as_skipped_and_a_saved_answer_as_chosen() -> None:
    assert 'value="" id="id_calm_skip" checked' in rendered(Example())
    html = rendered(Example(initial={"calm": 4, "close": 0}))
    assert 'value="4" id="id_calm_4" checked' in html
    assert 'value="0" id="id_close_0" checked' in html
    assert 'id="id_calm_skip" checked' not in html


def test_the_field_still_validates_what_is_posted() -> None:
    form = Example({"calm": "11", "close": "3"})
    assert not form.is_valid()
    assert form.errors["calm"] == ["Please give a whole number from 0 to 10."]
    html = rendered(form)
    assert 'class="field tap-scale has-error" aria-describedby="id_calm_error"' in html
    assert "checked" not in html.split('name="close"')[0]
    assert Example({"calm": "", "close": "3"}).is_valid()
    skipped = Example({"close": "3"})
    assert skipped.is_valid() and skipped.cleaned_data["calm"] is None
    assert not Example({"calm": "2"}).is_valid()


def test_a_hostile_value_is_refused_and_never_written_back_into_the_page() -> None:
    form = Example({"calm": '"><script>alert(1)</script>', "close": "3"})
    assert not form.is_valid()
    html = rendered(form)
    assert "<script>" not in html
    assert "checked" not in html.split('name="close"')[0]
