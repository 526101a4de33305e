"""What the clerk works on all day: the work queues, the case list with its filters, registering a
complaint or a consultation, and the workspace of one open case."""
