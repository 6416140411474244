"""Continuous-integration helpers: posting the cost comment on a pull request."""
