"""The hub's FastAPI application. Stateless: all it keeps between requests is the pool."""
from __future__ import annotations

import contextlib
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Body, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from kiosk import ASSETS
from kiosk.core.errors import QueueError
from kiosk.core.reports import parse_period
from kiosk.hub import catalogue, dashboard, ingest, public, reports
from kiosk.hub.auth import Caller, refusal, require
from kiosk.hub.closed_days import ClosedDays
from kiosk.hub.db import open_pool
from kiosk.hub.down_routes import add_down_routes
from kiosk.hub.migrations import apply_migrations
from kiosk.reporting.export import MEDIA_TYPES, file_name, report_bytes
from kiosk.server.errors import install_error_handlers

PAGES = Path(__file__).resolve().parent / "pages"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
PUBLIC_CACHE = "public, max-age=15, stale-while-revalidate=30"


def create_app(dsn: str, pool_size: int = 16) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        app.state.pool = open_pool(dsn, max_size=pool_size)
        with app.state.pool.connection() as conn:
            conn.autocommit = True
            app.state.schema = apply_migrations(conn)
            conn.autocommit = False
        closed_days = ClosedDays(app.state.pool, today).start()   # a month's report reads partials
        try:
            yield
        finally:
            closed_days.stop()
            app.state.pool.close()

    app = FastAPI(title="Lobby kiosk – province hub", version="0.1.0", lifespan=lifespan)
    install_error_handlers(app)
    _routes(app)
    add_down_routes(app)
    app.mount("/fonts", StaticFiles(directory=ASSETS / "fonts"), name="fonts")
    return app


def today() -> date:
    return datetime.now(ZONE).date()


def _day(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else today()
    except ValueError:
        raise refusal(422, "day", f"day must be a date like 2026-11-22, not {value!r}", "Ngày không hợp lệ.") from None


def _routes(app: FastAPI) -> None:
    centre_only, province = require("centre"), require("manager", "admin")

    def pool(request: Request):
        return request.app.state.pool

    @app.get("/api/health")
    def health(request: Request):
        return {"status": "ok", "schema": request.app.state.schema}

    @app.post("/api/push")
    def push(request: Request, body: dict = Body(...), who: Caller = Depends(centre_only)):
        problem = ingest.validate_push(body)
        if problem:
            raise refusal(422, "events", problem, "Dữ liệu gửi lên không hợp lệ.")
        with pool(request).connection() as conn:
            return ingest.ingest(conn, who.id, body)

    @app.get("/api/catalogue")
    def catalogue_changes(request: Request, since: int = 0, who: Caller = Depends(require("centre", "manager", "admin"))):
        with pool(request).connection() as conn:
            found = catalogue.changes_since(conn, since)
            if who.kind == "centre":
                conn.execute("UPDATE centres SET catalogue_version = greatest(catalogue_version, %s) WHERE id = %s",
                             [since, who.id])
            return found

    @app.get("/api/catalogue/procedures/{code}")
    def get_procedure(request: Request, code: str, who: Caller = Depends(province)):
        with pool(request).connection() as conn:
            found = catalogue.get(conn, code)
        if found is None:
            raise refusal(404, "code", f"unknown procedure code {code!r}", "Không tìm thấy thủ tục này.")
        return found

    @app.put("/api/catalogue/procedures/{code}")
    def put_procedure(request: Request, code: str, body: dict = Body(...), who: Caller = Depends(require("admin"))):
        with pool(request).connection() as conn:
            before = catalogue.get(conn, code) or {}
            problems = catalogue.problems(code, {**before, **body})
            if problems:
                raise refusal(422, problems[0]["field"], problems[0]["reason"], problems[0]["message"])
            return catalogue.save(conn, code, body, who.name)

    @app.get("/api/dashboard")
    def dashboard_figures(request: Request, day: str | None = None, who: Caller = Depends(province)):
        with pool(request).connection() as conn:
            return dashboard.today_figures(conn, _day(day))

    @app.get("/api/reports")
    def report(request: Request, period: str = "day", date: str | None = None, month: str | None = None,
               quarter: str | None = None, format: str = "json", who: Caller = Depends(province)):
        try:
            chosen = parse_period(period, today(), date, month, quarter)
        except QueueError as error:
            raise refusal(422, error.field, error.reason, error.message) from None
        if format not in ("json", *MEDIA_TYPES):
            raise refusal(422, "format", "format must be json, xlsx, csv or pdf", "Định dạng không hợp lệ.")
        with pool(request).connection() as conn:
            figures = reports.city_report(conn, chosen)
        if format == "json":
            return figures
        return Response(report_bytes(figures, format), media_type=MEDIA_TYPES[format],
                        headers={"Content-Disposition": f'attachment; filename="{file_name(figures, format)}"'})

    @app.get("/api/public/waits")
    def public_waits(request: Request, district: str = "", day: str | None = None):
        with pool(request).connection() as conn:
            found = public.waits(conn, _day(day), district)
        return JSONResponse(found, headers={"Cache-Control": PUBLIC_CACHE})

    @app.get("/noi-it-nguoi-cho", response_class=HTMLResponse)
    def public_page():
        return HTMLResponse((PAGES / "public.html").read_text(encoding="utf-8"), headers={"Cache-Control": PUBLIC_CACHE})

    @app.get("/citizen.css", include_in_schema=False)
    def citizen_css():
        return Response((PAGES / "citizen.css").read_text(encoding="utf-8"), media_type="text/css",
                        headers={"Cache-Control": PUBLIC_CACHE})

    @app.get("/", response_class=HTMLResponse)
    @app.get("/dashboard", response_class=HTMLResponse)
    def dashboard_page():
        return HTMLResponse((PAGES / "dashboard.html").read_text(encoding="utf-8"))
