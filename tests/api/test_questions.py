"""Questions through the API: asked of the committees the page offers, answered and published by the
committee above them, the Q&A without the asker's name; a refusal is a 422 problem and writes nothing."""

from __future__ import annotations

from sotay.audit.models import AuditEvent
from sotay.questions.actions import answer_question, ask_question, publish_question
from sotay.questions.models import Question
from tests.api.bearer import bearer


def test_ask_where_the_page_offers_and_follow_it(client, tree, hoa, member_user):
    me = bearer(client, member_user)
    committees = me("get", "/questions/committees").json()
    assert [o["id"] for o in committees["items"]] == [tree.branch1.pk, tree.unit1.pk, tree.ward1.pk]
    body = {"org_id": tree.ward1.pk, "subject": "Hỏi về đảng phí", "body": "Mức đóng <b>năm nay</b>?"}
    r = me("post", "/questions", body)
    assert r.status_code == 201, r.content
    q = r.json()
    assert (q["status"], q["overdue"], q["asker"], q["org"]["id"]) == ("waiting", False, None, tree.ward1.pk)
    assert me("post", "/questions", body).json()["id"] == q["id"]  # a double submit: kept once
    assert [x["id"] for x in me("get", "/questions/mine").json()["items"]] == [q["id"]]
    assert me("get", f"/questions/{q['id']}").json()["body"] == "Mức đóng <b>năm nay</b>?"


def test_refused_questions_write_nothing(client, tree, hoa, member_user, secretary):
    me = bearer(client, member_user)
    bad = [
        ({"org_id": tree.city.pk, "subject": "A", "body": "B"}, "nơi mình sinh hoạt"),
        ({"org_id": tree.branch2.pk, "subject": "A", "body": "B"}, "nơi mình sinh hoạt"),
        ({"org_id": 2**53, "subject": "A", "body": "B"}, "nơi mình sinh hoạt"),
        ({"org_id": tree.branch1.pk, "subject": "  ", "body": "B"}, "tiêu đề"),
        ({"org_id": tree.branch1.pk, "subject": "A", "body": ""}, "nội dung"),
        ({"org_id": tree.branch1.pk, "subject": "A" * 201, "body": "B"}, "subject"),
        ({"org_id": "một", "subject": "A", "body": "B"}, "org_id"),
    ]
    for body, says in bad:
        r = me("post", "/questions", body)
        assert r.status_code == 422, (body, r.content)
        assert says in r.json()["detail"], (body, r.json())
    # An account without a member record has nobody to ask (as the page: 404).
    assert bearer(client, secretary)("post", "/questions", bad[0][0]).status_code == 404
    assert not Question.objects.exists()


def test_the_committee_answers_and_publishes_without_the_name(client, tree, member_user, secretary):
    q = ask_question(by=member_user, org=tree.branch1, subject="Hỏi về sinh hoạt", body="Tôi là Hòa, hỏi…")
    sec, me = bearer(client, secretary), bearer(client, member_user)
    inbox = sec("get", "/questions/inbox").json()["items"]
    assert [(x["id"], x["asker"]) for x in inbox] == [(q.pk, str(member_user))]
    assert AuditEvent.objects.filter(object_type="question", action="view").count() == 0
    assert sec("get", f"/questions/{q.pk}").json()["may_answer"] is True
    assert AuditEvent.objects.filter(object_type="question", action="view").count() == 1  # a read of it
    r = sec("post", f"/questions/{q.pk}/publish", {"public_question": "Hỏi về sinh hoạt"})
    assert r.status_code == 422
    assert "trả lời trước" in r.json()["detail"]
    assert sec("put", f"/questions/{q.pk}/answer", {"answer": " "}).status_code == 422
    r = sec("put", f"/questions/{q.pk}/answer", {"answer": "Mỗi tháng một lần."})
    assert r.json()["status"] == "answered"
    assert me("get", "/questions/qa").json()["items"] == []
    r = sec("post", f"/questions/{q.pk}/publish", {"public_question": "Chi bộ sinh hoạt mấy lần?"})
    assert r.json()["published_at"]
    qa = me("get", "/questions/qa").json()["items"]
    assert [(x["id"], x["question"], x["answer"]) for x in qa] == [
        (q.pk, "Chi bộ sinh hoạt mấy lần?", "Mỗi tháng một lần.")
    ]
    text = me("get", "/questions/qa").content.decode()
    assert "Hòa" not in text
    assert "hoa" not in text
    # The asker cannot answer their own question; nor can a committee elsewhere.
    assert me("put", f"/questions/{q.pk}/answer", {"answer": "x"}).status_code == 404


def test_outside_the_subtree_is_a_404(client, tree, member_user, outsider, lan):
    q = ask_question(by=member_user, org=tree.branch1, subject="Riêng của chi bộ 1", body="Nội dung")
    out = bearer(client, outsider)
    assert out("get", f"/questions/{q.pk}").status_code == 404
    assert out("put", f"/questions/{q.pk}/answer", {"answer": "Trả lời lạ"}).status_code == 404
    assert out("post", f"/questions/{q.pk}/publish", {"public_question": "x"}).status_code == 404
    assert "Riêng của chi bộ 1" not in out("get", "/questions/inbox?show=all").content.decode()
    assert Question.objects.get(pk=q.pk).status == "waiting"
    assert bearer(client, member_user)("get", "/questions/inbox").status_code == 404


def test_the_published_qa_of_another_ward_is_not_listed(client, tree, member_user, outsider, binh):
    from tests import factories

    asker = factories.user("binh", role="member", at=tree.unit2, member=binh)
    q = ask_question(by=asker, org=tree.unit2, subject="Hỏi ở phường Hai", body="x")
    answer_question(by=outsider, question=q, answer="Trả lời ở phường Hai")
    publish_question(by=outsider, question=q, public_question="Công khai ở phường Hai")
    assert bearer(client, member_user)("get", "/questions/qa").json()["items"] == []
    assert [x["id"] for x in bearer(client, asker)("get", "/questions/qa").json()["items"]] == [q.pk]
