"""Charsets that a server or a page declares, read as browsers read them (the WHATWG rules).

* A label names an encoding through the Encoding Standard's table ("latin1", "ascii" and
  "iso-8859-1" are windows-1252, "cp1251" is windows-1251, "utf-16" is UTF-16LE, ...): the
  `webencodings` package holds that table. A label the table does not know ("hex", "base64",
  "rot13", "utf-7", a typo) is ignored, as browsers ignore it. Unlike browsers, the
  "replacement" encoding (labels such as "iso-2022-kr", kept out of the web for security) is
  ignored too: it would turn the whole page into one U+FFFD, and the bytes can say more.
* A page's own declaration is found by the HTML standard's *prescan* of its first bytes:
  `<meta charset>` or `<meta http-equiv="Content-Type" content="...; charset=...">`, skipping
  comments and other tags' attributes; a meta that declares UTF-16 means UTF-8 (a page that
  can be read as ASCII to find its meta is not UTF-16) and x-user-defined means windows-1252.

Encodings are named by the standard's names, lower case (`utf-8`, `windows-1251`, `koi8-r`,
`gbk`, `shift_jis`, ...), except UTF-16, which is spelt as `decode_bytes` spells it
(`utf-16-le`, `utf-16-be`).
"""

from __future__ import annotations

import webencodings

PRESCAN_BYTES = 4096
"""The standard prescans 1,024 bytes and lets a later <meta> in the head change the encoding
while parsing; pages with long <head> scripts put it later, so a little more is read."""

_OWN_SPELLING = {"utf-16le": "utf-16-le", "utf-16be": "utf-16-be"}
_REPLACEMENT = "replacement"
_SPACE = b"\t\n\x0c\r "


def label_encoding(label: str | None) -> str | None:
    """The encoding a charset label names (the standard's "get an encoding"), or None when the
    label is unknown: the caller then ignores it."""
    if not label:
        return None
    encoding = webencodings.lookup(label)
    if encoding is None or encoding.name == _REPLACEMENT:
        return None
    return _OWN_SPELLING.get(encoding.name, encoding.name)


def decode_as(raw: bytes, encoding: str) -> str:
    """The bytes decoded strictly in a named encoding; UnicodeDecodeError when they are not valid in it."""
    return webencodings.lookup(encoding.replace("utf-16-", "utf-16")).codec_info.decode(raw)[0]


def meta_encoding(raw: bytes) -> str | None:
    """The encoding the page's first <meta> with a known charset declares (the standard's
    "prescan a byte stream to determine its encoding"), or None."""
    data = raw[:PRESCAN_BYTES]
    position = 0
    while (position := data.find(b"<", position)) != -1:
        if data.startswith(b"<!--", position):
            end = data.find(b"-->", position + 2)
            position = len(data) if end == -1 else end + 3
            continue
        tag = data[position + 1:position + 6].lower()
        if tag[:4] == b"meta" and tag[4:5] and tag[4] in _SPACE + b"/":
            encoding, position = _meta(data, position + 5)
            if encoding is not None:
                return encoding
            continue
        following = data[position + 1:position + 3]
        if following[:1].isalpha() or (following[:1] == b"/" and following[1:2].isalpha()):
            position = _skip_tag(data, position + 1)
        elif following[:1] in (b"!", b"/", b"?"):
            end = data.find(b">", position)
            position = len(data) if end == -1 else end + 1
        else:
            position += 1
    return None


def _meta(data: bytes, position: int) -> tuple[str | None, int]:
    """The encoding a <meta> tag declares (after its attributes are read), and where it ends."""
    seen: set[bytes] = set()
    got_pragma, need_pragma, charset = False, None, None
    while (attribute := _attribute(data, position)) is not None:
        (name, value), position = attribute
        if name in seen:
            continue
        seen.add(name)
        if name == b"http-equiv" and value == b"content-type":
            got_pragma = True
        elif name == b"content" and charset is None:
            declared = label_encoding(_charset_in_content(value))
            if declared is not None:
                charset, need_pragma = declared, True
        elif name == b"charset" and charset is None:
            charset, need_pragma = label_encoding(value.decode("latin-1")) or "", False
    if need_pragma is None or (need_pragma and not got_pragma) or not charset:
        return None, position + 1
    if charset in ("utf-16-le", "utf-16-be"):
        return "utf-8", position
    return ("windows-1252" if charset == "x-user-defined" else charset), position


def _skip_tag(data: bytes, position: int) -> int:
    """Past another tag: its name, then its attributes (a quoted '>' inside one does not end it)."""
    while position < len(data) and data[position] not in _SPACE and data[position] != ord(">"):
        position += 1
    while (attribute := _attribute(data, position)) is not None:
        position = attribute[1]
    return position + 1


def _attribute(data: bytes, position: int) -> tuple[tuple[bytes, bytes], int] | None:
    """The standard's "get an attribute": ((name, value) lower-cased, the position after it), or
    None at the tag's end ('>' or the end of the bytes read)."""
    end = len(data)
    while position < end and (data[position] in _SPACE or data[position] == ord("/")):
        position += 1
    if position >= end or data[position] == ord(">"):
        return None
    name = b""
    while position < end:
        byte = data[position]
        if byte == ord("=") and name:
            break
        if byte in _SPACE:
            while position < end and data[position] in _SPACE:
                position += 1
            if position >= end or data[position] != ord("="):
                return (name.lower(), b""), position
            break
        if byte in b"/>":
            return (name.lower(), b""), position
        name += bytes([byte])
        position += 1
    if position >= end:
        return None
    name = name.lower()
    position += 1  # the '='
    while position < end and data[position] in _SPACE:
        position += 1
    if position >= end:
        return None
    quote = data[position]
    if quote in b"\"'":
        close = data.find(bytes([quote]), position + 1)
        return None if close == -1 else ((name, data[position + 1:close].lower()), close + 1)
    if quote == ord(">"):
        return (name, b""), position
    start = position
    while position < end and data[position] not in _SPACE and data[position] != ord(">"):
        position += 1
    return (name, data[start:position].lower()), position


def _charset_in_content(content: bytes) -> str | None:
    """The label after "charset=" in a Content-Type value (the standard's "extracting a character
    encoding from a meta element"), or None."""
    position = 0
    while (found := content.find(b"charset", position)) != -1:
        position = found + len(b"charset")
        while position < len(content) and content[position] in _SPACE:
            position += 1
        if content[position:position + 1] != b"=":
            continue
        position += 1
        while position < len(content) and content[position] in _SPACE:
            position += 1
        if position >= len(content):
            return None
        quote = content[position:position + 1]
        if quote in (b'"', b"'"):
            close = content.find(quote, position + 1)
            return None if close == -1 else content[position + 1:close].decode("latin-1")
        stop = position
        while stop < len(content) and content[stop] not in _SPACE and content[stop] != ord(";"):
            stop += 1
        return content[position:stop].decode("latin-1")
    return None
