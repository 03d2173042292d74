"""crawl stage: archive a live WordPress site into a WARC file, politely and resumably.

`crawl(site, out_dir)` writes only two things into out_dir:

- `crawl.warc.gz`: every HTTP response (and its request) of every run, appended; one gzip member
  per record. A crash can tear only the record being written; the next run cuts the file back to
  the size recorded with the last committed result.
- `crawl.sqlite` (+ its -wal/-shm files): the frontier, what was fetched with ETag/Last-Modified,
  and what failed with the reason. Run the same command again to resume after Ctrl-C or a kill,
  or later to pick up new posts: listings are revalidated conditionally, pages are not refetched.

`wparchive.readers.rest.posts_from_warc` turns the archived REST API responses into Posts.
"""

from .crawler import CrawlSummary, crawl, crawl_urls
from .options import CrawlOptions

__all__ = ["CrawlOptions", "CrawlSummary", "crawl", "crawl_urls"]
