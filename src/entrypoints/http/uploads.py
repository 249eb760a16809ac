"""Uploads: a user's picture, a star's hello video, the greeting video of an order."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from dishka.integrations.litestar import FromDishka
from litestar import Controller, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body

from application.deliver_congratulation import DeliverCongratulation
from application.identity import Caller
from application.media_links import MediaLinks, public_path
from application.upload_avatar import UploadAvatar
from application.upload_hello_video import UploadHelloVideo
from domain.media import IMAGE_MAX_BYTES
from entrypoints.http.auth import BEARER_SECURITY, require_caller, require_star
from entrypoints.http.openapi import errors, message_or_error
from entrypoints.http.schemas import AvatarOut, CongratulationOut, HelloVideoOut, Id

CHUNK = 1024 * 1024
# Room for the multipart framing and the small fields around the file.
MULTIPART_OVERHEAD = 64 * 1024


async def chunks_of(upload: UploadFile) -> AsyncIterator[bytes]:
    """The file as it was received (Litestar spools it to disk past 1 MB), a megabyte at a time."""
    try:
        while chunk := await upload.read(CHUNK):
            yield chunk
    finally:
        await upload.close()


@dataclass
class AvatarForm:
    image: UploadFile
    user_id: Id | None = None


@dataclass
class HelloVideoForm:
    video_hi: UploadFile
    star_id: Id | None = None


@dataclass
class CongratulationForm:
    video_con: UploadFile
    order_id: Id
    star_id: Id | None = None


class AvatarUploadController(Controller):
    path = "/api/upload"
    tags = ["Uploads"]
    security = BEARER_SECURITY
    guards = [require_caller]

    @post(
        "/avatar/",
        status_code=201,
        summary="Set the caller's picture (JPEG, PNG or WebP, ≤ 15 MB, ≤ 40 megapixels)",
        request_max_body_size=IMAGE_MAX_BYTES + MULTIPART_OVERHEAD,
        responses=errors(400, 401, 403, 413, 415),
    )
    async def avatar(
        self,
        data: Annotated[AvatarForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        caller: FromDishka[Caller],
        upload_avatar: FromDishka[UploadAvatar],
    ) -> AvatarOut:
        path = await upload_avatar.execute(caller, chunks_of(data.image), data.user_id)
        return AvatarOut(user_id=caller.id, image=public_path(path))


class VideoUploadController(Controller):
    """Mounted under a router whose body limit follows MYSTAR_UPLOAD_VIDEO_MAX_MB."""

    path = "/api/upload"
    tags = ["Uploads"]
    security = BEARER_SECURITY
    guards = [require_caller, require_star]

    @post(
        "/video/hi/",
        status_code=201,
        summary="Set the calling star's hello video (MP4, MOV or WebM)",
        responses=errors(400, 401, 403, 413, 415),
    )
    async def hello_video(
        self,
        data: Annotated[HelloVideoForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        caller: FromDishka[Caller],
        upload_hello_video: FromDishka[UploadHelloVideo],
    ) -> HelloVideoOut:
        path = await upload_hello_video.execute(caller, chunks_of(data.video_hi), data.star_id)
        return HelloVideoOut(star_id=caller.id, video_hi=public_path(path))

    @post(
        ["/congritulatoin/", "/congratulation/"],
        status_code=201,
        summary="The order's star delivers the greeting video (once, for an accepted, paid order)",
        responses=errors(400, 401, 403, 404, 409, 413, 415)
        | message_or_error(409, 'Delivered already: `["Вы уже загрузили видео"]`; the error shape when not accepted'),
    )
    async def congratulation(
        self,
        data: Annotated[CongratulationForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        caller: FromDishka[Caller],
        deliver: FromDishka[DeliverCongratulation],
        links: FromDishka[MediaLinks],
    ) -> CongratulationOut:
        order = await deliver.execute(caller, data.order_id, chunks_of(data.video_con), data.star_id)
        assert order.video is not None  # noqa: S101 - delivered just now
        signed = public_path(links.link(order.video))
        return CongratulationOut(id=order.id, star_id=order.star_id, order_id=order.id, video_con=signed)
