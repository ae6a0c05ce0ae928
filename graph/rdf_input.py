"""RDF files given by users, read without trusting them: nothing is fetched, nothing expands beyond
the file, and a syntax error names the exact file:line.

- RDF/XML: an entity declaration is refused wherever it appears (defusedxml's default): entities
  nest, so 1 KB can expand to gigabytes ("billion laughs"), and external ones name other files or
  URLs. pyoxigraph expands internal entities, even ones declared after the root element or inside a
  DTD comment, so the check reads the bytes rather than trusting a parse.
- JSON-LD: a context that is not inline (an IRI, in a list too, or `@import`) is refused: rdflib
  fetches it, pyoxigraph refuses it with a message that does not say which file or why.
- Nesting is bounded (MAX_XML_DEPTH, MAX_JSON_DEPTH): pyoxigraph's RDF/XML parser slows down with
  the cube of the depth (20,000 nested elements: 13 s for 880 KB) and its JSON-LD processor
  overflows the stack (a segfault, not an error) at a few thousand nested objects. So is the work
  of applying JSON-LD contexts again and again (MAX_CONTEXT_WORK, see jsonld_shape.py).
- Parsing is pyoxigraph's, whose error positions are exact; rdflib's Turtle parser counts lines from
  where its look-ahead started (a hundred lines off in a fact file) and accepts IRIs with spaces.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from xml.parsers import expat

import pyoxigraph as ox
from rdflib import Dataset

from .errors import SourceError
from .formats import RDF_FORMATS, RdfFormat, by_name, by_suffix
from .jsonld_shape import shape

LABELS = {"turtle": "Turtle", "ntriples": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF/XML",
          "trig": "TriG", "nquads": "N-Quads"}
# "<!ENTITY" in any case and spacing (searched with NULs removed, so UTF-16 is caught too): a lenient
# parser may accept any of them.
ENTITY_DECLARATION = re.compile(rb"<!\s*entity", re.IGNORECASE)
# Far above real data (a few levels; 30 for deeply framed JSON-LD), far below what is slow: at these
# depths pyoxigraph parses at about 0.25 s/MB (JSON-LD) and 0.15 s/MB (RDF/XML).
MAX_XML_DEPTH = 1000
MAX_JSON_DEPTH = 100
# Context entries copied over all applications of contexts (see jsonld_shape.py), plus two per byte
# of the file: pyoxigraph copies about 5 million a second, so at most 0.4 s + 0.4 s per MB.
MAX_CONTEXT_WORK = 2_000_000
POSITION = re.compile(r"^Parser error at line \d+ (?:column (\d+)|between columns (\d+) and \d+): ")


def rdf_format(path: Path) -> RdfFormat:
    fmt = by_suffix(path.suffix)
    if fmt is None:
        known = ", ".join(sorted({f.suffix for f in RDF_FORMATS}))
        raise SourceError(path, f"unknown RDF file suffix {path.suffix!r}; known: {known}")
    return fmt


def check(path: Path, fmt: RdfFormat) -> None:
    """Refuse what a parser would fetch or expand (see the module docstring)."""
    if not path.is_file():  # a device or a pipe (/dev/zero, /dev/stdin) would be read without end
        raise SourceError(path, "not a regular file")
    if fmt.name == "rdfxml":
        _check_rdfxml(path)
    elif fmt.name == "jsonld":
        _check_jsonld(path)


def parse(path: Path, fmt: RdfFormat | None = None, base_iri: str | None = None) -> list[ox.Quad]:
    """The file's quads (triples in the default graph), checked first; errors name file:line."""
    fmt = fmt or rdf_format(path)
    check(path, fmt)
    try:
        return list(ox.parse(path=str(path), format=fmt.oxigraph, base_iri=base_iri))
    except SyntaxError as exc:
        raise syntax_error(path, fmt, exc) from None


def load(store: ox.Store, path: Path, fmt: RdfFormat | None = None, to_graph: ox.NamedNode | None = None) -> None:
    """Bulk-load the file into `store` (a triple format into `to_graph`), checked first."""
    fmt = fmt or rdf_format(path)
    check(path, fmt)
    kwargs = {"to_graph": to_graph} if to_graph is not None and not fmt.quads else {}
    try:
        store.bulk_load(path=str(path), format=fmt.oxigraph, **kwargs)
    except SyntaxError as exc:
        raise syntax_error(path, fmt, exc) from None


def turtle_syntax(path: Path, base_iri: str | None = None) -> None:
    """Raise a SourceError at the exact file:line if the Turtle file does not parse."""
    parse(path, by_name("turtle"), base_iri)


def to_rdflib(quads: list[ox.Quad], path: Path) -> Dataset:
    """The quads of `path` as an rdflib Dataset (through N-Quads, which rdflib reads without surprises)."""
    if any(isinstance(q.subject, ox.Triple) or isinstance(q.object, ox.Triple) for q in quads):
        raise SourceError(path, "RDF 1.2 triple terms (<<( … )>>) cannot be validated: rdflib and pyshacl do "
                                "not read them; `dtkg serve` can serve the file")
    dataset = Dataset()
    try:
        if quads:
            dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
    except Exception as exc:  # rdflib raises several kinds; the file is the user's, so a sentence
        raise SourceError(path, f"rdflib cannot read what pyoxigraph parsed: {exc}") from None
    return dataset


def syntax_error(path: Path, fmt: RdfFormat, exc: SyntaxError) -> SourceError:
    """pyoxigraph's SyntaxError as a sentence naming file:line (and the column where it has one)."""
    message = exc.msg or str(exc)
    match = POSITION.match(message)
    detail = message[match.end():] if match else message
    column = (match.group(1) or match.group(2)) if match else None
    line = exc.lineno or _locate(path, detail)
    where = f" (column {column})" if column else ""
    return SourceError(path, f"{LABELS.get(fmt.name, fmt.name)} syntax error{where}: {detail}", line=line)


def _locate(path: Path, detail: str) -> int | None:
    """A line for an error pyoxigraph gives without one (RDF/XML, which expat found well-formed):
    the first line holding the value the message quotes, such as a bad IRI."""
    quoted = re.search(r"'([^']+)'", detail)
    if not quoted:
        return None
    text = path.read_bytes().decode("utf-8", "replace")
    return _line_of(text, quoted.group(1)) or _line_of(text, quoted.group(1).replace("&", "&amp;"))


def _check_rdfxml(path: Path) -> None:
    data = path.read_bytes()
    found = ENTITY_DECLARATION.search(data.replace(b"\x00", b""))
    if found:
        line = data.replace(b"\x00", b"").count(b"\n", 0, found.start()) + 1
        raise SourceError(path, "RDF/XML entity declarations are refused (they can expand without bound or "
                                "read other files and URLs); write the values and IRIs out in full", line=line)
    _check_xml_depth(path, data)


def _check_xml_depth(path: Path, data: bytes) -> None:
    """Well-formed (errors at expat's exact line) and nested at most MAX_XML_DEPTH elements. expat
    never sees an entity declaration here (refused above), reads no DTD and fetches nothing."""
    parser = expat.ParserCreate()
    depth = 0

    def start(name, attributes):
        nonlocal depth
        depth += 1
        if depth > MAX_XML_DEPTH:
            raise SourceError(path, f"RDF/XML nested deeper than {MAX_XML_DEPTH} elements is refused "
                                    "(parsing time grows with the cube of the depth)", line=parser.CurrentLineNumber)

    def end(name):
        nonlocal depth
        depth -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise SourceError(path, f"RDF/XML syntax error (column {exc.offset + 1}): {expat.ErrorString(exc.code)}",
                          line=exc.lineno) from None


def _check_jsonld(path: Path) -> None:
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    too_deep = SourceError(path, f"JSON-LD nested deeper than {MAX_JSON_DEPTH} levels is refused (pyoxigraph's "
                                 "processor slows down with the depth, and overflows its stack)")
    try:  # numbers are not needed here (and Python refuses to convert ints of over 4,300 digits)
        document = json.loads(text, parse_int=len, parse_float=len, parse_constant=len)
    except json.JSONDecodeError as exc:
        raise SourceError(path, f"JSON syntax error (column {exc.colno}): {exc.msg}", line=exc.lineno) from None
    except RecursionError:  # nested beyond Python's limit, so far beyond MAX_JSON_DEPTH
        raise too_deep from None
    found = shape(document, MAX_JSON_DEPTH)
    if found.depth > MAX_JSON_DEPTH:
        raise too_deep
    if found.remote is not None:
        raise SourceError(path, f"JSON-LD context {found.remote!r} is not inline; dtkg never fetches contexts "
                                "(they can point at any server or file): put the context in the file",
                          line=_line_of(text, json.dumps(found.remote)))
    limit = MAX_CONTEXT_WORK + 2 * len(text)
    if found.work > limit:
        raise SourceError(path, f"JSON-LD applies its contexts too often: about {found.work:,} context entries "
                                f"to copy (more than {limit:,}, which would take seconds to minutes); put the "
                                "terms in one top-level context instead of embedded or scoped ones")


def _line_of(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else None
