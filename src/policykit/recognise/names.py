"""School names and titles: sensible casing, and telling a name from a motto or a label."""

from __future__ import annotations

import functools
import re

# Words kept lower case inside a name, and forms kept exactly.
_SMALL = {
    "of",
    "and",
    "the",
    "in",
    "on",
    "at",
    "for",
    "de",
    "la",
    "le",
    "du",
    "upon",
    "with",
    "under",
    "by",
    "a",
    "an",
    "&",
}
_EXACT = {
    "ce": "CE",
    "rc": "RC",
    "c": "C",
    "va": "VA",
    "vc": "VC",
    "uk": "UK",
    "mat": "MAT",
    "ii": "II",
    "iii": "III",
    "iv": "IV",
    "jmi": "JMI",
    "sen": "SEN",
    "send": "SEND",
    "pru": "PRU",
    "utc": "UTC",
    "st": "St",
    "st.": "St.",
}
_WORD = re.compile(r"[^\s\-/]+|[\s\-/]+")

SCHOOL_WORDS = re.compile(
    r"\b(school|academy|college|primary|infants?|juniors?|nursery|secondary|high|grammar|"
    r"federation|trust|church of england|c of e|catholic|community|learning|studio|free school|"
    r"middle|first school|sixth form|education|centre|center)\b",
    re.IGNORECASE,
)
SCHOOL_NOUN_AT_END = re.compile(
    r"\b(school|academy|college|federation|trust|infants?|juniors?|nursery|primary|"
    r"sixth form|pru)\W*$",
    re.IGNORECASE,
)
_SCHOOL_NAME_IN_TEXT = re.compile(
    r"\b((?:St\.? |Saint )?[A-Z][A-Za-z'’.\-]+(?: (?:[A-Z][A-Za-z'’.\-]+|of|and|the|de|upon|"
    r"in|on|C of E|CE|RC|&))*? (?:(?:Primary|Junior|Infant|Nursery|Secondary|High|Grammar|"
    r"Community|Catholic|Church of England|C of E|CE|Middle|First|Free|Special|Studio)"
    r"(?: [A-Z][a-z]+)*? )?(?:School|Academy|College))\b"
)


_ASCII_LOWER = re.compile(r"[a-z]")
_THREE_CAPITALS = re.compile(r"[A-Z](?:[^A-Z]*[A-Z]){2}")


def is_shouting(text: str) -> bool:
    """Every cased letter is upper case (at least three, and most of the letters)."""
    if _ASCII_LOWER.search(text):
        return False  # a cased letter that is not upper case: the usual answer, found fast
    if text.isascii():
        # the letters are the cased letters, all capitals: are there three?
        return _THREE_CAPITALS.search(text) is not None
    cased = [c for c in text if c.lower() != c.upper()]
    letters = sum(1 for c in text if c.isalpha())
    return len(cased) >= 3 and len(cased) * 2 >= letters and all(c.isupper() for c in cased)


def smart_case(text: str) -> str:
    """ "WOOTTON PARK" -> "Wootton Park", "ST MARY'S C OF E SCHOOL" -> "St Mary's C of E School".

    Text that already mixes cases is kept as written.
    """
    text = " ".join(text.split())  # runs of whitespace made one space, ends trimmed
    if not is_shouting(text):
        return text
    out: list[str] = []
    first = True
    for token in _WORD.findall(text):
        if not token.strip() or not any(c.isalpha() for c in token):
            out.append(token)
            continue
        lower = token.lower()
        if lower in _EXACT:
            out.append(_EXACT[lower])
        elif lower in _SMALL and not first:
            out.append(lower)
        else:
            out.append(_capitalise(lower))
        first = False
    return "".join(out)


_APOSTROPHE = re.compile(r"(['’])")


def _capitalise(word: str) -> str:
    # "mary's" -> "Mary's"; "o'neill" -> "O'Neill"; "mcdonald" stays "Mcdonald" (rare, harmless)
    parts = _APOSTROPHE.split(word)
    result = parts[0][:1].upper() + parts[0][1:]
    i = 1
    while i < len(parts) - 1:
        tail = parts[i + 1]
        # a one-letter prefix before an apostrophe is a name part (O'Neill); "'s" is not
        if len(parts[i - 1]) == 1 and len(tail) > 1:
            tail = tail[:1].upper() + tail[1:]
        result += parts[i] + tail
        i += 2
    return result


NOT_A_NAME_START = {
    "at",
    "in",
    "our",
    "as",
    "for",
    "here",
    "welcome",
    "this",
    "all",
    "every",
    "within",
    "across",
    "from",
    "by",
    "to",
    "when",
    "where",
    "whilst",
    "while",
}
_NAME_SMALL_WORDS = {"of", "and", "the", "upon", "on", "in", "de", "la", "&", "c", "e"}


def starts_like_a_sentence(text: str) -> bool:
    """ "At Oakfield ...", "Our school ..." -- but "Our Lady of Lourdes" is a name."""
    words = text.split()
    if not words or words[0].lower() not in NOT_A_NAME_START:
        return False
    return not (len(words) > 1 and words[0].lower() == "our" and words[1].lower() == "lady")


def is_title_case_name(text: str) -> bool:
    """ "Monks Park", "Elizabeth Garrett", "St Mary's C of E": capitalised words only."""
    words = text.split()
    if not 1 <= len(words) <= 8 or starts_like_a_sentence(text):
        return False
    return all(w[:1].isupper() or w.lower() in _NAME_SMALL_WORDS for w in words) and any(
        c.isalpha() for c in text
    )


def looks_like_motto(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and (
        stripped[0] in "'\"‘“" or stripped.endswith(("'", '"', "’", "”")) or len(stripped) > 90
    )


def find_school_names(text: str) -> list[str]:
    """Names such as "Oakfield Primary School" written in running text."""
    found = []
    for match in _SCHOOL_NAME_IN_TEXT.finditer(text):
        name = match.group(1)
        while starts_like_a_sentence(name) and " " in name:
            name = name.split(" ", 1)[1]
        if not starts_like_a_sentence(name):
            found.append(name)
    return found


_ENDS_WITH_SCHOOL_WORD = re.compile(r"\b(school|academy|college)$", re.IGNORECASE)


def ends_with_school_word(name: str) -> bool:
    """ "Oakfield School", "Elm Academy": nothing for :func:`extend_with_school_word` to add."""
    return _ENDS_WITH_SCHOOL_WORD.search(name) is not None


def extend_with_school_word(name: str, text: str) -> str:
    """ "John Clifford" -> "John Clifford School" when the document writes it so."""
    if ends_with_school_word(name):
        return name
    match = _named_school(name).search(text)
    if match is None:
        return name
    suffix = match.group(1)
    return name + (smart_case(suffix) if is_shouting(suffix) else suffix)


@functools.lru_cache(maxsize=256)
def _named_school(name: str) -> re.Pattern[str]:
    """The name followed by school words ("Primary School"); remembered: a trust's
    documents name the same schools again and again."""
    return re.compile(
        re.escape(name)
        + r"((?: (?:Primary|Junior|Infant|Nursery|Secondary|High|Grammar|Community|Catholic|"
        r"Church of England|C of E|CE|Middle|First|Free|Special))*"
        r" (?:School|Academy|College))\b",
        re.IGNORECASE,
    )


_AFFILIATION = re.compile(
    r"\s*(?:[•·|–—,-]|\s)\s*(?:(?:a|proud(?:ly)?)\s+)*(?:part|member)\s+of\b.*$|"
    r"\s*[•·|]\s*(?:[A-Z][\w'&-]*\s+){0,6}(?:trust|partnership|federation|diocese)\b.*$",
    re.IGNORECASE,
)


def without_affiliation(text: str) -> str:
    """ "Northgate High School • Part of Chiltern Vale Learning Trust" -> "Northgate High School".

    A school's name line often names its trust after a bullet or a dash; the
    school is the name before it (the whole line when nothing is left).
    """
    return _AFFILIATION.sub("", text).strip() or text
