"""/docs renders in chromium with every request outside the server refused (a LAN without
internet): Swagger UI comes from the server itself."""
import pytest

from tests.support import Browser, LiveServer, prepared_live_db

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_with_the_internet_cut_off(tmp_path, screens):
    db, _, _ = prepared_live_db(tmp_path)
    with LiveServer(db) as server, Browser() as browser:
        page = browser.new_page(1280, 900)
        outside = []

        def only_the_server(route):
            if route.request.url.startswith(server.url):
                return route.continue_()
            outside.append(route.request.url)
            return route.abort()
        page.route("**/*", only_the_server)
        page.goto(f"{server.url}/docs")
        page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
        assert "Lobby kiosk" in page.text_content(".swagger-ui .info .title")
        page.wait_for_selector(".opblock-summary-path[data-path='/api/tickets']")
        assert outside == []
        page.screenshot(path=str(screens / "api-docs.png"))
        page.context.close()
