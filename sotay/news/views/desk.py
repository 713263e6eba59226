"""The editorial desk: write and edit drafts, submit, review (approve or return), pin, withdraw (the
editor role is given in `views.editors`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.accounts.permissions import Cap, scope_roots
from sotay.core.errors import ActionError
from sotay.news import access, actions, queries
from sotay.news.forms import NewsForm
from sotay.news.models import NewsItem, NewsStatus


@login_required
def news_desk(request: AuthedHttpRequest) -> HttpResponse:
    writing = access.writing_orgs(request.user).exists()
    if not writing and not access.approver_roots(request.user):
        raise Http404("Không có quyền biên tập.")
    status = request.GET.get("tinh-trang", "")
    return render(
        request,
        "news/desk.html",
        {
            "items": queries.desk_for(request.user, status)[:200],
            "waiting": list(queries.waiting_for(request.user)[:100]),
            "status": status,
            "statuses": NewsStatus.choices,
            "can_write": writing,
            "can_grant": bool(scope_roots(request.user, Cap.MANAGE_ROLES)),
        },
    )


def _form_errors(form: NewsForm, exc: ActionError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def news_new(request: AuthedHttpRequest) -> HttpResponse:
    orgs = access.writing_orgs(request.user)
    if not orgs.exists():
        raise Http404("Không có quyền viết tin.")
    form = NewsForm(request.POST or None, request.FILES or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = orgs.filter(pk=data["target"]).first()
        try:
            if target is None:
                raise ActionError({"target": [actions.NOT_IN_SCOPE]})
            item = actions.write_news(
                by=request.user,
                target=target,
                title=data["title"],
                body=data["body"],
                pinned=data["pinned"],
                publish_at=data["publish_at"],
                image=data["image"] or None,
                image_alt=data["image_alt"],
            )
        except ActionError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Đã lưu bản nháp. Khi xong, bấm «Gửi duyệt».")
            return redirect("news_detail", pk=item.pk)
    return render(request, "news/form.html", {"form": form, "item": None})


def _managed(request: AuthedHttpRequest, pk: int) -> NewsItem:
    item = access.get_item_for_user(request.user, pk)
    if not access.may_manage(request.user, item):
        raise Http404("Không tìm thấy tin.")
    return item


@login_required
def news_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    item = _managed(request, pk)
    orgs = access.writing_orgs(request.user)
    if not item.editable or not access.can_write(request.user, item.target):
        messages.error(request, "Tin đã gửi duyệt hoặc đã đăng, không sửa được nữa.")
        return redirect("news_detail", pk=item.pk)
    initial = {
        "target": item.target_id,
        "title": item.title,
        "body": item.body,
        "pinned": item.pinned,
        "publish_at": item.publish_at,
        "image_alt": item.image_alt,
    }
    form = NewsForm(
        request.POST or None, request.FILES or None, orgs=orgs, initial=initial, has_image=bool(item.image)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = orgs.filter(pk=data["target"]).first()
        try:
            if target is None:
                raise ActionError({"target": [actions.NOT_IN_SCOPE]})
            actions.edit_news(
                by=request.user,
                item=item,
                target=target,
                title=data["title"],
                body=data["body"],
                pinned=data["pinned"],
                publish_at=data["publish_at"],
                image=data["image"] or None,
                image_alt=data["image_alt"],
                drop_image=data.get("drop_image", False),
            )
        except ActionError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "Đã lưu thay đổi.")
            return redirect("news_detail", pk=item.pk)
    return render(request, "news/form.html", {"form": form, "item": item})


def _act(request: AuthedHttpRequest, pk: int, done: str, run: object) -> HttpResponse:
    item = _managed(request, pk)
    try:
        run(item)  # type: ignore[operator]
    except ActionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("news_detail", pk=item.pk)


@login_required
@require_POST
def news_submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "Đã gửi tin để Ban Biên tập duyệt.",
        lambda i: actions.submit_news(by=request.user, item=i),
    )


@login_required
@require_POST
def news_approve(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "Đã duyệt tin.", lambda i: actions.approve_news(by=request.user, item=i))


@login_required
@require_POST
def news_return(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _act(
        request,
        pk,
        "Đã trả lại tin cho người viết.",
        lambda i: actions.return_news(by=request.user, item=i, comment=comment),
    )


@login_required
@require_POST
def news_withdraw(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "Đã gỡ tin.", lambda i: actions.withdraw_news(by=request.user, item=i))


@login_required
@require_POST
def news_pin(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pinned = request.POST.get("pinned") == "1"
    return _act(
        request,
        pk,
        "Đã ghim tin." if pinned else "Đã bỏ ghim.",
        lambda i: actions.pin_news(by=request.user, item=i, pinned=pinned),
    )
