"""Small real files of each kind the service accepts, and a few it must refuse."""

import io

from PIL import Image

MP4_HEADER = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
MOV_HEADER = b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  "
WEBM_HEADER = (
    bytes.fromhex("1a45dfa3") + b"\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04\x42\xf3\x81\x08\x42\x82\x84webm"
)


def video(header: bytes = MP4_HEADER, size: int = 4096) -> bytes:
    """A file that starts as a video container does; the rest is filler (the service does not decode video)."""
    return header + bytes(size - len(header))


def image(image_format: str = "PNG", size: tuple[int, int] = (64, 48), exif: bool = False) -> bytes:
    picture = Image.new("RGB", size, (200, 30, 60))
    options: dict[str, object] = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "Spy Camera Co"  # Make
        tags[0x0131] = "secret-editor 1.0"  # Software
        options["exif"] = tags.tobytes()
    output = io.BytesIO()
    picture.save(output, format=image_format, **options)
    return output.getvalue()
