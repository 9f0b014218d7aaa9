"""counter_app.net.http against real HTTP servers on 127.0.0.1: the deadline over the headers,
decoding with the cap on decoded bytes, redirects to another host, no proxy for loopback, and the
error taxonomy the sync will act on."""

from __future__ import annotations

import gzip
import json
import threading
import zlib

import pytest
from status_servers import (
    HeaderTrickle,
    StatusServer,
    body,
    encoded,
    gzip_bomb,
    json_body,
    read_then_hang_up,
    redirect,
    slow,
)

from counter_app.net.http import (
    AuthError,
    Cancelled,
    HttpClient,
    Limits,
    RejectedError,
    TransportError,
    UnknownOutcomeError,
)

FAST = Limits(connect_timeout=0.5, read_timeout=0.5, deadline=1.5, max_bytes=1024 * 1024)


@pytest.fixture
def client():
    with HttpClient(limits=FAST) as c:
        yield c


def test_deadline_covers_the_headers(client, status_server):
    # one header line every 0.3 s: every read is on time (read timeout 0.5 s), the whole never is
    trickle = HeaderTrickle(status_server, 0.3, lines=40)
    url = status_server.route("/feed.json", trickle)
    with pytest.raises(TransportError) as caught:
        client.get(url)
    assert "time limit" in caught.value.msg.en and "제한 시간" in caught.value.msg.ko
    trickle.finished.wait(15)
    # the client hung up long before the server got to the end of its headers
    assert trickle.sent < 20, trickle.sent


def test_cancel_while_waiting_for_headers(status_server):
    trickle = HeaderTrickle(status_server, 0.3, lines=40)
    url = status_server.route("/feed.json", trickle)
    stop = threading.Event()
    threading.Timer(0.4, stop.set).start()
    with HttpClient(limits=Limits(read_timeout=5, deadline=60), cancelled=stop.is_set) as c:
        with pytest.raises(Cancelled):
            c.get(url)
    trickle.finished.wait(15)
    assert trickle.sent < 20, trickle.sent


def test_gzip_and_deflate_are_decoded(client, status_server):
    doc = {"systems": [{"id": "a", "name": "정부24"}]}
    raw = json.dumps(doc, ensure_ascii=False).encode()
    z = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate, no zlib header (some servers)
    urls = {
        "gzip": status_server.route("/gz", encoded(gzip.compress(raw), "gzip")),
        "zlib-deflate": status_server.route("/zl", encoded(zlib.compress(raw), "deflate")),
        "raw-deflate": status_server.route("/rd", encoded(z.compress(raw) + z.flush(), "deflate")),
    }
    for kind, url in urls.items():
        answer = client.get(url)
        assert answer.json() == doc, kind


def test_a_gzip_bomb_is_stopped_by_the_cap_on_decoded_bytes(client, status_server):
    bomb = gzip_bomb(64 * 1024 * 1024)  # 64 MB of zeros in about 64 KB
    assert len(bomb) < FAST.max_bytes  # small on the wire: only the decoded size can catch it
    url = status_server.route("/bomb", encoded(bomb, "gzip"))
    with pytest.raises(TransportError) as caught:
        client.get(url)
    assert "too large" in caught.value.msg.en


def test_an_unknown_content_encoding_is_named(client, status_server):
    url = status_server.route("/br", encoded(b"\x0b\x02\x80[]\x03", "br"))
    with pytest.raises(TransportError) as caught:
        client.get(url)
    assert "compression" in caught.value.msg.en and "br" in caught.value.msg.en


def test_redirect_to_another_host_is_recorded(client, status_server):
    other = StatusServer().start()
    try:
        target = other.route("/moved/feed.json", json_body({"ok": True}))
        url = status_server.route("/feed.json", redirect(target + "?token=secret"))
        answer = client.get(url)
        assert answer.json() == {"ok": True}
        assert answer.redirected_to == target  # named, without the query
        same = status_server.route("/old", redirect("/feed2"))
        status_server.route("/feed2", json_body([]))
        assert client.get(same).redirected_to is None  # a move on the same server is not named
    finally:
        other.stop()


def test_proxy_variables_are_not_used_for_loopback(client, status_server, monkeypatch):
    # a proxy that refuses every connection, and no NO_PROXY: loopback must still be reached directly
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    url = status_server.route("/feed.json", json_body({"ok": True}))
    assert client.get(url).json() == {"ok": True}


def test_status_codes_map_to_the_taxonomy(client, status_server):
    auth = status_server.route("/auth", json_body({"error": "no"}, status=401), method="POST")
    rejected = status_server.route(
        "/cases", json_body({"error": "invalid", "fields": {"title": "missing"}}, status=422), method="POST"
    )
    busy = status_server.route("/busy", body(b"", status=503, headers={"Retry-After": "7"}), method="POST")
    with pytest.raises(AuthError) as a:
        client.post(auth, json_body={"x": 1})
    assert a.value.status == 401
    with pytest.raises(RejectedError) as r:
        client.post(rejected, json_body={"x": 1})
    assert r.value.status == 422 and r.value.error == "invalid" and r.value.fields == {"title": "missing"}
    with pytest.raises(TransportError) as t:
        client.post(busy, json_body={"x": 1})
    assert t.value.status == 503 and t.value.retry_after == 7 and t.value.retryable


def test_answer_lost_after_a_post_is_an_unknown_outcome(client, status_server):
    received: list[bytes] = []
    url = status_server.route("/v1/cases", read_then_hang_up(received), method="POST")
    with pytest.raises(UnknownOutcomeError) as caught:
        client.post(url, json_body={"case_id": "c1"})
    assert received and json.loads(received[0]) == {"case_id": "c1"}  # it did arrive
    assert caught.value.msg.ko and "unknown" in caught.value.msg.en
    # the same loss on a GET is just a transport failure: asking again is safe
    status_server.route("/v1/cases", read_then_hang_up(received))
    with pytest.raises(TransportError):
        client.get(url)


def test_read_timeout_after_a_post_is_an_unknown_outcome(client, status_server):
    url = status_server.route("/v1/cases", slow(status_server, 3.0, json_body({})), method="POST")
    with pytest.raises(UnknownOutcomeError) as caught:
        client.post(url, json_body={"case_id": "c1"})
    assert isinstance(caught.value.cause, TransportError)


def test_refused_connection_is_a_transport_error_even_for_a_post(client):
    server = StatusServer().start()
    url = server.url("/v1/cases")
    server.stop()
    with pytest.raises(TransportError) as caught:
        client.post(url, json_body={"case_id": "c1"})
    assert not isinstance(caught.value, UnknownOutcomeError)
    assert "Cannot reach" in caught.value.msg.en


def _tls_server(tmp_path):
    """A StatusServer speaking TLS on 127.0.0.1 with a fresh self-signed certificate."""
    import datetime as dt
    import ipaddress
    import ssl

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    server = StatusServer()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.httpd.socket = context.wrap_socket(server.httpd.socket, server_side=True)
    return server.start(), str(cert_file)


def test_the_deadline_holds_over_tls_too(tmp_path):
    server, cert = _tls_server(tmp_path)
    try:
        ok = server.route("/ok.json", json_body({"ok": True})).replace("http://", "https://")
        trickle = HeaderTrickle(server, 0.3, lines=40)
        slow_url = server.route("/feed.json", trickle).replace("http://", "https://")
        with HttpClient(limits=FAST, verify=cert) as c:
            assert c.get(ok).json() == {"ok": True}
            with pytest.raises(TransportError) as caught:
                c.get(slow_url)
        assert "time limit" in caught.value.msg.en
        trickle.finished.wait(15)
        assert trickle.sent < 20, trickle.sent
        with HttpClient(limits=FAST) as c:  # the system's CAs do not know this certificate
            with pytest.raises(TransportError) as refused:
                c.get(ok)
        assert "TLS" in refused.value.msg.en
    finally:
        server.stop()
