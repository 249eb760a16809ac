"""What the upload use cases share: receiving a picture or a video into storage, checked by its content."""

from collections.abc import AsyncIterator
from dataclasses import dataclass

from application.ports import FileStorage, MediaInspector, StagedFile
from domain.media import IMAGE_MAX_BYTES, IMAGE_MAX_PIXELS, VIDEO_MAX_BYTES


@dataclass(frozen=True, slots=True)
class UploadLimits:
    video_max_bytes: int = VIDEO_MAX_BYTES
    image_max_bytes: int = IMAGE_MAX_BYTES
    image_max_pixels: int = IMAGE_MAX_PIXELS


class MediaIntake:
    """Receives uploads: counted while they arrive (too big: refused at once), checked by content, and
    published under a new name, or else gone without a trace."""

    def __init__(self, storage: FileStorage, inspector: MediaInspector, limits: UploadLimits) -> None:
        self._storage = storage
        self._inspector = inspector
        self._limits = limits

    async def image(self, chunks: AsyncIterator[bytes], folder: str) -> str:
        """A JPEG, PNG or WebP picture, re-encoded without its metadata; answers its path."""
        received = await self._storage.stage(chunks, self._limits.image_max_bytes)
        clean: StagedFile | None = None
        try:
            clean = await self._storage.stage_empty()
            image_format = await self._inspector.image(
                self._storage.open_staged(received), self._storage.open_staged(clean), self._limits.image_max_pixels
            )
            return await self._storage.publish(clean, folder, image_format.value)
        finally:
            await self._storage.discard(received)
            if clean is not None:
                await self._storage.discard(clean)

    async def video(self, chunks: AsyncIterator[bytes], folder: str) -> str:
        """An MP4, MOV or WebM video, as it came; answers its path."""
        received = await self._storage.stage(chunks, self._limits.video_max_bytes)
        try:
            video_format = await self._inspector.video(self._storage.open_staged(received))
            return await self._storage.publish(received, folder, video_format.value)
        finally:
            await self._storage.discard(received)

    async def forget(self, path: str | None) -> None:
        """Removes a file that is no longer wanted: replaced by a newer one, or left by a failed change."""
        if path:
            await self._storage.remove(path)
