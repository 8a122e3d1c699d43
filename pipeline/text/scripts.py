"""Which script a text's letters are in: the cheap, certain signal behind every language decision."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The letters `is_cyrillic`/`is_latin` accept (the Cyrillic block's signs and combining marks, and
# Latin-1's × and ÷, are not letters), as patterns: counting with them runs at C speed on long texts.
_CYRILLIC_LETTER = re.compile("[\u0400-\u0481\u048a-\u04ff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")


@dataclass(frozen=True)
class ScriptCounts:
    """How many letters of a text are Cyrillic, Latin, or something else."""

    cyrillic: int
    latin: int
    other: int

    @property
    def letters(self) -> int:
        return self.cyrillic + self.latin + self.other

    @property
    def majority(self) -> str | None:
        """'ru' for mostly Cyrillic letters, 'en' for mostly Latin ones, None on a tie."""
        return "ru" if self.cyrillic > self.latin else "en" if self.latin > self.cyrillic else None


def is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def is_latin(char: str) -> bool:
    """ASCII letters and the accented Latin letters of Latin-1 Supplement and Latin Extended."""
    return char.isascii() or "\u00c0" <= char <= "\u024f"


def script_counts(text: str) -> ScriptCounts:
    cyrillic = len(_CYRILLIC_LETTER.findall(text))
    latin = len(_LATIN_LETTER.findall(text))
    return ScriptCounts(cyrillic, latin, sum(map(str.isalpha, text)) - cyrillic - latin)


def mention_language(text: str, doc_lang: str) -> str:
    """A mention's own language by its script: a Russian name quoted in an English article is
    Russian (normalised and named as such); a mention without letters keeps the document's."""
    return script_counts(text).majority or doc_lang
