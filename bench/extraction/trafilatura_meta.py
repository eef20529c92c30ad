#!/usr/bin/env python3
"""Python trafilatura's own metadata (title, author, date) for a folder of pages.

    VENV/bin/python trafilatura_meta.py HTML_DIR OUT.json

Pages are <id>.html or <id>.html.gz, decoded as UTF-8 with errors replaced (as
run_trafilatura.py does). For each page, trafilatura.extract() is called with its JSON
output and metadata on (include_comments=False, as for the main-text runs), and the
"title", "author" and "date" fields of that JSON are written as
{id: {"title": ..., "author": ..., "date": ...}}. Not timed: bench.sh times the text runs.
"""
import gzip
import json
import sys
from pathlib import Path

import trafilatura


def pages(folder):
    for p in sorted(Path(folder).iterdir()):
        if p.name.endswith(".html.gz"):
            yield p.name[:-8], gzip.open(p, "rb").read()
        elif p.name.endswith(".html"):
            yield p.name[:-5], p.read_bytes()


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    html_dir, out = argv
    result = {}
    for key, raw in pages(html_dir):
        html = raw.decode("utf-8", errors="replace")
        meta = {"title": None, "author": None, "date": None}
        try:
            doc = trafilatura.extract(html, output_format="json", with_metadata=True,
                                      include_comments=False)
        except Exception as e:  # a peer's failure on one page is that page's miss
            print(f"{key}: {e}", file=sys.stderr)
            doc = None
        if doc:
            data = json.loads(doc)
            meta = {k: data.get(k) or None for k in meta}
        result[key] = meta
    Path(out).write_text(json.dumps({"version": trafilatura.__version__, "output": result},
                                    ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
