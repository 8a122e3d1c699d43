"""News pages as sites serve them, built around an article's text: navigation, breadcrumbs, share
buttons, the article, a "Read also" list of other headlines with rubrics and dates, a footer.

Used by the HTML extractor benchmark (`benchmarks.html_extractors`) and the page tests, so both
measure against the same kind of chrome. The article's own text is known exactly, which makes
main-text precision and recall measurable.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

CHROME_WORDS = {
    "en": {
        "menu": ["Home", "Politics", "Economy", "Society", "World", "Sport", "Opinion", "Contacts"],
        "share": "Share this article:",
        "networks": ["Facebook", "Twitter", "Telegram", "WhatsApp"],
        "related": "Related news",
        "rubrics": ["Politics", "Economy", "Society"],
        "subscribe": "Subscribe to our newsletter and follow us on Telegram and YouTube!",
        "rights": "All rights reserved. Reproduction only with a link to the source.",
        "cookies": "We use cookies to improve your experience. By continuing you agree to our cookie policy.",
    },
    "ru": {
        "menu": ["Главная", "Политика", "Экономика", "Общество", "В мире", "Спорт", "Мнения", "Контакты"],
        "share": "Поделиться:",
        "networks": ["ВКонтакте", "Telegram", "Одноклассники", "WhatsApp"],
        "related": "Читайте также",
        "rubrics": ["Политика", "Экономика", "Общество"],
        "subscribe": "Подписывайтесь на наш канал в Telegram и на страницу ВКонтакте!",
        "rights": "Все права защищены. Перепечатка материалов только с гиперссылкой на источник.",
        "cookies": "Мы используем файлы cookie. Продолжая работу с сайтом, вы соглашаетесь с их использованием.",
    },
}


@dataclass
class Article:
    title: str
    paragraphs: list[str]
    lang: str  # "en" or "ru": the chrome's language
    date: str = "2024-03-05"  # ISO date of publication
    site: str = "Steppe News"
    other_headlines: list[str] = field(default_factory=list)  # the "Related news" list

    @property
    def text(self) -> str:
        """The article as a reader would copy it: title, then the paragraphs."""
        return "\n".join([self.title, *self.paragraphs])


_SEMANTIC = {"header": "header", "nav": "nav", "main": "main", "article": "article", "aside": "aside", "footer": "footer"}
_DIV_SOUP = dict.fromkeys(_SEMANTIC, "div")


def news_page(article: Article, charset: str = "utf-8", address: str = "12 Abai Avenue, Astana", semantic: bool = True) -> str:
    """A complete HTML page around the article, with the chrome a real news site has; with
    `semantic=False` every block is a <div> (older sites), so only the text tells chrome apart."""
    tag = _SEMANTIC if semantic else _DIV_SOUP
    words = CHROME_WORDS[article.lang]
    escape = html.escape
    menu = "".join(f'<li><a href="/{i}">{escape(item)}</a></li>' for i, item in enumerate(words["menu"]))
    share = "".join(f'<a class="share" href="#">{escape(name)}</a> ' for name in words["networks"])
    related = "".join(
        f'<li><a href="/news/{i}">{escape(headline)}</a><span class="meta">{escape(words["rubrics"][i % 3])} • {article.date}</span></li>'
        for i, headline in enumerate(article.other_headlines)
    )
    body = "".join(f"<p>{escape(paragraph)}</p>\n" for paragraph in article.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{article.lang}">
<head>
<meta charset="{charset}">
<title>{escape(article.title)} | {escape(article.site)}</title>
<meta property="og:title" content="{escape(article.title)}">
<meta property="article:published_time" content="{article.date}T09:30:00+05:00">
<link rel="stylesheet" href="/static/site.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
</head>
<body>
<{tag["header"]}><div class="logo"><a href="/">{escape(article.site)}</a></div>
<{tag["nav"]}><ul class="menu">{menu}</ul></{tag["nav"]}></{tag["header"]}>
<div class="breadcrumbs"><a href="/">{escape(words["menu"][0])}</a> / <a href="/society">{escape(words["menu"][3])}</a></div>
<{tag["main"]}>
<{tag["article"]}>
<h1>{escape(article.title)}</h1>
<time datetime="{article.date}">{article.date}</time>
<div class="share-bar">{escape(words["share"])} {share}</div>
<div class="article-body">
{body}</div>
</{tag["article"]}>
<{tag["aside"]} class="related"><h3>{escape(words["related"])}</h3><ul>{related}</ul></{tag["aside"]}>
</{tag["main"]}>
<{tag["footer"]}>
<p>{escape(words["subscribe"])}</p>
<p>© 2024 {escape(article.site)}. {escape(words["rights"])}</p>
<p>{escape(address)}</p>
<div class="cookies">{escape(words["cookies"])}</div>
</{tag["footer"]}>
<script src="/static/app.js"></script>
</body>
</html>
"""
