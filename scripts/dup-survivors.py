#!/usr/bin/env python3
"""Which of the pairs `duplicates` listed at one commit still stand today.

usage: dup-survivors.py OLD_TREE OLD_LIST NEW_TREE NEW_LIST
  OLD_TREE, NEW_TREE: checkouts (e.g. `git worktree add /tmp/old REV`);
  OLD_LIST, NEW_LIST: what `duplicates --most 200` printed in each.

Each side of an old pair is looked for in the new tree: the window of the
same length with the most of its lines (blank, comment, import and lone
punctuation lines left out, white space folded). An old pair is
- "still paired" when the new list pairs the two places found;
- "still alike" when both sides are found (>= 60 % of their lines) in two
  different places the new list does not pair (the tool lists a few pairs of
  a family, so this counts as standing, to be safe);
- "merged" when both sides are found in one place (one copy serves both);
- "gone" otherwise (a side was rewritten or removed).
Pairs in the translation files (ui/src/i18n) are left out, as the issue says.
"""
import re, subprocess, sys, os
from collections import Counter

OLD_TREE, OLD_LIST, NEW_TREE, NEW_LIST = sys.argv[1:5]
ROW = re.compile(r'^D(\d+) (\S+):(\d+)-(\d+) ~ (\S+):(\d+)-(\d+)(.*)$')

def rows(path):
    out = []
    for line in open(path):
        m = ROW.match(line.strip())
        if m:
            n, fa, a1, a2, fb, b1, b2, rest = m.groups()
            out.append((int(n), (fa, int(a1), int(a2)), (fb, int(b1), int(b2)), rest.strip()))
    return out

def norm(l):
    l = l.strip()
    if not l or l.startswith('//') or l.startswith('#') or l.startswith('--') or re.fullmatch(r'[{}()\[\];,]*', l):
        return None
    if l.startswith('use ') or l.startswith('import '):
        return None
    return re.sub(r'\s+', ' ', l)

cache = {}
def lines(tree, f):
    key = (tree, f)
    if key not in cache:
        try:
            cache[key] = open(os.path.join(tree, f), encoding='utf-8', errors='replace').read().split('\n')
        except FileNotFoundError:
            cache[key] = []
    return cache[key]

def side_text(tree, side):
    f, a, b = side
    return [x for x in (norm(l) for l in lines(tree, f)[a - 1:b]) if x]

new_files = subprocess.run(['git', '-C', NEW_TREE, 'ls-files'], capture_output=True, text=True).stdout.split()
new_files = [f for f in new_files if re.search(r'\.(rs|ts|vue|mjs|js|sql|sh)$|Makefile$', f)]

def locate(text):
    """The new file and line range holding most of `text`; (None, 0) if none."""
    want = Counter(text)
    best = (0, None)
    for f in new_files:
        ls = lines(NEW_TREE, f)
        normed = [(i + 1, norm(l)) for i, l in enumerate(ls)]
        normed = [(i, x) for i, x in normed if x]
        if not normed or not (set(want) & {x for _, x in normed}):
            continue
        n = len(text)
        for s in range(0, max(1, len(normed) - n + 1)):
            win = normed[s:s + n]
            got = sum((Counter(x for _, x in win) & want).values())
            if got > best[0]:
                best = (got, (f, win[0][0], win[-1][0]))
    return best[1], best[0] / max(1, len(text))

def overlaps(p, q):
    return p[0] == q[0] and not (p[2] < q[1] or q[2] < p[1])

old, new = rows(OLD_LIST), rows(NEW_LIST)
survive = 0
for n, a, b, rest in old:
    if 'i18n' in a[0] or 'i18n' in b[0]:
        continue
    la, fa = locate(side_text(OLD_TREE, a))
    lb, fb = locate(side_text(OLD_TREE, b))
    found = la and lb and fa >= 0.6 and fb >= 0.6
    match = None
    if found:
        for m, c, d, r2 in new:
            if (overlaps(la, c) and overlaps(lb, d)) or (overlaps(la, d) and overlaps(lb, c)):
                match = m
                break
    if match:
        status = f'still paired (now D{match})'
    elif found and overlaps(la, lb):
        status = 'merged'
    elif found:
        status = 'still alike'
    else:
        status = 'gone'
    if status.startswith('still'):
        survive += 1
    print(f'D{n} {a[0]}:{a[1]}-{a[2]} ~ {b[0]}:{b[1]}-{b[2]} {rest} -> {status}'
          + (f'  [{la[0]}:{la[1]}-{la[2]} {fa:.0%} | {lb[0]}:{lb[1]}-{lb[2]} {fb:.0%}]' if la and lb else ''))
total = sum(1 for _, a, b, _ in old if 'i18n' not in a[0] and 'i18n' not in b[0])
print(f'\n{survive} of the {total} pairs outside the translation files still stand (paired or alike)')
