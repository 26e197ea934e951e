"""Pinyin glosses inside words, as scraped pages print them: 長(zhǎng), 說(shuō)."""

from __future__ import annotations

import regex

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A gloss is a parenthesised run of Latin letters holding at least one tone mark
# (one syllable, sometimes two), directly after a character. Parentheses holding
# Chinese, digits or plain ASCII words are not glosses and survive.
# Neutral-tone syllables carry no tone mark (們(men), 的(de)); they count as glosses only
# directly after a Chinese character, where a bare English word never stands in parentheses.
_NEUTRAL = "men|de|le|zi|me|ne|ba|ma|zhe|ge|tou|li|shang|xia|guo|lai|qu|jia|er"
GLOSS = regex.compile(
    rf"[\(（]\s*(?=[a-zü{_TONED}]*[{_TONED}])[a-zü{_TONED}]{{1,7}}(?:\s?[a-zü{_TONED}]{{1,7}})?\s*[\)）]"
    rf"|(?<=\p{{Han}})[\(（](?:{_NEUTRAL})[\)）]"
)


def strip_pinyin(text: str) -> tuple[str, int]:
    """Remove pinyin glosses. Returns (text, number of glosses removed)."""
    if "(" not in text and "（" not in text:
        return text, 0  # every gloss is parenthesised
    return GLOSS.subn("", text)
