"""HTML pages → plain text lines, without fetching anything the page references."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

# Elements that never hold speech text: scripts, styles, forms and site furniture.
_DROP = "script, style, noscript, template, iframe, object, embed, svg, canvas, form, nav, header, footer, aside, select, button"
_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "title", "dd", "dt", "pre", "blockquote", "td"}


def looks_like_html(text: str) -> bool:
    """True when a text (even a .txt) is really an HTML document."""
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block element per line.

    Input: the decoded page. Output: text with newlines between blocks; script,
    style and navigation content removed. The parser never loads URLs.
    """
    tree = LexborHTMLParser(html)
    for node in tree.css(_DROP):
        node.decompose()
    root = tree.body or tree.root
    if root is None:
        return ""
    for tag in _BLOCKS:
        for node in root.css(tag):
            node.insert_before("\n")
            node.insert_after("\n")
    title = tree.css_first("title")
    title_text = title.text(strip=True) if title is not None else ""
    body = root.text(separator="", strip=False)
    lines = [ln.strip() for ln in body.splitlines()]
    text = "\n".join(ln for ln in lines if ln)
    if title_text and title_text not in text[:500]:
        text = title_text + "\n" + text
    return text
