"""Readers: what the inputs hold, as model values: exports (wxr), saved pages, WARC files, REST records."""
