"""Pictures checked and re-encoded by Pillow; videos recognised by their container's signature."""

import asyncio
import os
from typing import Any, BinaryIO

import anyio
from PIL import Image, ImageOps

from domain.errors import ImageTooLargeError, NotAnImageError, NotAVideoError
from domain.media import ImageFormat, VideoFormat

# MPO: a JPEG with more frames after the first (what many phone cameras write); the first is kept.
_DECODERS = ("JPEG", "PNG", "WEBP")  # no other decoder of Pillow ever sees an upload
_IMAGE_FORMATS = {"JPEG": ImageFormat.JPEG, "MPO": ImageFormat.JPEG, "PNG": ImageFormat.PNG, "WEBP": ImageFormat.WEBP}
# A progressive JPEG has a handful of scans; thousands of tiny ones cost seconds of CPU each to decode.
MAX_JPEG_SCANS = 100
_START_OF_SCAN = b"\xff\xda"  # never inside entropy-coded data, where 0xFF is always followed by 0x00
_SAVE_OPTIONS: dict[ImageFormat, dict[str, Any]] = {
    ImageFormat.JPEG: {"quality": 90, "optimize": True},
    ImageFormat.PNG: {},
    ImageFormat.WEBP: {"quality": 90},
}
# ISO base media (`ftyp`) brands of the MP4 family (cameras and phones write their own major brand but
# list one of these as compatible), and QuickTime's.
_MP4_BRANDS = {
    *(b"iso%d" % number for number in range(2, 10)),
    b"isom",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"M4A ",
    b"dash",
    b"3gp4",
    b"3gp5",
    b"3gp6",
    b"MSNV",
    b"XAVC",
}
_QUICKTIME_BRAND = b"qt  "
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_EBML_DOCTYPE = b"\x42\x82"
_HEADER_BYTES = 256
# An `ftyp` box: size, type, major brand, minor version, then whole compatible brands; small by nature.
_FTYP_MIN, _FTYP_MAX = 16, 256


class PillowMediaInspector:
    """CPU-heavy work (decoding and encoding pictures) runs in threads, at most one per core at a time."""

    def __init__(self, workers: int | None = None) -> None:
        self._slots = asyncio.Semaphore(workers or os.cpu_count() or 1)

    async def image(self, source: str, target: str, max_pixels: int) -> ImageFormat:
        async with self._slots:
            return await anyio.to_thread.run_sync(_reencode, source, target, max_pixels)

    async def video(self, source: str) -> VideoFormat:
        async with await anyio.open_file(source, "rb") as file:
            header = await file.read(_HEADER_BYTES)
        return video_format(header)


def _reencode(source: str, target: str, max_pixels: int) -> ImageFormat:
    image, image_format = _decode(source, max_pixels)
    with image, open(target, "wb") as output:  # a failure here is ours (a full disk), not the upload's
        _save(image, image_format, output)
    return image_format


def _decode(source: str, max_pixels: int) -> tuple[Image.Image, ImageFormat]:
    """The picture, decoded and turned upright, if it is a JPEG, PNG or WebP of at most `max_pixels`."""
    try:
        image = Image.open(source, formats=_DECODERS)
    except Image.DecompressionBombError as error:
        raise ImageTooLargeError(max_pixels) from error
    except Exception as error:
        raise NotAnImageError from error
    try:
        image_format = _IMAGE_FORMATS.get(image.format or "")
        if image_format is None:
            raise NotAnImageError
        if image.width * image.height > max_pixels:
            raise ImageTooLargeError(max_pixels)
        if image_format is ImageFormat.JPEG and _scans(source) > MAX_JPEG_SCANS:
            raise NotAnImageError
        image.load()
        ImageOps.exif_transpose(image, in_place=True)  # as shown, before its EXIF goes
    except (NotAnImageError, ImageTooLargeError):
        image.close()
        raise
    except Exception as error:
        image.close()
        raise NotAnImageError from error
    return image, image_format


def _scans(source: str) -> int:
    with open(source, "rb") as file:
        return file.read().count(_START_OF_SCAN)


def _save(image: Image.Image, image_format: ImageFormat, output: BinaryIO) -> None:
    if image_format is ImageFormat.JPEG and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    # Nothing but the pixels is written: no EXIF (GPS, camera), no ICC profile, no text chunks.
    image.save(output, format=image_format.name, **_SAVE_OPTIONS[image_format])


def video_format(header: bytes) -> VideoFormat:
    """MP4 and MOV start with an `ftyp` box naming their brand, whose size is that of a real one (and
    within the file); WebM starts with an EBML header whose DocType is `webm`."""
    box_size = int.from_bytes(header[:4], "big")
    if header[4:8] == b"ftyp" and _FTYP_MIN <= box_size <= min(_FTYP_MAX, len(header)) and box_size % 4 == 0:
        major = header[8:12]
        compatible = {header[start : start + 4] for start in range(16, box_size, 4)}
        if major == _QUICKTIME_BRAND:
            return VideoFormat.MOV
        if major in _MP4_BRANDS or compatible & _MP4_BRANDS:
            return VideoFormat.MP4
    if header.startswith(_EBML_MAGIC):
        doctype = header.find(_EBML_DOCTYPE)
        if doctype != -1 and header[doctype + 3 : doctype + 7] == b"webm":
            return VideoFormat.WEBM
    raise NotAVideoError
