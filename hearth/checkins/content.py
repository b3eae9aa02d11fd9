"""The prompt library and the wishes list, read from the TOML files in ``data/``.

Pure Python, no Django: the files are part of the app, so an error here is a bug that the
tests catch. They are read through ``hearth.core.datafile``, so each message names the file,
the entry and the field, and a key the app does not know is refused.

Languages: English is the source (``data/prompts.toml``, ``data/wishes.toml``): it alone
decides which prompts and items exist, their ids and their order. A translation lives in
``data/<language>/`` under the same file names and gives only words, keyed by id
(``[prompt.good_moment] text = "..."``, ``[item.hold_hands] label = "..."``). So the reveal
rules, which match answers and wishes by id, are the same in every language. A text with no
translation yet stays English; ``missing_translations`` lists it and a test requires the
list to be empty. Which language a person gets is decided in hearth.core.languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hearth.core.datafile import DataFileError, Table, read_toml
from hearth.core.languages import CONTENT_LANGUAGES, SOURCE_LANGUAGE, content_language

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Prompt:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class WishItem:
    id: str
    label: str


@dataclass(frozen=True)
class _Kind:
    file: str
    table: str  # [[prompt]] in the English file, [prompt.<id>] in a translation
    field: str  # the words: "text" or "label"


PROMPTS = _Kind("prompts.toml", "prompt", "text")
WISHES = _Kind("wishes.toml", "item", "label")


@dataclass(frozen=True)
class Library:
    """The prompts and wishes in one language, in the English order."""

    prompts: tuple[Prompt, ...]
    wishes: tuple[WishItem, ...]
    language: str = SOURCE_LANGUAGE
    # English texts with no translation yet (shown in English), named "prompt <id>".
    untranslated: tuple[str, ...] = ()


def load_library(directory: Path = DATA, language: str = SOURCE_LANGUAGE) -> Library:
    prompt_rows, prompts_left = _load(directory, PROMPTS, language)
    wish_rows, wishes_left = _load(directory, WISHES, language)
    return Library(
        prompts=tuple(Prompt(i, t) for i, t in prompt_rows),
        wishes=tuple(WishItem(i, t) for i, t in wish_rows),
        language=language,
        untranslated=(
            *(f"{PROMPTS.table} {i}" for i in prompts_left),
            *(f"{WISHES.table} {i}" for i in wishes_left),
        ),
    )


@cache
def library(language: str = SOURCE_LANGUAGE) -> Library:
    """The shipped prompts and wishes in one language, loaded once per process."""
    return load_library(DATA, content_language(language))


def prompts(language: str = SOURCE_LANGUAGE) -> tuple[Prompt, ...]:
    return library(language).prompts


def wish_items(language: str = SOURCE_LANGUAGE) -> tuple[WishItem, ...]:
    return library(language).wishes


def prompt(prompt_id: str, language: str = SOURCE_LANGUAGE) -> Prompt | None:
    return next((p for p in prompts(language) if p.id == prompt_id), None)


def wish_item(item_id: str, language: str = SOURCE_LANGUAGE) -> WishItem | None:
    return next((w for w in wish_items(language) if w.id == item_id), None)


def missing_translations(language: str) -> tuple[str, ...]:
    """English prompts and items with no text in ``language`` yet (empty for English)."""
    return library(language).untranslated


# --- loading ----------------------------------------------------------------------------------


def _load(directory: Path, kind: _Kind, language: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(id, words) in the English order, in ``language`` where translated; and the ids
    still in English."""
    english = _rows(directory / kind.file, kind)
    if language == SOURCE_LANGUAGE:
        return english, []
    if language not in CONTENT_LANGUAGES:
        raise ValueError(f"{directory}: no content language '{language}'")
    words = _translated(directory / language / kind.file, kind, {i for i, _ in english})
    return [(i, words.get(i, text)) for i, text in english], [
        i for i, _ in english if i not in words
    ]


def _rows(path: Path, kind: _Kind) -> list[tuple[str, str]]:
    """The English rows, (id, words), in the file's order."""
    top = Table(path, read_toml(path))
    top.only({kind.table})
    out: list[tuple[str, str]] = []
    for row in top.tables(kind.table, required=False):
        row.only({"id", kind.field})
        row.require({"id", kind.field})
        out.append((row.text("id", strip=False), row.text(kind.field, strip=False)))
    ids = [row[0] for row in out]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise DataFileError(path, f"ids must be unique ({', '.join(twice)} used twice)", field="id")
    return out


def _translated(path: Path, kind: _Kind, english_ids: set[str]) -> dict[str, str]:
    """The translated words by id; an id the English file does not have is an error."""
    if not path.exists():
        return {}
    top = Table(path, read_toml(path))
    if set(top.data) - {kind.table} or not isinstance(top.data.get(kind.table, {}), dict):
        raise top.fail(f"only [{kind.table}.<id>] tables belong here", field=kind.table)
    table = top.table(kind.table)
    strangers = set(table.data) - english_ids
    if strangers:
        raise top.fail(f"no English {kind.table} with the id {sorted(strangers)}")
    words: dict[str, str] = {}
    for item_id, row in table.data.items():
        words[item_id] = _words(Table(path, row, f"[{kind.table}.{item_id}]"), kind)
    return words


def _words(row: Table, kind: _Kind) -> str:
    """The one field of a translation entry; anything else in it is refused."""
    extra = sorted(set(row.data) - {kind.field})
    if extra:
        raise row.fail(f"needs exactly {kind.field}, not {', '.join(extra)}", field=extra[0])
    value = row.data.get(kind.field)
    if not isinstance(value, str) or not value.strip():
        raise row.fail(f"needs exactly {kind.field}, a non-empty string", field=kind.field)
    return value
