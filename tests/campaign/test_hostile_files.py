"""Files nobody on the team made: a ward's own export, taken through the campaign as its staff would.

The files are written by `tests/campaign/files/hostile.py` from the format documents, not by
`sotay.synth`: a title and a signature block, abbreviated headers, Excel dates and lost zeros, names in
capitals and NFD, the same person twice, thousands of formatted empty rows.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from sotay.campaign.models import Finding, FindingState, ImportBatch
from tests.campaign.conftest import row, write_members
from tests.campaign.files import hostile


def _upload(client, unit, path):
    with path.open("rb") as fh:
        return client.post(reverse("unit_upload", args=[unit.pk]), {"file": fh}, follow=True)


def _messages(response) -> list[str]:
    return re.findall(r'<li class="msg-\w+">(.*?)</li>', response.content.decode(), re.S)


def test_a_branch_code_typed_otherwise_is_offered_in_its_edit_box(client, unit_staff, ward1_unit, tmp_path):
    """`79.p1.u1.b1` or the branch's name in the code column: the queue names the branch and prefills its
    code, so one tap on «Lưu giá trị» settles the row (before, the box held the wrong code again)."""
    client.force_login(unit_staff)
    path = write_members(
        tmp_path / "codes.csv",
        [
            row("C1", "Lê Văn Một", "01/01/1960", "Nam", "079060000301", "79.p1.u1.b1", card="00000301"),
            row("C2", "Lê Văn Hai", "01/01/1961", "Nam", "079061000302", "Chi bo khu pho 2", card="00000302"),
        ],
    )
    assert "Đã nhập 2 dòng" in _messages(_upload(client, ward1_unit, path))[0]
    findings = {f.record.member_code: f for f in Finding.objects.filter(rule="org_unknown")}
    assert {c: f.suggestion for c, f in findings.items()} == {"C1": "79.P1.U1.B1", "C2": "79.P1.U1.B2"}
    page = client.get(reverse("unit_queue", args=[ward1_unit.pk])).content.decode()
    assert f'id="v{findings["C1"].pk}-org_code" value="79.P1.U1.B1"' in page
    assert "có phải là mã 79.P1.U1.B2?" in page
    for code, f in findings.items():
        response = client.post(
            reverse("finding_decide", args=[ward1_unit.pk, f.pk]),
            {"action": "edit", "field": "org_code", "value": f.suggestion},
            follow=True,
        )
        assert "không còn lỗi" in _messages(response)[0], code
    assert not Finding.objects.filter(state=FindingState.OPEN, severity="error").exists()


def test_the_upload_says_where_the_table_was_and_what_was_left_out(client, unit_staff, ward1_unit, tmp_path):
    """A title block above the header and a totals line and signatures below: the person is told which
    rows were skipped, as the command line tells it (before, the web said nothing, so a member row taken
    for a signature would have vanished unseen)."""
    client.force_login(unit_staff)
    said = _messages(_upload(client, ward1_unit, hostile.hostile_xlsx(tmp_path, blank_rows=50)))
    assert said[0] == "Đã nhập 6 dòng từ «danh-sach-phuong-mot.xlsx» và kiểm tra xong."
    assert said[1] == (
        "Lưu ý: hàng tiêu đề ở trang tính &#x27;DS dang vien&#x27;, hàng 6; bỏ qua 3 hàng tiêu đề phía trên"
        " (1, 3–4); dòng dữ liệu 1 là hàng ngay sau hàng tiêu đề."
    )
    assert said[2].startswith("Lưu ý: không đọc là đảng viên 6 hàng sau dữ liệu")
    assert "dòng tổng cộng (hàng 14)" in said[2]
    assert "phần ký tên (hàng 16–18)" in said[2]
    assert ImportBatch.objects.get().rows == 6


def test_the_import_command_takes_a_sheet_and_refuses_in_english(ward1_unit, tmp_path, capsys):
    """`sotay import` on a workbook with a member list on two sheets: `--sheet` chooses (before, the
    command had no such option, so such a file could not be imported from the command line at all), and
    every refusal is plain English on the command line, not the web page's Vietnamese."""
    from django.core.management import CommandError, call_command

    from tests.campaign.test_sheet_choice import ONE, TWO, _workbook

    book = _workbook(tmp_path / "hai-trang.xlsx", {"Chi bộ 1": ONE, "Chi bộ 2": TWO})
    with pytest.raises(CommandError, match=r"members header on several sheets: .*--sheet NAME"):
        call_command("import", str(book), org="79.P1")
    call_command("import", str(book), org="79.P1", sheet="Chi bộ 2")
    assert "Imported 2 rows" in capsys.readouterr().out
    assert ImportBatch.objects.get().sheet == "Chi bộ 2"
    other = write_members(
        tmp_path / "p2.csv", [row("X1", "Lê Văn Một", "01/01/1960", "Nam", "079060000301", "79.P2.U2")]
    )
    with pytest.raises(CommandError, match=r"outside 79\.P1 \(79\.P2\.U2\)\. Each unit imports its own"):
        call_command("import", str(other), org="79.P1")
    text = tmp_path / "notes.txt"
    text.write_text("x")
    with pytest.raises(CommandError, match=r"Only \.csv"):
        call_command("import", str(text), org="79.P1")
