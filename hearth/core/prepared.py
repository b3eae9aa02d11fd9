"""A query whose SQL the ORM builds once per process, for the one every signed-in page runs.

Turning a queryset into SQL costs the ORM far more processor time than the database needs to
answer it. The session's own query (hearth.accounts.sessions: the sign-in row, its person and
their kept pages' stamps) runs on every signed-in request. On the benchmark machine a kept
home page cost a served worker 3.5 ms, more than half of it spent building that SQL; with
the SQL built once, 1.1 to 1.5 ms (docs/performance.md).

``Prepared`` asks the ORM for the SQL once, with sample values, and remembers it: the text,
the parameters, where each value went, how each column is read back and how the rows become
model instances. Later runs swap in the new values, converted as the ORM converts them, and
build the instances as the ORM's own ``ModelIterable`` does. The result is the same
instances with the same attributes: tests compare it with the ORM's own answer. It reads
what the ORM's compiler knows of the query (its columns, converters and related models, as
Django 5.2 names them), so a Django release that changes those fails those tests.

A value must never change the shape of the SQL: not None (``IS NULL``), not a list. The
session's values never are: a key (a session without one is never looked up) and two times.

It refuses to remember a query it cannot redo exactly, and the ORM then builds that query
on every run, as before:
- a sample value must appear exactly once among the parameters, in the form its field's
  converter gives (so the same converter gives the right form for a new value), and no two
  values in the same place;
- no composite columns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from django.core.exceptions import MultipleObjectsReturned
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model, QuerySet
from django.db.models.expressions import ColPairs  # type: ignore[attr-defined]
from django.db.models.query import get_related_populators  # type: ignore[attr-defined]

log = logging.getLogger(__name__)

M = TypeVar("M", bound=Model)
Converters = list[tuple[int, list[Callable[..., Any]], Any]]


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple[Any, ...]
    places: tuple[tuple[str, int], ...]  # (value's name, its index in params)
    converters: Converters  # (column, converters, expression), as the compiler reads them
    model: type[Model]
    fields: slice  # the main model's columns in a row
    names: list[str]  # their attribute names
    populators: list[Any]  # select_related models (django.db.models.query.RelatedPopulator)
    annotations: dict[str, int]  # annotation name -> column


def _db_value(field: Field[Any, Any], value: Any, connection: BaseDatabaseWrapper) -> Any:
    """A lookup's value as the ORM sends it to the database (``Lookup.get_db_prep_lookup``)."""
    return field.get_db_prep_value(field.get_prep_value(value), connection, prepared=True)


class Prepared(Generic[M]):
    """``build(**values)`` gives the queryset; ``values`` names each value's field and a
    sample of it that no other parameter of the query equals."""

    def __init__(
        self, build: Callable[..., QuerySet[M]], **values: tuple[Field[Any, Any], Any]
    ) -> None:
        self.build = build
        self.fields = {name: field for name, (field, _) in values.items()}
        self.samples = {name: sample for name, (_, sample) in values.items()}
        self._plans: dict[str, _Plan | None] = {}
        self._lock = threading.Lock()

    def one(self, using: str = "default", **values: Any) -> M | None:
        """The one row the query finds, or None; more than one raises, as ``get`` does."""
        plan = self.plan(using)
        if plan is None:
            found = list(self.build(**values)[:2])
        else:
            found = self._run(plan, connections[using], values)
        if len(found) > 1:
            raise MultipleObjectsReturned(f"{len(found)} rows for a query that wants one")
        return found[0] if found else None

    def plan(self, using: str = "default") -> _Plan | None:
        """The remembered SQL for this database, made on first use; None where the ORM must
        build the query each time (see the module's text)."""
        if using not in self._plans:
            with self._lock:
                if using not in self._plans:
                    self._plans[using] = self._prepare(using)
        return self._plans[using]

    def _prepare(self, using: str) -> _Plan | None:
        connection = connections[using]
        queryset = self.build(**self.samples)[:2]
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        places = []
        for name, sample in self.samples.items():
            sent = _db_value(self.fields[name], sample, connection)
            where = [i for i, param in enumerate(params) if param == sent]
            if len(where) != 1:
                log.warning("prepared query not kept: %s is not one parameter", name)
                return None
            places.append((name, where[0]))
        if len({index for _, index in places}) != len(places):
            log.warning("prepared query not kept: two values share a parameter")
            return None
        select = compiler.select
        columns = [column for column, _sql, _alias in select[: compiler.col_count]]
        if any(isinstance(column, ColPairs) for column in columns):
            log.warning("prepared query not kept: composite columns")
            return None
        converters = [
            (i, convs, column) for i, (convs, column) in compiler.get_converters(columns).items()
        ]
        info = compiler.klass_info
        if info is None:  # not a query of model instances
            log.warning("prepared query not kept: no model")
            return None
        first, last = info["select_fields"][0], info["select_fields"][-1] + 1
        return _Plan(
            sql=sql,
            params=tuple(params),
            places=tuple(places),
            converters=converters,
            model=info["model"],
            fields=slice(first, last),
            names=[column[0].target.attname for column in select[first:last]],
            populators=get_related_populators(info, select, using),
            annotations=dict(compiler.annotation_col_map or {}),
        )

    def _run(self, plan: _Plan, connection: BaseDatabaseWrapper, values: dict[str, Any]) -> list[M]:
        params = list(plan.params)
        for name, index in plan.places:
            params[index] = _db_value(self.fields[name], values[name], connection)
        with connection.cursor() as cursor:
            cursor.execute(plan.sql, params)
            rows = cursor.fetchall()
        found = []
        for fetched in rows:
            row = list(fetched)
            for index, convs, column in plan.converters:
                value = row[index]
                for convert in convs:
                    value = convert(value, column, connection)
                row[index] = value
            instance = plan.model.from_db(connection.alias, plan.names, row[plan.fields])
            for populator in plan.populators:
                populator.populate(row, instance)
            for name, index in plan.annotations.items():
                setattr(instance, name, row[index])
            found.append(instance)
        return cast(list[M], found)  # instances of the queryset's model
