"""Creator subscriptions: repository queries, the poller end to end, and the handlers."""
