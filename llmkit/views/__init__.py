"""Views of results for people: tables, pull-request Markdown, HTML. The pricing layer returns
data; only this layer (with ``llmkit.output``) decides how it looks."""
