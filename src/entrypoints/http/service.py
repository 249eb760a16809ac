"""Liveness and readiness for operators and load balancers."""

import logging

from dishka.integrations.litestar import FromDishka
from litestar import Controller, Response, get
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.persistence.database import DatabaseUnreachableError
from entrypoints.http.errors import DATABASE_UNAVAILABLE, RETRY_SOON
from entrypoints.http.openapi import errors
from entrypoints.http.schemas import ErrorOut

logger = logging.getLogger(__name__)


class ServiceController(Controller):
    tags = ["Service"]

    @get("/health", summary="The process is up")
    async def health(self) -> dict[str, str]:
        return {"status": "ok"}

    @get("/ready", summary="The database answers", responses=errors(503))
    async def ready(self, engine: FromDishka[AsyncEngine]) -> Response[dict[str, str] | ErrorOut]:
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, DatabaseUnreachableError, OSError) as error:
            # Asked every few seconds by a load balancer: one line each time, no traceback.
            logger.warning("readiness check failed: the database does not answer (%s)", type(error).__name__)
            return Response(DATABASE_UNAVAILABLE, status_code=503, headers=RETRY_SOON)
        return Response({"status": "ok"})
