"""The installable app: manifest, icons, the service worker at the root scope, and "chữ lớn"."""

import json

from django.contrib.staticfiles import finders
from django.urls import reverse


def test_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert (data["lang"], data["display"], data["start_url"], data["scope"]) == ("vi", "standalone", "/", "/")
    sizes = {(i["sizes"], i["purpose"]) for i in data["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in data["icons"]:
        assert icon["src"].startswith("/static/")
        name = icon["src"].removeprefix("/static/")
        path = finders.find(name)
        assert path, name
        if name.endswith(".png"):
            with open(path, "rb") as fh:
                head = fh.read(24)
            assert head[:8] == b"\x89PNG\r\n\x1a\n"
            assert int.from_bytes(head[16:20]) == int(icon["sizes"].split("x")[0])


def test_service_worker_is_served_at_the_root_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    script = response.content.decode()
    # It keeps only the member's own pages; no staff page is named.
    assert json.dumps([reverse("my_profile"), reverse("notification_list")]) in script
    for staff in ("member_list", "correction_queue", "registration_queue", "audit_log"):
        assert reverse(staff) not in script
    # The next meeting's page comes from the meetings list, bookmarked documents from the library's;
    # push notifications from their own script.
    assert json.dumps([reverse("meeting_offline_pages"), reverse("library_offline_pages")]) in script
    assert "notifications/sw-push" in script


def test_pages_link_the_manifest_and_the_worker_script_without_inline_script(client, member_user):
    client.force_login(member_user)
    response = client.get(reverse("my_profile"))
    body = response.content.decode()
    assert 'rel="manifest"' in body
    assert "site/app.js" in body
    assert "<script>" not in body
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-cache"


def test_signed_out_pages_tell_the_script_to_clear_the_caches(client):
    assert "data-signed-out" in client.get(reverse("login")).content.decode()


def test_large_text_is_remembered_per_account(client, member_user):
    client.force_login(member_user)
    assert 'class="large-text"' not in client.get(reverse("my_profile")).content.decode()
    response = client.post(reverse("large_text"), {"bat": "1", "next": reverse("my_profile")})
    assert response["Location"] == reverse("my_profile")
    member_user.refresh_from_db()
    assert member_user.large_text
    assert 'class="large-text"' in client.get(reverse("my_profile")).content.decode()
    client.post(reverse("large_text"), {"bat": "0", "next": "https://evil.example/"})
    member_user.refresh_from_db()
    assert not member_user.large_text


def test_large_text_refuses_bad_input_and_changes_nothing(client, member_user):
    client.force_login(member_user)
    for data in ({}, {"bat": "2"}, {"bat": "<script>"}):
        assert client.post(reverse("large_text"), data).status_code == 400
    assert client.get(reverse("large_text")).status_code == 405
    member_user.refresh_from_db()
    assert not member_user.large_text


def test_offsite_next_goes_home(client, member_user):
    client.force_login(member_user)
    assert client.post(reverse("large_text"), {"bat": "1", "next": "//evil.example/x"})["Location"] == "/"


def test_a_next_that_is_not_a_path_goes_home(client, member_user):
    """`redirect()` reads a bare word as a URL name: "-1" or "home" was a NoReverseMatch (500) or a jump."""
    client.force_login(member_user)
    for target in ("-1", "0", "home", "javascript:alert(1)"):
        assert client.post(reverse("large_text"), {"bat": "1", "next": target})["Location"] == "/"
