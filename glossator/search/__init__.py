"""Search: the documents of each page, cut into keys and assembled into a sharded index that the browser
loads on demand.

Material's search box and results list stay; its *worker* is replaced (assets/search-worker.js, named in every
page's `__config`), because Material's worker can only build a lunr index of every document, given all at once
before its first answer: 9.4 MB of plain Material's own index at 1,000 editorials, loaded with every page and
0.8-1.6 s to a first answer hosted. Ours loads 0.2 KB before the box opens and about 175 KB for a first query,
answered in under 100 ms, hosted and from file:// (bench/README.md, "Search", has the format and the figures).
"""

from .entries import SEARCH_EXCLUDE, chinese_words, editorial_documents, html_text, section_documents
from .index import Document, SearchIndex, write_assembled
from .tokens import Tokenizer

__all__ = ["SEARCH_EXCLUDE", "Document", "SearchIndex", "Tokenizer", "chinese_words", "editorial_documents",
           "html_text", "section_documents", "write_assembled"]
