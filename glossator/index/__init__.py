"""Pure indexes over the corpus: where terms occur, what refers to what."""
