"""Finding English UI text on a page in another language.

The UI strings are the msgids of the catalogues the page's language is served from (the
portal's, Django's and every installed app's). A text of the page that *is* one of them —
word for word, or with its placeholders filled — while the catalogue translates it to
something else, is an English string the reader should not see. Text in an element marked
with another language (`lang="en"`: a name, a quotation, a language's own name) and code
are left out; the page's title and the labels assistive technology reads are included. A
text that the language's own catalogues give as a translation ("Chad" in Spanish, "Dossier n° 27"
in French) is the language's word even where it is spelled as an English one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings

# Placeholders of Python, brace and JavaScript formatting.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
_WORD = re.compile(r"[A-Za-z]{3,}")
_SPACE = re.compile(r"\s+")

_TEXTS = """() => {
  const lang = document.documentElement.lang;
  const foreign = el => { const m = el.closest('[lang]'); return m && !m.lang.startsWith(lang); };
  const skip = 'script, style, noscript, template, code, kbd, samp, pre, textarea';
  const texts = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    if (el && !el.closest(skip) && !foreign(el)) texts.push(walker.currentNode.textContent);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
    if (foreign(el)) continue;
    for (const name of ['title', 'aria-label', 'placeholder', 'alt'])
      if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
  }
  for (const el of document.querySelectorAll('input[type=submit], input[type=button]'))
    if (!foreign(el)) texts.push(el.value);
  return texts;
}"""


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _catalogues(lang: str) -> list[Path]:
    """The .mo files that tell the UI strings apart: of each locale folder (the project's,
    each app's, Django's), the language's catalogues, or where the folder has none (an app
    that ships only ``ru_RU``), those of another language: its msgids are UI strings too."""
    folders = [Path(p) for p in settings.LOCALE_PATHS]
    folders += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    folders.append(Path(str(resources.files("django.conf.locale"))))
    found = []
    for folder in filter(Path.is_dir, folders):
        own = sorted(folder.glob(f"{lang}/LC_MESSAGES/*.mo"))
        found += own or sorted(folder.glob("*/LC_MESSAGES/*.mo"))[:2]
    return found


def _pattern(text: str) -> str | None:
    """A pattern of a string with placeholders (each filled by anything), if words remain."""
    if not _WORD.search(_PLACEHOLDER.sub(" ", text)):
        return None
    return "(?:.+?)".join(re.escape(part) for part in _PLACEHOLDER.split(text))


Strings = tuple[frozenset[str], re.Pattern[str]]


def _strings(texts: Iterable[str]) -> Strings:
    """(the texts without placeholders, one pattern of those with them, filled by anything).
    No pattern at all matches nothing (an empty alternation would match the empty text)."""
    plain: set[str] = set()
    patterns: list[str] = []
    for text in texts:
        if not _PLACEHOLDER.search(text):
            plain.add(text)
        elif pattern := _pattern(text):
            patterns.append(pattern)
    return frozenset(plain), re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)")


@cache
def ui_strings(lang: str) -> Strings:
    """The msgids that the language's catalogues translate differently."""

    def msgids() -> Iterator[str]:
        for mo in _catalogues(lang):
            for entry in polib.mofile(str(mo)):
                translated = entry.msgstr or next(iter(entry.msgstr_plural.values()), "")
                msgid = _normal(entry.msgid)
                # Kept as it is in the language's catalogue ("MIEUX+"): not an English string.
                if translated and _normal(translated) != msgid and _WORD.search(msgid):
                    yield msgid

    return _strings(msgids())


@cache
def own_strings(lang: str) -> Strings:
    """The translations of the language's own catalogues: what the page may say in its
    language, whatever English spells alike."""

    def translations() -> Iterator[str]:
        for mo in _catalogues(lang):
            if f"/{lang}/" in mo.as_posix():
                for entry in polib.mofile(str(mo)):
                    for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
                        if text := _normal(translated or ""):
                            yield text

    return _strings(translations())


def english_strings(page, lang: str) -> list[str]:
    """The English UI strings of the page (empty for an English page)."""
    if lang == settings.LANGUAGE_CODE:
        return []
    return sorted(english_among({_normal(t) for t in page.evaluate(_TEXTS) if t}, lang))


def english_among(texts: set[str], lang: str) -> list[str]:
    """Those of `texts` that are English UI strings on a page in `lang`."""
    plain, patterns = ui_strings(lang)
    own, own_patterns = own_strings(lang)
    return [
        text
        for text in texts
        if (text in plain or patterns.fullmatch(text))
        and not (text in own or own_patterns.fullmatch(text))
    ]
