"""Notes as W3C Web Annotations: export to JSON-LD, and import (from W3C sources and Hypothesis)."""
