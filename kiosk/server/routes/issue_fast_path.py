"""POST /api/tickets without FastAPI's per-request machinery, for the ordinary request.

Issuing is the busiest route (issue 12: >= 600 tickets/s at 8 clients). FastAPI's body
parsing, dependency solving and response handling cost it about as much CPU as the SQL
does. This route, matched before FastAPI's, takes only a JSON object body that the same
model (routes/tickets.py TicketRequest) accepts, checks the same roles with the same
function and issues through the same code. Every other request (no JSON content type, a
body that is not an object, a field the model refuses) it hands, body unread by anyone
else, to FastAPI's route, so errors and the API schema stay exactly FastAPI's.
"""
from __future__ import annotations

from pydantic import ValidationError
from starlette._exception_handler import wrap_app_handling_exceptions
from starlette.requests import ClientDisconnect, Request
from starlette.routing import Match, Route

DECLINED = "kiosk.fast_issue_declined"   # scope key: FastAPI's route answers this request


class IssueFastPath(Route):
    """The route: matched only by a POST that FastAPI's route has not been handed yet."""

    def __init__(self, model, check, issue):
        """`model`: the body's pydantic model; `check(request)`: the route's role check;
        `issue(request, body, who)`: the route's work, returning the response."""
        super().__init__("/api/tickets", _Answer(model, check, issue), methods=["POST"], include_in_schema=False,
                         name="issue ticket (fast path)")

    def matches(self, scope):
        if scope.get(DECLINED) or scope.get("method") != "POST":
            return Match.NONE, {}
        return super().matches(scope)


class _Answer:
    """The route's ASGI app; errors go to the app's exception handlers, as on any route."""

    def __init__(self, model, check, issue):
        self.model, self.check, self.issue = model, check, issue

    async def __call__(self, scope, receive, send) -> None:
        request = Request(scope, receive, send)

        async def answer(scope, receive, send) -> None:
            raw = request._body = await _whole_body(receive)     # as Request.body() keeps it
            body = self._ordinary_body(request, raw)
            if body is None:
                scope[DECLINED] = True
                await scope["app"].router(scope, _replayed(raw, receive), send)
                return
            response = await self.issue(request, body, await self.check(request))
            await response(scope, receive, send)
        await wrap_app_handling_exceptions(answer, request)(scope, receive, send)

    def _ordinary_body(self, request: Request, raw: bytes):
        """The validated body, or None when FastAPI's route should answer."""
        if request.headers.get("content-type") != "application/json":
            return None
        try:
            return self.model.model_validate_json(raw)     # parsed and validated in one pass
        except ValidationError:                            # not JSON, not an object, or refused
            return None


async def _whole_body(receive) -> bytes:
    """The request body, read as Request.body() would, without its generator machinery."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientDisconnect()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replayed(body: bytes, receive):
    """The request's receive channel with its body served again from memory."""
    served = False

    async def replay():
        nonlocal served
        if served:
            return await receive()
        served = True
        return {"type": "http.request", "body": body, "more_body": False}
    return replay
