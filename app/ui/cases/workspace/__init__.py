"""The case workspace: header, actions allowed in the current state, and one tab per part of
the case file (facts, sessions, agreement, clock, attachments, follow-up, history)."""
