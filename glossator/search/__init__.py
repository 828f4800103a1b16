"""Search: the documents of each page, cut into keys and assembled into a sharded index that the
browser loads on demand (assets/search/worker.js answers Material's search box from it)."""

from .entries import SEARCH_EXCLUDE, chinese_words, editorial_documents, html_text, section_documents
from .index import Document, SearchIndex, write_index
from .tokens import Tokenizer

__all__ = ["SEARCH_EXCLUDE", "Document", "SearchIndex", "Tokenizer", "chinese_words", "editorial_documents",
           "html_text", "section_documents", "write_index"]
