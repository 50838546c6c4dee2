"""The JSON API, version 1, with OpenAPI docs at /api/v1/docs (served locally, no CDN)."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from hadir.api.agent import router as agent_router
from hadir.api.attendance import router as attendance_router
from hadir.api.auth import API_AUTH
from hadir.api.devices import router as devices_router
from hadir.api.errors import document_errors, install_error_handlers
from hadir.api.mobile import router as mobile_router
from hadir.api.org import router as org_router
from hadir.api.requests import router as requests_router


class HadirAPI(NinjaAPI):
    """The API with its error answers (docs/api.md) documented on every operation."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(schema)
        return schema


api = HadirAPI(
    title="Hadir API",
    version="1",
    urls_namespace="api-v1",
    auth=API_AUTH,
    docs_url="/docs",
    description=(
        "Attendance data of the region. Authenticate with `Authorization: Bearer <token>` "
        "(create one with `hadir token create USER`). Every call sees only the units its "
        "user may see. Every error answers JSON with a stable `code` and a `message` in the "
        "request's language (Bahasa Indonesia, or English with `Accept-Language: en`): see "
        "docs/api.md."
    ),
)
install_error_handlers(api)
api.add_router("/", org_router)
api.add_router("/", attendance_router)
api.add_router("/", devices_router)
api.add_router("/", requests_router)
api.add_router("/", agent_router)
api.add_router("/", mobile_router)
