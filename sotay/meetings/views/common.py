"""Helpers the meetings views share."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from sotay.core.errors import ActionError
from sotay.core.http import flash_errors


def form_errors(request: HttpRequest, form: forms.Form) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for e in errors:
            messages.error(request, f"{label}: {e}" if label else str(e))


def back(request: HttpRequest, to: str, error: ActionError | None = None) -> HttpResponse:
    if error is not None:
        flash_errors(request, error)
    return redirect(to)
