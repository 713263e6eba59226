"""Every write to the library: keyword-only, atomic, one audit row per change.

* `publishing` — publish a document, supersede one by another;
* `editing` — correct a document's metadata or replace its file; withdraw it;
* `reading` — a member's bookmarks ("xem sau") and reading records.
"""

from sotay.library.actions._common import NOT_IN_SCOPE
from sotay.library.actions.editing import SUPERSEDED, WITHDRAWN, edit_document, withdraw_document
from sotay.library.actions.publishing import publish_document, supersede_document
from sotay.library.actions.reading import bookmark_document, record_reading

__all__ = [
    "NOT_IN_SCOPE",
    "SUPERSEDED",
    "WITHDRAWN",
    "bookmark_document",
    "edit_document",
    "publish_document",
    "record_reading",
    "supersede_document",
    "withdraw_document",
]
