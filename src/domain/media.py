"""What the service accepts as pictures and videos, and where each kind of file lives."""

from enum import Enum

MEGABYTE = 1024 * 1024
IMAGE_MAX_BYTES = 15 * MEGABYTE
IMAGE_MAX_PIXELS = 40_000_000
VIDEO_MAX_BYTES = 200 * MEGABYTE


class ImageFormat(Enum):
    JPEG = "jpg"
    PNG = "png"
    WEBP = "webp"


class VideoFormat(Enum):
    MP4 = "mp4"
    MOV = "mov"
    WEBM = "webm"


AVATAR_FOLDER = "avatars"


def hello_video_folder(star_id: int) -> str:
    return f"videos/{star_id}"


CONGRATULATION_FOLDER = "congratulation"


def congratulation_folder(order_id: int) -> str:
    """Greeting videos are private: only the order's customer and star may watch them."""
    return f"{CONGRATULATION_FOLDER}/{order_id}"


def is_private(path: str) -> bool:
    """Without regard to case: on a file system that ignores case, `Congratulation/...` is the same file."""
    return path.casefold().startswith(f"{CONGRATULATION_FOLDER}/")


def order_of_private(path: str) -> int | None:
    """The order a private file belongs to, read from its path (`congratulation/<order id>/<name>`)."""
    parts = path.split("/")
    if len(parts) != 3 or parts[0] != CONGRATULATION_FOLDER or not parts[1].isdigit():
        return None
    return int(parts[1])
