"""The demo library: a few dozen documents at every level of the demo tree, each with a Word file whose
text (written for the demo, never a real document's) is read and indexed, so that searching the demo
finds words of the body. One document is superseded by another."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile

from sotay.library.actions import publish_document, supersede_document
from sotay.library.demo_texts import DOCUMENTS as UPPER
from sotay.library.demo_texts import Entry
from sotay.library.demo_texts_local import DOCUMENTS as LOCAL
from sotay.library.models import Category, Document
from sotay.orgs.models import Org


def docx_file(entry: Entry, issued_on: datetime.date) -> bytes:
    """A Word file laid out as a party document: heading, number and date, title, body, signature."""
    import docx

    _, category, number, title, issuer, _, body = entry
    document = docx.Document()
    document.add_paragraph("ĐẢNG CỘNG SẢN VIỆT NAM")
    document.add_paragraph(issuer.upper())
    if number:
        document.add_paragraph(f"Số {number}")
    document.add_paragraph(f"ngày {issued_on.day} tháng {issued_on.month} năm {issued_on.year}")
    document.add_heading(Category(category).label.upper(), level=1)
    document.add_paragraph(title)
    for i, paragraph in enumerate(body, start=1):
        document.add_paragraph(f"{i}. {paragraph}")
    document.add_paragraph(f"T/M {issuer.upper()}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _issuing_org(level: str, *, city: Org, ward: Org, branch: Org) -> Org:
    # The demo tree's root is the city; the centre's documents are shown there, as a city relays them.
    if level in ("centre", "city"):
        return city
    if level == "ward":
        return ward
    if level == "grassroots":
        parent = branch.parent
        return parent if parent is not None and parent.pk != ward.pk else ward
    return branch


def load_documents(*, city: Org, ward: Org, branch: Org, today: datetime.date) -> int:
    """Publish the demo documents once (a second call adds nothing); returns how many there are."""
    made: dict[str, Document] = {}
    for i, entry in enumerate((*UPPER, *LOCAL)):
        level, category, number, title, issuer, summary, _ = entry
        org = _issuing_org(level, city=city, ward=ward, branch=branch)
        issued_on = today - datetime.timedelta(days=5 * i + 3)
        doc = Document.objects.filter(issued_at=org, number=number, title=title).first()
        if doc is None:
            name = f"{(number or 'tai-lieu').replace('/', '-')}.docx"
            doc, _ = publish_document(
                by=None,
                issued_at=org,
                title=title,
                number=number,
                category=category,
                issued_on=issued_on,
                issuer=issuer,
                summary=summary,
                upload=SimpleUploadedFile(name, docx_file(entry, issued_on)),
                check_permission=False,
            )
        made[number or title] = doc
    supersede_document(by=None, old=made["08-HD/BTCTU"], new=made["12-HD/BTCTU"], check_permission=False)
    return len(made)
