"""The terms of the W3C Web Annotation model that Glossator's notes map to.

Each note kind has a motivation (the reverse mapping is used on import when an
annotation does not carry its kind as a tag):

| kind        | motivation  |
|-------------|-------------|
| context     | commenting  |
| fact-check  | assessing   |
| correction  | editing     |
| translation | describing  |
| analysis    | commenting  |
"""

from __future__ import annotations

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
RFC3986 = "http://tools.ietf.org/rfc/rfc3986"

KIND_MOTIVATION = {
    "context": "commenting",
    "fact-check": "assessing",
    "correction": "editing",
    "translation": "describing",
    "analysis": "commenting",
}
MOTIVATION_KIND = {"assessing": "fact-check", "editing": "correction", "describing": "translation"}
"""Motivations that name one kind; any other motivation imports as `context`."""

MARKDOWN, PLAIN, HTML = "text/markdown", "text/plain", "text/html"
