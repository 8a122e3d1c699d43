"""Turn a file's raw bytes into text, or raise a failure that says why not.

The corpus mixes UTF-8, UTF-16 exports with a BOM, legacy Russian pages in
windows-1251 and KOI8-R, Western text in windows-1252/Latin-1, and non-text
files (PDFs, images, archives) or empty files.  ``decode_bytes`` decides in
this order, because each later step would be fooled without the earlier ones:

1. no bytes at all                      -> DecodeFailure('empty')
2. a byte-order mark names the codec    -> UTF-8-sig, UTF-32 LE/BE, UTF-16 LE/BE
3. known binary signatures (PDF, PNG, ZIP, ...), NUL bytes, or many control
   characters                           -> DecodeFailure('binary')
4. strict UTF-8                         -> 'utf-8'
5. single-byte codecs: every candidate is read and judged on the text it
   produces (see ``_choose_single_byte``); none plausible -> 'undecodable'
6. decoded text is whitespace only      -> DecodeFailure('empty')

Canonical names in ``Decoded.encoding`` (all are valid Python codec names):
``utf-8``, ``utf-8-sig``, ``utf-16-le``, ``utf-16-be``, ``utf-32-le``,
``utf-32-be``, ``windows-1251``, ``koi8-r``, ``windows-1252``.
Latin-1 files are reported as ``windows-1252``: it is the superset used in
practice (WHATWG decodes the ``iso-8859-1`` label the same way) and it turns
bytes 0x80-0x9F into the quotes and dashes the author typed, where Latin-1
would produce invisible control characters.  A pure Latin-1 file decodes to
the same text under both.
"""

from __future__ import annotations

import codecs
import math
import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

from pipeline.status import Status
from pipeline.text.scripts import is_cyrillic

UTF8 = "utf-8"
UTF8_SIG = "utf-8-sig"
UTF16_LE = "utf-16-le"
UTF16_BE = "utf-16-be"
UTF32_LE = "utf-32-le"
UTF32_BE = "utf-32-be"
WINDOWS_1251 = "windows-1251"
KOI8_R = "koi8-r"
WINDOWS_1252 = "windows-1252"

ENCODINGS = (UTF8, UTF8_SIG, UTF16_LE, UTF16_BE, UTF32_LE, UTF32_BE,
             WINDOWS_1251, KOI8_R, WINDOWS_1252)
"""Every value ``Decoded.encoding`` can take."""

@dataclass(frozen=True)
class Decoded:
    """Decoded text and the codec that produced it.

    ``text`` has the BOM removed and newlines untouched, so character offsets
    computed downstream index into exactly this string.
    """

    text: str
    encoding: str


class DecodeFailure(Exception):
    """The bytes are not usable text; ``reason`` tells a person what to do."""

    def __init__(self, status: Status, reason: str) -> None:
        super().__init__(reason)
        self.status: Status = status
        self.reason = reason


def decode_bytes(raw: bytes) -> Decoded:
    """Decode a file's bytes, or raise DecodeFailure with a status and reason."""
    if not raw:
        raise DecodeFailure(Status.EMPTY, "file is empty (0 bytes); nothing to extract")
    decoded = _decode_by_bom(raw)
    if decoded is None:
        _reject_binary_bytes(raw)
        decoded = _decode_utf8(raw) or _choose_single_byte(raw)
    else:
        # UTF-8 holds each control character as the same single byte.
        _reject_control_heavy(decoded.text.encode(UTF8), len(decoded.text))
    _reject_blank(decoded)
    return decoded


# --- step 2: byte-order marks ------------------------------------------------

# UTF-32 LE must be tried before UTF-16 LE: its BOM starts with FF FE.
_BOMS = (
    (codecs.BOM_UTF8, UTF8_SIG, UTF8),
    (codecs.BOM_UTF32_LE, UTF32_LE, UTF32_LE),
    (codecs.BOM_UTF32_BE, UTF32_BE, UTF32_BE),
    (codecs.BOM_UTF16_LE, UTF16_LE, UTF16_LE),
    (codecs.BOM_UTF16_BE, UTF16_BE, UTF16_BE),
)


def _decode_by_bom(raw: bytes) -> Decoded | None:
    """Decode by the byte-order mark, if any; a BOM is stronger than any guess."""
    for bom, name, codec in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):]
            try:
                return Decoded(body.decode(codec), name)
            except UnicodeDecodeError as error:
                raise DecodeFailure(
                    Status.UNDECODABLE,
                    f"file starts with a {name} byte-order mark but is not valid "
                    f"{codec} (error at byte {error.start + len(bom)}); it is "
                    f"probably truncated or mixes encodings - re-export it as UTF-8",
                ) from error
    return None


# --- step 3: binary detection ---------------------------------------------------

_SIGNATURES = (
    (b"%PDF", "a PDF document", "convert it to text first"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image", "it holds no text; skip it or run OCR first"),
    (b"\xff\xd8\xff", "a JPEG image", "it holds no text; skip it or run OCR first"),
    (b"GIF87a", "a GIF image", "it holds no text; skip it or run OCR first"),
    (b"GIF89a", "a GIF image", "it holds no text; skip it or run OCR first"),
    (b"PK\x03\x04", "a ZIP archive (also .docx/.xlsx/.odt)",
     "unpack it, or convert the document to text first"),
    (b"PK\x05\x06", "an empty ZIP archive", "remove it from the corpus"),
    (b"\x1f\x8b", "a gzip archive", "decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive", "unpack it first"),
    (b"Rar!\x1a\x07", "a RAR archive", "unpack it first"),
    (b"\x7fELF", "an ELF executable or library", "remove it from the corpus"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
     "a legacy Microsoft Office file (.doc/.xls/.ppt, OLE2 container)",
     "convert it to text first"),
)

_CONTROL_BYTES = bytes([code for code in range(0x20) if chr(code) not in "\t\n\r\f\v"] + [0x7F])
"""C0 controls and DEL, except the whitespace that text files use."""


_MAX_CONTROL_SHARE = 0.05
"""Text uses only tab/newline/CR/FF/VT; 1 in 20 other C0 controls is binary."""


def _reject_binary_bytes(raw: bytes) -> None:
    """Refuse binaries before any codec guessing, which would turn them into junk."""
    for magic, kind, advice in _SIGNATURES:
        if raw.startswith(magic):
            shown = repr(magic)[2:-1]
            raise DecodeFailure(Status.BINARY, f"file looks like {kind} (starts with {shown}); {advice}")
    nuls = raw.count(0)
    if nuls:
        raise DecodeFailure(
            Status.BINARY,
            f"file contains {nuls} NUL byte(s) in {len(raw)} bytes, so it is binary "
            f"data, not text; if it is UTF-16 text without a byte-order mark, "
            f"re-save it as UTF-8",
        )
    _reject_control_heavy(raw, len(raw))


def _reject_control_heavy(data: bytes, characters: int) -> None:
    """Many C0 control characters mean binary data, whatever the codec.

    ``data`` is the raw bytes or UTF-8, where each control is one byte, so
    ``bytes.translate`` counts them at C speed.  One control character alone
    is tolerated: old DOS files end with ^Z.
    """
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > 1 and controls > _MAX_CONTROL_SHARE * characters:
        raise DecodeFailure(
            Status.BINARY,
            f"{controls} of {characters} characters are control characters, so this "
            f"is binary data, not text; check what the file really is",
        )


def _reject_blank(decoded: Decoded) -> None:
    """Whitespace-only text is as empty as no bytes for extraction."""
    if not decoded.text.strip():
        raise DecodeFailure(
            Status.EMPTY,
            f"file contains only whitespace ({decoded.encoding}); nothing to extract",
        )


# --- step 4: UTF-8 --------------------------------------------------------------

def _decode_utf8(raw: bytes) -> Decoded | None:
    """Strict UTF-8: legacy single-byte text almost never forms valid UTF-8."""
    try:
        return Decoded(raw.decode(UTF8), UTF8)
    except UnicodeDecodeError:
        return None


# --- step 5: single-byte codecs ---------------------------------------------------

_SINGLE_BYTE = (WINDOWS_1251, KOI8_R, WINDOWS_1252)
"""Candidates, also the final tie-break order (the corpus is mostly Russian)."""

_CYRILLIC_CODECS = (WINDOWS_1251, KOI8_R)

_SAMPLE_BYTES = 64 * 1024
_PIECE_BYTES = 4 * 1024
"""Enough non-ASCII text to decide; the whole file is still decoded strictly."""

_MIN_FIT = 0.8
"""Share of non-ASCII characters that must read as real words or punctuation.

Right readings score ~1.0; Russian read as windows-1252 or Western text read
as a Cyrillic codec score near 0; foreign codecs mostly give box-drawing junk.
"""

_FIT_TIE = 0.05
"""Fits closer than this (e.g. only shared punctuation is non-ASCII) are a tie."""

_RUSSIAN_TIE = 0.05
"""Russian scores closer than this are a tie; on the test headlines the right
reading wins by at least 0.34."""

_MIN_LETTERS_FOR_LANGUAGE_CHECK = 20
_MIN_LETTER_LOG_PROB = -4.0
"""Russian text averages -2.9..-3.6 nats per letter; Greek, CJK or cp866 bytes
read as a Cyrillic codec fall below -4 once there are enough letters to judge."""

# Letter frequencies of Russian prose (per mille); e and yo are counted together.
_RUSSIAN_PER_MILLE = dict(zip(
    "оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъ",
    (109.7, 84.9, 80.1, 73.5, 67.0, 62.6, 54.7, 47.3, 45.4, 44.0, 34.9, 32.1,
     29.8, 28.1, 26.2, 20.1, 19.0, 17.4, 17.0, 16.5, 15.9, 14.4, 12.1, 9.7, 9.4,
     7.3, 6.4, 4.8, 3.6, 3.2, 2.6, 0.4),
))
_LETTER_LOG_PROB = {ch: math.log(pm / 1000) for ch, pm in _RUSSIAN_PER_MILLE.items()}
_LETTER_LOG_PROB["ё"] = _LETTER_LOG_PROB["е"]
_OTHER_CYRILLIC_LOG_PROB = math.log(0.5 / 1000)
"""Ukrainian/Serbian letters: possible in the corpus, rare in Russian."""

_TYPOGRAPHY = frozenset(
    "\u00a0\u00ad«»‹›„“”‘’‚–—…•·©®™°±§¶€£¥¢½¼¾¹²³×÷№‰†‡¿¡"
)
"""Non-ASCII, non-letter characters that real text in these codecs contains."""

_LETTER_RUN = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class _Reading:
    """One candidate codec's reading of the bytes, with its plausibility."""

    encoding: str
    text: str
    fit: float
    script_share: float
    cyrillic_letters: int
    letter_log_prob: float

    @property
    def is_cyrillic(self) -> bool:
        return self.encoding in _CYRILLIC_CODECS

    @property
    def russian_score(self) -> float:
        """Letter statistics plus word shapes; both drop for the wrong Cyrillic codec.

        Swapping windows-1251 and KOI8-R inverts letter case and permutes the
        alphabet, so words look like "лИОЙУФТ" (bad shape) or use rare letters.
        """
        return self.letter_log_prob + self.fit


def _choose_single_byte(raw: bytes) -> Decoded:
    """Pick the single-byte codec whose reading looks like real text.

    Among plausible readings, the two Cyrillic codecs are compared by their
    Russian score, then the survivors by fit (Cyrillic against Western).
    Remaining ties go to the main script of the text, then to
    charset-normalizer, which is trusted only as a tie-breaker because it is
    unreliable on short Russian texts (see the tests), and finally to the
    fixed order of ``_SINGLE_BYTE``.
    """
    sample = _evidence(raw)
    readings = [reading for codec in _SINGLE_BYTE if (reading := _read(codec, raw, sample))]
    plausible = [r for r in readings if _is_plausible(r)]
    if not plausible:
        raise DecodeFailure(Status.UNDECODABLE, _undecodable_reason(raw))
    cyrillic = _near_best([r for r in plausible if r.is_cyrillic],
                          lambda r: r.russian_score, _RUSSIAN_TIE)
    western = [r for r in plausible if not r.is_cyrillic]
    contenders = _near_best(cyrillic + western, lambda r: r.fit, _FIT_TIE)
    best = _break_tie(contenders, raw)
    return Decoded(best.text, best.encoding)


def _evidence(raw: bytes) -> bytes:
    """The first ``_PIECE_BYTES`` pieces holding non-ASCII bytes, up to ``_SAMPLE_BYTES``.

    Only non-ASCII bytes tell these codecs apart, and measuring a
    multi-megabyte file character by character in Python takes seconds.
    """
    pieces = (raw[start:start + _PIECE_BYTES] for start in range(0, len(raw), _PIECE_BYTES))
    kept = [piece for piece in pieces if not piece.isascii()]
    return b"".join(kept[:_SAMPLE_BYTES // _PIECE_BYTES])


def _read(encoding: str, raw: bytes, sample: bytes) -> _Reading | None:
    """Decode all bytes strictly (undefined bytes rule a codec out); measure the sample."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    measured = sample.decode(encoding)
    script = "CYRILLIC" if encoding in _CYRILLIC_CODECS else "LATIN"
    letters, log_prob = _cyrillic_letters(measured)
    return _Reading(
        encoding=encoding,
        text=text,
        fit=_fit(measured, script),
        script_share=_script_share(measured, script),
        cyrillic_letters=letters,
        letter_log_prob=log_prob,
    )


def _cyrillic_letters(text: str) -> tuple[int, float]:
    """How many Cyrillic letters the text has, and their mean log-probability in Russian prose."""
    letters = [ch for ch in text.lower() if is_cyrillic(ch)]
    log_prob = sum(_LETTER_LOG_PROB.get(ch, _OTHER_CYRILLIC_LOG_PROB) for ch in letters)
    return len(letters), log_prob / len(letters) if letters else 0.0


def reads_as_text(text: str) -> bool:
    """Whether decoded text reads as English, Russian or Western European text: its non-ASCII
    characters sit in plausible Latin or Cyrillic words or are punctuation, and enough Cyrillic
    letters have Russian-like frequencies. A declared charset that fails this on bytes another
    codec reads (a UTF-8 page that says koi8-r reads as "п÷п╟я│я┌п╟п╫п╣") is a lie.

    Text in other scripts (Greek, Chinese) fails too; callers keep such a reading when no other
    codec gives plausible text."""
    pieces = (text[start:start + _PIECE_BYTES] for start in range(0, len(text), _PIECE_BYTES))
    sample = "".join([piece for piece in pieces if not piece.isascii()][:_SAMPLE_BYTES // _PIECE_BYTES])
    if _fit(sample, "LATIN", "CYRILLIC") < _MIN_FIT:
        return False
    letters, log_prob = _cyrillic_letters(sample)
    return letters < _MIN_LETTERS_FOR_LANGUAGE_CHECK or log_prob >= _MIN_LETTER_LOG_PROB


def _fit(text: str, *scripts: str) -> float:
    """Share of non-ASCII characters that sit in plausible words or are punctuation.

    Mojibake betrays itself here: Russian read as windows-1252 gives words made
    only of accented letters ("Ìèíèñòð"), Western text read as windows-1251
    gives mixed-script words ("cafй"), and wrong codecs give box-drawing junk.
    One-letter words are no evidence either way (French "à" is Russian "а"
    in the other codec), so they are left out of the count.
    """
    judged = sum(1 for ch in text if not ch.isascii())
    good = sum(1 for ch in text if ch in _TYPOGRAPHY)
    for word in _LETTER_RUN.findall(text):
        if word.isascii():
            continue
        if len(word) == 1:
            judged -= 1
        elif any(_word_fits(word, script) for script in scripts):
            good += sum(1 for ch in word if not ch.isascii())
    return good / judged if judged else 1.0


def _word_fits(word: str, script: str) -> bool:
    """A word of one script, in a case pattern real text uses.

    A Latin word must also contain an ASCII letter: Western languages
    sprinkle accents, they never spell whole words with them.
    """
    if not all(_in_script(ch, script) for ch in word):
        return False
    if script == "LATIN" and not any(ch.isascii() for ch in word):
        return False
    return word.islower() or word.isupper() or word.istitle()


def _in_script(ch: str, script: str) -> bool:
    """Script of a letter from its Unicode name ("LATIN SMALL LETTER E WITH ACUTE")."""
    if ch.isascii():
        return script == "LATIN"
    return unicodedata.name(ch, "").startswith(script)


def _script_share(text: str, script: str) -> float:
    """Share of the letters (ASCII ones included) that belong to ``script``.

    Decides ties where the bytes alone prove nothing: "\\xe0 la carte" is
    French under windows-1252 but a lone Cyrillic "а" amid Latin words under
    windows-1251.
    """
    letters = [ch for word in _LETTER_RUN.findall(text) for ch in word]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if _in_script(ch, script)) / len(letters)


def _is_plausible(reading: _Reading) -> bool:
    """Mostly real words, and (given enough letters) Russian-like letter statistics."""
    if reading.fit < _MIN_FIT:
        return False
    if reading.is_cyrillic and reading.cyrillic_letters >= _MIN_LETTERS_FOR_LANGUAGE_CHECK:
        return reading.letter_log_prob >= _MIN_LETTER_LOG_PROB
    return True


def _near_best(readings: list[_Reading], score, tie: float) -> list[_Reading]:
    """Readings whose score is within ``tie`` of the best one."""
    if not readings:
        return []
    best = max(score(r) for r in readings)
    return [r for r in readings if score(r) >= best - tie]


def _break_tie(contenders: list[_Reading], raw: bytes) -> _Reading:
    """The reading that agrees with the text's main script, then charset-normalizer's
    first choice among those left, then the fixed order."""
    top_share = max(r.script_share for r in contenders)
    contenders = [r for r in contenders if r.script_share == top_share]
    if len(contenders) > 1:
        by_encoding = {r.encoding: r for r in contenders}
        for guess in _charset_normalizer_guesses(raw):
            if guess in by_encoding:
                return by_encoding[guess]
    return min(contenders, key=lambda r: _SINGLE_BYTE.index(r.encoding))


def _charset_normalizer_guesses(raw: bytes) -> list[str]:
    """charset-normalizer's candidates in its order, as canonical names where known."""
    return [_canonical_encoding(match.encoding) for match in charset_normalizer.from_bytes(raw)]


_CANONICAL = {"cp1251": WINDOWS_1251, "koi8-r": KOI8_R, "cp1252": WINDOWS_1252,
              "iso8859-1": WINDOWS_1252, "ascii": WINDOWS_1252}


def _canonical_encoding(python_codec: str) -> str:
    """Map Python/charset-normalizer spellings (cp1251, koi8_r, latin_1) to ours."""
    name = codecs.lookup(python_codec).name
    return _CANONICAL.get(name, name)


def _undecodable_reason(raw: bytes) -> str:
    """Explain the failure, naming charset-normalizer's guess when it has one."""
    unsupported = [g for g in _charset_normalizer_guesses(raw) if g not in _SINGLE_BYTE]
    hint = (f" (charset-normalizer's best guess, {unsupported[0]}, is not supported here)"
            if unsupported else "")
    return (
        "file is not valid UTF-8 and does not read as Russian or Western European "
        f"text in windows-1251, koi8-r or windows-1252{hint}; convert it to UTF-8 "
        "first, or check that it is text at all"
    )
