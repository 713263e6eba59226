"""The API's permission matrix: every operation × persona × (own subtree, sibling, ancestor, revoked
token, expired token). Nothing outside a persona's subtree comes back: a detail is 404 (401 for a token
of the wrong kind), a list holds none of the other places' names, a DELETE outside acts on nothing.
The own-subtree answers are asserted exactly, which proves the ids point at real objects.

Places, each with a member, an account with a live token, an audit row and (when it has units) a
campaign: branch 1 and branch 2 (siblings), ward 1 and ward 2 (siblings), the city, and a second
province (the city's sibling). The city has no ancestor, so city staff have no ancestor case.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sotay.accounts.models import Role
from sotay.api.actions import issue_token, revoke_token
from sotay.api.api import api
from sotay.api.models import ApiToken
from sotay.audit.log import record
from sotay.audit.models import AuditAction
from sotay.campaign.actions.campaigns import create_campaign
from sotay.campaign.models import StepKind
from sotay.corrections.actions import forward_correction, submit_correction
from sotay.dashboard.facts import refresh
from sotay.handbook.sync.consumers import create_consumer, revoke_consumer
from sotay.meetings import checkin
from sotay.meetings.actions.meetings import add_agenda_item, attach_document, create_meeting, publish_meeting
from sotay.meetings.actions.votes import open_motion
from sotay.notes.actions import write_note
from sotay.notifications.models import Notification
from sotay.orgs.models import BRANCH_TYPES, Org, OrgType
from sotay.questions.actions import answer_question, ask_question, publish_question
from tests import factories
from tests.api import content

NAMES = {
    "branch1": "Khánh",
    "branch2": "Lực",
    "ward1": "Minh",
    "ward2": "Nghĩa",
    "city": "Phúc",
    "p80": "Quang",
}


@dataclass
class Place:
    org: Org
    member_id: int
    token_id: int
    campaign_id: int | None
    markers: list[str]
    # A campaign over an ancestor is listed to staff with a unit in it (as on the web), showing their
    # units only; its name is a marker of the sibling place alone.
    campaign_name: str
    meeting: dict[str, int]  # ids of the place's published meeting and its objects; notification id
    # ids of the place's corrections, questions and notes (api3's block, `_talk`)
    talk: dict[str, int] = field(default_factory=dict)
    content: dict[str, int] = field(default_factory=dict)  # library, news, study (tests/api/content.py)


def _meeting(name: str, branch: Org, account: Any) -> dict[str, int]:
    """A published meeting of the place's branch with an agenda item, a document and an open motion, and a
    notification of the place's account."""
    starts = timezone.now() + datetime.timedelta(days=4)
    meeting = create_meeting(
        by=None,
        branch=branch,
        kind="regular",
        title=f"Sinh hoạt {name}",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
        place="Hội trường",
    )
    item = add_agenda_item(by=None, meeting=meeting, title=f"Nội dung {name}")
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n")
    document = attach_document(by=None, meeting=meeting, title=f"Tài liệu {name}", upload=upload)
    publish_meeting(by=None, meeting=meeting)
    motion = open_motion(by=None, meeting=meeting, title=f"Biểu quyết {name}", secret=False, by_hands=False)
    note = Notification.objects.create(user=account, kind="test.matrix", title=f"Thông báo {name}")
    return {
        "meeting": meeting.pk,
        "item": item.pk,
        "document": document.pk,
        "motion": motion.pk,
        "branch": branch.pk,
        "notification": note.pk,
    }


def _place(key: str, org: Org) -> Place:
    name = NAMES[key]
    # Members belong to branches: above a branch, the place's member is in a branch right under it.
    branch = org
    if org.type not in BRANCH_TYPES:
        branch = factories.org(f"{org.code}.B9", OrgType.CHI_BO_CO_SO, org, f"Chi bộ {name}")
    member = factories.member(branch, full_name=f"Đào Văn {name}")
    account = factories.user(f"tk_{key}", role=Role.MEMBER, at=branch, member=member)
    token, _ = issue_token(user=account, device=f"Máy {name}")
    record(actor=None, action=AuditAction.VIEW, object_type="test", org=org, summary=f"Sự kiện thử {name}")
    campaign_id = None
    if Org.objects.filter(parent=org, type__in=[OrgType.DANG_BO_CO_SO, OrgType.DANG_BO_PHUONG]).exists():
        start = datetime.date.today() + datetime.timedelta(days=7)
        deadlines = {kind: start + datetime.timedelta(days=i) for i, kind in enumerate(StepKind)}
        campaign_id = create_campaign(
            root=org, name=f"Chiến dịch {name}", deadlines=deadlines, by=None, check_permission=False
        ).pk
    markers = [f"Đào Văn {name}", f"tk_{key}", f"Máy {name}", f"Sự kiện thử {name}"]
    markers += [f"Chi bộ {name}"] if branch is not org else []
    markers += [f"Sinh hoạt {name}", f"Nội dung {name}", f"Tài liệu {name}", f"Biểu quyết {name}"]
    markers += [f"Thông báo {name}"]
    meeting = _meeting(name, branch, account)
    talk, talk_markers = _talk(name, branch, member, account)
    markers += talk_markers
    markers += content.markers(name)
    objects = content.content_of(name, branch, member)
    return Place(org, member.pk, token.pk, campaign_id, markers, f"Chiến dịch {name}", meeting, talk, objects)


# --- api3: corrections, questions and notes of each place -------------------------------------------
def _talk(name: str, branch: Org, member: Any, account: Any) -> tuple[dict[str, int], list[str]]:
    """The place member's reports (one to forward, one forwarded to apply, one to reject), a question to
    their branch and one published as Q&A (by a committee member of the branch), and a note."""
    c_forward = submit_correction(member=member, by=account, field="hometown", value=f"Quê {name}")
    c_apply = submit_correction(member=member, by=account, field="residence", value=f"Nơi ở {name}")
    forward_correction(correction=c_apply, by=None)
    c_reject = submit_correction(member=member, by=account, field="education", value=f"Học vấn {name}")
    question = ask_question(by=account, org=branch, subject=f"Câu hỏi {name}", body=f"Nội dung hỏi {name}")
    published = ask_question(by=account, org=branch, subject=f"Hỏi đáp {name}", body=f"Hỏi riêng {name}")
    committee = factories.user(f"cu_{name}", role=Role.BRANCH_SECRETARY, at=branch)
    answer_question(by=committee, question=published, answer=f"Trả lời {name}")
    publish_question(by=committee, question=published, public_question=f"Hỏi công khai {name}")
    note = write_note(by=account, body=f"Ghi chú riêng {name}")
    ids = {
        "forward": c_forward.pk,
        "apply": c_apply.pk,
        "reject": c_reject.pk,
        "question": question.pk,
        "note": note.pk,
    }
    markers = [f"Quê {name}", f"Nơi ở {name}", f"Học vấn {name}", f"Câu hỏi {name}", f"Nội dung hỏi {name}"]
    markers += [f"Hỏi đáp {name}", f"Hỏi công khai {name}", f"Trả lời {name}", f"Ghi chú riêng {name}"]
    return ids, markers


# --- end of api3's block ------------------------------------------------------------------------------


@pytest.fixture
def places(tree) -> dict[str, Place]:
    # Units under ward 2 and the second province, so that campaigns can be rooted there.
    factories.org("79.P2.U3", OrgType.DANG_BO_CO_SO, tree.ward2, "Đảng bộ cơ sở Ba")
    p80 = factories.org("80", OrgType.DANG_BO_TINH, None, "Đảng bộ Tỉnh Tám Mươi")
    factories.org("80.P1", OrgType.DANG_BO_PHUONG, p80, "Đảng bộ phường Tám Mươi Một")
    orgs = {
        "branch1": tree.branch1,
        "branch2": tree.branch2,
        "ward1": tree.ward1,
        "ward2": tree.ward2,
        "city": tree.city,
        "p80": p80,
    }
    out = {key: _place(key, org) for key, org in orgs.items()}
    # The sibling ward's and province's own org names are not to be seen either.
    out["ward2"].markers.append(tree.ward2.name)
    out["p80"].markers.append(p80.name)
    refresh(full=True)  # the dashboard's facts
    return out


# persona -> (own, sibling, ancestor) places
SCOPES = {
    "member_user": ("branch1", "branch2", "ward1"),
    "secretary": ("branch1", "branch2", "ward1"),
    "unit_staff": ("ward1", "ward2", "city"),
    "city_staff": ("city", "p80", None),
    "consumer": ("ward1", "ward2", "city"),
}
PERSONAS = list(SCOPES)
STAFF = {"unit_staff", "city_staff"}
VIEWERS = {"secretary", "unit_staff", "city_staff"}
MANAGERS = VIEWERS  # the branch committee and unit staff above it prepare meetings


def _own(ok: int, who: set[str], otherwise: int = 404) -> dict[str, int]:
    """Status for each persona on its own subtree: `ok` for `who`, `otherwise` for the other people,
    401 for the consumer (a consumer's token is not a person's)."""
    return {p: (ok if p in who else otherwise) for p in PERSONAS[:-1]} | {"consumer": 401}


PEOPLE = {"member_user", "secretary", "unit_staff", "city_staff"}
Path = Callable[[Place, "Ctx"], str | None]


@dataclass
class Ctx:
    persona: str
    own_token_id: Callable[[], int]


# Every operation: (operationId, method, path for objects of a place, own-subtree status per persona).
OPS: list[tuple[str, str, Path, dict[str, int]]] = [
    ("me", "get", lambda p, c: "/me", _own(200, {"member_user"})),
    ("my_data", "get", lambda p, c: "/me/data", _own(200, {"member_user"})),
    ("list_tokens", "get", lambda p, c: "/auth/tokens", _own(200, PEOPLE)),
    ("delete_token", "delete", lambda p, c: f"/auth/tokens/{p.token_id}", _own(204, PEOPLE)),
    ("account_tokens", "get", lambda p, c: "/staff/tokens", _own(200, STAFF)),
    ("revoke_account_token", "delete", lambda p, c: f"/staff/tokens/{p.token_id}", _own(204, STAFF)),
    ("list_members", "get", lambda p, c: "/members", _own(200, VIEWERS)),
    ("member_detail", "get", lambda p, c: f"/members/{p.member_id}", _own(200, VIEWERS)),
    ("org_children", "get", lambda p, c: f"/orgs/{p.org.pk}/children", _own(200, VIEWERS)),
    ("audit_log", "get", lambda p, c: "/audit", _own(200, STAFF)),
    ("list_campaigns", "get", lambda p, c: "/campaigns", _own(200, PEOPLE)),
    (
        "campaign_progress",
        "get",
        lambda p, c: f"/campaigns/{p.campaign_id}/progress" if p.campaign_id else None,
        _own(200, STAFF),
    ),
    ("handbook_changes", "get", lambda p, c: "/handbook/changes", {**_own(0, set(), 401), "consumer": 200}),
    ("list_notifications", "get", lambda p, c: "/notifications", _own(200, PEOPLE)),
    # The place's notification is its own account's: nobody else's, even in the subtree (owner only).
    (
        "read_notification",
        "post",
        lambda p, c: f"/notifications/{p.meeting['notification']}/read",
        _own(0, set()),
    ),
    ("read_all_notifications", "post", lambda p, c: "/notifications/read", _own(200, PEOPLE)),
    ("my_meetings", "get", lambda p, c: "/meetings", _own(200, PEOPLE)),
    ("meeting_detail", "get", lambda p, c: f"/meetings/{p.meeting['meeting']}", _own(200, PEOPLE)),
    (
        "meeting_document",
        "get",
        lambda p, c: f"/meetings/documents/{p.meeting['document']}",
        _own(200, PEOPLE),
    ),
    # Answering, voting and checking in are a branch member's; the committee is refused with a reason.
    (
        "rsvp",
        "put",
        lambda p, c: f"/meetings/{p.meeting['meeting']}/rsvp",
        _own(200, {"member_user"}, 422),
    ),
    (
        "comment_agenda_item",
        "post",
        lambda p, c: f"/meetings/agenda/{p.meeting['item']}/comments",
        _own(201, PEOPLE),
    ),
    ("vote", "post", lambda p, c: f"/meetings/motions/{p.meeting['motion']}/vote", _own(422, PEOPLE)),
    (
        "meeting_check_in",
        "post",
        lambda p, c: "/check-in",
        _own(200, {"member_user"}, 422),
    ),
    ("meeting_minutes", "get", lambda p, c: f"/meetings/{p.meeting['meeting']}/minutes", _own(0, set())),
    ("branch_meetings", "get", lambda p, c: f"/branches/{p.meeting['branch']}/meetings", _own(200, MANAGERS)),
    (
        "schedule_meeting",
        "post",
        lambda p, c: f"/branches/{p.meeting['branch']}/meetings",
        _own(201, MANAGERS),
    ),
    ("edit_meeting", "patch", lambda p, c: f"/meetings/{p.meeting['meeting']}", _own(200, MANAGERS)),
    ("add_agenda", "post", lambda p, c: f"/meetings/{p.meeting['meeting']}/agenda", _own(201, MANAGERS)),
    (
        "upload_document",
        "post",
        lambda p, c: f"/meetings/{p.meeting['meeting']}/documents",
        _own(201, MANAGERS),
    ),
    (
        "publish_meeting_invitations",
        "post",
        lambda p, c: f"/meetings/{p.meeting['meeting']}/publish",
        _own(200, MANAGERS),
    ),
    (
        "check_in_token",
        "get",
        lambda p, c: f"/meetings/{p.meeting['meeting']}/check-in-token",
        _own(200, MANAGERS),
    ),
    (
        "mark_meeting_attendance",
        "put",
        lambda p, c: f"/meetings/{p.meeting['meeting']}/attendance/{p.member_id}",
        _own(200, MANAGERS),
    ),
    ("add_motion", "post", lambda p, c: f"/meetings/{p.meeting['meeting']}/motions", _own(201, MANAGERS)),
    (
        "end_motion",
        "post",
        lambda p, c: f"/meetings/motions/{p.meeting['motion']}/close",
        _own(200, MANAGERS),
    ),
    # The meeting has not started: the committee is told so (422); the members get a 404.
    ("write_minutes", "put", lambda p, c: f"/meetings/{p.meeting['meeting']}/minutes", _own(422, MANAGERS)),
    (
        "finalise_meeting_minutes",
        "post",
        lambda p, c: f"/meetings/{p.meeting['meeting']}/minutes/finalise",
        _own(422, MANAGERS),
    ),
]


# --- api3: the operations on corrections, questions and notes ---------------------------------------
def _only_own(path: str) -> Path:
    """A path that names no place (the caller's own things): asked on the persona's own place only."""
    return lambda p, c: path if p.markers[0] == f"Đào Văn {NAMES[SCOPES[c.persona][0]]}" else None


TALK_OPS: list[tuple[str, str, Path, dict[str, int]]] = [
    ("my_corrections", "get", lambda p, c: "/me/corrections", _own(200, {"member_user"})),
    # The place's reports are its member's: not the persona's own, whoever it is.
    ("my_correction", "get", lambda p, c: f"/me/corrections/{p.talk['forward']}", _own(0, set())),
    ("report_correction", "post", _only_own("/me/corrections"), _own(201, {"member_user"})),
    ("correction_queue", "get", lambda p, c: "/corrections", _own(200, VIEWERS)),
    ("correction_detail", "get", lambda p, c: f"/corrections/{p.talk['forward']}", _own(200, VIEWERS)),
    ("forward_report", "post", lambda p, c: f"/corrections/{p.talk['forward']}/forward", _own(200, VIEWERS)),
    # Applying is unit staff's (EDIT_MEMBERS): the branch committee sees the report but may not.
    (
        "apply_report",
        "post",
        lambda p, c: f"/corrections/{p.talk['apply']}/apply",
        _own(200, STAFF) | {"secretary": 422},
    ),
    ("reject_report", "post", lambda p, c: f"/corrections/{p.talk['reject']}/reject", _own(200, VIEWERS)),
    ("question_committees", "get", lambda p, c: "/questions/committees", _own(200, PEOPLE)),
    # Asked of the place's branch: a member's own branch, refused (422) for any other.
    ("ask_committee", "post", lambda p, c: "/questions", _own(201, {"member_user"})),
    ("my_question_list", "get", lambda p, c: "/questions/mine", _own(200, PEOPLE)),
    ("committee_inbox", "get", lambda p, c: "/questions/inbox?show=all", _own(200, VIEWERS)),
    ("published_qa", "get", lambda p, c: "/questions/qa", _own(200, PEOPLE)),
    ("question_item", "get", lambda p, c: f"/questions/{p.talk['question']}", _own(200, VIEWERS)),
    (
        "answer_committee_question",
        "put",
        lambda p, c: f"/questions/{p.talk['question']}/answer",
        _own(200, VIEWERS),
    ),
    # After the answer above (OPS run in order): publishing an answered question.
    (
        "publish_committee_question",
        "post",
        lambda p, c: f"/questions/{p.talk['question']}/publish",
        _own(200, VIEWERS),
    ),
    ("list_notes", "get", lambda p, c: "/notes", _own(200, PEOPLE)),
    ("write_a_note", "post", _only_own("/notes"), _own(201, PEOPLE)),
    ("export_notes", "get", _only_own("/notes/export"), _own(200, PEOPLE)),
    # Notes are their author's only: staff of the subtree get a 404 too.
    ("note_item", "get", lambda p, c: f"/notes/{p.talk['note']}", _own(0, set())),
    ("edit_a_note", "put", lambda p, c: f"/notes/{p.talk['note']}", _own(0, set())),
    ("delete_a_note", "delete", lambda p, c: f"/notes/{p.talk['note']}", _own(0, set())),
]
TALK_BODIES: dict[str, Any] = {
    "report_correction": {"field": "hometown", "value": "Xã Mới, tỉnh Cũ"},
    "reject_report": {"reason": "Không có giấy tờ"},
    "answer_committee_question": {"answer": "Trả lời thử"},
    "publish_committee_question": {"public_question": "Câu hỏi công khai thử"},
    "write_a_note": {"body": "Ghi chú thử"},
    "edit_a_note": {"body": "Ghi chú sửa"},
}
TALK_BODY_OF = {
    "ask_committee": lambda p: {"org_id": p.meeting["branch"], "subject": "Hỏi thử", "body": "Nội dung thử"}
}
TALK_DETAILS = {"my_correction", "note_item"}
TALK_DETAILS |= {"correction_detail", "forward_report", "apply_report", "reject_report", "question_item"}
TALK_DETAILS |= {"answer_committee_question", "publish_committee_question", "edit_a_note", "delete_a_note"}
OPS += TALK_OPS
# --- end of api3's operations ---
OPS += content.OPS  # library, news, study, dashboard

# Request bodies (valid ones: outside the subtree the answer must still be a 404, not a 422).
LATER = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
BODIES: dict[str, Any] = {
    "rsvp": {"answer": "attending"},
    "comment_agenda_item": {"body": "Ý kiến thử"},
    "vote": {"choice": "for"},
    "schedule_meeting": {
        "title": "Buổi mới",
        "starts_at": f"{LATER}T19:00:00+07:00",
        "ends_at": f"{LATER}T20:00:00+07:00",
        "place": "Hội trường",
    },
    "edit_meeting": {"place": "Hội trường lớn"},
    "add_agenda": {"title": "Mục thêm"},
    "mark_meeting_attendance": {"presence": "present"},
    "add_motion": {"title": "Biểu quyết thêm"},
    "end_motion": {},
    "write_minutes": {"content": "Diễn biến"},
}
BODIES |= TALK_BODIES
BODIES |= content.BODIES
# A check-in token names its meeting: the place's own.
BODY_OF = {"meeting_check_in": lambda p: {"token": checkin.make_token(p.meeting["meeting"])}}
BODY_OF |= TALK_BODY_OF
BODY_OF |= content.BODY_OF
MULTIPART = {
    "upload_document": lambda: {"title": "Tệp", "file": SimpleUploadedFile("b.pdf", b"%PDF-1.4\n%%EOF\n")}
}
# Refused as input without naming anything outside: a check-in token for another branch's meeting.
OUTSIDE_422 = {"meeting_check_in", "vote"}
OUTSIDE_422 |= {"ask_committee"}  # a question to another place's committee
OUTSIDE_422 |= content.OUTSIDE_422


DETAILS = {"delete_token", "revoke_account_token", "member_detail", "org_children", "campaign_progress"}
DETAILS |= {
    name for name, *_ in OPS if name.startswith(("meeting_", "check_in_", "edit_", "add_", "end_", "mark_"))
}
DETAILS |= {"read_notification", "rsvp", "comment_agenda_item", "vote", "branch_meetings", "schedule_meeting"}
DETAILS |= {"upload_document", "publish_meeting_invitations", "write_minutes", "finalise_meeting_minutes"}
DETAILS -= {"meeting_check_in"}
DETAILS |= TALK_DETAILS
DETAILS |= content.DETAILS


def test_every_operation_is_in_the_matrix():
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    operations = {op["operationId"] for item in schema["paths"].values() for op in item.values()}
    assert operations - {"create_token"} == {name for name, *_ in OPS}  # signing in needs no token


def _token(request, tree, persona: str) -> tuple[str, Callable[[], None], Callable[[], None]]:
    """A secret for the persona, and how to revoke it and to let it expire."""
    if persona == "consumer":
        consumer, secret = create_consumer(name="Hệ thống", root=tree.ward1, fields=[], by=None)
        return secret, lambda: revoke_consumer(consumer=consumer, by=None), lambda: None
    token, secret = issue_token(user=request.getfixturevalue(persona), device="matrix")

    def expire() -> None:
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    return secret, lambda: revoke_token(token=token, by=None), expire  # type: ignore[arg-type]


def _text(response: Any) -> str:
    """The body as text with its Vietnamese unescaped (JSON escapes it as \\uXXXX)."""
    if response.content and response["Content-Type"].split(";")[0].endswith("json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode(errors="replace")  # a file download is bytes


def _call(client, method: str, path: str, secret: str, name: str = "", place: Place | None = None) -> Any:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if name in MULTIPART:
        return client.post(f"/api/v1{path}", MULTIPART[name](), **auth)
    body = BODY_OF[name](place) if name in BODY_OF and place else BODIES.get(name)
    if body is not None:
        auth |= {"data": json.dumps(body), "content_type": "application/json"}
    return getattr(client, method)(f"/api/v1{path}", **auth)


@pytest.mark.parametrize("persona", PERSONAS)
def test_own_subtree_sibling_and_ancestor(client, request, tree, places, persona, city_staff):
    secret, _, _ = _token(request, tree, persona)
    own, sibling, ancestor = (places[k] if k else None for k in SCOPES[persona])
    foreign = [p for p in (sibling, ancestor) if p is not None]
    foreign_markers = [m for p in foreign for m in p.markers] + ([sibling.campaign_name] if sibling else [])
    ctx = Ctx(persona, lambda: 0)
    failures = []
    for name, method, path_of, expected in OPS:
        # Outside: never data, never an act.
        for where, place in (("sibling", sibling), ("ancestor", ancestor)):
            if place is None or (path := path_of(place, ctx)) is None:
                continue
            r = _call(client, method, path, secret, name, place)
            leaked = [m for m in foreign_markers if m in _text(r)]
            allowed = (200, 401, 404, 422) if name in OUTSIDE_422 else (200, 401, 404)
            if r.status_code not in allowed or leaked:
                failures.append(f"{persona} {where} {method.upper()} {path} -> {r.status_code} {leaked}")
            # A campaign over an ancestor shows the persona's own units of it (checked by the markers).
            if (
                r.status_code == 200
                and name in DETAILS
                and not (where == "ancestor" and name == "campaign_progress")
            ):
                failures.append(f"{persona} {where} {method.upper()} {path} -> 200 (a detail outside)")
        # Own subtree: exactly the expected answer, and no other place's data in it.
        path = path_of(own, ctx)
        if path is None:
            continue
        if name == "delete_token":  # one's own token: a second one of the persona's (the test's stays live)
            path = f"/auth/tokens/{_second_token_id(request, persona)}"
        r = _call(client, method, path, secret, name, own)
        leaked = [m for m in foreign_markers if m in _text(r)]
        if r.status_code != expected[persona] or leaked:
            failures.append(
                f"{persona} own {method.upper()} {path} -> {r.status_code} (≠ {expected[persona]}) {leaked}"
            )
    # No DELETE outside acted: the other places' tokens are all live.
    revoked = ApiToken.objects.filter(pk__in=[p.token_id for p in foreign], revoked_at__isnull=False)
    assert not revoked.exists(), "a token outside the subtree was revoked"
    assert not failures, "\n".join(failures)


def _second_token_id(request, persona: str) -> int:
    if persona == "consumer":
        return 1
    return issue_token(user=request.getfixturevalue(persona), device="thứ hai")[0].pk


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", ["revoked", "expired"])
def test_revoked_and_expired_tokens_get_nothing(client, request, tree, places, persona, state, city_staff):
    if persona == "consumer" and state == "expired":
        pytest.skip("consumer accounts do not expire; they are revoked (handbook.sync.consumers)")
    secret, revoke, expire = _token(request, tree, persona)
    (revoke if state == "revoked" else expire)()
    own = places[SCOPES[persona][0]]
    failures = []
    for name, method, path_of, _ in OPS:
        if (path := path_of(own, Ctx(persona, lambda: 0))) is None:
            continue
        r = _call(client, method, path, secret, name, own)
        if r.status_code != 401 or r["Content-Type"].split(";")[0] != "application/problem+json":
            failures.append(f"{persona} {state} {method.upper()} {path} -> {r.status_code}")
    assert ApiToken.objects.filter(pk=own.token_id, revoked_at__isnull=True).exists()
    assert not failures, "\n".join(failures)
