"""Selects offer their empty choice in Vietnamese (Django 6.1's "- Select an option -" is untranslated)."""

from __future__ import annotations

from django.urls import reverse


def test_the_meeting_forms_chair_select_starts_in_vietnamese(client, secretary, tree):
    client.force_login(secretary)
    body = client.get(reverse("meeting_create", args=[tree.branch1.pk])).content.decode()
    assert '<option value="" selected>— Chọn —</option>' in body
    assert "Select an option" not in body
