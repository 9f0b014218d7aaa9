"""Signed native feeds without an office (status/publish.py, status/publish_server.py): the detached
JWS of RFC 7515 Appendix F, what a verifier concludes, atomic writing, and the feed server's rules."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import http.client
import json
import threading

import pytest

from counter_app import pki
from counter_app.status.publish import (
    UNSIGNED,
    UNVERIFIED,
    VERIFIED,
    Signature,
    SignatureError,
    b64url,
    feed_bytes,
    is_signed_location,
    jws_location,
    sign_detached,
    trust_of,
    verify_detached,
    write_pair,
)

NOW = dt.datetime(2026, 11, 24, 1, 0, tzinfo=dt.UTC)


def _office(code: str):
    root_key, root = pki.create_root(code, f"사무소 {code}", NOW)
    key = pki.generate_key()
    cert = pki.issue_terminal_certificate(root_key, root, "T1", key.public_key(), NOW)
    return pki.TerminalSigner(key, cert, root), root


@pytest.fixture(scope="module")
def first():
    return _office("2611051000")


@pytest.fixture(scope="module")
def second():
    return _office("2611052000")


def _trusting(*roots):
    def verify(ders):
        found = pki.verify_chain(ders, roots, at=NOW + dt.timedelta(days=1))

        class Who:
            office_code, terminal = found.office_code, found.terminal
            office_name = "first office"
            root_fingerprint = pki.fingerprint(found.root)

        return Who

    return verify


PAYLOAD = feed_bytes({"format": "counter_app.status-feed", "version": 1, "systems": []})


def test_detached_compact_serialisation(first):
    signer, root = first
    jws = sign_detached(PAYLOAD, signer).decode("ascii")
    protected, payload_part, signature = jws.split(".")
    assert payload_part == ""  # detached (RFC 7515 Appendix F)
    assert "=" not in jws and "+" not in jws and "/" not in jws.replace(protected, "").replace(signature, "")
    header = json.loads(base64.urlsafe_b64decode(protected + "=" * (-len(protected) % 4)))
    assert header["alg"] == "ES256"
    assert [base64.b64decode(c) for c in header["x5c"]] == [pki.to_der(signer.certificate), pki.to_der(root)]
    raw = base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))
    assert len(raw) == 64  # r‖s
    assert pki.verify_es256(signer.certificate, raw, f"{protected}.{b64url(PAYLOAD)}".encode("ascii"))


def test_trusted_unverified_and_tampered(first, second):
    signer, root = first
    jws = sign_detached(PAYLOAD, signer)
    sig = verify_detached(PAYLOAD, jws, _trusting(root))
    assert sig.state == VERIFIED and sig.signed_by["office_code"] == "2611051000"
    other = verify_detached(PAYLOAD, jws, _trusting(second[1]))
    assert other.state == UNVERIFIED and other.office_code == "2611051000" and other.signed_by is None
    assert other.reason == pki.UNKNOWN_ISSUER
    changed = bytearray(PAYLOAD)
    changed[10] ^= 1
    with pytest.raises(SignatureError):
        verify_detached(bytes(changed), jws, _trusting(root))


def test_a_swapped_certificate_or_a_forged_header_is_refused(first, second):
    signer, root = first
    jws = sign_detached(PAYLOAD, signer).decode("ascii")
    protected, _, signature = jws.split(".")
    header = json.loads(base64.urlsafe_b64decode(protected + "=" * (-len(protected) % 4)))
    header["x5c"][0] = base64.b64encode(pki.to_der(second[0].certificate)).decode()  # claim another signer
    forged = b64url(json.dumps(header).encode()) + ".." + signature
    with pytest.raises(SignatureError):
        verify_detached(PAYLOAD, forged.encode(), _trusting(root, second[1]))
    for broken in (
        b"",
        b"a.b.c",
        b"..",
        jws.replace("..", ".x.").encode(),
        b"\xff\xfe",
        (b64url(b'{"alg":"none","x5c":[]}') + ".." + signature).encode(),
    ):
        with pytest.raises(SignatureError):
            verify_detached(PAYLOAD, broken, _trusting(root))


def test_trust_is_judged_again_from_the_stored_chain(first):
    signer, root = first
    sig = verify_detached(PAYLOAD, sign_detached(PAYLOAD, signer), None)
    assert sig.state == UNVERIFIED
    again = Signature.from_json(json.loads(json.dumps(sig.as_json())))
    assert again is not None and trust_of(again.x5c, _trusting(root)).state == VERIFIED
    assert trust_of((), _trusting(root)).state == UNSIGNED


def test_locations():
    assert is_signed_location("https://gu.example/status/feed.json")
    assert is_signed_location("/media/usb/feed.json") and not is_signed_location("/media/usb/board.json")
    assert jws_location("https://gu.example/feed.json?x=1") == "https://gu.example/feed.json.jws?x=1"
    assert jws_location("/media/usb/feed.json") == "/media/usb/feed.json.jws"


def test_write_pair_leaves_whole_files_only(tmp_path, first):
    import os

    old = os.umask(0o077)  # as the program runs (paths.py): the published folder is still public
    out = tmp_path / "pub"
    try:
        write_pair(out, PAYLOAD, sign_detached(PAYLOAD, first[0]))
    finally:
        os.umask(old)
    write_pair(out, PAYLOAD + b" ", sign_detached(PAYLOAD + b" ", first[0]))
    assert sorted(p.name for p in out.iterdir()) == ["feed.json", "feed.json.jws"]
    assert (out / "feed.json").read_bytes() == PAYLOAD + b" "
    assert oct((out / "feed.json").stat().st_mode & 0o777) == "0o644"  # public: a web server reads it
    assert oct(out.stat().st_mode & 0o777) == "0o755"


@pytest.fixture
def server(tmp_path):
    from counter_app.status.publish_server import make_server

    (tmp_path / "feed.json").write_bytes(PAYLOAD)
    (tmp_path / "feed.json.jws").write_bytes(b"h..s")
    srv = make_server(tmp_path, "127.0.0.1", 0)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    srv.dir = tmp_path
    yield srv
    srv.shutdown()
    srv.server_close()
    thread.join(5)


def _ask(srv, method="GET", path="/feed.json", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", srv.server_address[1], timeout=5)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def test_the_server_serves_the_pair_and_nothing_else(server):
    status, headers, body = _ask(server)
    assert status == 200 and body == PAYLOAD and headers["content-type"].startswith("application/json")
    assert headers["x-content-type-options"] == "nosniff"
    assert _ask(server, path="/feed.json.jws")[1]["content-type"] == "application/jose"
    assert _ask(server, "HEAD")[2] == b"" and _ask(server, "HEAD")[0] == 200
    assert _ask(server, "POST")[0] == 405 and _ask(server, "PUT")[0] == 405
    assert _ask(server, path="/")[0] == 404 and _ask(server, path="/feed.json%00")[0] == 404
    assert _ask(server, path="/feed.json?poll=1")[0] == 200  # a cache-buster query is harmless
    assert _ask(server, headers={"If-None-Match": "*"})[0] == 304
    assert _ask(server, headers={"Accept-Encoding": "gzip;q=0"})[1].get("content-encoding") is None
    status, headers, body = _ask(server, headers={"Accept-Encoding": "br, gzip"})
    assert headers["content-encoding"] == "gzip" and gzip.decompress(body) == PAYLOAD


def test_a_new_publication_changes_the_etag(server):
    etag = _ask(server)[1]["etag"]
    assert _ask(server, headers={"If-None-Match": etag})[0] == 304
    assert _ask(server, headers={"If-None-Match": f'"other", W/{etag}'})[0] == 304
    write_pair(server.dir, PAYLOAD + b"\n", b"x..y")
    status, headers, body = _ask(server, headers={"If-None-Match": etag})
    assert status == 200 and headers["etag"] != etag and body == PAYLOAD + b"\n"
