from __future__ import annotations

from pathlib import Path

import pytest

from hearth.measures.definitions import Instrument, load_instruments

# A test-only instrument: mean scoring, a reverse-keyed item, a subscale, prorating.
TOY = """
id = "toy"
title = "Toy scale"
version = "1"
higher_is_better = true

[licence]
name = "Test only"
reference = "None"
text_source = "paraphrase"

[scoring]
method = "mean"

[missing]
rule = "prorate"
max_missing = 1
source = "Test"

[[options]]
value = 1
label = "Never"
[[options]]
value = 5
label = "Always"
[[options]]
value = 2
label = "Seldom"
[[options]]
value = 3
label = "Sometimes"
[[options]]
value = 4
label = "Often"

[[items]]
id = "a"
text = "A"
[[items]]
id = "b"
text = "B"
reverse = true
[[items]]
id = "c"
text = "C"

[[subscales]]
id = "ab"
title = "A and B"
items = ["a", "b"]
method = "sum"

[[bands]]
id = "low"
label = "Low"
meaning = "Low."
min = 1
max = 2.9
[[bands]]
id = "high"
label = "High"
meaning = "High."
min = 3
max = 5

[[flags]]
id = "very_low"
kind = "screen"
source = "total"
op = "<="
value = 1.5
label = "Very low"
meaning = "Very low."
"""


@pytest.fixture(scope="session")
def instruments() -> dict[str, Instrument]:
    return load_instruments()


@pytest.fixture
def toy_dir(tmp_path: Path) -> Path:
    (tmp_path / "toy.toml").write_text(TOY)
    return tmp_path


@pytest.fixture
def toy(toy_dir: Path) -> Instrument:
    return load_instruments([toy_dir])["toy"]
