"""The API docs work on a LAN with no internet: /docs and /redoc reference only the server's
own assets (fastapi-offline), and each of them is served."""
import re

import pytest


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_docs_page_references_only_local_assets_that_are_served(centre, path):
    page = centre.client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", page.text, re.I), "an outside address"
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text) + \
        re.findall(r"""url:\s*['"]([^'"]+)['"]""", page.text) + re.findall(r"""spec-url=["']([^"']+)""", page.text)
    assert len(assets) >= 2
    for asset in assets:
        assert asset.startswith("/"), asset
        assert centre.client.get(asset).status_code == 200, asset
