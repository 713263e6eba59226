"""The study's pages: open, write, review, statistics; 404 outside; hostile input changes nothing."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished
from django.db import close_old_connections
from django.utils import timezone
from openpyxl import load_workbook

from sotay.accounts.models import Role
from sotay.audit.models import AuditEvent
from sotay.notifications.models import Notification
from sotay.study.actions import save_reflection
from sotay.study.models import Reflection, ReflectionStatus, Study, StudyStatus
from tests import factories
from tests.library.conftest import docx_bytes, make_doc, pdf_bytes

SOON = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _post_new(client, org, doc, **extra):
    data = {"org": org.pk, "title": "Học tập Nghị quyết số 5", "prompt": "Liên hệ bản thân", "due_on": SOON}
    data.update(extra)
    data.setdefault("documents", [doc.pk])
    return client.post("/hoc-tap/moi/", data)


def test_committee_opens_a_study_from_the_picker(client, tree, unit_staff, member_user, ward_doc):
    client.force_login(unit_staff)
    page = client.get("/hoc-tap/moi/")
    assert ward_doc.title in page.content.decode()
    below = make_doc(tree.branch1, "Văn bản riêng chi bộ 1")
    found = client.post(
        "/hoc-tap/moi/", {"org": tree.ward1.pk, "q": "chi bo 1", "tim": "1", "title": "Giữ tiêu đề"}
    )
    assert "Giữ tiêu đề" in found.content.decode()
    assert below.title not in found.content.decode()  # not read by the whole ward
    assert not Study.objects.exists()
    response = _post_new(client, tree.ward1, ward_doc)
    study = Study.objects.get()
    assert response.url == f"/hoc-tap/{study.pk}/"
    assert study.status == StudyStatus.DRAFT
    client.force_login(member_user)
    assert client.get(f"/hoc-tap/{study.pk}/").status_code == 404  # a draft
    client.force_login(unit_staff)
    client.post(f"/hoc-tap/{study.pk}/mo/")
    client.post(f"/hoc-tap/{study.pk}/mo/")  # a double submit
    told = Notification.objects.filter(user=member_user, kind="study.opened")
    assert [n.url for n in told] == [f"/hoc-tap/{study.pk}/"]


def test_a_document_below_the_target_or_of_another_ward_is_refused(client, tree, unit_staff, ward_doc):
    client.force_login(unit_staff)
    other = make_doc(tree.ward2, "Văn bản của phường Hai")
    response = _post_new(client, tree.ward1, ward_doc, documents=[ward_doc.pk, other.pk])
    assert response.status_code == 200
    assert not Study.objects.exists()
    response = _post_new(client, tree.ward2, ward_doc, documents=[other.pk], title="<script>x</script>")
    assert not Study.objects.exists()  # ward 2 is not the staff's: the first target is used, doc refused


def test_editing_renotifies_only_when_the_deadline_moves(client, member_user, study, unit_staff, ward_doc):
    client.force_login(unit_staff)
    base = {"title": "Tiêu đề mới", "prompt": study.prompt, "documents": [ward_doc.pk]}
    client.post(f"/hoc-tap/{study.pk}/sua/", {**base, "due_on": study.due_on.isoformat()})
    assert Notification.objects.filter(user=member_user).count() == 1
    later = (study.due_on + datetime.timedelta(days=3)).isoformat()
    client.post(f"/hoc-tap/{study.pk}/sua/", {**base, "due_on": later})
    study.refresh_from_db()
    assert study.title == "Tiêu đề mới"
    assert Notification.objects.filter(user=member_user).count() == 2


def test_member_writes_submits_and_sees_the_list(client, study, member_user):
    client.force_login(member_user)
    page = client.get("/hoc-tap/").content.decode()
    assert study.title in page
    assert "Chưa viết" in page
    client.post(f"/hoc-tap/{study.pk}/thu-hoach/", {"text": "<b>Bản nháp</b>", "luu": "1"})
    r = Reflection.objects.get()
    assert r.status == ReflectionStatus.DRAFT
    page = client.get(f"/hoc-tap/{study.pk}/").content.decode()
    assert "&lt;b&gt;Bản nháp&lt;/b&gt;" in page
    assert "<b>Bản nháp" not in page
    client.post(f"/hoc-tap/{study.pk}/thu-hoach/", {"text": "Bài của tôi", "nop": "1"})
    client.post(f"/hoc-tap/{study.pk}/thu-hoach/", {"text": "Bài của tôi", "nop": "1"})  # twice
    r.refresh_from_db()
    assert (r.status, r.text) == (ReflectionStatus.SUBMITTED, "Bài của tôi")
    assert "Đã nộp, chờ chi bộ xem" in client.get("/hoc-tap/").content.decode()


def test_late_submission_is_said_on_the_page(client, study, member_user):
    Study.objects.filter(pk=study.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(member_user)
    assert "nộp muộn" in client.get(f"/hoc-tap/{study.pk}/").content.decode()
    response = client.post(f"/hoc-tap/{study.pk}/thu-hoach/", {"text": "Muộn", "nop": "1"}, follow=True)
    assert "nộp muộn" in response.content.decode()
    assert Reflection.objects.get().late


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "không phải PDF"),
        ("trong.pdf", b"", "Tệp trống"),
    ],
)
def test_a_bad_file_or_huge_text_changes_nothing(client, study, member_user, name, content, message):
    client.force_login(member_user)
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        f"/hoc-tap/{study.pk}/thu-hoach/", {"text": "Bài giữ lại", "nop": "1", "file": upload}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Bài giữ lại" in page
    response = client.post(f"/hoc-tap/{study.pk}/thu-hoach/", {"text": "x" * 100_000, "nop": "1"})
    assert response.status_code == 200
    assert "20000" in response.content.decode().replace(".", "")
    assert not Reflection.objects.exists()


def _fetch(client, url):
    response = client.get(url)
    if response.status_code == 200:
        b"".join(response.streaming_content)
        # Closed without request_finished's close_old_connections, which would close the test's own
        # connection inside its transaction on PostgreSQL (as the permission matrix's _close does).
        request_finished.disconnect(close_old_connections)
        try:
            response.close()
        finally:
            request_finished.connect(close_old_connections)
    return response.status_code


def test_attached_file_is_served_to_the_member_and_reviewer_only(
    client, tree, study, member_user, secretary, unit_staff, outsider
):
    client.force_login(member_user)
    upload = SimpleUploadedFile("bai-cua-toi.docx", docx_bytes("Bài thu hoạch đính kèm"))
    client.post(f"/hoc-tap/{study.pk}/thu-hoach/", {"text": "Có đính kèm", "luu": "1", "file": upload})
    r = Reflection.objects.get()
    assert r.file_kind == "docx"
    assert r.stored_name.startswith("study/")
    assert "bai-cua-toi" not in r.stored_name
    assert _fetch(client, f"/hoc-tap/bai/{r.pk}/tep/") == 200
    client.force_login(secretary)
    assert _fetch(client, f"/hoc-tap/bai/{r.pk}/tep/") == 404  # a draft is the member's own
    save_reflection(by=member_user, study=study, text="Có đính kèm", submit=True)
    assert _fetch(client, f"/hoc-tap/bai/{r.pk}/tep/") == 200
    assert AuditEvent.objects.filter(object_type="reflection", summary__contains="tệp").exists()
    other_secretary = factories.user("bithu2", role=Role.BRANCH_SECRETARY, at=tree.branch2)
    for user in (other_secretary, unit_staff, outsider):
        client.force_login(user)
        assert client.get(f"/hoc-tap/bai/{r.pk}/tep/").status_code == 404
        assert client.get(f"/hoc-tap/bai/{r.pk}/").status_code == 404


def test_replacing_the_file_keeps_one(client, study, member_user):
    client.force_login(member_user)
    for name in ("mot.pdf", "hai.pdf"):
        upload = SimpleUploadedFile(name, pdf_bytes("Bai thu hoach"))
        client.post(f"/hoc-tap/{study.pk}/thu-hoach/", {"text": "Bài", "luu": "1", "file": upload})
    r = Reflection.objects.get()
    assert r.file_name == "hai.pdf"
    client.post(f"/hoc-tap/{study.pk}/thu-hoach/", {"text": "Bài", "luu": "1", "remove_file": "on"})
    r.refresh_from_db()
    assert not r.file
    assert not r.file_name


def test_secretary_returns_then_completes(client, study, member_user, secretary):
    r = save_reflection(by=member_user, study=study, text="Bài lần một", submit=True)
    client.force_login(secretary)
    queue = client.get("/hoc-tap/cho-nhan-xet/").content.decode()
    assert "Nguyễn Văn Hòa" in queue
    page = client.get(f"/hoc-tap/bai/{r.pk}/").content.decode()
    assert "Bài lần một" in page
    assert AuditEvent.objects.filter(object_type="reflection", summary__startswith="Xem bài").exists()
    response = client.post(f"/hoc-tap/bai/{r.pk}/nhan-xet/", {"comment": "", "tra-lai": "1"})
    assert response.status_code == 200
    assert "Hãy ghi nhận xét" in response.content.decode()
    client.post(f"/hoc-tap/bai/{r.pk}/nhan-xet/", {"comment": "Cần liên hệ thực tế", "tra-lai": "1"})
    r.refresh_from_db()
    assert r.status == ReflectionStatus.RETURNED
    note = Notification.objects.get(user=member_user, kind="study.reviewed")
    assert note.url == f"/hoc-tap/{study.pk}/"
    client.force_login(member_user)
    assert "Cần liên hệ thực tế" in client.get(f"/hoc-tap/{study.pk}/").content.decode()
    client.post(f"/hoc-tap/{study.pk}/thu-hoach/", {"text": "Bài đã sửa", "nop": "1"})
    client.force_login(secretary)
    client.post(f"/hoc-tap/bai/{r.pk}/nhan-xet/", {"comment": "", "dat": "1"})
    r.refresh_from_db()
    assert (r.status, r.text) == (ReflectionStatus.COMPLETED, "Bài đã sửa")


def test_statistics_names_and_excel(client, tree, study, member_user, unit_staff, lan):
    Study.objects.filter(pk=study.pk).update(title='=HYPERLINK("http://x")')
    save_reflection(by=member_user, study=study, text="Bài", submit=True)
    client.force_login(unit_staff)
    page = client.get(f"/hoc-tap/{study.pk}/thong-ke/").content.decode()
    assert tree.branch1.name in page
    assert tree.branch2.name in page
    names = client.get(f"/hoc-tap/{study.pk}/thong-ke/{tree.ward1.pk}/da-nop/").content.decode()
    assert "Nguyễn Văn Hòa" in names
    assert "Lê Thị Lan" not in names
    waiting = client.get(f"/hoc-tap/{study.pk}/thong-ke/{tree.ward1.pk}/chua-bat-dau/").content.decode()
    assert "Lê Thị Lan" in waiting
    assert "Nguyễn Văn Hòa" not in waiting
    response = client.get(f"/hoc-tap/{study.pk}/thong-ke/{tree.ward1.pk}/chua-bat-dau/excel/")
    ws = load_workbook(io.BytesIO(response.content)).active
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert cells[0].startswith("'=HYPERLINK")
    assert "Lê Thị Lan" in cells
    assert AuditEvent.objects.filter(object_type="study_list", action="export").exists()
    assert client.get(f"/hoc-tap/{study.pk}/thong-ke/{tree.ward1.pk}/khong-co/").status_code == 404


def test_sibling_subtree_gets_404_everywhere(client, tree, study, outsider, member_user):
    r = save_reflection(by=member_user, study=study, text="Bài", submit=True)
    client.force_login(outsider)
    for url in (
        f"/hoc-tap/{study.pk}/",
        f"/hoc-tap/{study.pk}/sua/",
        f"/hoc-tap/{study.pk}/thong-ke/",
        f"/hoc-tap/{study.pk}/thong-ke/{tree.ward1.pk}/da-nop/",
        f"/hoc-tap/{study.pk}/thong-ke/{tree.ward2.pk}/da-nop/",
        f"/hoc-tap/bai/{r.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/hoc-tap/{study.pk}/ket-thuc/").status_code == 404
    assert client.post(f"/hoc-tap/bai/{r.pk}/nhan-xet/", {"dat": "1"}).status_code == 404
    study.refresh_from_db()
    r.refresh_from_db()
    assert study.status == StudyStatus.OPEN
    assert r.status == ReflectionStatus.SUBMITTED


def test_a_member_cannot_read_stats_or_others_reflections(client, tree, study, member_user, lan):
    lan_user = factories.user("lan", role=Role.MEMBER, at=tree.branch2, member=lan)
    r = save_reflection(by=lan_user, study=study, text="Bài của Lan", submit=True)
    client.force_login(member_user)
    assert client.get(f"/hoc-tap/{study.pk}/thong-ke/").status_code == 404
    assert client.get(f"/hoc-tap/bai/{r.pk}/").status_code == 404
    assert "Bài của Lan" not in client.get(f"/hoc-tap/{study.pk}/").content.decode()


def test_branch_secretary_sees_stats_of_their_branch_only(client, tree, study, secretary):
    client.force_login(secretary)
    page = client.get(f"/hoc-tap/{study.pk}/thong-ke/").content.decode()
    assert tree.branch1.name in page
    assert tree.branch2.name not in page
    assert client.get(f"/hoc-tap/{study.pk}/thong-ke/?org={tree.ward1.pk}").status_code == 404
