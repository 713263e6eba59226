"""Rows of another table carried in one column of a query, as JSON, and made model instances again
(issue 12: one round trip less on every signed-in page).

    roles = carried_rows(RoleAssignment.objects.filter(user_id=OuterRef("pk")), by="user_id", related=["org"])
    user = User.objects.annotate(roles_json=roles).get(pk=7)
    assignments = instances(RoleAssignment, user.roles_json, related={"org": Org})

`carried_rows` is a subquery: every concrete field of the rows (and of each `related` row, under the
relation's name) as one JSON object per row, joined into a JSON array's text, NULL when there are none.
`instances` reads that text back into model instances (as loaded from the database), each value
through its field (dates and times from their ISO text; SQLite's times, stored without a zone, read as
UTC), with the related instances cached as `select_related` would have them. Every field is carried, so the
instances have no deferred field to fetch later.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import F, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast, JSONObject


def _fields(model: type[models.Model], prefix: str = "") -> dict[str, Any]:
    return {f.attname: F(f"{prefix}{f.attname}") for f in model._meta.concrete_fields}


def carried_rows(queryset: models.QuerySet[Any], *, by: str, related: Sequence[str] = ()) -> Subquery:
    """A subquery giving the queryset's rows as the text of a JSON array (NULL when there are none).
    The queryset must be correlated to the outer query on the field `by` (`by=OuterRef(...)`), so
    that its rows are one group, and keep to a few rows."""
    model = queryset.model
    fields = _fields(model)
    for name in related:
        target = model._meta.get_field(name).related_model
        assert isinstance(target, type), name
        assert issubclass(target, models.Model), name
        fields[name] = JSONObject(**_fields(target, f"{name}__"))
    row = Cast(JSONObject(**fields), TextField())
    grouped = queryset.order_by().values(by)
    joined = grouped.annotate(_carried=StringAgg(row, delimiter=Value(","))).values("_carried")
    return Subquery(joined, output_field=TextField())


def instances(
    model: type[models.Model], text: str | None, *, related: dict[str, type[models.Model]] | None = None
) -> list[Any]:
    """The rows `carried_rows` carried, as instances of `model` (from the default database's state)."""
    if not text:
        return []
    found = []
    rows = json.loads(f"[{text}]")
    pk = model._meta.pk
    assert pk is not None
    rows.sort(key=lambda row: row[pk.attname])  # in the table's order: SQLite cannot order an aggregate
    for data in rows:
        instance = _instance(model, data)
        for name, target in (related or {}).items():
            model._meta.get_field(name).set_cached_value(instance, _instance(target, data[name]))  # type: ignore[union-attr]
        found.append(instance)
    return found


def _instance(model: type[models.Model], data: dict[str, Any]) -> models.Model:
    fields = model._meta.concrete_fields
    values = [_value(f, data.get(f.attname)) for f in fields]
    return model.from_db("default", [f.attname for f in fields], values)


def _value(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        when = field.to_python(value)
        assert isinstance(when, datetime.datetime)
        return when if when.tzinfo else when.replace(tzinfo=datetime.UTC)
    return field.to_python(value)  # a foreign key's is its target field's
