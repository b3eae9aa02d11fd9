"""The prompt library and the wishes list, read from the TOML files in ``data/``.

Pure Python, no Django: the files are part of the app, so an error here is a bug that the
tests catch, and each message names the file.

Languages: English is the source (``data/prompts.toml``, ``data/wishes.toml``): it alone
decides which prompts and items exist, their ids and their order. A translation lives in
``data/<language>/`` under the same file names and gives only words, keyed by id
(``[prompt.good_moment] text = "..."``, ``[item.hold_hands] label = "..."``). So the reveal
rules, which match answers and wishes by id, are the same in every language. A text with no
translation yet stays English; ``missing_translations`` lists it and a test requires the
list to be empty. Which language a person gets is decided in hearth.core.languages.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

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


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path}: invalid TOML: {error}") from error


def _rows(path: Path, kind: _Kind) -> list[tuple[str, str]]:
    """The English rows, (id, words), in the file's order."""
    fields = {"id", kind.field}
    out: list[tuple[str, str]] = []
    for row in _read(path).get(kind.table, []):
        if set(row) != fields or not all(isinstance(row[f], str) and row[f] for f in fields):
            raise ValueError(f"{path}: each [[{kind.table}]] needs exactly id, {kind.field}")
        out.append((row["id"], row[kind.field]))
    ids = [row[0] for row in out]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: ids must be unique")
    return out


def _translated(path: Path, kind: _Kind, english_ids: set[str]) -> dict[str, str]:
    """The translated words by id; an id the English file does not have is an error."""
    if not path.exists():
        return {}
    data = _read(path)
    table = data.get(kind.table, {})
    if set(data) - {kind.table} or not isinstance(table, dict):
        raise ValueError(f"{path}: only [{kind.table}.<id>] tables belong here")
    strangers = set(table) - english_ids
    if strangers:
        raise ValueError(f"{path}: no English {kind.table} with the id {sorted(strangers)}")
    words: dict[str, str] = {}
    for item_id, row in table.items():
        text = row.get(kind.field) if isinstance(row, dict) else None
        if not isinstance(text, str) or not text.strip() or set(row) != {kind.field}:
            raise ValueError(f"{path}: [{kind.table}.{item_id}] needs exactly {kind.field}")
        words[item_id] = text
    return words
