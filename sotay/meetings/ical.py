"""iCalendar (RFC 5545) text for a list of meetings: written by hand, the format is small."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from sotay.meetings.models import Meeting


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r", "")
        .replace("\n", "\\n")
    )


def _stamp(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > 74:
            parts.append(current.decode())
            current = b""
        current += b
    parts.append(current.decode())
    return "\r\n ".join(parts)


def calendar(meetings: Iterable[Meeting], *, host: str, now: datetime.datetime) -> str:
    """A cancelled meeting stays in the feed with STATUS:CANCELLED and a higher SEQUENCE (RFC 5545 §3.8.1.11):
    a subscribed calendar then removes or strikes it, where dropping the event would leave it in place."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sotay//Sinh hoat chi bo//VI",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Sinh hoạt chi bộ",
    ]
    for m in meetings:
        # Some calendar apps ignore STATUS in a subscribed feed: the title says it too.
        summary = f"{m.get_kind_display()}: {m.title}"
        if m.is_cancelled:
            summary = f"[Đã hủy] {summary}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:meeting-{m.pk}@{host}",
            f"DTSTAMP:{_stamp(now)}",
            f"SEQUENCE:{m.sequence}",
            f"STATUS:{'CANCELLED' if m.is_cancelled else 'CONFIRMED'}",
            f"DTSTART:{_stamp(m.starts_at)}",
            f"DTEND:{_stamp(m.ends_at)}",
            f"SUMMARY:{_escape(summary)}",
            f"LOCATION:{_escape(m.place or m.online_link)}",
            *([f"DESCRIPTION:{_escape(f'Lý do hủy: {m.cancel_reason}')}"] if m.is_cancelled else []),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
