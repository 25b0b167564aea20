"""Hostile samples and network guards shared by the hostile-input and hostile-export tests."""
from __future__ import annotations

import codecs
import contextlib
import random
import re
import socket
import threading

ACTIVE_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


class Listener:
    """A TCP socket on 127.0.0.1 that accepts and counts every connection made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop.set()
        self._thread.join()
        self.sock.close()


@contextlib.contextmanager
def no_network():
    """Any Python-level attempt to reach the network raises while the block runs."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted during import: {args[1:] or kwargs}")

    saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection)
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.getaddrinfo = refuse
    socket.create_connection = refuse
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection = saved


def active_html(port: int) -> str:
    remote = f"http://127.0.0.1:{port}"
    return f"""<!DOCTYPE html SYSTEM "{remote}/evil.dtd">
<html><head><title>Hostile page</title>
<meta http-equiv="refresh" content="0; url={remote}/refresh">
<base href="{remote}/">
<link rel="stylesheet" href="{remote}/style.css"><script src="{remote}/app.js"></script>
<script>document.write('SCRIPTED'); fetch('{remote}/beacon')</script>
<style>body {{ background: url({remote}/bg.png) }}</style></head>
<body onload="alert('ONLOAD')"><article><h1>Real heading</h1>
<p>First paragraph with a <a href="javascript:alert('JSLINK')">javascript link</a>,
a <a href="JaVaScRiPt&#58;alert(1)">disguised one</a>, a <a href=" java&#x09;script:alert(2)">split one</a>,
a <a href="data:text/html;base64,PHNjcmlwdD4=">data link</a> and a <a href="https://example.org/ok">good link</a>.</p>
<img src="{remote}/pixel.png" onerror="alert('ONERROR')" alt="remote image">
<iframe src="{remote}/frame.html">IFRAME FALLBACK</iframe>
<object data="{remote}/x.swf"></object><embed src="{remote}/y.swf">
<svg><script>alert('SVGSCRIPT')</script><image href="{remote}/svg.png"/></svg>
<form action="{remote}/post"><input name="q" value="FORMVALUE"></form>
<p>Last paragraph.</p></article><noscript>NOSCRIPT</noscript></body></html>"""


RAW_MARKDOWN = """# Notes with raw HTML

Plain paragraph before.

<script>alert('MDSCRIPT')</script>

<iframe src="http://127.0.0.1:{port}/md-frame"></iframe>

A [javascript link](javascript:alert('MDJS')) and a [good one](https://example.org).

![remote image](http://127.0.0.1:{port}/md.png) <img src=x onerror=alert(1)>

<div onclick="alert('CLICK')">div text</div>
"""

BIDI = ("Normal text \u202eevil reversed txt.exe\u202c then \u2067isolated \u05e2\u05d1\u05e8\u05d9\u05ea\u2069 "
        "and \u200f marks \u200e and \u061c.\nSecond line \u202a embedded \u202c end.\n")
ASTRAL = "Emoji 🇯🇵🇷🇺 👩‍👩‍👧 🙂 and CJK Ext B 𠀋𡈽𠮷 and math 𝔸𝔹 and tags 🏴󠁧󠁢󠁳󠁣󠁴󠁿.\n" * 50


def crafted(port: int) -> dict[str, bytes]:
    rnd = random.Random(7)
    deep_html = "<html><body>" + "<div>" * 10_000 + "deep text" + "</div>" * 10_000 + "</body></html>"
    deep_inline = "<html><body><p>" + "<b><i>" * 5_000 + "deep inline" + "</i></b>" * 5_000 + "</p></body></html>"
    return {
        "random.txt": rnd.randbytes(64 * 1024),
        "random.html": rnd.randbytes(64 * 1024),
        "random.md": rnd.randbytes(64 * 1024),
        "png-named.html": b"\x89PNG\r\n\x1a\n" + rnd.randbytes(4096),
        "nul-bytes.txt": b"Looks like text\x00but has a NUL\x00 or two.\n" * 20,
        "truncated-utf8.txt": "Café 日本語 Ελληνικά".encode()[:-1],
        "truncated-utf8.md": ("# Title\n\nÜber " + "日本" * 20).encode("utf-8")[:-2],
        "utf16-no-bom.txt": "Text saved as UTF-16 without a byte-order mark.\n".encode("utf-16-le") * 10,
        "utf16-no-bom-be.html": "<p>Big-endian, no BOM</p>".encode("utf-16-be") * 10,
        "utf16-bom.txt": codecs.BOM_UTF16_LE + "UTF-16 with a BOM imports 𠀋.\n".encode("utf-16-le"),
        "bom-lies.txt": codecs.BOM_UTF16_LE + b"\x00\xd8",  # BOM, then a lone surrogate
        "empty.txt": b"",
        "whitespace.md": b" \n\t\n   \n",
        "controls.txt": bytes(range(1, 32)) * 100,
        "bidi.txt": BIDI.encode("utf-8"),
        "bidi.html": f"<html><body><p>{BIDI}</p></body></html>".encode(),
        "astral.txt": ASTRAL.encode("utf-8"),
        "astral.md": ("# 🇯🇵 𠀋\n\n" + ASTRAL).encode("utf-8"),
        "deep-10000.html": deep_html.encode(),
        "deep-inline.html": deep_inline.encode(),
        "deep-quotes.md": ("> " * 10_000 + "deep quote\n").encode(),
        "deep-lists.md": "".join("    " * i + "- item\n" for i in range(2_000)).encode(),
        "brackets.md": ("[" * 100_000 + "x" + "]" * 100_000).encode(),
        "emphasis.md": ("*a" * 100_000 + "\n").encode(),
        "active.html": active_html(port).encode(),
        "active.htm": active_html(port).replace("<html>", "<html><?xml-stylesheet href='x'?>").encode("cp1252",
                                                                                                        "replace"),
        "raw-html.md": RAW_MARKDOWN.format(port=port).encode(),
        "entity-bomb.html": ("<!DOCTYPE x [<!ENTITY a \"" + "A" * 1000 + "\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
                             "<html><body><p>&b;&b;&b;&b;</p></body></html>").encode(),
        "xxe.html": (f'<!DOCTYPE x [<!ENTITY ext SYSTEM "http://127.0.0.1:{port}/xxe">]>'
                     "<html><body><p>before &ext; after</p></body></html>").encode(),
        "cp1252.txt": "Caf\u00e9 \u2013 na\u00efve \u201cquotes\u201d\n".encode("cp1252"),
        "many-paragraphs.txt": ("Short paragraph.\n" * 200_000).encode(),
    }
