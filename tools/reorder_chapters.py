"""Usage: python3 tools/reorder_chapters.py CHAPTER... (stems; KBDIR=... for another kb/). Idempotent.

Reorder a chapter file: subsections in the regulation's order, each under a heading comment with its
line range and the subsection's opening sentence; rule blocks by their cited lines; helpers last."""
import os
import re
import sys
from pathlib import Path

KB = Path(os.environ.get('KBDIR', Path(__file__).resolve().parent.parent / 'kb'))
SRC = {p.name: p.read_text(encoding='utf-8').split('\n') for p in (KB / 'sources').glob('*.txt')}
SRC_RE = re.compile(r'^(?P<file>[^|]+?)\s*\|\s*(?P<section>[^|]+?)\s*\|\s*L(?P<first>\d+)(?:\s*-\s*L?(?P<last>\d+))?$')

def parse(path):
    lines = path.read_text(encoding='utf-8').split('\n')
    first = next(i for i, l in enumerate(lines) if l.startswith('%@') or l.startswith('% ====='))
    header = lines[:first]
    while header and header[-1].strip() == '':
        header.pop()
    chunks, cur = [], []
    for l in lines[first:]:
        if l.strip() == '':
            if cur: chunks.append(cur); cur = []
        else:
            cur.append(l)
    if cur: chunks.append(cur)
    blocks = []
    for c in chunks:
        if not c[0].startswith('%@'):
            assert c[0].startswith('% ---') or c[0].startswith('% ==='), (path, c)
            continue   # an old divider comment: replaced by the headings
        n_ids = sum(1 for l in c if re.match(r'%@(rule|not_modelled) ', l))
        assert n_ids == 1, (path, c[:2])
        blocks.append(c)
    return header, blocks

def src_of(block, key):
    for l in block:
        if l.startswith(f'%@{key} '):
            m = SRC_RE.match(l[len(key) + 3:].strip())
            if m:
                return (m['file'], m['section'], int(m['first']), int(m['last'] or m['first']))
    return None

def is_helper(block):
    if block[0].startswith('%@not_modelled'):
        return False
    heads = [re.match(r'^([a-z_][a-zA-Z0-9_]*)', l).group(1) for l in block
             if not l.startswith('%') and not l.startswith(' ') and re.match(r'^[a-z_]', l)]
    return bool(heads) and all(h.startswith('_') for h in heads)

def heading_line(file, section, first):
    """The line of the sub-section's heading in the source: the nearest line above `first` equal to
    the section path's last part."""
    def norm(t):
        t = t.replace('’', "'").replace('‘', "'").replace('“', '"').replace('”', '"')
        return re.sub(r'\s+', ' ', t).strip().rstrip('?:.').strip().lower()
    name = norm(section.split('>')[-1])
    lines = SRC[file]
    for k in range(first, max(0, first - 200), -1):
        if norm(lines[k - 1]) == name:
            return k
    return None

def opening(file, hline):
    lines = SRC[file]
    k = hline + 1
    while k <= len(lines) and not lines[k - 1].strip():
        k += 1
    text = lines[k - 1].strip()
    m = re.match(r'^(.{20,}?[.:;?!])(?=\s+[A-ZÆØÅ"‘’“]|$)', text)
    s = m.group(1) if m else text
    if len(s) > 150:
        s = s[:150].rsplit(' ', 1)[0] + ' …'
    return s, k

def reorder(path):
    header, blocks = parse(path)
    groups = {}
    helpers = []
    for idx, b in enumerate(blocks):
        s = src_of(b, 'source')
        assert s, (path, b[0])
        if is_helper(b):
            helpers.append(((s[0], s[2], s[3], idx), b))
        else:
            groups.setdefault((s[0], s[1]), []).append(((s[0], s[2], s[3], idx), b))
    out = list(header) + ['']
    ordered = sorted(groups.items(), key=lambda kv: min(m[0] for m in kv[1]))
    main = [g for g in ordered if not g[0][0].startswith('003')]
    only_da = [g for g in ordered if g[0][0].startswith('003')]
    if not main:
        main, only_da = only_da, []
    def da_of(g):
        return [d for d in (src_of(b, 'source_da') for _, b in g[1]) if d]
    for g in only_da:
        home = next((h for h in main if any(d[1] == g[0][1] for d in da_of(h))), None)
        if home is not None:
            home[1].extend(g[1]); continue
        first = min(m[0][1] for m in g[1])
        pos = 0
        for i, h in enumerate(main):
            if any(d[2] <= first for d in da_of(h)):
                pos = i + 1
        main.insert(pos, g)
    for (file, section), members in main:
        members.sort(key=lambda m: m[0])
        own = [m for m in members if m[0][0] == file]
        first = min(m[0][1] for m in own); last = max(m[0][2] for m in own)
        h = heading_line(file, section, first)
        start = h if h is not None and h <= first else first
        tag = file.split('_')[0]
        rng = f'L{start}' if start == last else f'L{start}-{last}'
        title = f'% ===== {section} -- {tag} {rng} '
        out.append(title + '=' * max(3, 100 - len(title)))
        da = [src_of(b, 'source_da') for _, b in members] + [m[0][:1] and src_of(m[1], 'source') for m in members if m[0][0] != file]
        da = [d for d in da if d]
        if da:
            dsecs = sorted({d[1] for d in da})
            a, z = min(d[2] for d in da), max(d[3] for d in da)
            out.append(f'% {da[0][0].split("_")[0]}: {"; ".join(dsecs)} ' + (f'L{a}' if a == z else f'L{a}-{z}'))
        q, k = opening(file, h if h is not None else first - 1)
        out.append(f'% L{k}: "{q}"')
        out.append('')
        for _, b in members:
            out += b + ['']
    if helpers:
        helpers.sort(key=lambda m: m[0])
        out.append('% ===== Helpers (used by the rules above), in the order of the lines they cite ' + '=' * 19)
        out.append('')
        for _, b in helpers:
            out += b + ['']
    while out[-1] == '':
        out.pop()
    text = '\n'.join(out) + '\n'
    # same blocks, nothing lost
    before = sorted('\n'.join(b) for b in blocks)
    _, after_blocks = parse_text(text)
    assert before == sorted('\n'.join(b) for b in after_blocks)
    path.write_text(text, encoding='utf-8')

def parse_text(text):
    p = Path('/tmp/i9kb_check.lp'); p.write_text(text, encoding='utf-8')
    return parse(p)

for name in sys.argv[1:]:
    reorder(KB / 'chapters' / f'{name}.lp')
    print('reordered', name)
