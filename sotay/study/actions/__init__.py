"""The study app's writes (views and commands call these)."""

from sotay.study.actions.reflections import review_reflection, save_reflection
from sotay.study.actions.studies import change_study, close_study, create_study, open_study

__all__ = [
    "change_study",
    "close_study",
    "create_study",
    "open_study",
    "review_reflection",
    "save_reflection",
]
