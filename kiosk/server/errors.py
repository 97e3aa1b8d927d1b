"""Every error leaves the server as JSON naming the field, the reason, and a Vietnamese message."""
from __future__ import annotations

import logging
import sqlite3

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from kiosk.core.errors import QueueError
from kiosk.server.storage import RETRY_AFTER_SECONDS, StorageFault, storage_fault_kind

log = logging.getLogger("kiosk.server")

STATUS = {"not_found": 404, "invalid": 422, "conflict": 409, "forbidden": 403, "unauthorized": 401,
          "too_many": 429}
_HTTP_MESSAGES = {404: "Không tìm thấy trang hoặc dữ liệu yêu cầu.", 405: "Thao tác không được hỗ trợ.",
                  401: "Vui lòng đăng nhập.", 403: "Tài khoản không có quyền thực hiện thao tác này."}


def detail(field: str | None, reason: str, message: str) -> dict:
    return {"detail": {"field": field, "reason": reason, "message": message}}


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QueueError)
    async def queue_error(request: Request, error: QueueError):
        headers = {"WWW-Authenticate": "Bearer"} if error.kind == "unauthorized" else None
        if getattr(error, "retry_after", None):
            headers = {"Retry-After": str(error.retry_after)}
        return JSONResponse({"detail": error.as_detail()}, status_code=STATUS[error.kind], headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError):
        problems = [_problem(e) for e in error.errors()]
        first = problems[0]
        body = detail(first["field"], first["reason"], "Dữ liệu gửi lên không hợp lệ.")
        body["detail"]["problems"] = problems
        return JSONResponse(body, status_code=422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        if isinstance(error.detail, dict):
            return JSONResponse({"detail": error.detail}, status_code=error.status_code, headers=error.headers)
        message = _HTTP_MESSAGES.get(error.status_code, "Yêu cầu không hợp lệ.")
        return JSONResponse(detail(None, str(error.detail), message), status_code=error.status_code,
                            headers=error.headers)

    @app.exception_handler(StorageFault)
    @app.exception_handler(sqlite3.DatabaseError)
    async def storage_error(request: Request, error: Exception):
        kind = storage_fault_kind(error)
        if kind is None:
            return await unexpected(request, error)
        message = request.app.state.storage.record_fault(error)
        reason = f"the server cannot write its database ({'disk full' if kind == 'full' else 'disk error'}: {error})"
        return JSONResponse(detail(None, reason, message), status_code=503,
                            headers={"Retry-After": str(RETRY_AFTER_SECONDS)})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(detail(None, "internal error; see the server log", "Hệ thống gặp lỗi, vui lòng thử lại."),
                            status_code=500)


def _problem(error: dict) -> dict:
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "header")]
    field = ".".join(loc) or None
    reason = error.get("msg", "invalid value")
    if error.get("type") == "json_invalid":
        field, reason = None, "the request body is not valid JSON"
    elif error.get("type") == "extra_forbidden":
        reason = "unknown field"
    elif error.get("type") == "missing":
        reason = "field required"
    return {"field": field, "reason": reason}
