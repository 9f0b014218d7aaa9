"""Time, text and back-off helpers of the status board."""

from __future__ import annotations

import datetime as dt

import pytest

from counter_app.errors import UserError
from counter_app.status.model import ItemError, bilingual, iso_out, parse_date_or_time, parse_time, strip_html
from counter_app.status.service import next_poll_delay, parse_source

UTC = dt.UTC


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025-10-01T03:00:00Z", dt.datetime(2025, 10, 1, 3, 0, tzinfo=UTC)),
        ("2025-10-01T03:00:00.123Z", dt.datetime(2025, 10, 1, 3, 0, tzinfo=UTC)),  # fractions dropped
        ("2025-10-01T12:00:00+09:00", dt.datetime(2025, 10, 1, 3, 0, tzinfo=UTC)),
        ("2025-10-01T12:00:00+0900", dt.datetime(2025, 10, 1, 3, 0, tzinfo=UTC)),
        ("2025-10-01 12:00:00", dt.datetime(2025, 10, 1, 3, 0, tzinfo=UTC)),  # Cachet: no zone = KST
        ("2025-10-01T12:00", dt.datetime(2025, 10, 1, 3, 0, tzinfo=UTC)),
        ("not a time", None),
        ("", None),
        (None, None),
        ("0001-01-01T00:00:00", None),
    ],
)
def test_parse_time_normalises_to_aware_utc(text, expected):
    got = parse_time(text)
    assert got == expected
    if got is not None:
        assert got.tzinfo is not None and got.utcoffset() == dt.timedelta(0)


def test_parse_time_refuses_wrong_types():
    for bad in (12345, 1.5, ["2025"], {"at": "x"}, True):
        with pytest.raises(ItemError):
            parse_time(bad)


def test_output_is_iso_with_kst_offset():
    assert iso_out(dt.datetime(2025, 10, 31, 3, 0, tzinfo=UTC)) == "2025-10-31T12:00:00+09:00"
    assert iso_out(None) is None
    assert parse_date_or_time("2025-11-20") == "2025-11-20"
    assert parse_date_or_time("2025-11-20T09:00:00Z") == "2025-11-20T18:00:00+09:00"
    assert parse_date_or_time("2025-13-40") is None


def test_strip_html_gives_safe_plain_text():
    text = strip_html(
        "<p>Restoring <b>now</b></p><script>alert(1)</script><style>p{}</style>"
        "<ul><li>one</li><li>two &amp; three</li></ul>&lt;tag&gt;"
    )
    assert text == "Restoring now\none\ntwo & three\n<tag>"
    assert strip_html("plain 5 < 6 text") == "plain 5 < 6 text"
    assert len(strip_html("<p>" + "x" * 10_000 + "</p>", limit=100)) == 100
    assert "\x00" not in strip_html("a\x00b")


def test_bilingual_text():
    assert bilingual("정부24") == ("정부24", "정부24")
    assert bilingual({"ko": "정부24", "en": "Government24"}) == ("정부24", "Government24")
    assert bilingual({"en": "only english"}) == ("only english", "only english")
    assert bilingual(None) == (None, None)
    with pytest.raises(ItemError):
        bilingual(5)
    with pytest.raises(ItemError):
        bilingual({"ko": 5})


def test_next_poll_delay_backs_off_with_cap_and_jitter():
    assert next_poll_delay(0, 300) == 300
    assert next_poll_delay(1, 300) == 600
    assert next_poll_delay(3, 300) == 2400
    assert next_poll_delay(10, 300) == 3600  # capped
    assert next_poll_delay(10, 300, cap_seconds=900) == 900
    assert next_poll_delay(100_000, 60) == 3600  # no overflow
    assert next_poll_delay(-5, 300) == 300
    assert next_poll_delay(2, 300, jitter=True, rng=lambda: 0.0) == 600  # half of 1200
    assert next_poll_delay(2, 300, jitter=True, rng=lambda: 0.999999) == pytest.approx(1200, abs=0.01)
    delays = {next_poll_delay(2, 300, jitter=True) for _ in range(20)}
    assert all(600 <= d <= 1200 for d in delays) and len(delays) > 1


def test_parse_source():
    assert parse_source("native:/media/usb/feed.json") == ("native", "/media/usb/feed.json")
    assert parse_source("statuspage:https://x/api/v2/summary.json") == ("statuspage", "https://x/api/v2/summary.json")
    assert parse_source("CACHET:http://x") == ("cachet", "http://x")
    for bad in ("http://x", "rss:http://x", "native:", "feed.json"):
        with pytest.raises(UserError) as err:
            parse_source(bad)
        assert "KIND:LOCATION" in err.value.text("en")
