"""MkDocs hooks for Glossator: the events are handled by the glossator package."""

from glossator.integrations.mkdocs import (
    on_build_error,
    on_config,
    on_files,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_post_page,
    on_post_template,
    on_serve,
    on_shutdown,
    on_startup,
)

__all__ = ["on_build_error", "on_config", "on_files", "on_page_markdown", "on_page_content", "on_page_context",
           "on_post_page", "on_post_template", "on_post_build", "on_serve", "on_shutdown", "on_startup"]
