"""Explanations as text (terminal), JSON (programs), Markdown and HTML (reports), in English or Danish."""

from __future__ import annotations

import html
import json
from typing import Any

from ..core.text import Text, lang_of
from .render_values import required_text
from .types import Candidate, Condition, FactRef, Step, WhyNot

LABELS = {
    "en": {"because": "because", "rule": "rule", "source": "source", "values": "values",
           "fact": "from", "why_not": "Why not", "holds": "This holds.", "why": "Why",
           "not_modelled": "No rule of the knowledge base concludes this (not modelled).",
           "could": "could conclude it", "failed": "not met", "blocked": "blocked by the exception",
           "actual": "is", "none": "no rule fired: it is a fact", "counted": "counted",
           "required": "required"},
    "da": {"because": "fordi", "rule": "regel", "source": "kilde", "values": "værdier",
           "fact": "fra", "why_not": "Hvorfor ikke", "holds": "Dette gælder.", "why": "Hvorfor",
           "not_modelled": "Ingen regel i vidensbasen konkluderer dette (ikke modelleret).",
           "could": "kunne konkludere det", "failed": "ikke opfyldt", "blocked": "blokeret af undtagelsen",
           "actual": "er", "none": "ingen regel: det er et faktum", "counted": "talt med",
           "required": "krævet"},
}


def _source(obj: Step | Candidate, lang: str) -> tuple[str, str]:
    """The paragraph and quote in the asked language (the Danish text where the rule cites it)."""
    return obj.source.get(lang), obj.quote.get(lang)


def _fact_line(f: FactRef, lang: str) -> str:
    where = f"{f.file}:{f.line}" if f.line else f.file
    name = f" {f.field}" if f.field else ""
    return f"{LABELS[lang]['fact']} {where}{name}: {f.atom}"


def _condition_line(c: Condition, lang: str) -> str:
    text, actual = c.text.get(lang), c.actual.get(lang)
    if c.required.en == "holds":
        shown = "" if actual in ("", "none") else f" ({LABELS[lang]['actual']}: {actual})"
        return f"{LABELS[lang]['failed']}: {text}{shown}"
    return f"{LABELS[lang]['failed']}: {text}: {actual}; " \
        f"{LABELS[lang]['required']} {required_text(c.required.get(lang), lang)}"


# --- text -----------------------------------------------------------------------------------------
def _step_text(s: Step, lang: str, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    text = s.text.get(lang)
    out.append(f"{pad}- {text}")
    if s.rule_id:
        source, quote = _source(s, lang)
        out.append(f"{pad}  [{s.rule_id}] {source}")
        if quote:
            out.append(f"{pad}  \"{quote}\"")
    if s.counted:
        out.append(f"{pad}  {LABELS[lang]['counted']}: {s.counted.get(lang)}")
    for f in s.facts:
        out.append(f"{pad}  {_fact_line(f, lang)}")
    for c in s.children:
        _step_text(c, lang, depth + 1, out)


def _heading(w: WhyNot, lang: str) -> str:
    """The conclusion asked about, in words (the atom where there are none)."""
    return w.text.get(lang) or w.conclusion


def _whynot_text(w: WhyNot, lang: str) -> list[str]:
    out = [f"{LABELS[lang]['why_not']}: {_heading(w, lang)}"]
    if w.not_modelled:
        return out + ["  " + LABELS[lang]["not_modelled"]]
    if not w.candidates:
        return out + ["  " + LABELS[lang]["holds"]]
    for c in w.candidates:
        source, quote = _source(c, lang)
        text = c.text.get(lang)
        out.append(f"- [{c.rule_id}] {text}")
        out.append(f"  {source}")
        if quote:
            out.append(f"  \"{quote}\"")
        for cond in c.failed:
            out.append(f"  x {_condition_line(cond, lang)}")
            if cond.because:
                out.append(f"    {LABELS[lang]['because']}:")
                for b in cond.because:
                    _step_text(b, lang, 3, out)
        for b in c.blocked_by:
            out.append(f"  x {LABELS[lang]['blocked']}:")
            _step_text(b, lang, 2, out)
    return out


# --- markdown and html -------------------------------------------------------------------------
def _step_md(s: Step, lang: str, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    text = s.text.get(lang)
    source, quote = _source(s, lang)
    rule = f" — `{s.rule_id}` ({source})" if s.rule_id else ""
    out.append(f"{pad}- **{text}**{rule}" + (f"<br>_\"{quote}\"_" if quote else ""))
    for f in s.facts:
        out.append(f"{pad}  - {_fact_line(f, lang)}")
    for c in s.children:
        _step_md(c, lang, depth + 1, out)


def _step_html(s: Step, lang: str) -> str:
    e = html.escape
    text = s.text.get(lang)
    source, quote = _source(s, lang)
    parts = [f"<li><span class=\"concl\">{e(text)}</span>"]
    if s.rule_id:
        parts.append(f" <code class=\"rule\">{e(s.rule_id)}</code> <span class=\"src\">{e(source)}</span>")
        if quote:
            parts.append(f"<blockquote>{e(quote)}</blockquote>")
    items = [f"<li class=\"fact\">{e(_fact_line(f, lang))}</li>" for f in s.facts]
    items += [_step_html(c, lang) for c in s.children]
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts) + "</li>"


def _whynot_html(w: WhyNot, lang: str) -> str:
    e = html.escape
    head = (f"<h3>{e(LABELS[lang]['why_not'])}: {e(_heading(w, lang))} "
            f"<code>{e(w.conclusion)}</code></h3>")
    if w.not_modelled or not w.candidates:
        return head + f"<p>{e(LABELS[lang]['not_modelled' if w.not_modelled else 'holds'])}</p>"
    items = []
    for c in w.candidates:
        source, quote = _source(c, lang)
        text = c.text.get(lang)
        sub = [f"<li class=\"failed\">{e(_condition_line(x, lang))}"
               + (f"<ul>{''.join(_step_html(b, lang) for b in x.because)}</ul>" if x.because else "")
               + "</li>" for x in c.failed]
        sub += [f"<li class=\"blocked\">{e(LABELS[lang]['blocked'])}:<ul>{_step_html(b, lang)}</ul></li>"
                for b in c.blocked_by]
        items.append(f"<li><code class=\"rule\">{e(c.rule_id)}</code> {e(text)} "
                     f"<span class=\"src\">{e(source)}</span>"
                     + (f"<blockquote>{e(quote)}</blockquote>" if quote else "")
                     + f"<ul>{''.join(sub)}</ul></li>")
    return head + "<ul>" + "".join(items) + "</ul>"


def _fact(f: FactRef) -> dict[str, Any]:
    return {"atom": f.atom, "file": f.file, "line": f.line, "field": f.field}


def _step_dict(s: Step) -> dict[str, Any]:
    bindings = {**s.bindings, **({"counted": s.counted.en} if s.counted else {})}
    return {"rule_id": s.rule_id, "conclusion": s.conclusion, "text_en": s.text.en, "text_da": s.text.da,
            "source": s.source.en, "source_da": s.source.da, "quote": s.quote.en, "quote_da": s.quote.da,
            "bindings": bindings, "counted_da": s.counted.da, "facts": [_fact(f) for f in s.facts],
            "children": [_step_dict(c) for c in s.children]}


def _condition_dict(c: Condition) -> dict[str, Any]:
    return {"text": c.text.en, "holds": c.holds, "actual": c.actual.en, "required": c.required.en,
            "text_da": c.text.da, "actual_da": c.actual.da, "required_da": c.required.da,
            "because": [_step_dict(b) for b in c.because]}


def _candidate_dict(c: Candidate) -> dict[str, Any]:
    return {"rule_id": c.rule_id, "source": c.source.en, "quote": c.quote.en, "text_en": c.text.en,
            "text_da": c.text.da, "failed": [_condition_dict(x) for x in c.failed],
            "blocked_by": [_step_dict(b) for b in c.blocked_by], "source_da": c.source.da,
            "quote_da": c.quote.da, "applicable": c.applicable}


def to_dict(obj: Step | WhyNot, lang: str = "en") -> dict[str, Any]:
    """An explanation as plain data (what render(..., fmt="json") writes): each Text as a pair of keys,
    the English one under the plain name (text_en, source, actual...) and the Danish one with _da."""
    if isinstance(obj, Step):
        return {"kind": "step", "lang": lang_of(lang), **_step_dict(obj)}
    return {"kind": "why_not", "lang": lang_of(lang), "conclusion": obj.conclusion,
            "text_en": obj.text.en, "text_da": obj.text.da,
            "candidates": [_candidate_dict(c) for c in obj.candidates], "not_modelled": obj.not_modelled}


def render(obj: Step | WhyNot, lang: str = "en", fmt: str = "text") -> str:
    """An explanation in a language (en, da) and a format (text, json, markdown, html)."""
    lang = lang_of(lang)
    if fmt == "json":
        return json.dumps(to_dict(obj, lang), ensure_ascii=False, indent=2)
    if fmt == "text":
        if isinstance(obj, WhyNot):
            return "\n".join(_whynot_text(obj, lang))
        out = [f"{LABELS[lang]['why']}:"]  # the conclusion in words is the first step
        _step_text(obj, lang, 0, out)
        return "\n".join(out)
    if fmt == "markdown":
        if isinstance(obj, WhyNot):
            lines = _whynot_text(obj, lang)
            return "\n".join([f"### {lines[0]}", ""] + lines[1:])
        out = [f"### {LABELS[lang]['why']}: `{obj.conclusion}`", ""]
        _step_md(obj, lang, 0, out)
        return "\n".join(out)
    if fmt == "html":
        if isinstance(obj, WhyNot):
            return f"<div class=\"whynot\" lang=\"{lang}\">{_whynot_html(obj, lang)}</div>"
        return (f"<div class=\"why\" lang=\"{lang}\"><h3>{html.escape(LABELS[lang]['why'])}: "
                f"<code>{html.escape(obj.conclusion)}</code></h3><ul>{_step_html(obj, lang)}</ul></div>")
    raise ValueError(f"unknown format {fmt!r}: expected text, json, markdown or html")


def _step(d: dict[str, Any]) -> Step:
    bindings = dict(d["bindings"])
    counted = Text(bindings.pop("counted", ""), d.get("counted_da", ""))
    return Step(d["rule_id"], d["conclusion"], Text(d["text_en"], d["text_da"]),
                Text(d["source"], d["source_da"]), Text(d["quote"], d["quote_da"]), bindings,
                [FactRef(**f) for f in d["facts"]], [_step(c) for c in d["children"]], counted)


def _condition(x: dict[str, Any]) -> Condition:
    def text(key: str) -> Text:
        return Text(x[key], x.get(f"{key}_da", ""))
    return Condition(text("text"), x["holds"], text("actual"), text("required"),
                     [_step(b) for b in x.get("because", [])])


def from_json(text: str) -> Step | WhyNot:
    """The explanation a render(..., fmt="json") wrote."""
    d = json.loads(text)
    if d.get("kind") == "step":
        return _step(d)
    return WhyNot(d["conclusion"], [
        Candidate(c["rule_id"], Text(c["source"], c.get("source_da", "")),
                  Text(c["quote"], c.get("quote_da", "")),
                  Text(c["text_en"], c["text_da"]), [_condition(x) for x in c["failed"]],
                  [_step(b) for b in c["blocked_by"]], c.get("applicable", True))
        for c in d["candidates"]], d["not_modelled"], Text(d.get("text_en", ""), d.get("text_da", "")))
