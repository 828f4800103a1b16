"""What a line of an article page is by its wording: prose, or furniture, whatever markup (if any) it came in.

Shared by both importers: a caption reads the same pasted as text or saved as
HTML. Each rule names what it recognises, and that name is the reason the
import report gives. A rule matches a whole short line, never part of a
sentence: 'Photo: Xinhua' is a credit, a sentence that mentions a photo is not.
"""

from __future__ import annotations

import re

_SHORT = 160
"""Longer lines are prose, whatever words they contain..."""
_CAPTION_LENGTH = 320
"""... except a caption, whose credit ends it however long its text is."""

_CREDIT = r"\w(?:[\w ,&'’/-]|\.(?=\s?\w)){0,59}"
"""A credit: names and agencies, with a full stop only inside ('M. Osei'), never ending a sentence."""

_RULES = [
    ("caption", "end", r"(?:^|(?<=[\s(\[|]))(?:Photo|Image|Picture|Pic|File photo|Video|Graphic|Illustration|Credit)s?"
                       r"(?:\s+(?:by|courtesy of)\s+|\s*[:：/]\s*|\s+credit\s*[:：]?\s*)" + _CREDIT + r"[)\]]?"),
    ("caption", "end", r"\((?:[\w .&'-]+/)*(?:AFP|AP|Reuters|Xinhua|Getty Images|EPA|VCG|IC|Bloomberg|Shutterstock)[\w .&'/-]*\)"),
    ("caption", "line", r"(?:图|图片|照片|摄影|来源)\s*[:：/]\s*\S{1,30}|[（(](?:图|摄影|新华社)[^)）]{0,30}[)）]"),
    ("credit", "line", r"[\[【(（]?\s*(?:(?:责任编辑|编辑|Editor)\s*[:：]|Edited by\b)\s*[^\]】)）]{1,40}[\]】)）]?"),
    ("image file name", "line", r"[\w\-. ]{1,120}\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif)(?:\?\S*)?"),
    ("navigation", "line", r"(?:home|首页|主页)\s*(?:>>?|»|›|/|→|\|)\s*.{0,120}"),
    ("navigation", "line", r"(?:go|back|return)\s+to\s+(?:the\s+)?(?:home\s*page|homepage|top|main page)|back to top|top of page"
                           r"|skip to (?:main )?content"),
    ("navigation", "line", r"(?:font size|text size|字号|打印|print|email this)(?:\s*[:：]?\s*[A-Za-z+\-大中小 ]{0,20})?"),
    ("navigation", "line", r"(?:previous|next)\s+(?:article|story|page|post)\b.{0,100}|上一篇.{0,60}|下一篇.{0,60}"),
    ("copyright", "line", r"(?:©|\(c\)|copyright\b|版权所有).{0,150}"),
    ("copyright", "anywhere", r"all rights reserved|版权所有"),
    ("share prompt", "line", r"(?:share(?: this)?(?: article| story| page)?(?: on| via| to)?|follow us(?: on)?|like us on|tweet this"
                             r"|email|whatsapp|facebook|twitter|linkedin|weibo|wechat|分享到?)"
                             r"(?:\s*[:：|,/]?\s*(?:facebook|twitter|x|linkedin|email|whatsapp|weibo|wechat|pinterest|reddit|微博|微信|qq))*\s*[:：]?"),
    ("advertising", "line", r"advertisement|sponsored(?: content)?|广告|ad"),
    ("related links", "line", r"(?:read more|related(?: stories| articles| coverage)?|recommended|more on this story|see also|also read"
                              r"|相关(?:新闻|阅读|文章)|推荐阅读)\s*[:：]?.{0,120}"),
    ("comments", "line", r"\d*\s*comments?|leave a comment|add a comment|评论\s*\(?\d*\)?"),
    ("newsletter", "line", r"(?:sign up|subscribe)\b.{0,120}"),
]
"""(reason, where the words must stand, pattern): 'line' is the whole line, 'end' its end (a credit after a
caption's text), 'anywhere' a phrase no sentence of an editorial contains."""
_SHAPES = {"line": r"\s*(?:{})\s*\Z", "end": r"(?:{})\s*\Z", "anywhere": "{}"}
_PATTERNS = [(reason, where, re.compile(_SHAPES[where].format(pattern), re.IGNORECASE)) for reason, where, pattern in _RULES]


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
SENTENCE_END = re.compile(r"[.!?…。！？][”’\"')）」』»\]]*$")
"""A sentence's last mark, with any closing quotes or brackets after it."""


def word_count(text: str) -> int:
    """Words, counting CJK characters in pairs: a Chinese sentence is as long as its meaning, not one 'word'."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


def is_prose(text: str, min_words: int) -> bool:
    """A sentence of at least `min_words` words, or text long enough (2.5 times that) to be prose without its end."""
    words = word_count(text)
    return words >= min_words and (SENTENCE_END.search(text) is not None or words >= 2.5 * min_words)


def furniture_kind(line: str) -> str:
    """What furniture a whole line is ('caption', 'navigation', 'copyright', ...), or '' for text."""
    if len(line) > _CAPTION_LENGTH:
        return ""
    for reason, where, pattern in _PATTERNS:
        if where != "end" and len(line) > _SHORT:
            continue
        if (pattern.match(line) if where == "line" else pattern.search(line)):
            return reason
    return ""
