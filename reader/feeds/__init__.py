"""News feeds: subscriptions, fetching, parsing and the stored items (issue #12)."""
