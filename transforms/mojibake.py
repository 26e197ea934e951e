"""GBK byte-slip mojibake ("?梢哉f(shuō)" for 可以說): repaired by realigning the bytes, else masked.

How the damage arises (worked out on seed 000, see tests): the site added pinyin
glosses with a *byte-level* string replace over GBK text, and folded full-width
punctuation and letters to ASCII the same way. A match can straddle two
characters: 燃氣 is c8 bc | 9a e2 and bytes bc 9a spell 細 (xì), so "(xì)" is
inserted between 9a and e2. Decoding then gives
    c8 bc → 燃,  9a 28 → '?' (a lead byte before '('),  "xì)",  e2 b9 → 夤, dc be → 芫, 57 → W
i.e. "燃?xì)夤芫W": the lead byte of 氣 is lost into the '?', and every byte after
the gloss is read one byte out of step until an ASCII byte puts the decoder
back in step. A full-width fold (ｍ = a3 ed → 'm') straddling two characters,
and a lone Latin letter glued before a gloss ("F(xiàn)在": 現 = ac 46, lead lost),
are the same damage.

Repair: cut a window from the damage to the next byte that forces alignment,
turn it back into bytes (glosses dropped, each '?' or orphan letter an unknown
byte, each Latin letter either itself or the second half of a folded full-width
form), and search the unknown bytes (beam search) for the reading that decodes
as strict GBK and scores best under a word-frequency language model (jieba's
dictionary) - with the rule that a gloss "?py)" was inserted right after a real
two-byte character, the byte before the unknown plus the unknown. A window whose
best reading is not clearly plausible is masked with MASK instead; both are
counted, and the masked spans are returned so extraction never reads from them.

Runs before pinyin glosses are stripped, because the glosses mark the damage.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import regex

MASK = "□"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PY = rf"[a-zü{_TONED}]{{1,7}}(?:\s?[a-zü{_TONED}]{{1,7}})?"
_PY_TONED = rf"(?=[a-zü{_TONED}]*[{_TONED}]){_PY}"
# A gloss whose '(' was swallowed with the lead byte before it: "?xì)".
_Q_GLOSS = rf"\?{_PY_TONED}\)"
_GLOSS = rf"\({_PY_TONED}\)"
# Damage anchors: a swallowed-bracket gloss; a '?' standing between CJK text; a
# Latin letter glued before a gloss where it cannot be the trail byte of a character.
ANCHOR = regex.compile(
    rf"{_Q_GLOSS}"
    rf"|(?<=[^\x00-\x7f]|[^\x00-\x7f]\({_PY}\))\?(?=[^\x00-\x7f])"
    rf"|(?<![A-Za-z\x80-\uffff])[A-Za-z](?={_GLOSS})"
)
_TOKEN = regex.compile(
    rf"(?P<qgloss>\?(?P<py>{_PY_TONED})\))|(?P<gloss>{_GLOSS})|(?P<q>\?)|(?P<letter>[A-Za-z])|(?P<cjk>[^\x00-\x7f])"
)
# Sentence punctuation in the damaged text means the decoder was in step there: the window ends.
_WINDOW_END = set("，。、；：！？")
_ANY_GLOSS = regex.compile(rf"{_Q_GLOSS}|{_GLOSS}")
_ASCII = regex.compile(r"[\x00-\x7f]")
_HAN = regex.compile(r"\p{Han}")
_PARENTHESISED = regex.compile(r"\([^()]*\)")
_PARENTHESISED_OR_ASCII = regex.compile(r"\([^()]*\)|[\x00-\x7f]")
_MASK_RUN = regex.compile(regex.escape(MASK) + "+")
UNSEEN_CHAR_COST = 4.0
SIMPLIFIED_ONLY_COST = 12.0
MAX_WINDOW = 40  # tokens
BEAM = 40
_PINYIN_TABLE = __file__.rsplit("/", 1)[0] + "/gbk_pinyin.tsv"
_UNKNOWN_BYTES = [b for b in range(0x40, 0xFF) if b != 0x7F]


@dataclass(frozen=True)
class Repair:
    """One damaged window: where it was (in the input text), what it read, what it became."""

    start: int
    end: int
    damaged: str
    repaired: str | None  # None when masked
    score: float
    glosses: int = 0  # pinyin glosses dropped with the window


@lru_cache(maxsize=1)
def _lm() -> tuple[dict[str, int], float]:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.dt.FREQ, math.log(jieba.dt.total)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def lm_cost(text: str) -> float:
    """Negative log-probability of text's best segmentation into dictionary words (lower is better).

    Unknown single characters cost as much as the rarest word and a bit more, so
    mojibake (rare characters that form no words) scores far worse than text.
    """
    freq, logtotal = _lm()
    n = len(text)
    best = [0.0] + [math.inf] * n
    unk = logtotal - math.log(1) + 4.0
    for i in range(n):
        if best[i] == math.inf:
            continue
        base = best[i]
        # single character
        f = freq.get(text[i])
        c = (logtotal - math.log(f)) if f else unk
        if base + c < best[i + 1]:
            best[i + 1] = base + c
        for j in range(i + 2, min(n, i + 6) + 1):
            f = freq.get(text[i:j])
            if f:
                c = logtotal - math.log(f)
                if base + c < best[j]:
                    best[j] = base + c
    return best[n]


def _tokens(text: str, start: int) -> tuple[list[tuple[str, object]], int]:
    """Tokens of the damaged window starting at `start`; returns (tokens, end offset)."""
    toks: list[tuple[str, object]] = []
    pos = start
    while pos < len(text) and len(toks) < MAX_WINDOW:
        if toks and text[pos] in _WINDOW_END:
            break
        m = _TOKEN.match(text, pos)
        if m is None:
            break
        kind = m.lastgroup if m.lastgroup != "py" else "qgloss"
        if m.group("qgloss"):
            toks.append(("unknown", m.group("py")))
        elif m.group("gloss"):
            toks.append(("gloss", m.group("gloss")))
        elif m.group("q"):
            toks.append(("unknown", None))
        elif m.group("letter"):
            # A letter glued before a gloss at a position where it cannot be a trail byte
            # is the trail of a character whose lead byte was lost.
            nxt = text[m.end(): m.end() + 1]
            orphan = not toks and nxt == "("
            toks.append(("orphan" if orphan else "letter", m.group("letter")))
        elif m.group("cjk"):
            try:
                b = m.group("cjk").encode("gbk")
            except UnicodeEncodeError:
                break
            toks.append(("fixed", b))
        else:  # pragma: no cover
            break
        pos = m.end()
        del kind
    return toks, pos


def _decodes(data: bytes, final: bool) -> str | None:
    """Strict GBK decode of data; when not final a trailing lead byte may wait for its pair."""
    try:
        return data.decode("gbk")
    except UnicodeDecodeError as e:
        if not final and e.start == len(data) - 1 and data[-1] >= 0x81:
            try:
                return data[:-1].decode("gbk")
            except UnicodeDecodeError:
                return None
        return None


@lru_cache(maxsize=1)
def _readings() -> dict[str, frozenset[str]]:
    """Character → toned pinyin readings, for every Han character GBK encodes.

    Generated once from pypinyin 0.55 (heteronyms, tone marks) into gbk_pinyin.tsv
    beside this module: one line per reading, the characters that have it.
    """
    table: dict[str, set[str]] = {}
    with open(_PINYIN_TABLE, encoding="utf-8") as fh:
        for line in fh:
            py, _, chars = line.rstrip("\n").partition("\t")
            for ch in chars:
                table.setdefault(ch, set()).add(py)
    return {ch: frozenset(v) for ch, v in table.items()}


def reads_as(char: str, py: str) -> bool:
    """True when char has the toned pinyin reading py (ü spelled as in the gloss)."""
    return py.replace(" ", "") in _readings().get(char, ())


@lru_cache(maxsize=None)  # two bytes: at most 64K entries
def _han2(b: bytes) -> bool:
    try:
        s = b.decode("gbk")
    except UnicodeDecodeError:
        return False
    return len(s) == 1 and _HAN.match(s) is not None


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


@lru_cache(maxsize=None)  # one entry per character GBK can encode, at most
def _simplified_only(ch: str) -> bool:
    """True when s2t changes the character (it has a separate Traditional form)."""
    return _s2t().convert(ch) != ch


def _search(
    toks: list[tuple[str, object]],
    prev_byte: int | None,
    left: str,
    right: str,
    known: frozenset[str] = frozenset(),
    traditional: bool = False,
) -> tuple[str, float] | None:
    """Beam search over the unknown bytes and letter readings; returns (decoded window, cost).

    Cost = language-model cost of the Simplified reading, plus a penalty for each
    character the rest of the document never uses and, in a Traditional document,
    for each Simplified-only character (the damage never changes script).
    """
    beams: list[tuple[float, bytes]] = [(0.0, b"")]
    t2s = _t2s()

    def cost(data: bytes, final: bool) -> float | None:
        s = _decodes(data, final)
        if s is None:
            return None
        c = lm_cost(t2s.convert(left + s + (right if final else "")))
        if known:
            c += sum(UNSEEN_CHAR_COST for ch in s if ch not in known)
        if traditional:
            c += sum(SIMPLIFIED_ONLY_COST for ch in s if _simplified_only(ch))
        return c

    n_tok = len(toks)
    for idx, (kind, val) in enumerate(toks):
        final = idx == n_tok - 1
        options: list[bytes]
        if kind == "fixed":
            options = [val]  # type: ignore[list-item]
        elif kind == "gloss":
            options = [b""]
        elif kind == "letter":
            c = ord(val)  # type: ignore[arg-type]
            options = [bytes([c]), bytes([0xA3, c | 0x80])]
        elif kind == "orphan":
            c = ord(val)  # type: ignore[arg-type]
            options = [bytes([x, c]) for x in range(0x81, 0xFF)]
        else:  # unknown; a bare '?' may also be a real question mark
            options = [bytes([x]) for x in _UNKNOWN_BYTES] + ([b"?"] if val is None else [])
        nxt: list[tuple[float, bytes]] = []
        for _, data in beams:
            for opt in options:
                cand = data + opt
                if kind == "unknown" and val is not None:
                    before = cand[-2:-1] or (bytes([prev_byte]) if prev_byte is not None else b"")
                    if not before or not _han2(before + opt):
                        continue
                    if not reads_as((before + opt).decode("gbk"), val):  # type: ignore[arg-type]
                        continue
                if kind == "orphan" and not _han2(opt):
                    continue
                c = cost(cand, final)
                if c is None:
                    continue
                nxt.append((c, cand))
        if not nxt:
            return None
        nxt.sort(key=lambda t: t[0])
        # A state ending in a lone lead byte cannot be scored yet (its character is
        # unknown until the next byte): keep every such state for one more step.
        pending = [t for t in nxt if _decodes(t[1], True) is None]
        done = [t for t in nxt if _decodes(t[1], True) is not None]
        beams = done[:BEAM] + pending[: BEAM * 200]
    best_cost, best = beams[0]
    text = best.decode("gbk")
    return text, best_cost


def repair(text: str) -> tuple[str, dict[str, int]]:
    """Repair or mask GBK byte-slip runs. Returns (text, counts) - see repair_runs."""
    out, runs = repair_runs(text)
    counts = {
        "mojibake_repaired": sum(1 for r in runs if r.repaired is not None),
        "mojibake_masked": sum(1 for r in runs if r.repaired is None),
    }
    return out, counts


def repair_runs(text: str) -> tuple[str, list[Repair]]:
    """Find damaged windows, repair each by byte realignment or mask it.

    Returns (text, one Repair per window). Glosses inside a repaired window are
    dropped with it (the pinyin stage would drop them anyway). Fast path: text
    without '?' or glosses is returned untouched.
    """
    if "?" not in text and "(" not in text:
        return text, []
    runs: list[Repair] = []
    pieces: list[str] = []
    # Facts about the whole document, computed on first need (most texts have no anchor).
    glossed: bool | None = None
    known: frozenset[str] | None = None
    traditional = False
    last = 0
    pos = 0
    while True:
        m = ANCHOR.search(text, pos)
        if m is None:
            break
        start = m.start()
        if m.group(0) == "?":
            if glossed is None:
                # A bare '?' is damage only on pages that carry glosses (the sites that damage text this way).
                glossed = _ANY_GLOSS.search(text) is not None
            if not glossed:
                pos = m.end()
                continue
        toks, end = _tokens(text, start)
        if not toks or not any(k in ("unknown", "orphan") for k, _ in toks):
            pos = m.end()
            continue
        # Extend across chained damage: keep the window open while the next anchor follows directly.
        prev_char = text[start - 1] if start > 0 else ""
        try:
            pb = prev_char.encode("gbk") if prev_char else b""
        except UnicodeEncodeError:
            pb = b""
        prev_byte = pb[-1] if len(pb) == 2 else None
        left = text[max(0, start - 4): start]
        left = _PARENTHESISED_OR_ASCII.sub("", left)[-2:]
        right = _PARENTHESISED.sub("", text[end: end + 8])
        right = _ASCII.split(right)[0][:2]
        if known is None:
            from transforms.script import traditional_share

            known = frozenset(_ASCII.sub("", text))
            traditional = traditional_share(text) > 0.02
        found = _search(toks, prev_byte, left, right, known, traditional)
        damaged = text[start:end]
        if found is not None:
            repaired, c = found
            ok = _plausible(repaired, c, len(left) + len(right))
        else:
            repaired, c, ok = None, math.inf, False
        if ok and repaired == damaged.replace("(", "").replace(")", "") or found is not None and repaired == damaged:
            pos = m.end()  # the '?' was a real question mark
            continue
        n_gloss = sum(1 for k, _ in toks if k == "gloss") + sum(1 for k, v in toks if k == "unknown" and v)
        runs.append(
            Repair(start, end, damaged, repaired if ok else None, round(c, 2) if c != math.inf else -1.0, n_gloss)
        )
        pieces.append(text[last:start])
        pieces.append(repaired if ok else MASK)
        last = end
        pos = end
    pieces.append(text[last:])
    return "".join(pieces), runs


def _plausible(repaired: str, cost: float, context_chars: int) -> bool:
    """A repair is kept when it decodes to Han text at an ordinary language-model cost per character."""
    han = _HAN.findall(repaired)
    if not han and repaired.strip():
        return False
    n = max(1, len(repaired) + context_chars)
    return cost / n < 11.5


def masked_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of mask characters in cleaned text, for extractors to avoid."""
    if MASK not in text:
        return []
    return [(m.start(), m.end()) for m in _MASK_RUN.finditer(text)]
