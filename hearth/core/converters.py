"""The ``<id:...>`` path converter: a row id in a web address.

Django's ``<int:...>`` matches any run of digits, and a number past the database's 64-bit
range then fails inside the query (SQLite raises OverflowError; PostgreSQL compares it as a
numeric), so a typed or probed address could answer 500. An id outside 1 to 2**63 - 1 does
not match at all, so it answers the 404 of any address that leads nowhere, before any query
runs, on every database alike.
"""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**63 - 1  # the largest BigAutoField value


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            raise ValueError("not a row id")  # the resolver treats this as no match
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


def register() -> None:
    register_converter(IdConverter, "id")
