"""A short name for the device behind a sign-in, from its User-Agent header: the browser and
the system, such as ("Firefox", "Android"). Never a version, a model or a place: enough for
a person to tell their sign-ins apart, nothing that identifies the phone. Pure: no Django.

The order of the checks matters: Edge, Opera and Samsung Internet also say "Chrome", Chrome
also says "Safari", and Android also says "Linux".
"""

from __future__ import annotations

BROWSERS = (
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("EdgiOS/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "macOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)
# Longer headers are cut before reading: a header is not ours to trust.
LONGEST = 512


def _first(header: str, table: tuple[tuple[str, str], ...]) -> str:
    return next((name for marker, name in table if marker in header), "")


def describe(user_agent: str) -> tuple[str, str]:
    """(browser, system), each "" when unknown."""
    header = user_agent[:LONGEST]
    return _first(header, BROWSERS), _first(header, SYSTEMS)
