"""The change feed under /api/v1/handbook/changes: consumer accounts only, their subtree, granted fields."""

from sotay.api.actions import issue_token
from sotay.handbook.sync.consumers import create_consumer, revoke_consumer


def test_a_persons_token_is_refused(client, secretary):
    _, secret = issue_token(user=secretary, device="x")
    r = client.get("/api/v1/handbook/changes", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert r.status_code == 401


def test_consumer_reads_its_feed_and_revoked_is_refused(client, tree):
    consumer, token = create_consumer(name="Hệ thống", root=tree.ward1, fields=[], by=None)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    r = client.get("/api/v1/handbook/changes?after=0", **auth)
    assert r.status_code == 200
    assert set(r.json()) == {"items", "next"}
    assert client.get("/api/v1/handbook/changes?after=-1", **auth).status_code == 422
    revoke_consumer(consumer=consumer, by=None)
    assert client.get("/api/v1/handbook/changes", **auth).status_code == 401
