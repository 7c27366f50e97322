"""Explanations as text (terminal), JSON (programs), Markdown and HTML (reports), in English or Danish."""

from __future__ import annotations

import html
import json
from dataclasses import asdict
from typing import Any

from .render_values import required_text, to_danish_values
from .types import Candidate, Condition, FactRef, Step, WhyNot

LABELS = {
    "en": {"because": "because", "rule": "rule", "source": "source", "values": "values",
           "fact": "from", "why_not": "Why not", "holds": "This holds.", "why": "Why",
           "not_modelled": "No rule of the knowledge base concludes this (not modelled).",
           "could": "could conclude it", "failed": "not met", "blocked": "blocked by the exception",
           "actual": "is", "none": "no rule fired: it is a fact", "counted": "counted"},
    "da": {"because": "fordi", "rule": "regel", "source": "kilde", "values": "værdier",
           "fact": "fra", "why_not": "Hvorfor ikke", "holds": "Dette gælder.", "why": "Hvorfor",
           "not_modelled": "Ingen regel i vidensbasen konkluderer dette (ikke modelleret).",
           "could": "kunne konkludere det", "failed": "ikke opfyldt", "blocked": "blokeret af undtagelsen",
           "actual": "er", "none": "ingen regel: det er et faktum", "counted": "talt med"},
}


def _lang(lang: str) -> str:
    return "da" if lang.lower().startswith("da") else "en"


def _source(obj: Step | Candidate, lang: str) -> tuple[str, str]:
    """The paragraph and quote in the asked language (the Danish text where the rule cites it)."""
    if lang == "da" and obj.source_da:
        return obj.source_da, obj.quote_da
    return obj.source, obj.quote


def _fact_line(f: FactRef, lang: str) -> str:
    where = f"{f.file}:{f.line}" if f.line else f.file
    name = f" {f.field}" if f.field else ""
    return f"{LABELS[lang]['fact']} {where}{name}: {f.atom}"


def _condition_line(c: Condition, lang: str) -> str:
    text = c.text_da if lang == "da" and c.text_da else c.text
    if c.required == "holds":
        actual = "" if c.actual in ("", "none") else \
            f" ({LABELS[lang]['actual']}: {to_danish_values(c.actual) if lang == 'da' else c.actual})"
        return f"{LABELS[lang]['failed']}: {text}{actual}"
    actual = to_danish_values(c.actual) if lang == "da" else c.actual
    return f"{LABELS[lang]['failed']}: {text}: {actual}; " \
        f"{'krævet' if lang == 'da' else 'required'} {required_text(c.required, lang)}"


# --- text -----------------------------------------------------------------------------------------
def _step_text(s: Step, lang: str, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    text = s.text_da if lang == "da" else s.text_en
    out.append(f"{pad}- {text}")
    if s.rule_id:
        source, quote = _source(s, lang)
        out.append(f"{pad}  [{s.rule_id}] {source}")
        if quote:
            out.append(f"{pad}  \"{quote}\"")
    if s.bindings.get("counted"):
        counted = s.bindings["counted"]
        out.append(f"{pad}  {LABELS[lang]['counted']}: "
                   f"{to_danish_values(counted) if lang == 'da' else counted}")
    for f in s.facts:
        out.append(f"{pad}  {_fact_line(f, lang)}")
    for c in s.children:
        _step_text(c, lang, depth + 1, out)


def _whynot_text(w: WhyNot, lang: str) -> list[str]:
    out = [f"{LABELS[lang]['why_not']}: {w.conclusion}"]
    if w.not_modelled:
        return out + ["  " + LABELS[lang]["not_modelled"]]
    if not w.candidates:
        return out + ["  " + LABELS[lang]["holds"]]
    for c in w.candidates:
        source, quote = _source(c, lang)
        text = c.text_da if lang == "da" else c.text_en
        out.append(f"- [{c.rule_id}] {text}")
        out.append(f"  {source}")
        if quote:
            out.append(f"  \"{quote}\"")
        for cond in c.failed:
            out.append(f"  x {_condition_line(cond, lang)}")
        for b in c.blocked_by:
            out.append(f"  x {LABELS[lang]['blocked']}:")
            _step_text(b, lang, 2, out)
    return out


# --- markdown and html -------------------------------------------------------------------------
def _step_md(s: Step, lang: str, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    text = s.text_da if lang == "da" else s.text_en
    source, quote = _source(s, lang)
    rule = f" — `{s.rule_id}` ({source})" if s.rule_id else ""
    out.append(f"{pad}- **{text}**{rule}" + (f"<br>_\"{quote}\"_" if quote else ""))
    for f in s.facts:
        out.append(f"{pad}  - {_fact_line(f, lang)}")
    for c in s.children:
        _step_md(c, lang, depth + 1, out)


def _step_html(s: Step, lang: str) -> str:
    e = html.escape
    text = s.text_da if lang == "da" else s.text_en
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
    head = f"<h3>{e(LABELS[lang]['why_not'])}: <code>{e(w.conclusion)}</code></h3>"
    if w.not_modelled or not w.candidates:
        return head + f"<p>{e(LABELS[lang]['not_modelled' if w.not_modelled else 'holds'])}</p>"
    items = []
    for c in w.candidates:
        source, quote = _source(c, lang)
        text = c.text_da if lang == "da" else c.text_en
        sub = [f"<li class=\"failed\">{e(_condition_line(x, lang))}</li>" for x in c.failed]
        sub += [f"<li class=\"blocked\">{e(LABELS[lang]['blocked'])}:<ul>{_step_html(b, lang)}</ul></li>"
                for b in c.blocked_by]
        items.append(f"<li><code class=\"rule\">{e(c.rule_id)}</code> {e(text)} "
                     f"<span class=\"src\">{e(source)}</span>"
                     + (f"<blockquote>{e(quote)}</blockquote>" if quote else "")
                     + f"<ul>{''.join(sub)}</ul></li>")
    return head + "<ul>" + "".join(items) + "</ul>"


def to_dict(obj: Step | WhyNot, lang: str = "en") -> dict[str, Any]:
    """An explanation as plain data (what render(..., fmt="json") writes)."""
    kind = "step" if isinstance(obj, Step) else "why_not"
    return {"kind": kind, "lang": _lang(lang), **asdict(obj)}


def render(obj: Step | WhyNot, lang: str = "en", fmt: str = "text") -> str:
    """An explanation in a language (en, da) and a format (text, json, markdown, html)."""
    lang = _lang(lang)
    if fmt == "json":
        return json.dumps(to_dict(obj, lang), ensure_ascii=False, indent=2)
    if fmt == "text":
        if isinstance(obj, WhyNot):
            return "\n".join(_whynot_text(obj, lang))
        out = [f"{LABELS[lang]['why']}: {obj.conclusion}"]
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
    return Step(d["rule_id"], d["conclusion"], d["text_en"], d["text_da"], d["source"],
                d["source_da"], d["quote"], d["quote_da"], dict(d["bindings"]),
                [FactRef(**f) for f in d["facts"]], [_step(c) for c in d["children"]])


def from_json(text: str) -> Step | WhyNot:
    """The explanation a render(..., fmt="json") wrote."""
    d = json.loads(text)
    if d.get("kind") == "step":
        return _step(d)
    return WhyNot(d["conclusion"], [
        Candidate(c["rule_id"], c["source"], c["quote"], c["text_en"], c["text_da"],
                  [Condition(**x) for x in c["failed"]], [_step(b) for b in c["blocked_by"]],
                  c.get("source_da", ""), c.get("quote_da", ""))
        for c in d["candidates"]], d["not_modelled"])
