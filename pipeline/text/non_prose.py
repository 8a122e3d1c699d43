"""Text that is not prose, masked before NER so no model reads it: pasted base64 and hex,
long encoded tokens, URLs and lines of source code.

A model reads letters as words: a pasted 5-million-character base64 line gave 776 junk mentions
(fragments tagged ORG, PER, LOC) and most of a minute of NER. `mask_non_prose` returns the text
with such runs replaced by spaces, character for character, so every offset is unchanged: the
model reads the masked text (`Piece.model_text`), mentions keep the original's text, and the
document keeps every character. Each rule is a regular expression run over the whole text (C
speed, linear); a few candidates are then checked in Python. None of them touches a character of
a gold mention in the seeds, factRuEval-dev, Wikigold or the entity corpus
(`python -m benchmarks.non_prose`), and none masks prose:

* a URL (`https://...`, `ftp://...`, `www....`), to the next space;
* a token (no spaces) of at least `LONG_TOKEN_CHARS` characters with a letter or a digit that is
  not words joined by hyphens, dashes, slashes, commas or dots ("Москва–Пекин–Улан-Батор" stays);
  the longest word of those corpora has 27 characters, base64 lines have 64 or 76;
* a hexadecimal token of at least 16 digits with letters and digits (hashes, ids, UUIDs);
* a hex-dump line (`hexdump -C`, `xxd`, `od -x`): at least 8 groups of 2-8 hex digits, a quarter
  of them with a letter (a table of numbers has none) and a quarter with a digit (words such as
  "bad", "face" have none), its printable column included;
* a line of source code: two of four signs — it ends with `;`, `{` or `}` (or starts with `}`),
  it calls something (`name(...)`, `obj.method(...)`: an ASCII name, no space), it assigns or
  compares (`x = 1`, `==`, `=>`, `&&`), it opens with a statement's syntax (`if (`, `var x =`,
  `for x in y:`, `SELECT ... FROM`) — or it is code by itself: a line of JSON (`{"key": ...`),
  `import x as y`, `from x import y`, `def f(x):`, `#include <...>`, a line that is one call
  (`print(x)`, `console.log(x);`). A Russian list item ending
  with ";" has one sign, as has an English line that starts with "for" or "if".
"""

from __future__ import annotations

import re

LONG_TOKEN_CHARS = 40

_URL = re.compile(r"(?i)(?<![\w@])(?:(?:https?|ftp)://|www\.)\S+")
_LONG_TOKEN = re.compile(rf"\S{{{LONG_TOKEN_CHARS},}}")
_JOINERS = r"\-\u2010-\u2015/,.'’"
_NOT_A_WORD_PIECE = re.compile(rf"[^{_JOINERS}]*[^\w{_JOINERS}][^{_JOINERS}]*|[^{_JOINERS}]*[\d_][^{_JOINERS}]*|[^\W\d_]{{28,}}")
_HAS_ALNUM = re.compile(r"[^\W_]")
_AROUND = "()[]{}<>\"'«»„“”‘’.,;:!?"
_HEX_TOKEN = re.compile(r"(?<![\w-])[0-9A-Fa-f][0-9A-Fa-f-]{14,}[0-9A-Fa-f](?![\w-])")
_HEX_DUMP_LINE = re.compile(r"(?m)^[^\S\n]*+(?:[0-9A-Fa-f]{2,8}:?[^\S\n]+){8,}[^\n]*")
_HEX_GROUP = re.compile(r"(?<!\S)[0-9A-Fa-f]{2,8}:?(?!\S)")
_CODE_LINE_END = re.compile(r"[;{}][^\S\n]*$", re.MULTILINE)
_CODE_LINE_START = re.compile(
    r"^[^\S\n]*+(?:\}|[a-z_][\w.]*\(|[A-Za-z_]\w*\.\w[\w.]*\(|[\w.\[\]\"']++[^\S\n]*(?:[-+*/%|&^]?=(?!=)|:=)|[\[{][^\S\n]*[\"']|(?:def|class|import|from|return|function|var|let|const|public|private|"
    r"protected|static|#include|if|elif|for|while|with|switch|catch|SELECT|INSERT|UPDATE|DELETE)\b)",
    re.MULTILINE,
)
"""Where a line of code may end or start: the lines to look at (no pattern spans a whole line,
so a 5-million-character line costs one pass, not its square)."""
_CODE_END = re.compile(r"(?:[;{}]|\{\s*\})\s*$|^\s*\}")
_CODE_CALL = re.compile(r"(?<![\w.])[A-Za-z_][\w.]*[A-Za-z0-9_]\([^()\n]*\)")
_CODE_OPERATOR = re.compile(r"^\s*[\w.\[\]\"']+\s*(?:[-+*/%|&^]?=(?!=)|:=)\s*\S|==|!=|<=|>=|=>|->|&&|\|\||::")
_CODE_KEYWORD = re.compile(
    r"^\s*(?:(?:if|for|while|switch|catch)\s*\(|(?:var|let|const)\s+\w+\s*=|function\b[\w\s]*\(|return\s+\S*[.(\[]|"
    r"(?:if|elif|for|while|with)\s.+:\s*$|(?:public|private|protected|static)\s+\w+\s+\w+|"
    r"(?:SELECT|INSERT|UPDATE|DELETE)\s.+\s(?:FROM|INTO|SET|WHERE)\s)"
)
_CODE_STATEMENT = re.compile(
    r"^\s*(?:from [\w.]+ import \w|import [\w.]+(?: as \w+)?\s*$|#include\s*[<\"]|def \w+\(.*\):\s*$|class \w+(?:\(.*\))?:\s*$|"
    r"(?:[a-z_]\w*|[A-Za-z_]\w*(?:\.\w+)+)\(.*\)\s*;?\s*$)"
)
"""A line that is code by itself: prose never reads "from x.y import z", "def f(x):" or only
"print(x)"."""
_JSON_LINE = re.compile(r"^\s*[\[{]\s*[\"'][^\"'\n]*[\"']\s*:")


def mask_non_prose(text: str) -> str:
    """The text with every non-prose run replaced by as many spaces (newlines kept): same length,
    same offsets, nothing for a model to tag."""
    masked = _mask_code_lines(text)  # whole lines first, each judged as written
    masked = _HEX_DUMP_LINE.sub(lambda m: _spaces(m) if _is_hex_dump(m.group()) else m.group(), masked)
    masked = _URL.sub(_spaces, masked)
    masked = _LONG_TOKEN.sub(lambda m: _spaces(m) if _is_encoded(m.group()) else m.group(), masked)
    return _HEX_TOKEN.sub(lambda m: _spaces(m) if _mixes_letters_and_digits(m.group()) else m.group(), masked)


def _mask_code_lines(text: str) -> str:
    candidates = {
        text.rfind("\n", 0, match.start()) + 1
        for pattern in (_CODE_LINE_END, _CODE_LINE_START)
        for match in pattern.finditer(text)
    }
    pieces, copied = [], 0
    for start in sorted(candidates):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if _is_code(text[start:end]):
            pieces += [text[copied:start], " " * (end - start)]
            copied = end
    return "".join(pieces) + text[copied:] if pieces else text


def _spaces(match: re.Match) -> str:
    return " " * (match.end() - match.start())


def _is_encoded(token: str) -> bool:
    """A long token with a letter or digit that is not words joined by punctuation (brackets,
    quotes and a final full stop around it aside)."""
    core = token.strip(_AROUND)
    return bool(_HAS_ALNUM.search(core)) and bool(_NOT_A_WORD_PIECE.search(core))


def _mixes_letters_and_digits(token: str) -> bool:
    return any(c.isdigit() for c in token) and any(c.isalpha() for c in token)


def _is_hex_dump(line: str) -> bool:
    groups = _HEX_GROUP.findall(line)
    with_letter = sum(1 for group in groups if any(c.isalpha() for c in group.rstrip(":")))
    with_digit = sum(1 for group in groups if any(c.isdigit() for c in group))
    return len(groups) >= 8 and with_letter >= 2 and 10 * with_letter >= len(groups) and 4 * with_digit >= len(groups)


def _is_code(line: str) -> bool:
    if _JSON_LINE.match(line) or _CODE_STATEMENT.match(line):
        return True
    signs = (_CODE_END.search(line), _CODE_CALL.search(line), _CODE_OPERATOR.search(line), _CODE_KEYWORD.match(line))
    return sum(1 for sign in signs if sign) >= 2
