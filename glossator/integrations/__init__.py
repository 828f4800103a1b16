"""Adapters from site generators to the core. Only modules here import them."""
