"""From the model to HTML: pure functions and Markdown extensions, no MkDocs."""
