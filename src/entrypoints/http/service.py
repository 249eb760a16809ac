"""Liveness and readiness for operators and load balancers."""

import logging

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Response, get
from litestar.openapi.datastructures import ResponseSpec
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

logger = logging.getLogger(__name__)


class ServiceController(Controller):
    tags = ["Service"]

    @get("/health", summary="The process is up")
    async def health(self) -> dict[str, str]:
        return {"status": "ok"}

    @get(
        "/ready",
        summary="The database answers",
        responses={503: ResponseSpec(data_container=dict[str, str], description="The database does not answer")},
    )
    async def ready(self, engine: FromDishka[AsyncEngine]) -> Response[dict[str, str]]:
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError):
            logger.warning("readiness check failed: the database does not answer", exc_info=True)
            return Response({"status": "unavailable", "code": "database_unavailable"}, status_code=503)
        return Response({"status": "ok"})
