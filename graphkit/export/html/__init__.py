"""The interactive HTML page of a view (the only package that touches pyvis)."""
