"""The bilingual Text value: one accessor, English fallback, values worded per language."""

from __future__ import annotations

import pytest
from clingo import Function, Number

from pyrules.core.text import Text, lang_of
from pyrules.explain.render_values import worded


def test_get_picks_the_language_and_falls_back_to_english() -> None:
    t = Text("leave", "orlov")
    assert (t.get("en"), t.get("da"), t.get("da_DK"), t.get(None), t.get("de")) == \
        ("leave", "orlov", "orlov", "leave", "leave")
    assert Text("only English").get("da") == "only English"
    assert not Text() and Text("x") and lang_of("DA") == "da"


def test_format_by_join_and_add_work_language_by_language() -> None:
    t = Text("{s} may register", "{s} må tilmelde sig").format(s="s1001")
    assert t == Text("s1001 may register", "s1001 må tilmelde sig")
    assert Text.by(lambda lang: f"<{lang}>") == Text("<en>", "<da>")
    assert Text.join(Text(" and ", " og "), [Text.same("a"), Text("b", "c")]) == Text("a and b", "a og c")
    assert (Text("x", "y") + ")").as_dict() == {"en": "x)", "da": "y)"}


def test_in_on_a_text_must_choose_a_language() -> None:
    with pytest.raises(TypeError):
        assert "leave" in Text("leave", "orlov")


def test_values_are_worded_in_each_language_when_made() -> None:
    term = Function("term", [Number(2023), Number(12)])
    assert worded(term, "value", "<= ") == Text("<= December 2023", "<= december 2023")
    assert worded(Function("pass"), "value") == Text("Pass", "Bestået")
    period = Function("period", [Number(2023), Function("autumn")])
    assert worded(period).get("da") == "efterår 2023"
