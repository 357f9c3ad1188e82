"""The Whoosh index in a folder, the embedded default store: its schema, the posting
blocks read straight into bitsets, the read view, the writer and the columns' source.
The only package of vankien that imports Whoosh; it knows nothing of queries or pages.
"""
