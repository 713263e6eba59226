from django import template

from sotay.corrections.fields import LABELS

register = template.Library()


@register.filter
def field_label(field: str) -> str:
    """A record field's Vietnamese label (the field table's)."""
    return LABELS.get(field, field)
