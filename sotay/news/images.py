"""News images: checked by their content with Pillow, re-encoded (so EXIF and anything hidden in the
file is dropped), resized to at most 1280 px with a 480 px thumbnail, and stored under random names
outside MEDIA_ROOT. They are served only by the permission-checked view `news_image`."""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

from sotay.core.errors import ActionError
from sotay.core.stored import delete_unless_committed

LARGE = 1280
THUMB = 480
# More pixels than this is a decompression bomb, whatever its size on disk (a 40-megapixel photo passes).
MAX_PIXELS = 50_000_000
_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
NOT_AN_IMAGE = "Tệp không phải ảnh (JPEG, PNG, WebP), dù tên tệp có thể ghi như vậy. Hãy chọn đúng tệp ảnh."


@dataclass(frozen=True)
class StoredImage:
    image: str
    thumb: str


def images_dir() -> Path:
    return Path(settings.SOTAY_NEWS_IMAGES_DIR)


def _refuse(message: str) -> ActionError:
    return ActionError({"image": [message]})


def open_checked(data: bytes) -> Image.Image:
    """The decoded image, or a clear refusal: not an image, a format we do not take, a bomb, corrupt."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in _FORMATS:
                raise _refuse(NOT_AN_IMAGE)
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise _refuse("Ảnh quá nhiều điểm ảnh (quá 50 triệu). Hãy thu nhỏ ảnh rồi tải lên.")
            probe.verify()  # catches truncated and corrupt files; the image must be reopened after it
            image = Image.open(io.BytesIO(data))
            image.load()
    except ActionError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(NOT_AN_IMAGE) from None
    except (OSError, ValueError, SyntaxError):
        raise _refuse("Ảnh bị hỏng, không mở được. Hãy chọn ảnh khác.") from None
    return image


def _encode(image: Image.Image, box: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((box, box))
    out = io.BytesIO()
    copy.save(out, "WEBP", quality=80, method=4)  # a new file: no EXIF, no comments, no other chunks
    return out.getvalue()


def store_image(upload: UploadedFile) -> StoredImage:
    """Check, strip, resize and write the image and its thumbnail; their random file names."""
    size = upload.size or 0
    if size == 0:
        raise _refuse("Tệp ảnh trống. Hãy chọn lại ảnh.")
    if size > int(settings.SOTAY_NEWS_IMAGE_MAX_MB) * 1024 * 1024:
        raise _refuse(f"Ảnh quá lớn: tối đa {settings.SOTAY_NEWS_IMAGE_MAX_MB} MB.")
    upload.seek(0)
    image = open_checked(upload.read())
    image = ImageOps.exif_transpose(image)  # keep the photo upright once its EXIF is gone
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode in ("LA", "PA") else "RGB")
    directory = images_dir()
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    names = StoredImage(image=f"{token}.webp", thumb=f"{token}-nho.webp")
    (directory / names.image).write_bytes(_encode(image, LARGE))
    (directory / names.thumb).write_bytes(_encode(image, THUMB))
    # Written inside the action's transaction: if it rolls back, nothing may stay on disk.
    delete_unless_committed(lambda: remove_images(names))
    return names


def remove_images(names: StoredImage) -> None:
    remove_image(names.image)
    remove_image(names.thumb)


def remove_image(name: str) -> None:
    if name:
        (images_dir() / name).unlink(missing_ok=True)
