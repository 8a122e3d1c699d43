"""Which script a text's letters are in: the cheap, certain signal behind every language decision."""

from __future__ import annotations

from dataclasses import dataclass


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
    cyrillic = latin = other = 0
    for char in text:
        if not char.isalpha():
            continue
        if is_cyrillic(char):
            cyrillic += 1
        elif is_latin(char):
            latin += 1
        else:
            other += 1
    return ScriptCounts(cyrillic, latin, other)


def mention_language(text: str, doc_lang: str) -> str:
    """A mention's own language by its script: a Russian name quoted in an English article is
    Russian (normalised and named as such); a mention without letters keeps the document's."""
    return script_counts(text).majority or doc_lang
