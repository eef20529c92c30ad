#!/usr/bin/env python3
"""Independent re-implementation of claimwatch-story's MinHash signature (SIGNATURE_VERSION 1),
the generator of the golden slots in crates/story/src/tests.rs.

    python3 crates/story/tools/minhash_golden.py "one two three four" ...

prints, per text, the 64 slots as a Rust array. The algorithm, as documented in minhash.rs:
words are maximal runs of letters, digits and combining marks, lowercased; each overlapping
3-word shingle is hashed with 64-bit FNV-1a over each word's UTF-8 bytes followed by a 0x1f
byte (offset basis 0xcbf29ce484222325); slot i keeps the minimum over shingles of
splitmix64_finaliser(h XOR i * 0x9e3779b97f4a7c15); a slot's value is the high 32 bits of that
minimum, as a signed 32-bit integer. Fewer than three words give an empty signature.
"""
import sys
import unicodedata

M64 = (1 << 64) - 1
SLOTS = 64


def is_word_char(c):
    cat = unicodedata.category(c)
    return cat[0] in "LN" or cat in ("Mn", "Mc", "Me")


def lower_words(text):
    words, cur = [], []
    for c in text:
        if is_word_char(c):
            cur.append(c)
        elif cur:
            words.append("".join(cur).lower())
            cur = []
    if cur:
        words.append("".join(cur).lower())
    return words


def fnv1a(data, h):
    for b in data:
        h ^= b
        h = (h * 0x100000001B3) & M64
    return h


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def signature(text):
    words = lower_words(text)
    if len(words) < 3:
        return []
    mins = [M64] * SLOTS
    for k in range(len(words) - 2):
        h = 0xCBF29CE484222325
        for w in words[k : k + 3]:
            h = fnv1a(w.encode("utf-8"), h)
            h = fnv1a(b"\x1f", h)
        for i in range(SLOTS):
            v = mix(h ^ ((i * 0x9E3779B97F4A7C15) & M64))
            if v < mins[i]:
                mins[i] = v
    out = []
    for m in mins:
        hi = m >> 32
        out.append(hi - (1 << 32) if hi >= 1 << 31 else hi)
    return out


if __name__ == "__main__":
    for text in sys.argv[1:]:
        sig = signature(text)
        print(f"// {text!r}")
        print("[" + ", ".join(str(v) for v in sig) + "]")
