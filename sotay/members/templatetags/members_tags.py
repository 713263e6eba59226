"""Template filters of the member pages."""

from django import template

from sotay.pipeline import schema

register = template.Library()


@register.filter
def field_labels(note: str) -> str:
    """An "edited" event's note lists field names ("cccd, phone"): show their Vietnamese labels."""
    names = [n.strip() for n in note.split(",") if n.strip()]
    if not names or not all(
        n in schema.BY_FIELD or n in ("status", "org_id", "in_transit_to_id") for n in names
    ):
        return note
    return ", ".join(schema.label(n.removesuffix("_id")) for n in names)


@register.filter
def thousands(n: int | None) -> str:
    """A count as Vietnamese writes it: 5.600.000 (a dot between thousands). Cheap enough for a list
    of a province's 170 committees, unlike `floatformat:"0g"`."""
    return "" if n is None else f"{n:,}".replace(",", ".")
