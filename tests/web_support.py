"""Helpers for the web tests: one app on the built dataset per session, and a small HTML parser."""
from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser

import pytest

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# The pages whose JSON must be the same whatever store serves them (tests on remote stores).
REMOTE_STORE_PAGES = ("/id/province/hai-duong.json", "/ontology.json", "/vocab/pillar.json", "/graph/national-provinces.json",
                      "/id/source/national-provinces.json", "/api/search?q=vo+so", "/.well-known/void.json")


@lru_cache(maxsize=None)
def built_dataset() -> str:
    """dist/dtkg.nq, built if stale: what `dtkg serve` hands the server (which never builds)."""
    from dtkg.graph.config import settings
    from dtkg.graph.dist import ensure_built

    return str(ensure_built(settings()))


@lru_cache(maxsize=None)
def web_app():
    """The real application on the built dataset, queries run in-process (no query processes)."""
    from dtkg.server.app import create_app

    app = create_app({"QUERY_PROCESSES": 0, "STORE": built_dataset()})
    app.testing = True
    return app


@pytest.fixture(scope="module")
def client():
    """A test client of the shared app (import it into a test module to use it)."""
    return web_app().test_client()


@pytest.fixture(scope="module")
def engine():
    return web_app().extensions["dtkg"].engine


class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None"):
        self.tag, self.attrs, self.parent, self.children, self.parts = tag, attrs, parent, [], []

    @property
    def text(self) -> str:
        return "".join(p if isinstance(p, str) else p.text for p in self.parts)

    def iter(self):
        yield self
        for child in self.children:
            yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list["Node"]:
        """Descendants with this tag whose attributes contain the given values (class_ for class;
        a class value matches one of the element's classes)."""
        out = []
        for node in self.iter():
            if node is self or (tag and node.tag != tag):
                continue
            ok = True
            for key, value in attrs.items():
                key = key.rstrip("_").replace("_", "-")
                have = node.attrs.get(key)
                if key == "class":
                    ok = ok and have is not None and value in have.split()
                else:
                    ok = ok and have == value
            if ok:
                out.append(node)
        return out

    def find(self, tag: str | None = None, **attrs) -> "Node | None":
        found = self.find_all(tag, **attrs)
        return found[0] if found else None


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: (v or "") for k, v in attrs}, self.current)
        self.current.children.append(node)
        self.current.parts.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        node = Node(tag, {k: (v or "") for k, v in attrs}, self.current)
        self.current.children.append(node)
        self.current.parts.append(node)

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.parts.append(data)


def parse_html(text: str) -> Node:
    builder = _Builder()
    builder.feed(text)
    builder.close()
    return builder.root
