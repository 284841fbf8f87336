"""The API answers with brotli where the client takes it, gzip otherwise; media go as they are."""

from scene_api.lib import api_docs

SCRIPT = f"{api_docs.DOCS_PATH}{api_docs.ASSETS_PATH}/swagger-ui-bundle.js"


async def test_json_and_the_docs_go_brotli_or_gzip_as_the_client_takes_them(client):
    for path in ("/docs/openapi.json", SCRIPT):
        plain = await client.get(path, headers={"Accept-Encoding": "identity"})
        brotli = await client.get(path, headers={"Accept-Encoding": "gzip, deflate, br"})
        gzip = await client.get(path, headers={"Accept-Encoding": "gzip, deflate"})

        assert "content-encoding" not in plain.headers, path
        assert brotli.headers["content-encoding"] == "br", path
        assert gzip.headers["content-encoding"] == "gzip", path
        assert brotli.content == gzip.content == plain.content, path
        assert brotli.num_bytes_downloaded < gzip.num_bytes_downloaded < plain.num_bytes_downloaded, path


async def test_media_are_not_compressed_again(client, runtime):
    picture = b"\x89PNG\r\n\x1a\n" + bytes(4000)  # compressible, but pictures are compressed already
    await runtime.storage.put("avatars/compression-test.png", picture, "image/png")

    served = await client.get("/media/avatars/compression-test.png", headers={"Accept-Encoding": "gzip, br"})

    assert served.status_code == 200
    assert "content-encoding" not in served.headers
    assert served.content == picture
