#!/usr/bin/env python3
# Usage: wasm-bindgen --target web --out-dir /tmp/w target/wasm32-unknown-unknown/release/fanout-viewer.wasm
#        scripts/wasm-sizes.py /tmp/w/fanout-viewer_bg.wasm [depth=2] [rows=40]
# (the file before wasm-opt still has its name section; Trunk strips it from dist/).
"""Function body sizes of a wasm file, grouped by a name prefix (needs the name section)."""
import sys, re, collections, subprocess
def leb(b, i):
    r = s = 0
    while True:
        x = b[i]; i += 1; r |= (x & 0x7f) << s; s += 7
        if x < 0x80: return r, i
def main(path, depth=2, top=40):
    b = open(path, 'rb').read(); i = 8; n_imp_funcs = 0; bodies = []; names = {}
    while i < len(b):
        sid = b[i]; i += 1; size, i = leb(b, i); end = i + size
        if sid == 2:
            cnt, j = leb(b, i)
            for _ in range(cnt):
                l, j = leb(b, j); j += l; l, j = leb(b, j); j += l
                kind = b[j]; j += 1
                if kind == 0: _, j = leb(b, j); n_imp_funcs += 1
                elif kind == 1: j += 1; fl, j = leb(b, j); _, j = leb(b, j); j = leb(b, j)[1] if fl & 1 else j
                elif kind == 2: fl, j = leb(b, j); _, j = leb(b, j); j = leb(b, j)[1] if fl & 1 else j
                elif kind == 3: j += 2
        elif sid == 10:
            cnt, j = leb(b, i)
            for _ in range(cnt):
                l, j = leb(b, j); bodies.append(l); j += l
        elif sid == 0:
            l, j = leb(b, i); nm = b[j:j+l].decode(); j += l
            if nm == 'name':
                while j < end:
                    sub = b[j]; j += 1; sl, j = leb(b, j); se = j + sl
                    if sub == 1:
                        cnt, k = leb(b, j)
                        for _ in range(cnt):
                            idx, k = leb(b, k); l2, k = leb(b, k); names[idx] = b[k:k+l2].decode('utf-8', 'replace'); k += l2
                    j = se
        i = end
    dem = {}
    raw = [names.get(n_imp_funcs + k, '?') for k in range(len(bodies))]
    try:
        out = subprocess.run(['rustfilt'], input='\n'.join(raw), capture_output=True, text=True).stdout.split('\n')
    except FileNotFoundError:  # c++filt reads Rust's legacy (_ZN) names too
        out = subprocess.run(['c++filt'], input='\n'.join(raw), capture_output=True, text=True).stdout.split('\n')
    groups = collections.Counter()
    for k, sz in enumerate(bodies):
        name = out[k] if k < len(out) else raw[k]
        name = re.sub(r'^<', '', name)
        name = re.sub(r'::h[0-9a-f]{16}$', '', name)
        key = '::'.join(name.replace(' as ', '::').split('::')[:depth])
        groups[key] += sz
    total = sum(bodies)
    print(f'code total {total} B in {len(bodies)} functions')
    for k, v in groups.most_common(top):
        print(f'{v:9d} {100*v/total:5.1f}%  {k}')
main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 2, int(sys.argv[3]) if len(sys.argv) > 3 else 40)
