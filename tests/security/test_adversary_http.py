"""Acceptance as an adversary (issue 6 §4): a lying server. A deflate reply cut short (its
Content-Length matching the truncated bytes) was taken as a complete 200 answer, where the same
lie in gzip was a dropped connection; both are now refused alike."""

from __future__ import annotations

import gzip
import json
import zlib

import pytest
from status_servers import encoded

from counter_app.net.http import HttpClient, Limits, TransportError

DOC = json.dumps({"systems": [{"id": f"sys-{i}", "status": "operational"} for i in range(500)]}).encode()


def _raw_deflate(data: bytes) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return z.compress(data) + z.flush()


@pytest.fixture
def client():
    with HttpClient(limits=Limits(deadline=10)) as c:
        yield c


@pytest.mark.parametrize(
    "name,payload,encoding",
    [
        ("zlib-deflate", zlib.compress(DOC), "deflate"),
        ("raw-deflate", _raw_deflate(DOC), "deflate"),
        ("gzip", gzip.compress(DOC), "gzip"),
    ],
)
def test_a_compressed_reply_cut_short_is_a_dropped_answer(client, status_server, name, payload, encoding):
    whole = client.get(status_server.route(f"/{name}-whole", encoded(payload, encoding)))
    assert json.loads(whole.body) == json.loads(DOC)  # the same reply, whole, is read
    url = status_server.route(f"/{name}-cut", encoded(payload[: len(payload) // 2], encoding))
    with pytest.raises(TransportError) as caught:
        client.get(url)
    assert "dropped" in caught.value.msg.en


def test_an_unreadable_encoding_list_is_named_as_sent(client, status_server):
    url = status_server.route("/twice", encoded(gzip.compress(gzip.compress(DOC)), "gzip, gzip"))
    with pytest.raises(TransportError) as caught:
        client.get(url)
    assert "(gzip,gzip)" in caught.value.msg.en
