"""decode_bytes: encodings, invalid bytes and quarantine reasons, on our own sentences."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402

from transforms.decode import decode_bytes  # noqa: E402

SPEECH = (
    "同志们：今天我们召开全市城市管理工作会议，主要任务是总结去年工作，部署今年任务。"
    "去年以来，全市新增绿地面积120万平方米，建成区绿化覆盖率达到41.5%，城市面貌明显改善。"
    "今年要继续推进老旧小区改造，完成改造项目35个，确保群众满意度稳步提升。"
)
TRAD = "同志們：今天我們召開全市城市管理工作會議，主要任務是總結去年工作，部署今年任務。" * 3


@pytest.mark.parametrize(
    "data,encoding",
    [
        (SPEECH.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + SPEECH.encode("utf-8"), "utf-8-sig"),
        (SPEECH.encode("utf-16"), "utf-16"),
        (SPEECH.encode("utf-16-le"), "utf-16-le"),
        (SPEECH.encode("utf-16-be"), "utf-16-be"),
        (SPEECH.encode("gb18030"), "gb18030"),
    ],
)
def test_encodings(data, encoding):
    d = decode_bytes(data)
    assert d.text.lstrip("\ufeff") == SPEECH
    assert d.encoding == encoding and d.replaced == 0 and d.quarantine is None


def test_big5_is_tried_before_gb18030():
    d = decode_bytes(TRAD.encode("big5"))
    assert d.encoding == "big5" and d.text == TRAD


def test_gbk_traditional_is_not_taken_for_big5():
    d = decode_bytes(TRAD.encode("gbk"))
    assert d.encoding == "gb18030" and d.text == TRAD


def test_a_few_invalid_bytes_are_replaced_and_counted():
    data = SPEECH.encode("utf-8")
    data = data[:30] + b"\xff\xfe\xff" + data[30:]
    d = decode_bytes(data)
    assert d.quarantine is None and 1 <= d.replaced <= 3
    assert "城市面貌明显改善" in d.text


@pytest.mark.parametrize(
    "data,reason",
    [
        (b"", "empty"),
        (b"   \n\n ", "no text"),
        (b"The city council met today to discuss parks and roads. " * 10, "not Chinese"),
        ("同志们：会议开始。".encode(), "too short"),
        (bytes(range(256)) * 40, None),
    ],
)
def test_quarantine_reasons(data, reason):
    d = decode_bytes(data)
    assert d.quarantine is not None
    if reason:
        assert reason in d.quarantine
