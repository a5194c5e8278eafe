"""reviewer: a bilingual translation-review engine for English to Indonesian machine translation."""

__version__ = "0.1.0"
