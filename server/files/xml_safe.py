"""Parsing TCX and GPX safely, and forgiving the oddities real exporters write.

lxml parses with entity resolution, DTD loading and network access off and without its
"huge tree" allowance, so nothing outside the bytes is read and nothing expands. A file that
declares entities is refused outright (the billion-laughs family has no honest use in an
activity file), as is one nested deeper than the limit. Two oddities are forgiven with a
warning: whitespace before `<?xml` (some exporters write a newline first), and namespace
prefixes used but never declared (hand-edited or badly merged GPX): those are parsed again
in lxml's recovering mode, which keeps `prefix:name` as the element's name.
"""

from __future__ import annotations

from lxml import etree

from server.files.activity import FileWarning
from server.files.errors import FileRefused, RefusalCode
from server.files.limits import FileLimits

UTF8_BOM = b"\xef\xbb\xbf"
_UNDEFINED_NAMESPACE = "NS_ERR_UNDEFINED_NAMESPACE"
XmlElement = etree._Element


def strip_prolog(data: bytes) -> tuple[bytes, bool]:
    """The document from its first `<`, and whether whitespace had to go for that.

    A UTF-8 byte-order mark alone is legal and kept out silently; whitespace is not legal
    before the XML declaration, so removing it is worth a warning.
    """
    body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    stripped = body.lstrip(b" \t\r\n\x00")
    return stripped, len(stripped) != len(body)


def looks_like_xml(data: bytes) -> bool:
    return strip_prolog(data[:4096])[0].startswith(b"<")


def _parser(recover: bool) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
    )


def _syntax_refusal(error: etree.XMLSyntaxError) -> FileRefused:
    line = error.lineno if isinstance(error.lineno, int) and error.lineno > 0 else None
    if "entity" in str(error.msg).lower() and "amplification" in str(error.msg).lower():
        return _entities()
    if "Excessive depth" in str(error.msg):
        return FileRefused(
            RefusalCode.XML_TOO_DEEP,
            f"This file nests its elements too deep (line {line}); activity files need about "
            "a dozen levels.",
            line=line,
        )
    where = f" (line {line})" if line else ""
    return FileRefused(
        RefusalCode.NOT_XML,
        f"This file is not well-formed XML{where}: {error.msg}",
        line=line,
    )


def parse_xml(data: bytes, limits: FileLimits) -> tuple[XmlElement, list[FileWarning]]:
    """The root element of a safely parsed document, with the warnings for what was forgiven."""
    warnings: list[FileWarning] = []
    body, had_space = strip_prolog(data)
    if had_space:
        warnings.append(
            FileWarning(
                code="xml_leading_whitespace",
                message="The file had whitespace before its XML declaration; it was ignored.",
            )
        )
    if b"<!ENTITY" in body:
        raise _entities()
    strict = _parser(recover=False)
    try:
        root = etree.fromstring(body, strict)
    except etree.XMLSyntaxError as error:
        # The parser's own log: the exception's holds every error of the thread so far.
        entries = list(strict.error_log)
        if not entries or any(e.type_name != _UNDEFINED_NAMESPACE for e in entries):
            raise _syntax_refusal(error) from None
        root = _recover(body)
        prefixes = sorted({e.message.split()[2] for e in entries if len(e.message.split()) > 2})
        warnings.append(
            FileWarning(
                code="xml_undeclared_prefix",
                message="The file uses namespace prefixes it never declares "
                f"({', '.join(prefixes) or 'unnamed'}); they were read by their local names.",
            )
        )
    if root is None:
        raise FileRefused(RefusalCode.NOT_XML, "This file has no XML content.")
    _check_dtd(root)
    _check_depth(root, limits.max_xml_depth)
    return root, warnings


def _recover(body: bytes) -> XmlElement:
    """Parse again forgiving undeclared prefixes only; any other error still refuses."""
    parser = _parser(recover=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as error:  # pragma: no cover - recover mode rarely raises
        raise _syntax_refusal(error) from None
    for entry in parser.error_log:
        if entry.type_name != _UNDEFINED_NAMESPACE and entry.level >= etree.ErrorLevels.ERROR:
            raise FileRefused(
                RefusalCode.NOT_XML,
                f"This file is not well-formed XML (line {entry.line}): {entry.message}",
                line=entry.line or None,
            )
    return root


def _entities() -> FileRefused:
    return FileRefused(
        RefusalCode.XML_ENTITIES,
        "This file declares XML entities, which activity files never need; "
        "it is refused to keep entity expansion attacks out.",
    )


def _check_dtd(root: XmlElement) -> None:
    """The byte scan already refused `<!ENTITY`; this catches any declaration it missed."""
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):  # type: ignore[attr-defined]
        raise _entities()


def _check_depth(root: XmlElement, limit: int) -> None:
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > limit:
                line = line_of(element)
                raise FileRefused(
                    RefusalCode.XML_TOO_DEEP,
                    f"This file nests its elements more than {limit} levels deep"
                    f" (line {line}); activity files need about a dozen.",
                    line=line,
                )
        else:
            depth -= 1


def line_of(element: XmlElement) -> int | None:
    """The element's line in the file, for refusals a runner can find."""
    line = getattr(element, "sourceline", None)
    return line if isinstance(line, int) else None


def local_name(element: XmlElement) -> str:
    """An element's name without namespace or undeclared prefix: `{ns}hr` and `ns3:hr` → `hr`."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2]


def child(element: XmlElement, name: str) -> XmlElement | None:
    for item in element:
        if local_name(item) == name:
            return item
    return None


def children(element: XmlElement, name: str) -> list[XmlElement]:
    return [item for item in element if local_name(item) == name]


def child_text(element: XmlElement, name: str) -> str | None:
    found = child(element, name)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def descendant_text(element: XmlElement, name: str) -> str | None:
    """The first text of a descendant by local name (extensions nest at varying depths)."""
    for item in element.iter():
        if item is not element and local_name(item) == name and item.text and item.text.strip():
            return item.text.strip()
    return None
