"""Bilingual text as one value: the English and the Danish wording of one thing, with one accessor.

`Text("leave", "orlov").get(lang)` replaces pairs of `*_en`/`*_da` fields and `if lang == "da"`
branches. A missing Danish wording falls back to the English one; a language other than en/da reads
as English. Values are worded in each language when the Text is made (`Text.by`), never translated
afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

LANGS: tuple[str, ...] = ("en", "da")


def lang_of(lang: str | None) -> str:
    """'da', 'da_DK', 'DA' -> 'da'; anything else (None, 'en', 'de') -> 'en'."""
    return "da" if (lang or "").lower().startswith("da") else "en"


@dataclass(frozen=True)
class Text:
    """One wording per language (frozen, keyed by language); `get(lang)` falls back to English.

    Not a str: `"x" in text` raises, so a test or caller must choose a language.
    """

    en: str = ""
    da: str = ""

    @staticmethod
    def same(text: str) -> Text:
        """The same wording in every language (an id, a symbol, a number)."""
        return Text(text, text)

    @staticmethod
    def by(make: Callable[[str], str]) -> Text:
        """Worded in each language by a function of the language."""
        return Text(make("en"), make("da"))

    @staticmethod
    def join(sep: str | Text, parts: Iterable[Text]) -> Text:
        """The parts joined language by language."""
        items = list(parts)
        s = sep if isinstance(sep, Text) else Text.same(sep)
        return Text(s.en.join(p.en for p in items), s.da.join(p.da for p in items))

    def get(self, lang: str | None) -> str:
        """The wording in the language (en, da; 'da_DK' reads as da), the English one when missing."""
        if lang_of(lang) == "da" and self.da:
            return self.da
        return self.en

    def format(self, *args: Any, **kwargs: Any) -> Text:
        """str.format in each language with the same values (use Text.by for worded values)."""
        return Text(self.en.format(*args, **kwargs), self.da.format(*args, **kwargs))

    def map(self, f: Callable[[str, str], str]) -> Text:
        """f(text, lang) in each language."""
        return Text(f(self.en, "en"), f(self.da, "da"))

    def __add__(self, other: Text | str) -> Text:
        o = other if isinstance(other, Text) else Text.same(other)
        return Text(self.en + o.en, self.da + o.da)

    def __bool__(self) -> bool:
        return bool(self.en or self.da)

    def as_dict(self) -> dict[str, str]:
        """{'en': ..., 'da': ...} as written (no fallback)."""
        return {"en": self.en, "da": self.da}

    def __contains__(self, item: object) -> bool:
        raise TypeError("'in' on a Text is ambiguous: test text.get(lang) or text.en")
