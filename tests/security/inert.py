"""What "no executable markup" means, checked on parsed HTML the way a browser would read it."""

import html
import re

import lxml.html

FORBIDDEN_ELEMENTS = (
    {"script", "noscript", "template", "style", "link", "meta", "base", "xml"}
    | {"iframe", "frame", "frameset", "portal", "object", "embed", "applet", "param"}
    | {"svg", "math", "video", "audio", "source", "bgsound", "marquee"}
    | {"form", "input", "button", "textarea", "select", "isindex", "keygen"}
)
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "lowsrc",
    "dynsrc",
    "xlink:href",
    "cite",
    "codebase",
    "longdesc",
    "usemap",
    "ping",
    "srcdoc",
    "code",
}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]+")


def url_is_dangerous(value: str) -> bool:
    text = html.unescape(value)
    text = INVISIBLE.sub("", text).lower()
    return text.startswith(DANGEROUS_SCHEMES)


def problems(fragment: str) -> list[str]:
    """Everything in ``fragment`` that a browser could execute or that CSP would have to stop."""
    if not fragment.strip():
        return []
    document = lxml.html.document_fromstring(f"<html><body>{fragment}</body></html>")
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower().rsplit("}", 1)[-1]
        if tag in FORBIDDEN_ELEMENTS:
            found.append(f"<{tag}> element")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                found.append(f"{name} attribute on <{tag}>")
            elif name == "style":
                found.append(f"style attribute on <{tag}>")
            elif name in URL_ATTRIBUTES or name.endswith("href"):
                if url_is_dangerous(value):
                    found.append(f"{name}={value!r} on <{tag}>")
            elif name in {"srcset", "imagesrcset"}:
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url_is_dangerous(url):
                        found.append(f"{name} candidate {url!r} on <{tag}>")
            elif name == "content" and "url=" in value.lower():
                found.append(f"refresh-like content {value!r} on <{tag}>")
    return found
