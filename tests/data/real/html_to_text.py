#!/usr/bin/env python3
"""One-off converter used to make tests/data/real/04[6-9].txt from the thuvienphapluat.vn pages in
shared/corpus/real-examples (see README.md): keeps only the document body (the first
<div class="content1">, i.e. the Vietnamese text tab) and drops the site chrome around it.

Rendering: block elements (p, div, td, tr, table, li, h1-h6) and <br> end a line; inline tags
are dropped without adding spaces (so "năm 201</span>6" stays "năm 2016"); whitespace inside
a paragraph collapses to one space, as a browser would show it. Table cells become their own
lines, left column before right column (like Poppler's default reading order).

Usage: html_to_text.py page.html > out.txt
"""
import html
import html.parser
import re
import sys

BLOCK = {"p", "div", "td", "th", "tr", "table", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5",
         "h6", "br", "center", "blockquote"}
SKIP = {"script", "style", "noscript"}


class Extractor(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0          # div depth inside content1 (0 = not inside)
        self.done = False
        self.skip = 0
        self.out = []
        self.cur = []

    def flush(self):
        text = re.sub(r"\s+", " ", "".join(self.cur)).strip()
        if text:
            self.out.append(text)
        self.cur = []

    def handle_starttag(self, tag, attrs):
        if self.done:
            return
        if self.depth == 0:
            if tag == "div" and ("class", "content1") in attrs:
                self.depth = 1
            return
        if tag == "div":
            self.depth += 1
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if self.done or self.depth == 0:
            return
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in BLOCK:
            self.flush()
        if tag == "div":
            self.depth -= 1
            if self.depth == 0:
                self.done = True

    def handle_data(self, data):
        if self.depth and not self.done and not self.skip:
            self.cur.append(data.replace("\xa0", " "))


def main():
    src = open(sys.argv[1], encoding="utf-8").read()
    ex = Extractor()
    ex.feed(src)
    ex.flush()
    sys.stdout.write("\n".join(ex.out) + "\n")


if __name__ == "__main__":
    main()
