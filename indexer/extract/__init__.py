"""Pages and files to article records: the article of an HTML page or a text file, its
headline, dates, byline, persons and roles, and which pages are articles at all. It never
fetches anything and never writes the index.
"""
