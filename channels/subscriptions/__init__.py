"""E-mail subscriptions for residents: double opt-in, one-click unsubscribe, news and events
mailed once to each matching subscriber, immediately or in a daily digest.

Nothing about an address is stored before it is confirmed: the confirmation link carries the
request itself (signed and timestamped), and only the hashes of addresses and client
addresses are kept to count confirmation mails (``limits``). Unsubscribing deletes the
subscriber and keeps only a hash of the address («do not mail», ``DoNotMail``).
"""
