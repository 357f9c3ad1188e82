"""Crawling committee sites: fetching politely, robots.txt, sitemaps and feeds, links,
attachments and page requisites, WARC files, the crawl state between runs. It hands the
records it finds to indexing (indexer/index.py); it never reads the index.
"""
