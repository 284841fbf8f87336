"""The UI answers with brotli where the browser takes it, gzip otherwise, and nothing for images; the
caching of NiceGUI's versioned assets and of /static stays as it was."""

from nicegui import __version__ as nicegui_version

from scene_ui.app import STATIC

NICEGUI_SCRIPT = f"/_nicegui/{nicegui_version}/static/quasar.umd.prod.js"
OUR_SCRIPT = "/static/pwa.js"
IMAGE = "/static/og-default.png"


async def fetch(user, path, accept_encoding):
    response = await user.http_client.get(path, headers={"Accept-Encoding": accept_encoding})
    assert response.status_code == 200, path
    return response


async def test_scripts_and_pages_go_brotli_to_browsers_that_take_it_and_gzip_to_the_others(user):
    for path in (NICEGUI_SCRIPT, OUR_SCRIPT, "/", "/welcome"):
        plain = await fetch(user, path, "identity")
        brotli = await fetch(user, path, "gzip, deflate, br, zstd")
        gzip = await fetch(user, path, "gzip, deflate")
        refused = await fetch(user, path, "gzip, br;q=0")

        assert "content-encoding" not in plain.headers, path
        assert brotli.headers["content-encoding"] == "br", path
        assert gzip.headers["content-encoding"] == "gzip", path
        assert refused.headers["content-encoding"] == "gzip", path
        assert "accept-encoding" in brotli.headers["vary"].lower(), path
        if path.startswith(("/_nicegui/", "/static/")):  # a page is built anew for each request
            assert brotli.content == gzip.content == plain.content, path
            assert brotli.num_bytes_downloaded < gzip.num_bytes_downloaded < plain.num_bytes_downloaded, path


async def test_compression_keeps_the_cache_headers_of_assets(user):
    nicegui_asset = await fetch(user, NICEGUI_SCRIPT, "br")
    assert "immutable" in nicegui_asset.headers["cache-control"]
    for path in (NICEGUI_SCRIPT, OUR_SCRIPT):
        plain = await fetch(user, path, "identity")
        brotli = await fetch(user, path, "br")
        assert brotli.headers["cache-control"] == plain.headers["cache-control"], path
        assert brotli.headers["etag"] == plain.headers["etag"], path


async def test_images_go_as_they_are(user):
    assert (STATIC / IMAGE.removeprefix("/static/")).exists()
    image = await fetch(user, IMAGE, "gzip, deflate, br")
    assert "content-encoding" not in image.headers
    assert image.headers["content-type"] == "image/png"
