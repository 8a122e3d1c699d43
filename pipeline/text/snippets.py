"""A bounded, one-line snippet of text around a span: enough to judge a mention without a join."""

from __future__ import annotations

ELLIPSIS = "…"


def snippet(text: str, start: int, end: int, max_chars: int, lo: int = 0, hi: int | None = None) -> str:
    """`text[lo:hi]` (all of it by default) with its whitespace collapsed, cut to at most `max_chars`
    characters around `text[start:end]` on word boundaries; an ellipsis marks each side that was cut.
    Only the characters near the span are read, so a mention's sentence need not be copied out of
    its document (a long sentence made that a copy per mention)."""
    hi = len(text) if hi is None else hi
    if hi - lo <= max_chars:
        return " ".join(text[lo:hi].split())
    budget = max(max_chars - 2 * len(ELLIPSIS) - (end - start), 0)
    left = min(budget // 2, start - lo)
    right = min(budget - left, hi - end)
    left = min(budget - right, start - lo)  # what one side cannot use, the other side may
    window_start, window_end = start - left, end + right
    if end - start > max_chars - 2 * len(ELLIPSIS):  # the span alone is too long: its beginning
        window_start, window_end = start, start + max_chars - 2 * len(ELLIPSIS)
    else:
        window_start = _word_start(text, window_start, start, lo)
        window_end = _word_end(text, window_end, end, hi)
    cut = " ".join(text[window_start:window_end].split())
    return (ELLIPSIS if window_start > lo else "") + cut + (ELLIPSIS if window_end < hi else "")


def _word_start(text: str, position: int, limit: int, lo: int) -> int:
    """`position`, moved forward past a partly cut word (never beyond `limit`)."""
    if position == lo or text[position - 1].isspace():
        return position
    space = next((i for i in range(position, limit) if text[i].isspace()), None)
    return limit if space is None else space + 1


def _word_end(text: str, position: int, limit: int, hi: int) -> int:
    """`position`, moved back before a partly cut word (never before `limit`)."""
    if position == hi or text[position].isspace():
        return position
    space = next((i for i in range(position - 1, limit - 1, -1) if text[i].isspace()), None)
    return limit if space is None else space
