"""Raw bytes → text: encoding detection, decoding and the quarantine decision.

Order of attempts (measured on GB/Big5 test files): Big5 bytes decode as GB18030
without error into garbage, while GB bytes fail a strict Big5 decode within ~100
bytes. So: BOM → strict UTF-8 → BOM-less UTF-16 heuristics → strict Big5 →
strict GB18030, and a detector (charset-normalizer) only when none of those is
clean. A file that decodes only with replacement characters is kept, with the
count of replaced bytes recorded.
"""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass

import regex

SUPPORTED_SUFFIXES = (".txt", ".htm", ".html")
MIN_CHARS = 80  # shorter than a paragraph: nothing a speech could hold
MIN_HAN_SHARE = 0.2  # of non-space characters; below it the file is not Chinese text

_HAN = regex.compile(r"\p{Han}")
_NOT_HAN_RUN = regex.compile(r"\P{Han}+")
_SPACE_RUN = regex.compile(r"\s+")
_HAN_CHUNK = 2048
_ENOUGH_HAN = regex.compile(rf"(?:\p{{Han}}[^\p{{Han}}]*){{{MIN_CHARS}}}")


@dataclass(frozen=True)
class Decoded:
    """Result of decoding one raw file.

    text: decoded text ('' when undecodable); encoding: codec name used;
    replaced: count of U+FFFD substitutions; quarantine: reason or None.
    """

    text: str
    encoding: str | None
    replaced: int
    quarantine: str | None


def sha256_hex(data: bytes) -> str:
    """Hex SHA-256 of raw bytes."""
    return hashlib.sha256(data).hexdigest()


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_utf16(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from the zero-byte pattern of ASCII-range chars and CJK.

    CJK in UTF-16 has no zero bytes, so the zero-byte share alone misses it; we
    also accept a strict decode whose result is mostly Han + ASCII punctuation.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _strict(data, codec)
        if text is None:
            continue
        sample = text[:4000]
        if not sample:
            continue
        good = sum(1 for ch in sample if _HAN.match(ch) or ch.isascii() and (ch.isprintable() or ch in "\r\n\t"))
        good += sum(1 for ch in sample if ch in "，。、；：？！“”‘’（）《》【】—…·　％")
        share = good / len(sample)
        if share > 0.9 and (best is None or share > best[0]):
            best = (share, codec)
    return best[1] if best else None


def _han_share_below(text: str, share: float) -> bool:
    """True when Han characters are less than `share` of the non-space characters of
    the first 20,000 characters.

    Counting by deletion (what is left is exactly the characters counted), chunk by
    chunk, stopping as soon as the Han characters alone settle the answer: more than
    share × the sample length (+1 against any float rounding) can never be below it.
    Ordinary Chinese text is decided within the first few thousand characters.
    """
    sample = text[:20000]
    enough = share * len(sample) + 1
    han = 0
    for start in range(0, len(sample), _HAN_CHUNK):
        han += len(_NOT_HAN_RUN.sub("", sample[start: start + _HAN_CHUNK]))
        if han > enough:
            return False
    non_space = len(_SPACE_RUN.sub("", sample))
    return (han / non_space if non_space else 0.0) < share


def decode_bytes(data: bytes) -> Decoded:
    """Decode raw file bytes; decide whether the file must be quarantined.

    Input: the file's bytes. Output: a Decoded with the text (never raises).
    """
    if not data:
        return Decoded("", None, 0, "empty file")
    if b"\x00" in data[:4096] and not (data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE)):
        codec = _looks_utf16(data)
        if codec is None:
            return Decoded("", None, 0, "binary content (NUL bytes)")
        return _finish(data.decode(codec), codec, 0)

    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
        return _finish(text, "utf-8-sig", text.count("\ufffd"))
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        text = data.decode("utf-16", errors="replace")
        return _finish(text, "utf-16", text.count("\ufffd"))

    for codec in ("utf-8",):
        text = _strict(data, codec)
        if text is not None:
            return _finish(text, codec, 0)
    codec16 = _looks_utf16(data)
    if codec16:
        return _finish(data.decode(codec16), codec16, 0)
    for codec in ("big5", "gb18030"):
        text = _strict(data, codec)
        if text is not None:
            return _finish(text, codec, 0)

    # Nothing decodes cleanly: a few bad bytes in an otherwise good file, or a mixture.
    # Pick the codec with the fewest replacements among the likely ones, with the
    # detector's guess as a tie-breaker.
    candidates = ["utf-8", "gb18030", "big5"]
    guess = _detector_guess(data)
    if guess and guess not in candidates:
        candidates.append(guess)
    scored = []
    for codec in candidates:
        try:
            text = data.decode(codec, errors="replace")
        except LookupError:
            continue
        scored.append((text.count("\ufffd"), codec != guess, codec, text))
    scored.sort(key=lambda t: (t[0], t[1]))
    replaced, _, codec, text = scored[0]
    if replaced:
        # Robustness (issue #9): a file glued from a UTF-8 part and a GB/Big5 part decoded as
        # one codec turned the other part into mojibake that was loaded as text.
        mixed = _decode_mixed_lines(data)
        if mixed is not None and mixed[2] < replaced:
            return _finish(*mixed)
    return _finish(text, codec, replaced)


def _decode_mixed_lines(data: bytes) -> tuple[str, str, int] | None:
    """Decode a file whose lines mix UTF-8 with one legacy codec (GB18030 or Big5).

    A line is UTF-8 when at most one byte sequence in 50 characters fails to decode as
    UTF-8 (so a truncated character stays a U+FFFD, not a guessed legacy character);
    the other lines are decoded together with the first legacy codec that decodes
    them strictly, else the one with fewest replacements. b'\\n' is never part of a
    multibyte GB18030/Big5/UTF-8 character, so splitting there is safe. Returns
    (text, 'utf-8+<codec>', replacements) or None when the file is not mixed.
    """
    lines = data.split(b"\n")
    utf8: dict[int, str] = {}
    foreign: list[int] = []
    for i, line in enumerate(lines):
        if line.isascii():
            utf8[i] = line.decode("ascii")
            continue
        text = line.decode("utf-8", errors="replace")
        if text.count("\ufffd") <= max(1, len(text) // 50):
            utf8[i] = text
        else:
            foreign.append(i)
    if not foreign or not any(not lines[i].isascii() for i in utf8):
        return None
    rest = b"\n".join(lines[i] for i in foreign)
    # Short GB text is often valid Big5 too (and the reverse), so a strict decode does not decide:
    # fewest replacements first, then the decoding that looks like Chinese prose (Chinese
    # punctuation, not bopomofo, kana, private-use or compatibility forms), then GB18030.
    def rank(codec: str) -> tuple[int, int, bool]:
        text = rest.decode(codec, errors="replace")
        return (text.count("\ufffd"), -_plausibility(text), codec != "gb18030")

    codec = min(("big5", "gb18030"), key=rank)
    out = [utf8[i] if i in utf8 else lines[i].decode(codec, errors="replace") for i in range(len(lines))]
    replaced = sum(out[i].count("\ufffd") for i in range(len(lines)))
    return "\n".join(out), f"utf-8+{codec}", replaced


_PROSE_PUNCT = frozenset("，。、；：？！“”‘’（）《》【】—…·％")
# Bopomofo, kana, Greek/Cyrillic, box drawing, private use, compatibility ideographs and forms:
# what GB bytes read as Big5 (or Big5 bytes read as GB18030) turn into.
_IMPLAUSIBLE = regex.compile(r"[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\u3100-\u312f\ue000-\uf8ff\uf900-\ufaff\ufe30-\ufe6f]")


def _plausibility(text: str) -> int:
    """Han characters and Chinese punctuation, minus a heavy penalty per implausible character."""
    good = len(_NOT_HAN_RUN.sub("", text)) + sum(1 for ch in text if ch in _PROSE_PUNCT)
    return good - 5 * len(_IMPLAUSIBLE.findall(text))


def _detector_guess(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    return codecs.lookup(best.encoding).name


def _finish(text: str, encoding: str, replaced: int) -> Decoded:
    stripped = text.strip()
    if not stripped:
        return Decoded(text, encoding, replaced, "no text after decoding")
    if replaced and replaced > max(20, len(text) // 20):
        return Decoded(text, encoding, replaced, f"undecodable: {replaced} invalid byte sequences under {encoding}")
    if _han_share_below(stripped, MIN_HAN_SHARE):
        return Decoded(text, encoding, replaced, "not Chinese text")
    if _ENOUGH_HAN.search(stripped) is None:
        return Decoded(text, encoding, replaced, f"too short (< {MIN_CHARS} Chinese characters)")
    return Decoded(text, encoding, replaced, None)
