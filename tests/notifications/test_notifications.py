from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from sotay.accounts.backends import IdentifierBackend
from sotay.accounts.models import User
from sotay.notifications import actions
from sotay.notifications.models import Notification
from sotay.notifications.queries import BADGE_BOUND, unread_badge
from tests.queries import assert_flat


def _notify(users, **kw):
    kw.setdefault("kind", "test.kind")
    kw.setdefault("title", "Cuộc họp chi bộ tháng 12 đã được công bố")
    actions.notify(users=users, **kw)


def test_notify_reaches_each_user_once_with_a_dedupe_key(member_user, secretary):
    for _ in range(2):
        _notify([member_user, secretary], dedupe="meeting:1:published", url="/thong-bao/")
    assert Notification.objects.filter(user=member_user).count() == 1
    assert Notification.objects.filter(user=secretary).count() == 1
    # Without a key each call is its own event.
    _notify(User.objects.filter(pk=member_user.pk))
    assert Notification.objects.filter(user=member_user).count() == 2


def test_a_rolled_back_change_notifies_nobody(member_user):
    def failing_action():
        with transaction.atomic():
            _notify([member_user])
            raise RuntimeError("the action failed after notifying")

    with pytest.raises(RuntimeError):
        failing_action()
    assert not Notification.objects.exists()


def test_fan_out_is_chunked(member_user, secretary, monkeypatch):
    monkeypatch.setattr(actions, "CHUNK", 1)
    _notify([member_user.pk, secretary.pk], dedupe="x")
    assert Notification.objects.count() == 2


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil"]
)
def test_links_stay_on_this_server(member_user, url):
    with pytest.raises(ValueError, match="path on this server"):
        _notify([member_user], url=url)
    assert not Notification.objects.exists()


def test_titles_are_one_line_and_bounded(member_user):
    _notify([member_user], title="  Dòng một\n\nDòng hai " + "x" * 500, body="y" * 5000)
    n = Notification.objects.get()
    assert n.title.startswith("Dòng một Dòng hai")
    assert len(n.title) == 200
    assert len(n.body) == actions.MAX_BODY
    with pytest.raises(ValueError, match="needs a title"):
        _notify([member_user], title="   ")


def test_badge_counts_unread_and_caps(member_user):
    assert unread_badge(member_user) == ""
    _notify([member_user])
    assert unread_badge(member_user) == "1"
    Notification.objects.bulk_create(
        [Notification(user=member_user, kind="k", title=f"t{i}") for i in range(BADGE_BOUND + 5)]
    )
    assert unread_badge(member_user) == f"{BADGE_BOUND}+"


def test_every_page_shows_the_unread_count(client, member_user):
    _notify([member_user])
    client.force_login(member_user)
    body = client.get(reverse("home")).content.decode()
    assert "chưa đọc: </span>1</span>" in body


def test_opening_marks_read_and_follows_the_link(client, member_user):
    _notify([member_user], url="/thong-bao/?x=1")
    n = Notification.objects.get()
    client.force_login(member_user)
    response = client.post(reverse("notification_open", args=[n.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/thong-bao/?x=1"
    n.refresh_from_db()
    assert n.read_at is not None
    # A second open changes nothing and still works (double submit).
    first_read = n.read_at
    client.post(reverse("notification_open", args=[n.pk]))
    n.refresh_from_db()
    assert n.read_at == first_read


def test_nobody_opens_or_reads_anothers_notification(client, member_user, secretary):
    _notify([member_user])
    n = Notification.objects.get()
    client.force_login(secretary)
    assert client.post(reverse("notification_open", args=[n.pk])).status_code == 404
    assert client.post(reverse("notification_read_all")).status_code == 302
    n.refresh_from_db()
    assert n.read_at is None
    page = client.get(reverse("notification_list")).content.decode()
    assert n.title not in page


def test_mark_all_read_touches_only_the_callers_rows(client, member_user, secretary):
    _notify([member_user, secretary])
    client.force_login(member_user)
    client.post(reverse("notification_read_all"))
    assert Notification.objects.get(user=member_user).read_at is not None
    assert Notification.objects.get(user=secretary).read_at is None


def test_get_does_not_mark_read(client, member_user):
    _notify([member_user])
    n = Notification.objects.get()
    client.force_login(member_user)
    assert client.get(reverse("notification_open", args=[n.pk])).status_code == 405
    assert client.get(reverse("notification_read_all")).status_code == 405
    n.refresh_from_db()
    assert n.read_at is None


def test_the_list_pages_by_cursor_and_escapes_text(client, member_user):
    Notification.objects.bulk_create(
        [Notification(user=member_user, kind="k", title=f"<script>t{i}</script>") for i in range(35)]
    )
    client.force_login(member_user)
    first = client.get(reverse("notification_list")).content.decode()
    assert "<script>t34" not in first
    assert "&lt;script&gt;t34" in first
    assert "&lt;script&gt;t5&lt;" in first
    assert "&lt;script&gt;t4&lt;" not in first
    oldest_on_first = Notification.objects.get(title="<script>t5</script>").pk
    second = client.get(reverse("notification_list") + f"?truoc={oldest_on_first}").content.decode()
    assert "&lt;script&gt;t4&lt;" in second
    assert "&lt;script&gt;t5&lt;" not in second
    for junk in ("abc", "-1", "9" * 40):
        assert client.get(reverse("notification_list") + f"?truoc={junk}").status_code == 200


def test_list_queries_are_flat(client, member_user, no_n_plus_one):
    _notify([member_user])
    client.force_login(member_user)

    def grow():
        Notification.objects.bulk_create(
            [Notification(user=member_user, kind="k", title=f"t{i}") for i in range(20)]
        )

    assert_flat(client, reverse("notification_list"), grow, at_most=8)


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("notification_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def _loaded(user):
    """The account as a request loads it (sotay/accounts/backends.py), behind the lazy wrapper Django puts
    on `request.user`."""
    return SimpleLazyObject(lambda: IdentifierBackend().get_user(user.pk))


def test_the_account_loaded_for_a_request_carries_the_badge_count_bounded(member_user):
    Notification.objects.bulk_create(
        [Notification(user=member_user, kind="k", title=f"t{i}") for i in range(BADGE_BOUND + 5)]
    )
    Notification.objects.create(user=member_user, kind="k", title="đã đọc", read_at=timezone.now())
    account = _loaded(member_user)
    assert account.unread_bounded == BADGE_BOUND + 1  # counted up to the bound, not every row
    with CaptureQueriesContext(connection) as queries:
        assert unread_badge(account) == f"{BADGE_BOUND}+"
    assert not queries.captured_queries
    Notification.objects.filter(user=member_user).delete()
    assert _loaded(member_user).unread_bounded == 0


@pytest.mark.parametrize("mark", ["one", "all"])
def test_marking_read_in_a_request_counts_the_badge_again(member_user, mark):
    _notify([member_user])
    _notify([member_user])
    account = _loaded(member_user)
    assert unread_badge(account) == "2"
    if mark == "one":
        actions.mark_read(user=account, notification=Notification.objects.filter(user=member_user).first())
        assert unread_badge(account) == "1"
    else:
        actions.mark_all_read(user=account)
        assert unread_badge(account) == ""


def test_the_badge_after_marking_all_read_on_the_next_page(client, member_user):
    _notify([member_user])
    client.force_login(member_user)
    assert "chưa đọc: </span>1</span>" in client.get(reverse("home")).content.decode()
    client.post(reverse("notification_read_all"))
    assert "chưa đọc: </span>" not in client.get(reverse("home")).content.decode()
