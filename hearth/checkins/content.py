"""The prompt library and the wishes list, read from the TOML files in ``data/``.

Pure Python, no Django: the files are part of the app, so an error here is a bug that the
tests catch, and each message names the file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True, slots=True)
class Prompt:
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class WishItem:
    id: str
    label: str


def _rows(name: str, table: str, fields: tuple[str, str]) -> list[tuple[str, str]]:
    path = DATA / name
    rows = tomllib.loads(path.read_text(encoding="utf-8")).get(table, [])
    out: list[tuple[str, str]] = []
    for row in rows:
        if set(row) != set(fields) or not all(isinstance(row[f], str) and row[f] for f in fields):
            raise ValueError(f"{path}: each [[{table}]] needs exactly {', '.join(fields)}")
        out.append((row[fields[0]], row[fields[1]]))
    ids = [row[0] for row in out]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path}: ids must be unique")
    return out


@cache
def prompts() -> tuple[Prompt, ...]:
    return tuple(Prompt(i, t) for i, t in _rows("prompts.toml", "prompt", ("id", "text")))


@cache
def wish_items() -> tuple[WishItem, ...]:
    return tuple(WishItem(i, t) for i, t in _rows("wishes.toml", "item", ("id", "label")))


def prompt(prompt_id: str) -> Prompt | None:
    return next((p for p in prompts() if p.id == prompt_id), None)


def wish_item(item_id: str) -> WishItem | None:
    return next((w for w in wish_items() if w.id == item_id), None)
