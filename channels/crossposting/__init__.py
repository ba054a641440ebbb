"""Cross-posting: every published article goes out to the city's Telegram channel, VK
community wall and OK group, as the chief editor configured them (``Channel``) and the
article's editor chose (``ChannelPost``, one per article and network).

Publishing enqueues one task (``tasks.crosspost_article``) when the transaction commits, and
that one a task per channel (``tasks.send_post``), so a channel that is down, slow or
refusing never holds the site's publishing nor the other channels. Every attempt is a
``PostAttempt``; what was posted is recorded on the ``ChannelPost`` (the remote id), so a task
run again posts nothing twice (``services.publish``, where the crash between the remote call
and the local save is dealt with).
"""
