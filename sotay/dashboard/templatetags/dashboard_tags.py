from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`{{ fig|get_item:opts.measure }}`: a dict value by a key chosen at run time."""
    return mapping.get(key, "") if isinstance(mapping, dict) else ""
